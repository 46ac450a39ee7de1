import {Text} from 'ink';
import type {Level} from '../metrics/level.js';
import {useLevelColor} from './theme.js';

export type GaugeProps = {readonly percent: number | undefined; readonly width: number; readonly level: Level};

/** `[██████░░░░░░]`; the fill works without colour too. */
export function Gauge({percent, width, level}: GaugeProps) {
	const color = useLevelColor()(level);
	const inner = Math.max(1, width - 2);
	const filled = percent === undefined ? 0 : Math.round((Math.min(100, Math.max(0, percent)) / 100) * inner);
	return (
		<Text>
			[<Text color={color}>{'█'.repeat(filled)}</Text>
			<Text dimColor>{'░'.repeat(inner - filled)}</Text>]
		</Text>
	);
}
