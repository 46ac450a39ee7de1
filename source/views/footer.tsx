import {Text} from 'ink';

export type FooterProps = {
	readonly hasManyTargets: boolean;
	readonly hasScenarios: boolean;
	readonly isRunning: boolean;
	readonly width: number;
	/** What Esc goes back to from a target's panels: `fleet`, `shards`, `nodes`. */
	readonly overview?: string;
};

export function Footer({hasManyTargets, hasScenarios, isRunning, width, overview = 'fleet'}: FooterProps) {
	const keys = ['? help', ...(isRunning ? ['x abort scenario'] : hasScenarios ? ['s scenarios'] : []), 'p pause', '+/- interval',
		...(hasManyTargets ? ['tab next target', `esc ${overview}`] : []), 'q quit'];
	return <Text dimColor wrap="truncate">{keys.join(' · ').slice(0, width)}</Text>;
}
