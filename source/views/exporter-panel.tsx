import {Text} from 'ink';
import type {CrossCheck, ExporterStatus} from '../exporter/exporter-status.js';
import {formatBytes, formatMs, formatRate} from '../metrics/format.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type ExporterPanelProps = {
	readonly exporter: ExporterStatus;
	readonly width: number;
	readonly variant: Variant;
	readonly height?: number;
};

const names: Record<CrossCheck['metric'], string> = {usedMemoryBytes: 'mem', opsPerSec: 'ops/s', evictionsPerSec: 'evict/s', connectedClients: 'clients'};
const format = (check: CrossCheck, value: number | undefined) => (check.metric === 'usedMemoryBytes' ? formatBytes(value) : formatRate(value));

/** The exporter next to INFO: is it scraping, and is the dashboard telling the same story? */
export function ExporterPanel({exporter: e, width, variant, height}: ExporterPanelProps) {
	let state;
	if (e.reachable === undefined) state = <Text dimColor>waiting…</Text>;
	else if (!e.reachable) state = <LevelText level="warn">unreachable: {e.reason}</LevelText>;
	else {
		state = (
			<Text>
				{e.up ? 'redis_up 1' : <LevelText level="warn">redis_up 0</LevelText>} · scrape {formatMs(e.scrapeDurationSeconds === undefined ? undefined : e.scrapeDurationSeconds * 1000)}
				{e.lastScrapeError ? <LevelText level="warn"> · error: {e.lastScrapeError}</LevelText> : ''} · v{e.version ?? '?'}
			</Text>
		);
	}
	const checks = e.crossCheck.length === 0 ? null : (
		<Text wrap="truncate">
			{e.crossCheck.map((check, index) => (
				<Text key={check.metric}>
					{index > 0 ? ' · ' : ''}{names[check.metric]} <LevelText level={check.isDisagreeing ? 'warn' : 'ok'}>{check.isDisagreeing ? '≠' : '='}</LevelText> {format(check, check.exporter)}
				</Text>
			))}
			<Text dimColor> (exporter vs INFO)</Text>
		</Text>
	);
	if (variant === 'compact') {
		return <Panel title="Exporter" level={e.level} width={width} variant={variant} summary={<Text>{state}{checks ? <Text> · {checks}</Text> : null}</Text>} />;
	}
	return (
		<Panel title="Exporter" level={e.level} width={width} variant={variant} height={height} summary={state}>
			{checks}
		</Panel>
	);
}
