import {Text} from 'ink';

export type FooterProps = {readonly hasManyTargets: boolean; readonly width: number};

export function Footer({hasManyTargets, width}: FooterProps) {
	const keys = ['? help', 'p pause', '+/- interval', ...(hasManyTargets ? ['tab next target'] : []), 'q quit'];
	return <Text dimColor wrap="truncate">{keys.join(' · ').slice(0, width)}</Text>;
}
