import {scenarioInfo} from './catalog.js';
import type {Redis} from 'ioredis';
import {sleep} from '../collectors/sleep.js';
import {formatRate} from '../metrics/format.js';
import {LoadStats, latencyFigures, whileRunning} from './load-stats.js';
import {choiceOption, durationOption, integerOption} from './options.js';
import type {Criterion, Progress, Scenario, ScenarioContext} from './types.js';

export type ThroughputMode = 'single' | 'sustained' | 'concurrent' | 'all';
export type ThroughputOptions = {
	readonly mode: ThroughputMode;
	readonly rate: number;
	readonly durationMs: number;
	readonly clients: number;
	readonly valueSize: number;
};

/** Writes cycle over this many keys, so a long run does not fill the server. */
const keySpace = 10_000;

type Run = {stats: LoadStats; perSecond: number[]; perMinute: LoadStats[]};

/**
 * Runs `workers` loops for `durationMs`. With `rate`, op i is due at start + i/rate: a missed slot
 * is caught up at once, so the achieved rate is the target unless the server cannot keep up.
 */
async function load(ctx: ScenarioContext, workers: readonly Redis[], durationMs: number, rate: number | undefined, valueSize: number, signal: AbortSignal, run: Run) {
	const value = Buffer.alloc(valueSize, 'x');
	const startedMs = performance.now();
	const endMs = startedMs + durationMs;
	let next = 0;
	await Promise.all(workers.map(async client => {
		while (!signal.aborted) {
			const i = next++;
			if (rate !== undefined) {
				const dueMs = startedMs + (i * 1000) / rate;
				if (dueMs >= endMs) break;
				if (dueMs > performance.now()) await sleep(dueMs - performance.now(), signal);
				if (signal.aborted) break;
			} else if (performance.now() >= endMs) break;
			const sentMs = performance.now();
			const minute = Math.floor((sentMs - startedMs) / 60_000);
			run.perMinute[minute] ??= new LoadStats();
			const minuteStats = run.perMinute[minute]!;
			await run.stats.time(() => minuteStats.time(() => client.set(`${ctx.keyPrefix}${i % keySpace}`, value)));
			const second = Math.floor((performance.now() - startedMs) / 1000);
			run.perSecond[second] = (run.perSecond[second] ?? 0) + 1;
		}
	}));
	run.stats.end();
}

async function* measured(label: string, ctx: ScenarioContext, workers: readonly Redis[], o: ThroughputOptions, rate: number | undefined, signal: AbortSignal, phaseIndex: number, phases: number): AsyncGenerator<Progress, Run> {
	const run: Run = {stats: new LoadStats(), perSecond: [], perMinute: []};
	const started = performance.now();
	yield* whileRunning(load(ctx, workers, o.durationMs, rate, o.valueSize, signal, run), 250, () => ({
		phase: label,
		fraction: Math.min(1, (phaseIndex + (performance.now() - started) / o.durationMs) / phases),
		figures: {opsPerSec: Math.round(run.stats.opsPerSec), p99Ms: run.stats.latency?.p99Ms ?? 0, ...(rate ? {targetOpsPerSec: rate} : {})},
	}));
	return run;
}

const full = (seconds: number[]) => seconds.slice(0, -1).filter(n => n !== undefined);

