import {Text} from 'ink';
import {mean, peak} from '../metrics/derive.js';
import {formatRate} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Chart} from './chart.js';
import {chartPoints} from './chart-lines.js';
import {Panel, type Variant} from './panel.js';

export type OpsPanelProps = {
	readonly ops: TargetStatus['ops'];
	readonly history: readonly (number | undefined)[];
	readonly width: number;
	readonly variant: Variant;
	readonly chartHeight: number;
	readonly height?: number;
	/** Where scenarios started and ended, as indexes into the history. */
	readonly markers?: readonly number[];
};

const formatAxis = (value: number) => formatRate(value);

/** Commands per second from total_commands_processed, minus redtop's own polling. */
export function OpsPanel({ops, history, width, variant, chartHeight, height, markers}: OpsPanelProps) {
	const chartWidth = width - (variant === 'wide' ? 4 : 0);
	const visible = history.slice(-chartPoints(chartWidth));
	const summary = (
		<Text>
			<Text bold>{formatRate(ops.perSec)}</Text> now  ·  avg {formatRate(mean(visible))}  ·  peak {formatRate(peak(visible))}
		</Text>
	);
	return (
		<Panel title="Ops/sec" level={ops.level} width={width} variant={variant} height={height} summary={summary}>
			{chartHeight > 0 ? <Chart markers={markers} values={history} width={chartWidth} height={chartHeight} level={ops.level} format={formatAxis} floor={10} /> : null}
		</Panel>
	);
}
