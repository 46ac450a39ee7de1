import {CannotRunError, errorMessage, UsageError} from '../errors.js';
import {formatMs, formatRate} from '../metrics/format.js';
import type {Target} from '../redis/target.js';
import {mark} from '../reports/mark.js';
import {reportJson, writeReports, type Skipped} from '../reports/report.js';
import {scenarioById, scenarios, validationOrder} from '../scenarios/registry.js';
import {runScenario, type ScenarioOutcome} from '../scenarios/runner.js';
import {clusterScenarioById} from '../scenarios/cluster/registry.js';
import type {Progress} from '../scenarios/types.js';
import type {Settings} from '../settings/settings.js';
import type {Output} from './headless.js';

export type RunFlags = {
	readonly reportDir: string;
	readonly isConfirmed: boolean;
	readonly scenarioOptions: Record<string, unknown>;
	/** Where progress goes (stderr); undefined for none. */
	readonly progress?: NodeJS.WriteStream | undefined;
	/** `--sandbox`: redtop can restart the server it started (the restart scenario). */
	readonly restartServer?: ((mode: 'graceful' | 'crash') => Promise<void>) | undefined;
};

function progressLine(id: string, p: Progress): string {
	const f = p.figures;
	const parts = [`[${id}] ${p.phase}`];
	if (p.fraction !== undefined) parts.push(`${Math.round(p.fraction * 100)}%`);
	if (typeof f['opsPerSec'] === 'number') parts.push(`${formatRate(f['opsPerSec'])} ops/s`);
	if (typeof f['eventsPerSec'] === 'number') parts.push(`${formatRate(f['eventsPerSec'])} events/s`);
	if (typeof f['p99Ms'] === 'number' && f['p99Ms'] > 0) parts.push(`p99 ${formatMs(f['p99Ms'])}`);
	return parts.join(' · ');
}

function printer(stream: NodeJS.WriteStream | undefined, id: string) {
	let lastMs = 0;
	return (p: Progress) => {
		if (!stream) return;
		const now = performance.now();
		if (stream.isTTY) stream.write(`\r\u001B[2K${progressLine(id, p)}`);
		else if (now - lastMs >= 2000) {
			lastMs = now;
			stream.write(`${progressLine(id, p)}\n`);
		}
	};
}

function describe(outcome: ScenarioOutcome): string[] {
	const verdict = outcome.aborted ? 'ABORTED' : outcome.result.passed ? 'PASS' : 'FAIL';
	return [
		`${outcome.title} on ${outcome.target}: ${verdict}`,
		...outcome.result.criteria.map(c => `  ${mark(c)} ${c.name}: ${c.measured} (target ${c.target})`),
		...(outcome.cleanup.error ? [`  ⚠ ${outcome.cleanup.error}`] : []),
	];
}

/** `redtop run capacity --cluster URL`: the scenarios that know about shards, through the cluster client. */
export async function runClusterCommand(name: string | undefined, seed: Target, settings: Settings, flags: RunFlags, signal: AbortSignal): Promise<Output> {
	const scenario = await clusterScenarioById(name);
	const {runClusterScenario} = await import('../scenarios/cluster/cluster-runner.js');
	const outcome = await runClusterScenario(scenario, seed, settings.profile, flags.scenarioOptions, {signal, isConfirmed: flags.isConfirmed, onProgress: printer(flags.progress, scenario.id)});
	if (flags.progress?.isTTY) flags.progress.write('\r\u001B[2K');
	return finish(scenario.id, [outcome], [], settings, flags);
}

/** `redtop run <scenario|all> [URL]`: exit 0 when the criteria are met, 1 when not (or aborted). */
export async function runCommand(name: string | undefined, target: Target, settings: Settings, flags: RunFlags, signal: AbortSignal): Promise<Output> {
	if (name === undefined) throw new UsageError(`usage: redtop run <scenario|all> [URL]; scenarios: ${scenarios.map(s => s.id).join(', ')}`);
	const ids = name === 'all' ? validationOrder : [scenarioById(name).id];
	const outcomes: ScenarioOutcome[] = [];
	const skipped: Skipped[] = [];
	for (const id of ids) {
		if (signal.aborted) break;
		const scenario = scenarios.find(s => s.id === id);
		if (!scenario) {
			skipped.push({scenario: id, reason: `${id} is not available in this version of redtop.`});
			continue;
		}
		try {
			const onProgress = printer(flags.progress, id);
			outcomes.push(await runScenario(scenario, target, settings.profile, flags.scenarioOptions, {signal, isConfirmed: flags.isConfirmed, onProgress, restartServer: flags.restartServer}));
			if (flags.progress?.isTTY) flags.progress.write('\r\u001B[2K');
		} catch (error) {
			if (name !== 'all' || error instanceof UsageError) throw error;
			if (error instanceof CannotRunError && /cannot connect/.test(error.message)) throw error;
			skipped.push({scenario: id, reason: errorMessage(error)});
		}
	}
	return finish(name, outcomes, skipped, settings, flags);
}

/** Writes the reports and says what happened: exit 0 only when every scenario met its criteria. */
async function finish(name: string, outcomes: readonly ScenarioOutcome[], skipped: readonly Skipped[], settings: Settings, flags: RunFlags): Promise<Output> {
	const reportName = `redtop-${name}-${outcomes[0]?.runId ?? 'none'}`;
	const paths = outcomes.length > 0 ? await writeReports(flags.reportDir, reportName, outcomes, skipped) : undefined;
	const passed = outcomes.length > 0 && outcomes.every(o => o.result.passed && !o.aborted);
	if (settings.isJson) return {stdout: JSON.stringify({...reportJson(outcomes, skipped), reports: paths ?? null}, null, 2), exitCode: passed ? 0 : 1};
	const lines = outcomes.flatMap(describe);
	for (const s of skipped) lines.push(`⏭ ${s.scenario} skipped: ${s.reason}`);
	if (paths) lines.push(`report: ${paths.markdown}`, `        ${paths.json}`);
	return {stdout: lines.join('\n'), exitCode: passed ? 0 : 1};
}
