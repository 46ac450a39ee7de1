import {Box, Text} from 'ink';
import {formatInterval} from '../metrics/format.js';
import type {Profile} from '../profiles/profile.js';

export type HelpOverlayProps = {
	readonly profile: Profile;
	readonly intervalMs: number;
	readonly width: number;
	/** Rows it may take; a short terminal gets the keys and thresholds without the spacing. */
	readonly maxRows?: number;
};

const keys: ReadonlyArray<readonly [string, string]> = [
	['?', 'show or hide this help'],
	['s', 'scenarios: audit, baseline, capacity, pressure, restart, throughput (not with --read-only)'],
	['x', 'abort the running scenario (its keys are cleaned up)'],
	['a', 'alert history'],
	['Esc', 'close this help'],
	['p', 'pause the display (collection goes on)'],
	['+ / -', 'longer / shorter poll interval'],
	['Tab / Shift-Tab', 'next / previous target'],
	['↑↓ Enter Esc o', 'fleet, shards, nodes: select, open panels, back; o sorts the fleet'],
	['q, Ctrl-C', 'quit'],
];

export function HelpOverlay({profile, intervalMs, width, maxRows = 100}: HelpOverlayProps) {
	const t = profile.thresholds;
	const limits = [
		`memory > ${t.memoryPercent.warn}% warn, > ${t.memoryPercent.critical}% critical of maxmemory; maxmemory 0 warns`,
		`evictions: any warn, ${profile.evictionsCriticalAfterSeconds}s in a row critical`,
		`latency p99 > ${t.latencyP99Ms.warn} ms warn, > ${t.latencyP99Ms.critical} ms critical (PING, last 10 s)`,
		`clients > ${t.clientsPercent.warn}% / ${t.clientsPercent.critical}% of maxclients; any rejected connection critical`,
		'AOF/RDB status err critical; loading warn; AOF off warn',
	];
	const full = keys.length + limits.length + 7;
	const isRoomy = maxRows >= full;
	const hasThresholds = maxRows >= full - 3;
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
			<Text bold>redtop keys</Text>
			{keys.map(([key, what]) => (
				<Text key={key} wrap="truncate"><Text bold>{key.padEnd(16)}</Text>{what}</Text>
			))}
			{isRoomy ? <Text> </Text> : null}
			{hasThresholds ? <Text bold wrap="truncate">Thresholds ({profile.title}) · polling every {formatInterval(intervalMs)}</Text> : null}
			{hasThresholds ? limits.map(line => <Text key={line} wrap="truncate">{line}</Text>) : null}
			{isRoomy ? <Text> </Text> : null}
			{isRoomy ? <Text dimColor>Levels are shown as words too: ✓ OK, ▲ WARN, ✖ CRIT, ? N/A</Text> : null}
		</Box>
	);
}
