import {Text} from 'ink';
import {formatCount, formatRate} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Chart} from './chart.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type EvictionsPanelProps = {
	readonly evictions: TargetStatus['evictions'];
	readonly expired: TargetStatus['expired'];
	readonly history: readonly (number | undefined)[];
	readonly width: number;
	readonly variant: Variant;
	readonly chartHeight: number;
	readonly height?: number;
	/** Where scenarios started and ended, as indexes into the history. */
	readonly markers?: readonly number[];
};

const formatAxis = (value: number) => `${formatRate(value)}/s`;

export function EvictionsPanel({evictions, expired, history, width, variant, chartHeight, height, markers}: EvictionsPanelProps) {
	const {level} = evictions;
	const streak = evictions.evictingForSeconds === undefined ? '' : ` for ${Math.round(evictions.evictingForSeconds)}s`;
	const summary = evictions.total === undefined
		? <Text dimColor>waiting…</Text>
		: (
			<Text>
				<LevelText level={level} bold>{formatRate(evictions.perSec)}/s</LevelText>{streak}
				{'  '}total {formatCount(evictions.total)}  ·  expired {formatRate(expired.perSec)}/s
			</Text>
		);
	return (
		<Panel title="Evictions" level={level} width={width} variant={variant} height={height} summary={summary}>
			{chartHeight > 0
				? <Chart markers={markers} values={history} width={width - (variant === 'wide' ? 4 : 0)} height={chartHeight} level={level} format={formatAxis} floor={1} />
				: null}
		</Panel>
	);
}
