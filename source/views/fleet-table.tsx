import {Box, Text} from 'ink';
import {formatMs, formatPercent, formatRate} from '../metrics/format.js';
import {levelLabels, type Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {IntervalClock} from './header.js';
import {LevelText} from './theme.js';

export const fleetSortKeys = ['worst', 'target', 'memory', 'ops', 'evictions', 'p99'] as const;
export type FleetSortKey = (typeof fleetSortKeys)[number];

const rank: Record<Level, number> = {critical: 0, warn: 1, unknown: 2, ok: 3};
const desc = (a: number | undefined, b: number | undefined) => (b ?? -1) - (a ?? -1);

/** Worst first by default; the other keys put the biggest number first. Pure, for the tests. */
export function sortFleet(statuses: readonly TargetStatus[], key: FleetSortKey): TargetStatus[] {
	const sorted = [...statuses];
	switch (key) {
		case 'worst': return sorted.sort((a, b) => rank[a.overall] - rank[b.overall] || a.target.localeCompare(b.target));
		case 'target': return sorted.sort((a, b) => a.target.localeCompare(b.target));
		case 'memory': return sorted.sort((a, b) => desc(a.memory.usedPercent, b.memory.usedPercent));
		case 'ops': return sorted.sort((a, b) => desc(a.ops.perSec, b.ops.perSec));
		case 'evictions': return sorted.sort((a, b) => desc(a.evictions.perSec, b.evictions.perSec));
		case 'p99': return sorted.sort((a, b) => desc(a.latency.p99Ms, b.latency.p99Ms));
	}
}

export type FleetTableProps = {
	readonly statuses: readonly TargetStatus[];
	readonly selected: number;
	readonly sortKey: FleetSortKey;
	readonly width: number;
	readonly maxRows: number;
};

const columns = [['STATE', 9], ['ROLE', 8], ['VERSION', 8], ['MEM', 7], ['OPS/S', 8], ['EVICT/S', 8], ['P99', 9], ['PERSIST', 9], ['OVERALL', 8]] as const;

/** One row per target: state, role, version, memory %, ops/s, evictions/s, p99, persistence, overall. */
export function FleetTable({statuses, selected, sortKey, width, maxRows}: FleetTableProps) {
	const targetWidth = Math.max(16, width - columns.reduce((sum, [, w]) => sum + w, 0) - 2);
	const rows = statuses.slice(0, Math.max(1, maxRows - 2));
	const cell = (text: string, w: number) => text.slice(0, w - 1).padEnd(w);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">  {cell('TARGET', targetWidth)}{columns.map(([name, w]) => cell(name, w)).join('')}</Text>
			{rows.map((s, index) => {
				const state = s.status === 'up' ? 'up' : s.status;
				const stateLevel: Level = s.status === 'up' ? 'ok' : s.status === 'down' ? 'critical' : s.status === 'connecting' ? 'unknown' : 'warn';
				const isSelected = index === selected;
				return (
					<Text key={s.target} wrap="truncate" inverse={isSelected}>
						{isSelected ? '› ' : '  '}{cell(s.target, targetWidth)}
						<LevelText level={stateLevel}>{cell(state, 9)}</LevelText>
						{cell(s.redis.role === 'slave' ? 'replica' : s.redis.role ?? '—', 8)}{cell(s.redis.version ?? '—', 8)}
						<LevelText level={s.memory.level}>{cell(s.memory.isUnlimited ? 'no lim' : formatPercent(s.memory.usedPercent, 0), 7)}</LevelText>
						{cell(formatRate(s.ops.perSec), 8)}
						<LevelText level={s.evictions.level}>{cell(formatRate(s.evictions.perSec), 8)}</LevelText>
						<LevelText level={s.latency.level}>{cell(formatMs(s.latency.p99Ms), 9)}</LevelText>
						<LevelText level={s.persistence.level}>{cell(levelLabels[s.persistence.level], 9)}</LevelText>
						<LevelText level={s.overall} bold={s.overall === 'critical'}>{cell(levelLabels[s.overall], 8)}</LevelText>
					</Text>
				);
			})}
			{statuses.length > rows.length ? <Text dimColor>… {statuses.length - rows.length} more</Text> : null}
			<Text dimColor wrap="truncate">sorted by {sortKey} · ↑/↓ select · Enter details · o sort · s scenarios (on the selected target) · q quit</Text>
		</Box>
	);
}

export type FleetHeaderProps = {readonly statuses: readonly TargetStatus[]; readonly intervalMs: number; readonly isPaused: boolean; readonly width: number};

export function FleetHeader({statuses, intervalMs, isPaused, width}: FleetHeaderProps) {
	const count = (level: Level) => statuses.filter(s => s.overall === level).length;
	const atMs = Math.max(0, ...statuses.map(s => s.atMs));
	return (
		<Box width={width} justifyContent="space-between">
			<Text wrap="truncate">
				<Text bold>redtop fleet</Text> · {statuses.length} targets · <LevelText level="critical">{count('critical')} critical</LevelText> · <LevelText level="warn">{count('warn')} warn</LevelText> · <LevelText level="ok">{count('ok')} ok</LevelText>
			</Text>
			<IntervalClock isPaused={isPaused} intervalMs={intervalMs} atMs={atMs} />
		</Box>
	);
}
