import {Text} from 'ink';
import {formatMs} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {Chart} from './chart.js';
import {Panel, type Variant} from './panel.js';
import {LevelText} from './theme.js';

export type LatencyPanelProps = {
	readonly latency: TargetStatus['latency'];
	/** p99 per poll. */
	readonly history: readonly (number | undefined)[];
	readonly width: number;
	readonly variant: Variant;
	readonly chartHeight: number;
	readonly height?: number;
	/** Where scenarios started and ended, as indexes into the history. */
	readonly markers?: readonly number[];
};

const formatAxis = (value: number) => `${value.toFixed(2)}ms`;

/** PING round trips from redtop over the last 10 s: what a client on this host waits. */
export function LatencyPanel({latency, history, width, variant, chartHeight, height, markers}: LatencyPanelProps) {
	const {level} = latency;
	const summary = latency.samples === 0
		? <Text dimColor>waiting…</Text>
		: (
			<Text>
				p50 {formatMs(latency.p50Ms)} · p95 {formatMs(latency.p95Ms)} · <LevelText level={level} bold>p99 {formatMs(latency.p99Ms)}</LevelText> · max {formatMs(latency.maxMs)}
			</Text>
		);
	return (
		<Panel title="Latency" level={level} width={width} variant={variant} height={height} summary={summary}>
			{chartHeight > 0
				? <Chart markers={markers} values={history} width={width - (variant === 'wide' ? 4 : 0)} height={chartHeight} level={level} format={formatAxis} floor={1} />
				: null}
		</Panel>
	);
}
