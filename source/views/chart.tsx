import {useMemo} from 'react';
import {Box, Text, Transform} from 'ink';
import type {Level} from '../metrics/level.js';
import {chartLines} from './chart-lines.js';
import {paint, useLevelColor} from './theme.js';

export type ChartProps = {
	readonly values: readonly (number | undefined)[];
	readonly width: number;
	readonly height: number;
	readonly level: Level;
	readonly format: (value: number) => string;
	readonly floor: number;
	readonly markers?: readonly number[];
};

export function Chart({values, width, height, level, format, floor, markers}: ChartProps) {
	const color = useLevelColor()(level);
	const lines = useMemo(() => chartLines(values, {width, height, format, floor, markers}), [values, width, height, format, floor, markers]);
	if (height <= 0) return null;
	if (lines.length === 0) {
		return <Box height={height}><Text dimColor>no data yet</Text></Box>;
	}
	// Ink measures and lays out a block of spaces the chart's size (ASCII: its fast path, and the same
	// string every frame, so its measuring cache stops growing); the chart's own lines, coloured,
	// take the spaces' place only when the frame is written. Every chart glyph is one column wide.
	return (
		<Box height={height}>
			<Transform transform={(_line, index) => paint(lines[index] ?? '', color)}>
				<Text>{lines.map(line => ' '.repeat(line.length)).join('\n')}</Text>
			</Transform>
		</Box>
	);
}
