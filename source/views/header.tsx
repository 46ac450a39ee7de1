import {Box, Text} from 'ink';
import {formatClock, formatDuration, formatInterval, formatPercent} from '../metrics/format.js';
import type {Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {LevelBadge, LevelText} from './theme.js';

export type HeaderProps = {
	readonly status: TargetStatus;
	readonly intervalMs: number;
	readonly isPaused: boolean;
	readonly targetIndex: number;
	readonly targetCount: number;
	readonly width: number;
};

const stateLevel: Record<TargetStatus['status'], Level> = {up: 'ok', connecting: 'unknown', loading: 'warn', stalled: 'warn', down: 'critical'};

function stateText(s: TargetStatus): string {
	const since = formatDuration((s.atMs - s.statusSinceMs) / 1000);
	switch (s.status) {
		case 'up': return 'UP';
		case 'connecting': return 'CONNECTING…';
		case 'loading': return `LOADING ${formatPercent(s.persistence.loadingPercent)}`;
		case 'stalled': return `STALLED ${since}: ${s.statusReason ?? ''}`;
		case 'down': return `DOWN ${since}: ${s.statusReason ?? ''} · reconnecting`;
	}
}

export type IntervalClockProps = {readonly isPaused: boolean; readonly intervalMs: number; readonly atMs: number};

/** The right end of every header: PAUSED, the interval and the clock; it never shrinks, the left side truncates. */
export function IntervalClock({isPaused, intervalMs, atMs}: IntervalClockProps) {
	return (
		<Box flexShrink={0} marginLeft={1}>
			<Text>{isPaused ? <Text inverse> PAUSED </Text> : null} every {formatInterval(intervalMs)}  {formatClock(atMs)}</Text>
		</Box>
	);
}

export function Header({status, intervalMs, isPaused, targetIndex, targetCount, width}: HeaderProps) {
	const role = status.redis.role === 'slave' ? 'replica' : status.redis.role;
	const server = status.redis.version ? `Redis ${status.redis.version} ${role ?? ''}` : '';
	const uptime = status.redis.uptimeSeconds === undefined ? '' : `up ${formatDuration(status.redis.uptimeSeconds)}`;
	const which = targetCount > 1 ? `[${targetIndex + 1}/${targetCount}] ` : '';
	const problem = status.problems.find(p => p.level === 'critical') ?? status.problems[0];
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between">
				<Text wrap="truncate"><Text bold>redtop</Text> {which}<Text bold>{status.target}</Text>  {server}  {uptime}</Text>
				<IntervalClock isPaused={isPaused} intervalMs={intervalMs} atMs={status.atMs} />
			</Box>
			<Text wrap="truncate">
				<LevelText level={stateLevel[status.status]} bold>● {stateText(status)}</LevelText>
				{status.source === 'exporter' ? <Text bold>{'   '}figures via exporter</Text> : null}
				{'   '}overall <LevelBadge level={status.overall} />
				{problem && status.status !== 'down' ? <Text>{'   '}<LevelText level={problem.level}>{problem.message}</LevelText></Text> : null}
			</Text>
		</Box>
	);
}