export const throughput: Scenario<ThroughputOptions> = {
	...scenarioInfo('throughput'),
	parseOptions: raw => ({
		mode: choiceOption(raw, 'mode', ['single', 'sustained', 'concurrent', 'all'] as const, 'all'),
		rate: integerOption(raw, 'rate', 1500, 1, 10_000_000),
		durationMs: durationOption(raw, 'duration', 300_000, 1000, 24 * 3_600_000),
		clients: integerOption(raw, 'clients', 10, 1, 1000),
		valueSize: integerOption(raw, 'valueSize', 482, 1, 64 * 1024 * 1024),
	}),
	async *run(ctx, o, signal) {
		const modes = o.mode === 'all' ? ['single', 'sustained', 'concurrent'] as const : o.mode === 'concurrent' ? ['single', 'concurrent'] as const : [o.mode];
		const criteria: Criterion[] = [];
		const figures: Record<string, unknown> = {options: o};
		const summary: string[] = [];
		const min = ctx.profile.targets.minOpsPerSec;
		let single: Run | undefined;
		for (const [index, mode] of modes.entries()) {
			if (signal.aborted) break;
			if (mode === 'single') {
				single = yield* measured('single client', ctx, [ctx.client], o, undefined, signal, index, modes.length);
				figures['single'] = {opsPerSec: single.stats.opsPerSec, ops: single.stats.count, ...latencyFigures(single.stats.latency)};
				criteria.push({name: 'single-client throughput', target: `>= ${formatRate(min)} ops/s`, measured: `${formatRate(single.stats.opsPerSec)} ops/s`, passed: single.stats.opsPerSec >= min});
				summary.push(`Single client, unpipelined SETs for ${o.durationMs / 1000}s: ${formatRate(single.stats.opsPerSec)} ops/s.`);
			} else if (mode === 'sustained') {
				const workers = [ctx.client, ...await Promise.all(Array.from({length: Math.max(0, Math.ceil(o.rate / 2000) - 1)}, () => ctx.newClient()))];
				const run = yield* measured(`sustained ${formatRate(o.rate)}/s`, ctx, workers, o, o.rate, signal, index, modes.length);
				const seconds = full(run.perSecond);
				const minutes = run.perMinute.map(m => m.latency);
				const first = minutes[0];
				const last = minutes.at(-1);
				const achieved = run.stats.opsPerSec;
				figures['sustained'] = {
					targetOpsPerSec: o.rate, achievedOpsPerSec: achieved, ops: run.stats.count, errors: run.stats.errors,
					perSecondMin: Math.min(...seconds), perSecondMax: Math.max(...seconds), perSecond: run.perSecond,
					latencyPerMinute: minutes.map(latencyFigures), p99DegradationMs: first && last ? last.p99Ms - first.p99Ms : undefined,
					...latencyFigures(run.stats.latency),
				};
				criteria.push({name: 'sustained rate', target: `${formatRate(o.rate)} ops/s ± 5%`, measured: `${formatRate(achieved)} ops/s`, passed: Math.abs(achieved - o.rate) <= o.rate * 0.05});
				criteria.push({name: 'sustained P99', target: `< ${ctx.profile.targets.p99Ms} ms`, measured: `${run.stats.latency?.p99Ms.toFixed(3) ?? '—'} ms`,
					passed: (run.stats.latency?.p99Ms ?? Infinity) < ctx.profile.targets.p99Ms});
				summary.push(`Held ${formatRate(o.rate)} ops/s for ${o.durationMs / 1000}s over ${workers.length} connection(s): achieved ${formatRate(achieved)} ops/s, per-second ${seconds.length > 0 ? `${Math.min(...seconds)}–${Math.max(...seconds)}` : '—'}.`);
			} else {
				const workers = await Promise.all(Array.from({length: o.clients}, () => ctx.newClient()));
				const run = yield* measured(`${o.clients} clients`, ctx, workers, o, undefined, signal, index, modes.length);
				const scaling = single && single.stats.opsPerSec > 0 ? run.stats.opsPerSec / single.stats.opsPerSec : undefined;
				figures['concurrent'] = {clients: o.clients, totalOpsPerSec: run.stats.opsPerSec, perClientOpsPerSec: run.stats.opsPerSec / o.clients,
					scalingOverSingle: scaling, ...latencyFigures(run.stats.latency)};
				criteria.push({name: `${o.clients}-client throughput`, target: `>= ${formatRate(min)} ops/s`, measured: `${formatRate(run.stats.opsPerSec)} ops/s`, passed: run.stats.opsPerSec >= min});
				if (scaling !== undefined) criteria.push({name: 'scaling over one client', target: '> 1.0x', measured: `${scaling.toFixed(2)}x`, passed: scaling > 1});
				summary.push(`${o.clients} clients for ${o.durationMs / 1000}s: ${formatRate(run.stats.opsPerSec)} ops/s in total, ${formatRate(run.stats.opsPerSec / o.clients)} per client${scaling === undefined ? '' : `, ${scaling.toFixed(2)}x one client`}.`);
			}
		}
		return {passed: criteria.length > 0 && criteria.every(c => c.passed), criteria, figures, summary};
	},
};
