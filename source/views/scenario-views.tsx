import {Box, Text} from 'ink';
import {formatDuration, formatMs, formatRate} from '../metrics/format.js';
import {mark} from '../reports/mark.js';
import type {ScenarioOutcome} from '../scenarios/runner.js';
import type {ScenarioInfo} from '../scenarios/catalog.js';
import type {Progress} from '../scenarios/types.js';
import {Gauge} from './gauge.js';
import {LevelText} from './theme.js';

export type ScenarioMenuProps = {
	readonly scenarios: readonly ScenarioInfo[];
	readonly selected: number;
	readonly width: number;
	/** Why a scenario cannot run here, by id (shown instead of its description). */
	readonly unavailable?: Readonly<Record<string, string>>;
};

export function ScenarioMenu({scenarios, selected, width, unavailable = {}}: ScenarioMenuProps) {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
			<Text bold wrap="truncate">Run a scenario (its keys: redtop:&lt;scenario&gt;:&lt;run&gt;:*, removed afterwards)</Text>
			{scenarios.map((s, index) => (
				<Text key={s.id} wrap="truncate" inverse={index === selected}>
					{index === selected ? '›' : ' '} {index + 1} <Text bold>{s.id.padEnd(11)}</Text>{s.destructive ? '[writes] ' : ''}
					{unavailable[s.id] ? <Text dimColor>unavailable: {unavailable[s.id]}</Text> : s.description}
				</Text>
			))}
			<Text dimColor>↑/↓ or 1-{scenarios.length} choose · Enter run · Esc close · reports go to ./redtop-reports</Text>
		</Box>
	);
}

export type ScenarioConfirmProps = {readonly scenario: ScenarioInfo; readonly target: string};

export function ScenarioConfirm({scenario, target}: ScenarioConfirmProps) {
	return (
		<Box borderStyle="round" paddingX={1}>
			<Text><LevelText level="warn" bold>{scenario.title}</LevelText> writes to {target}, which is not on this machine. Run it? <Text bold>y</Text>/<Text bold>n</Text></Text>
		</Box>
	);
}

export type ScenarioProgressProps = {
	readonly scenario: ScenarioInfo;
	readonly progress: Progress | undefined;
	readonly elapsedMs: number;
	readonly isAborting: boolean;
	readonly width: number;
};

/** One line while a scenario runs: phase, bar, elapsed / ETA, live figures. */
export function ScenarioProgress({scenario, progress, elapsedMs, isAborting, width}: ScenarioProgressProps) {
	const fraction = progress?.fraction;
	const eta = fraction !== undefined && fraction > 0.02 ? (elapsedMs / fraction - elapsedMs) / 1000 : undefined;
	const f = progress?.figures ?? {};
	const live = [
		typeof f['opsPerSec'] === 'number' ? `${formatRate(f['opsPerSec'])} ops/s` : undefined,
		typeof f['p99Ms'] === 'number' && f['p99Ms'] > 0 ? `p99 ${formatMs(f['p99Ms'])}` : undefined,
	].filter(Boolean).join(' · ');
	return (
		<Box width={width}>
			<Text wrap="truncate">
				<Text bold inverse> {scenario.id} </Text> {isAborting ? <LevelText level="warn">aborting, cleaning up…</LevelText> : progress?.phase ?? 'starting…'}{' '}
				<Gauge percent={fraction === undefined ? undefined : fraction * 100} width={16} level="ok" />{' '}
				{formatDuration(elapsedMs / 1000)}{eta === undefined ? '' : ` · eta ${formatDuration(eta)}`}{live ? ` · ${live}` : ''} · <Text dimColor>x abort</Text>
			</Text>
		</Box>
	);
}

export type ScenarioResultProps = {readonly outcome: ScenarioOutcome; readonly reportPath: string | undefined; readonly width: number; readonly maxRows: number};

export function ScenarioResultView({outcome, reportPath, width, maxRows}: ScenarioResultProps) {
	const verdict = outcome.aborted ? <LevelText level="warn" bold>ABORTED</LevelText> : outcome.result.passed ? <LevelText level="ok" bold>PASS</LevelText> : <LevelText level="critical" bold>FAIL</LevelText>;
	const criteria = outcome.result.criteria.slice(0, Math.max(1, maxRows - 5));
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 110)}>
			<Text>{outcome.title}: {verdict} · {outcome.cleanup.deletedKeys.toLocaleString('en-US')} keys cleaned up</Text>
			{criteria.map(c => (
				<Text key={c.name} wrap="truncate">{mark(c)} {c.name}: <Text bold>{c.measured}</Text> (target {c.target})</Text>
			))}
			{outcome.result.criteria.length > criteria.length ? <Text dimColor>… {outcome.result.criteria.length - criteria.length} more in the report</Text> : null}
			<Text dimColor wrap="truncate">{reportPath ? `report: ${reportPath}` : 'report could not be written'} · Esc close</Text>
		</Box>
	);
}

export type ScenarioFailedProps = {readonly scenario: ScenarioInfo; readonly message: string};

export function ScenarioFailed({scenario, message}: ScenarioFailedProps) {
	return (
		<Box borderStyle="round" paddingX={1}>
			<Text><LevelText level="critical" bold>{scenario.title} could not run:</LevelText> {message} · <Text dimColor>Esc close</Text></Text>
		</Box>
	);
}
