import {Box, Text} from 'ink';
import {formatBytes, formatPercent, formatRatio} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Chart} from './chart.js';
import {Gauge} from './gauge.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type MemoryPanelProps = {
	readonly memory: TargetStatus['memory'];
	/** % of maxmemory per poll, or bytes when there is no limit. */
	readonly history: readonly (number | undefined)[];
	readonly width: number;
	readonly variant: Variant;
	readonly chartHeight: number;
	readonly height?: number;
	/** Where scenarios started and ended, as indexes into the history. */
	readonly markers?: readonly number[];
};

const formatPercentAxis = (value: number) => `${value.toFixed(0)}%`;
const formatBytesAxis = (value: number) => formatBytes(value);

export function MemoryPanel({memory, history, width, variant, chartHeight, height, markers}: MemoryPanelProps) {
	const {usedBytes, maxBytes, usedPercent, level} = memory;
	const chartWidth = width - (variant === 'wide' ? 4 : 0);
	const amount = memory.isUnlimited
		? <Text>{formatBytes(usedBytes)} used · <LevelText level={level}>no limit (maxmemory 0)</LevelText></Text>
		: <Text><LevelText level={level} bold>{formatPercent(usedPercent)}</LevelText> {formatBytes(usedBytes)} / {formatBytes(maxBytes)}</Text>;
	const details = `${memory.policy ?? '—'} · rss ${formatBytes(memory.rssBytes)} · frag ${formatRatio(memory.fragmentationRatio)} · peak ${formatBytes(memory.peakBytes)}`;
	const summary = usedBytes === undefined
		? <Text dimColor>waiting…</Text>
		: <Text>{memory.isUnlimited ? null : <><Gauge percent={usedPercent} width={variant === 'wide' ? 20 : 14} level={level} /> </>}{amount}{variant === 'compact' ? `  ${details}` : ''}</Text>;
	return (
		<Panel title="Memory" level={level} width={width} variant={variant} height={height} summary={summary}>
			{variant === 'wide' ? <Text dimColor wrap="truncate">{details}</Text> : null}
			{chartHeight > 0 ? (
				<Box>
					<Chart markers={markers} values={history} width={chartWidth} height={chartHeight} level={level}
						format={memory.isUnlimited ? formatBytesAxis : formatPercentAxis} floor={memory.isUnlimited ? 1024 * 1024 : 100} />
				</Box>
			) : null}
		</Panel>
	);
}
