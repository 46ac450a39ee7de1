import {Box, Text} from 'ink';
import {healthyReplicas, withoutMasterMs, type SentinelView} from '../sentinel/sentinel-monitor.js';
import {formatClock, formatDuration} from '../metrics/format.js';
import type {Level} from '../metrics/level.js';
import {LevelText} from './theme.js';

export type SentinelStripProps = {readonly sentinel: SentinelView; readonly nowMs: number};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Lines the strip takes: the master line, and one more once there has been a failover. */
export const sentinelStripRows = (sentinel: SentinelView): number => (sentinel.reading && sentinel.failovers.length > 0 ? 2 : 1);

/** Under the header: who Sentinel says the master is, how many sentinels agree, and the last failover. */
export function SentinelStrip({sentinel, nowMs}: SentinelStripProps) {
	const r = sentinel.reading;
	const last = sentinel.failovers.at(-1);
	if (!r) {
		const level: Level = sentinel.status === 'down' ? 'critical' : 'unknown';
		return (
			<Text wrap="truncate">
				<Text bold>SENTINEL</Text> {sentinel.masterName} · <LevelText level={level}>{sentinel.status === 'down' ? 'no sentinel answers' : 'asking'} {sentinel.sentinels.join(', ')}{sentinel.reason ? `: ${sentinel.reason}` : ''}</LevelText>
			</Text>
		);
	}
	const isDown = sentinel.masterDownSinceMs !== undefined;
	const flags = r.master.flags.filter(f => f !== 'master');
	const sentinelsLevel: Level = r.sentinels !== undefined && r.quorum !== undefined && r.sentinels < r.quorum ? 'critical' : 'ok';
	const replicasUp = healthyReplicas(r).length;
	const inProgress = last !== undefined && last.restoredAtMs === undefined;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold>SENTINEL</Text> {r.masterName} · master{' '}
				<LevelText level={isDown ? 'critical' : 'ok'} bold={isDown}>
					{r.master.address}{isDown ? ` DOWN ${formatDuration((nowMs - sentinel.masterDownSinceMs!) / 1000)}` : ''}{flags.length > 0 ? ` (${flags.join(',')})` : ''}
				</LevelText>
				{r.failoverState ? <LevelText level="warn"> · failover {r.failoverState}</LevelText> : null}
				{' · '}<LevelText level={replicasUp === 0 ? 'warn' : 'ok'}>{replicasUp}/{r.replicas.length} replicas</LevelText>
				{' · '}<LevelText level={sentinelsLevel}>{r.sentinels ?? '?'} sentinels, quorum {r.quorum ?? '?'}</LevelText>
				{sentinel.status === 'down' ? <LevelText level="warn"> · sentinels not answering: {sentinel.reason}</LevelText> : null}
			</Text>
			{last ? (
				<Text wrap="truncate">
					<LevelText level={inProgress ? 'critical' : 'warn'} bold={inProgress}>
						{inProgress ? 'FAILOVER' : 'last failover'} {formatClock(last.switchedAtMs)}: {last.from} → {last.to}
						{inProgress ? ', waiting for the new master to answer' : withoutMasterMs(last) === undefined ? '' : `, ${seconds(withoutMasterMs(last)!)} without a master`}
					</LevelText>
					{sentinel.failovers.length > 1 ? ` · ${sentinel.failovers.length} failovers since redtop started` : ''}
				</Text>
			) : null}
		</Box>
	);
}
