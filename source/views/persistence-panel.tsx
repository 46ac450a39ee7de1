import {Text} from 'ink';
import {formatBytes, formatDuration, formatPercent} from '../metrics/format.js';
import type {Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type PersistencePanelProps = {
	readonly persistence: TargetStatus['persistence'];
	/** The sample's time, for "saved 5m ago". */
	readonly atMs: number;
	readonly width: number;
	readonly variant: Variant;
	readonly height?: number;
};

const statusLevel = (status: string | undefined): Level => (status === 'err' ? 'critical' : status === 'ok' ? 'ok' : 'unknown');

function StatusWord({label, status}: {readonly label: string; readonly status: string | undefined}) {
	return <Text>{label} <LevelText level={statusLevel(status)} bold={status === 'err'}>{status ?? '—'}</LevelText></Text>;
}

export function PersistencePanel({persistence: p, atMs, width, variant, height}: PersistencePanelProps) {
	if (p.aofEnabled === undefined && p.loading === undefined) {
		return <Panel title="Persistence" level={p.level} width={width} variant={variant} height={height} summary={<Text dimColor>waiting…</Text>} />;
	}
	const savedAgo = p.rdbLastSaveTime === undefined ? '—' : `${formatDuration(atMs / 1000 - p.rdbLastSaveTime)} ago`;
	const aof = p.aofEnabled
		? <Text>AOF <Text bold>on</Text> {p.appendfsync ?? ''}{p.aofRewriteInProgress ? ' · rewriting…' : ''}</Text>
		: <LevelText level={p.level === 'ok' ? 'unknown' : 'warn'}>AOF off</LevelText>;
	const loading = p.loading
		? <LevelText level="warn" bold>loading {formatPercent(p.loadingPercent)}{p.loadingEtaSeconds ? ` (eta ${formatDuration(p.loadingEtaSeconds)})` : ''}</LevelText>
		: null;
	const rdb = <Text><StatusWord label="RDB save" status={p.rdbLastBgsaveStatus} /> {savedAgo}{p.rdbBgsaveInProgress ? ' · saving…' : ''}</Text>;
	if (variant === 'compact') {
		return (
			<Panel title="Persist" level={p.level} width={width} variant={variant}
				summary={<Text>{loading ?? aof} · <StatusWord label="write" status={p.aofLastWriteStatus} /> · <StatusWord label="rewrite" status={p.aofLastRewriteStatus} /> · {rdb}</Text>} />
		);
	}
	return (
		<Panel title="Persistence" level={p.level} width={width} variant={variant} height={height} summary={<Text>{aof}{loading ? <Text> · {loading}</Text> : null}</Text>}>
			<Text wrap="truncate"><StatusWord label="AOF write" status={p.aofLastWriteStatus} /> · <StatusWord label="rewrite" status={p.aofLastRewriteStatus} /> · size {formatBytes(p.aofCurrentSizeBytes)}</Text>
			<Text wrap="truncate">{rdb}</Text>
			<Text wrap="truncate" dimColor>changes since save {p.rdbChangesSinceLastSave ?? '—'} · delayed fsyncs {p.aofDelayedFsync ?? '—'}</Text>
		</Panel>
	);
}
