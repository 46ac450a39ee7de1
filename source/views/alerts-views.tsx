import {Box, Text} from 'ink';
import type {Alert, AlertEvent} from '../alerts/engine.js';
import {formatClock, formatDuration} from '../metrics/format.js';
import {LevelText} from './theme.js';

const symbol = {warn: '▲', critical: '✖'} as const;

export type AlertsStripProps = {
	readonly active: readonly Alert[];
	readonly recentlyResolved: readonly AlertEvent[];
	readonly deliveryError: string | undefined;
	readonly nowMs: number;
	readonly width: number;
};

/** One line: what is firing and for how long, what just resolved, and a delivery problem if any. */
export function AlertsStrip({active, recentlyResolved, deliveryError, nowMs, width}: AlertsStripProps) {
	const isFleet = new Set(active.map(a => a.target)).size > 1;
	return (
		<Box width={width}>
			<Text wrap="truncate">
				<Text bold>ALERTS </Text>
				{active.length === 0 ? <Text dimColor>none firing</Text> : active.map((a, index) => (
					<Text key={a.id}>
						{index > 0 ? ' · ' : ''}<LevelText level={a.severity} bold>{symbol[a.severity]} {a.metric}</LevelText>
						{isFleet ? ` ${a.target.replace(/^rediss?:\/\//, '')}` : ''} {formatDuration((nowMs - a.sinceMs) / 1000)}
					</Text>
				))}
				{recentlyResolved.length > 0 ? <Text dimColor> · resolved: {recentlyResolved.map(e => e.alert.metric).join(', ')}</Text> : null}
				{deliveryError ? <LevelText level="warn"> · {deliveryError}</LevelText> : null}
				<Text dimColor> · a history</Text>
			</Text>
		</Box>
	);
}

export type AlertHistoryProps = {readonly history: readonly AlertEvent[]; readonly width: number; readonly maxRows: number};

export function AlertHistory({history, width, maxRows}: AlertHistoryProps) {
	const shown = history.slice(0, Math.max(1, maxRows - 3));
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 120)}>
			<Text bold>Alert history (newest first) · Esc close</Text>
			{shown.length === 0 ? <Text dimColor>no alert has fired yet</Text> : shown.map((e, index) => (
				<Text key={index} wrap="truncate">
					{formatClock(e.atMs)} {e.kind === 'resolved' ? <LevelText level="ok">RESOLVED</LevelText> : <LevelText level={e.alert.severity} bold>{e.kind === 'escalated' ? 'ESCALATED' : 'FIRING'} {e.alert.severity}</LevelText>}
					{' '}{e.alert.metric} {e.alert.target}: {e.alert.value}
				</Text>
			))}
		</Box>
	);
}
