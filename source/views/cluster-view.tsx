import {Box, Text} from 'ink';
import type {ClusterView} from '../cluster/cluster-monitor.js';
import type {ClusterTotals} from '../cluster/summary.js';
import {changeSeverity, formatSlots, slotCount, type ClusterNode} from '../cluster/topology.js';
import {formatBytes, formatClock, formatCount, formatDuration, formatMs, formatPercent, formatRate} from '../metrics/format.js';
import {levelLabels, type Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {IntervalClock} from './header.js';
import {LevelBadge, LevelText} from './theme.js';

export type ClusterHeaderProps = {
	readonly cluster: ClusterView;
	readonly totals: ClusterTotals | undefined;
	readonly intervalMs: number;
	readonly isPaused: boolean;
	readonly width: number;
};

/** Two lines: the cluster's own state (as the node that answered sees it), then the totals over its masters. */
export function ClusterHeader({cluster, totals, intervalMs, isPaused, width}: ClusterHeaderProps) {
	const t = cluster.topology;
	const i = t?.info;
	const stateLevel: Level = cluster.status !== 'up' ? (cluster.status === 'down' ? 'critical' : 'unknown') : i?.state === 'ok' ? 'ok' : 'critical';
	const since = formatDuration((cluster.atMs - cluster.sinceMs) / 1000);
	const problem = totals?.problems.find(p => p.level === 'critical') ?? totals?.problems[0];
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between">
				<Text wrap="truncate">
					<Text bold>redtop cluster</Text> {cluster.seed}
					{i ? `  · ${i.knownNodes} nodes · epoch ${i.currentEpoch} · seen from ${t.seenFrom}` : ''}
				</Text>
				<IntervalClock isPaused={isPaused} intervalMs={intervalMs} atMs={cluster.atMs} />
			</Box>
			<Text wrap="truncate">
				<LevelText level={stateLevel} bold>
					● {cluster.status === 'up' ? `CLUSTER ${i?.state.toUpperCase() ?? '?'}` : cluster.status === 'down' ? `NO NODE ANSWERS ${since}: ${cluster.reason ?? ''}` : `CONNECTING…${cluster.reason ? ` ${cluster.reason}` : ''}`}
				</LevelText>
				{i ? (
					<Text>
						{'  '}slots <LevelText level={i.slotsOk === slotCount ? 'ok' : 'critical'}>{i.slotsOk}/{slotCount} ok</LevelText>
						{' · '}<LevelText level={i.slotsPfail > 0 ? 'warn' : 'ok'}>{i.slotsPfail} pfail</LevelText>
						{' · '}<LevelText level={i.slotsFail > 0 ? 'critical' : 'ok'}>{i.slotsFail} fail</LevelText>
					</Text>
				) : null}
				{totals ? <Text>{'   '}overall <LevelBadge level={totals.level} /></Text> : null}
				{problem ? <Text>{'   '}<LevelText level={problem.level}>{problem.message}</LevelText></Text> : null}
			</Text>
			{totals ? (
				<Text wrap="truncate">
					{totals.masters} masters · {totals.replicas} replicas · memory {formatBytes(totals.usedBytes)} / {totals.maxBytes === undefined ? 'no limit' : formatBytes(totals.maxBytes)}
					{totals.usedPercent === undefined ? '' : ` (${formatPercent(totals.usedPercent)})`} · {formatRate(totals.opsPerSec)} ops/s · {formatRate(totals.evictionsPerSec)} evictions/s · {formatCount(totals.keys)} keys · worst p99 {formatMs(totals.worstP99Ms)}
				</Text>
			) : null}
		</Box>
	);
}

const severityLevel: Record<ReturnType<typeof changeSeverity>, Level> = {critical: 'critical', warn: 'warn', info: 'ok'};

export type ClusterTableProps = {
	readonly cluster: ClusterView;
	/** The node monitors' statuses, by target label. */
	readonly statusOf: (node: ClusterNode) => TargetStatus | undefined;
	/** The selected node's address. */
	readonly selected: string | undefined;
	readonly width: number;
	readonly maxRows: number;
};

type Column = readonly [name: string, width: number, minTerminal: number];
const columns: readonly Column[] = [
	['ROLE', 8, 0], ['STATE', 8, 0], ['MEM', 6, 0], ['OPS/S', 8, 0], ['EVICT/S', 8, 0], ['P99', 9, 0], ['LINK', 7, 100], ['OVERALL', 8, 90],
];

