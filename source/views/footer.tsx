import {Text} from 'ink';

export type FooterProps = {readonly hasManyTargets: boolean; readonly hasScenarios: boolean; readonly isRunning: boolean; readonly width: number};

export function Footer({hasManyTargets, hasScenarios, isRunning, width}: FooterProps) {
	const keys = ['? help', ...(isRunning ? ['x abort scenario'] : hasScenarios ? ['s scenarios'] : []), 'p pause', '+/- interval',
		...(hasManyTargets ? ['tab next target', 'esc fleet'] : []), 'q quit'];
	return <Text dimColor wrap="truncate">{keys.join(' · ').slice(0, width)}</Text>;
}
