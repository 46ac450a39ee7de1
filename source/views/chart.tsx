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
};

export function Chart({values, width, height, level, format, floor}: ChartProps) {
	const color = useLevelColor()(level);
	const lines = useMemo(() => chartLines(values, {width, height, format, floor}), [values, width, height, format, floor]);
	if (height <= 0) return null;
	if (lines.length === 0) {
		return <Box height={height}><Text dimColor>no data yet</Text></Box>;
	}
	return (
		<Box flexDirection="column" height={height}>
			{lines.map((line, index) => <Text key={index} color={color} wrap="truncate">{line}</Text>)}
		</Box>
	);
}
