import {Box, Text} from 'ink';
import {formatInterval} from '../metrics/format.js';
import type {Profile} from '../profiles/profile.js';

export type HelpOverlayProps = {readonly profile: Profile; readonly intervalMs: number; readonly width: number};

const keys: ReadonlyArray<readonly [string, string]> = [
	['?', 'show or hide this help'],
	['s', 'scenarios: audit, baseline, throughput (not with --read-only)'],
	['x', 'abort the running scenario (its keys are cleaned up)'],
	['a', 'alert history'],
	['Esc', 'close this help'],
	['p', 'pause the display (collection goes on)'],
	['+ / -', 'longer / shorter poll interval'],
	['Tab / Shift-Tab', 'next / previous target'],
	['q, Ctrl-C', 'quit'],
];

export function HelpOverlay({profile, intervalMs, width}: HelpOverlayProps) {
	const t = profile.thresholds;
	const limits = [
		`memory > ${t.memoryPercent.warn}% warn, > ${t.memoryPercent.critical}% critical of maxmemory; maxmemory 0 warns`,
		`evictions: any warn, ${profile.evictionsCriticalAfterSeconds}s in a row critical`,
		`latency p99 > ${t.latencyP99Ms.warn} ms warn, > ${t.latencyP99Ms.critical} ms critical (PING, last 10 s)`,
		`clients > ${t.clientsPercent.warn}% / ${t.clientsPercent.critical}% of maxclients; any rejected connection critical`,
		'AOF/RDB status err critical; loading warn; AOF off warn',
	];
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
			<Text bold>redtop keys</Text>
			{keys.map(([key, what]) => (
				<Text key={key} wrap="truncate"><Text bold>{key.padEnd(16)}</Text>{what}</Text>
			))}
			<Text> </Text>
			<Text bold>Thresholds ({profile.title}) · polling every {formatInterval(intervalMs)}</Text>
			{limits.map(line => <Text key={line} wrap="truncate">{line}</Text>)}
			<Text> </Text>
			<Text dimColor>Levels are shown as words too: ✓ OK, ▲ WARN, ✖ CRIT, ? N/A</Text>
		</Box>
	);
}