const stateLevel = (s: TargetStatus | undefined, node: ClusterNode): Level =>
	node.isFailed ? 'critical' : s === undefined ? 'unknown' : s.status === 'up' ? (node.isSuspected ? 'warn' : 'ok') : s.status === 'down' ? 'critical' : s.status === 'connecting' ? 'unknown' : 'warn';

/** Nodes in the order the app selects them: each shard's master, then its replicas; then recent topology changes. */
export function clusterRows(cluster: ClusterView, withCounts = true): Array<{readonly node: ClusterNode; readonly slots: string | undefined}> {
	const t = cluster.topology;
	if (!t) return [];
	const rows = t.shards.flatMap(shard => [
		{node: shard.master, slots: shard.slotTotal === 0 ? 'no slots' : withCounts ? `${formatSlots(shard.slots)} (${shard.slotTotal})` : formatSlots(shard.slots)},
		...shard.replicas.map(node => ({node, slots: undefined})),
	]);
	const listed = new Set(rows.map(r => r.node));
	return [...rows, ...t.nodes.filter(n => !listed.has(n)).map(node => ({node, slots: undefined}))];
}

export function ClusterTable({cluster, statusOf, selected, width, maxRows}: ClusterTableProps) {
	const shown = columns.filter(([, , min]) => width >= min);
	const isWide = width >= 100;
	const slotsWidth = isWide ? 20 : 12;
	const nodeWidth = Math.max(18, width - slotsWidth - shown.reduce((total, [, w]) => total + w, 0) - 2);
	const cell = (text: string, w: number) => (text.length >= w ? `${text.slice(0, w - 2)}… ` : text.padEnd(w));
	const rows = clusterRows(cluster, isWide);
	const events = cluster.events.slice(-Math.max(0, Math.min(6, maxRows - rows.length - 4))).reverse();
	const visible = rows.slice(0, Math.max(1, maxRows - 3 - (events.length > 0 ? events.length + 1 : 0)));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">  {cell('SLOTS', slotsWidth)}{cell('NODE', nodeWidth)}{shown.map(([name, w]) => cell(name, w)).join('')}</Text>
			{visible.map(({node, slots}) => {
				const s = statusOf(node);
				const isSelected = node.address === selected;
				const state = node.isFailed ? 'failed' : node.isSuspected ? 'pfail' : s?.status ?? '—';
				const link = node.role === 'replica' ? (s?.redis.masterLinkStatus ?? '—') : '';
				const values: Record<string, [string, Level | undefined]> = {
					ROLE: [node.role, undefined],
					STATE: [state, stateLevel(s, node)],
					MEM: [s?.memory.isUnlimited ? 'no lim' : formatPercent(s?.memory.usedPercent, 0), s?.memory.level],
					'OPS/S': [formatRate(s?.ops.perSec), undefined],
					'EVICT/S': [formatRate(s?.evictions.perSec), s?.evictions.level],
					P99: [formatMs(s?.latency.p99Ms), s?.latency.level],
					LINK: [link, link === '' || link === 'up' ? undefined : 'critical'],
					OVERALL: [s ? levelLabels[s.overall] : '—', s?.overall],
				};
				return (
					<Text key={node.address} wrap="truncate" inverse={isSelected}>
						{isSelected ? '› ' : '  '}{cell(slots ?? '', slotsWidth)}{cell(node.role === 'replica' ? `└ ${node.address}` : node.address, nodeWidth)}
						{shown.map(([name, w]) => {
							const [text, level] = values[name]!;
							return level ? <LevelText key={name} level={level}>{cell(text, w)}</LevelText> : <Text key={name}>{cell(text, w)}</Text>;
						})}
					</Text>
				);
			})}
			{rows.length > visible.length ? <Text dimColor>… {rows.length - visible.length} more nodes</Text> : null}
			{events.length > 0 ? <Text bold>Topology changes</Text> : null}
			{events.map((e, index) => (
				<Text key={`${e.atMs}-${index}`} wrap="truncate">
					{formatClock(e.atMs)}  <LevelText level={severityLevel[changeSeverity(e.change)]}>{e.message}</LevelText>
				</Text>
			))}
			<Text dimColor wrap="truncate">↑/↓ select · Enter node details · Esc back here · q quit</Text>
		</Box>
	);
}
