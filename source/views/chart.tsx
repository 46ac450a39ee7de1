import {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {Level} from '../metrics/level.js';
import {chartLines} from './chart-lines.js';
import {useLevelColor} from './theme.js';

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
	// One Text for the whole chart: a node per line made every frame's layout and reconciliation dearer.
	return (
		<Box height={height}>
			<Text color={color}>{lines.join('\n')}</Text>
		</Box>
	);
}
