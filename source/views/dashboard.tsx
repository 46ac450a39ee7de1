import {Box, Text} from 'ink';
import type {TargetStatus} from '../metrics/status-types.js';
import {ClientsPanel} from './clients-panel.js';
import {EvictionsPanel} from './evictions-panel.js';
import {ExporterPanel} from './exporter-panel.js';
import {KeyspacePanel} from './keyspace-panel.js';
import type {Layout} from './layout.js';
import {LatencyPanel} from './latency-panel.js';
import {MemoryPanel} from './memory-panel.js';
import {OpsPanel} from './ops-panel.js';
import {PersistencePanel} from './persistence-panel.js';

export type History = {
	readonly memory: readonly (number | undefined)[];
	readonly ops: readonly (number | undefined)[];
	readonly evictions: readonly (number | undefined)[];
	readonly p99: readonly (number | undefined)[];
	/** Scenario start / end positions in these arrays. */
	readonly markers: readonly number[];
};

export type DashboardProps = {
	readonly status: TargetStatus;
	readonly history: History;
	readonly layout: Exclude<Layout, {kind: 'too-small'}>;
};

/** All panels of one target, arranged for the layout. Props only. */
export function Dashboard({status: s, history, layout}: DashboardProps) {
	const isKnown = s.memory.usedBytes !== undefined;
	if (layout.kind === 'compact') {
		const w = layout.width;
		const v = 'compact' as const;
		return (
			<Box flexDirection="column" width={w}>
				<Text dimColor>{'─'.repeat(w)}</Text>
				<MemoryPanel markers={history.markers} memory={s.memory} history={history.memory} width={w} variant={v} chartHeight={layout.memoryChart} />
				<EvictionsPanel markers={history.markers} evictions={s.evictions} expired={s.expired} history={history.evictions} width={w} variant={v} chartHeight={0} />
				<OpsPanel markers={history.markers} ops={s.ops} history={history.ops} width={w} variant={v} chartHeight={layout.opsChart} />
				<LatencyPanel markers={history.markers} latency={s.latency} history={history.p99} width={w} variant={v} chartHeight={layout.latencyChart} />
				<ClientsPanel clients={s.clients} hitRatio={s.hitRatio} network={s.network} width={w} variant={v} />
				<PersistencePanel persistence={s.persistence} atMs={s.atMs} width={w} variant={v} />
				<KeyspacePanel keyspace={s.keyspace} isKnown={isKnown} width={w} variant={v} />
				{s.exporter ? <ExporterPanel exporter={s.exporter} width={w} variant={v} /> : null}
			</Box>
		);
	}
	const c = layout.columnWidth;
	const right = layout.width - c;
	const v = 'wide' as const;
	const chartRow = layout.chartHeight + 4;
	return (
		<Box flexDirection="column" width={layout.width}>
			<Box>
				<MemoryPanel markers={history.markers} memory={s.memory} history={history.memory} width={c} variant={v} chartHeight={layout.chartHeight} height={chartRow} />
				<OpsPanel markers={history.markers} ops={s.ops} history={history.ops} width={right} variant={v} chartHeight={layout.chartHeight + 1} height={chartRow} />
			</Box>
			<Box>
				<LatencyPanel markers={history.markers} latency={s.latency} history={history.p99} width={c} variant={v} chartHeight={layout.chartHeight + 1} height={chartRow} />
				<EvictionsPanel markers={history.markers} evictions={s.evictions} expired={s.expired} history={history.evictions} width={right} variant={v} chartHeight={layout.chartHeight + 1} height={chartRow} />
			</Box>
			<Box>
				<ClientsPanel clients={s.clients} hitRatio={s.hitRatio} network={s.network} width={c} variant={v} height={6} />
				<PersistencePanel persistence={s.persistence} atMs={s.atMs} width={right} variant={v} height={6} />
			</Box>
			{s.exporter ? (
				<Box height={layout.bottomRowHeight}>
					<KeyspacePanel keyspace={s.keyspace} isKnown={isKnown} width={c} variant={v} maxRows={layout.keyspaceRows} height={layout.bottomRowHeight} />
					<ExporterPanel exporter={s.exporter} width={right} variant={v} height={layout.bottomRowHeight} />
				</Box>
			) : <KeyspacePanel keyspace={s.keyspace} isKnown={isKnown} width={layout.width} variant={v} maxRows={layout.keyspaceRows} />}
		</Box>
	);
}
