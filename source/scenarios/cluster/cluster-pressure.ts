import {UsageError} from '../../errors.js';
import {timePings} from '../../collectors/info-collector.js';
import {sleep} from '../../collectors/sleep.js';
import {formatBytes, formatMs} from '../../metrics/format.js';
import {newHistogram, summarize} from '../../metrics/latency-window.js';
import {scenarioInfo} from '../catalog.js';
import {evictionRisk} from '../capacity.js';
import {defaultMix} from '../events/jetstream.js';
import {generatedFeed} from '../events/source.js';
import {pressure, type PressureOptions} from '../pressure.js';
import {readServerMemory, type ServerMemory} from '../server-memory.js';
import type {Criterion, Progress, ScenarioResult} from '../types.js';
import {loadThroughCluster, nodeAddress, setEventKey, type ClusterScenario} from './cluster-runner.js';

/**
 * Memory pressure on a cluster: events through the cluster client fill every shard at once (the
 * keys hash evenly), until the fullest shard reaches the target; then hold, watching each master's
 * memory, evictions and PING latency, and recover by deleting the oldest events. Reported per shard
 * and in total. `--overfill` is for one server: past 100% each shard evicts on its own schedule.
 */
export const clusterPressure: ClusterScenario<PressureOptions> = {
	...scenarioInfo('pressure'),
	id: 'pressure',
	parseOptions(raw) {
		const o = pressure.parseOptions(raw);
		if (o.overfill) throw new UsageError('--overfill runs against one server; on a cluster, run pressure without it (or against one master\'s URL)');
		return o;
	},
	async *run(ctx, o, signal): AsyncGenerator<Progress, ScenarioResult> {
		const masters = ctx.masters();
		const start = await Promise.all(masters.map(readServerMemory));
		const limits = start.map((m, index) => {
			const limit = o.maxBytes === undefined ? (m.max > 0 ? m.max : undefined) : m.max > 0 ? Math.min(m.max, o.maxBytes) : o.maxBytes;
			if (limit === undefined) throw new UsageError(`pressure refuses: master ${nodeAddress(masters[index]!)} has maxmemory 0 (no limit); set maxmemory on every master or cap the fill with --max-bytes 512mb (per master)`);
			const risk = evictionRisk(m, Math.max(0, limit * (o.targetPercent / 100) - m.used));
			if (risk && !o.force) throw new UsageError(`pressure refuses on master ${nodeAddress(masters[index]!)}: ${risk}`);
			return limit;
		});
		const percentOf = (m: ServerMemory, index: number) => ((m.used - m.notCounted) / limits[index]!) * 100;
		const feed = generatedFeed({seed: 7, mix: defaultMix, ingestRate: 1000});
		let memories = start;
		let next = 0;
		let fillError: string | undefined;
		const fullest = () => Math.max(...memories.map(percentOf));
		while (!signal.aborted && fillError === undefined && fullest() < o.targetPercent) {
			// Sized on the fullest shard's gap, spread over all masters; smaller steps near the target.
			const gap = Math.min(...memories.map((m, index) => ((o.targetPercent - percentOf(m, index)) / 100) * limits[index]!));
			const count = Math.max(10 * masters.length, Math.min(o.batch * 20 * masters.length, Math.floor((gap / 1200) * masters.length)));
			const result = await loadThroughCluster({from: next, to: next + count, batch: o.batch, inFlight: 2, event: feed.event, write: setEventKey(ctx)}, signal);
			next += count;
			fillError = result.firstError;
			memories = await Promise.all(masters.map(readServerMemory));
			yield {phase: 'filling every shard', fraction: Math.min(0.3, (fullest() / o.targetPercent) * 0.3), figures: {memoryPercent: fullest()}};
		}
		const reached = memories.map(percentOf);

		type Sample = {seconds: number; memoryPercent: number[]; evicted: number[]; p99Ms: Array<number | undefined>};
		const samples: Sample[] = [];
		const latencies = masters.map(() => newHistogram());
		const holdStart = performance.now();
		while (!signal.aborted && performance.now() - holdStart < o.holdMs) {
			await sleep(Math.min(1000, o.holdMs), signal);
			const pings = await Promise.all(masters.map(async (node, index) => {
				const histogram = newHistogram();
				await timePings(node, histogram, 10, signal);
				latencies[index]!.add(histogram);
				return summarize(histogram)?.p99Ms;
			}));
			const now = await Promise.all(masters.map(readServerMemory));
			samples.push({seconds: (performance.now() - holdStart) / 1000, memoryPercent: now.map(percentOf), evicted: now.map((m, index) => m.evicted - start[index]!.evicted), p99Ms: pings});
			const last = samples.at(-1)!;
			yield {phase: 'holding', fraction: 0.4 + 0.4 * Math.min(1, (performance.now() - holdStart) / Math.max(1, o.holdMs)),
				figures: {memoryPercent: Math.max(...last.memoryPercent), evicted: last.evicted.reduce((a, b) => a + b, 0), p99Ms: Math.max(0, ...last.p99Ms.map(p => p ?? 0))}};
		}
		const held = await Promise.all(masters.map(readServerMemory));

		yield {phase: 'recovering', fraction: 0.85, figures: {}};
		const toDelete = Math.floor((next * o.recoverPercent) / 100);
		for (let i = 0; i < toDelete; i += 1000) {
			await Promise.all(Array.from({length: Math.min(1000, toDelete - i)}, (_, k) => ctx.cluster.unlink(`${ctx.keyPrefix}e:${i + k}`)));
		}
		await sleep(200, signal);
		const recovered = await Promise.all(masters.map(readServerMemory));
		const shards = masters.map((node, index) => ({
			master: nodeAddress(node), limitBytes: limits[index]!, policy: start[index]!.policy, reachedPercent: reached[index]!,
			evictedWhileFull: held[index]!.evicted - start[index]!.evicted, holdLatency: summarize(latencies[index]!), recoveredPercent: percentOf(recovered[index]!, index),
		}));
		const worstP99 = Math.max(0, ...shards.map(s => s.holdLatency?.p99Ms ?? 0));
		const evicted = shards.reduce((sum, s) => sum + s.evictedWhileFull, 0);
		const highestAfter = Math.max(...shards.map(s => s.recoveredPercent));
		const criteria: Criterion[] = [
			{name: 'reached the target (fullest shard)', target: `>= ${o.targetPercent - 1}%`, measured: `${Math.max(...reached).toFixed(1)}%${fillError ? ` (${fillError})` : ''}`, passed: Math.max(...reached) >= o.targetPercent - 1},
			{name: 'every shard filled', target: `each >= ${o.targetPercent - 10}%`, measured: shards.map(s => `${s.master} ${s.reachedPercent.toFixed(1)}%`).join(', '), passed: shards.every(s => s.reachedPercent >= o.targetPercent - 10),
				note: 'Keys hash evenly over the slots; a shard far behind the others holds fewer slots or other data.'},
			{name: 'no evictions below 100%', target: '0', measured: `${evicted} (${shards.map(s => `${s.master} ${s.evictedWhileFull}`).join(', ')})`, passed: evicted === 0},
			{name: 'P99 while full (slowest master)', target: `< ${ctx.profile.targets.p99Ms} ms`, measured: formatMs(worstP99), passed: worstP99 < ctx.profile.targets.p99Ms},
			{name: 'memory after recovery (fullest shard)', target: `< ${ctx.profile.thresholds.memoryPercent.warn}%`, measured: `${highestAfter.toFixed(1)}%`, passed: highestAfter < (ctx.profile.thresholds.memoryPercent.warn ?? 80)},
		];
		const totalLimit = limits.reduce((a, b) => a + b, 0);
		return {
			passed: criteria.every(c => c.passed),
			criteria,
			figures: {options: o, eventsWritten: next, fillError, totalLimitBytes: totalLimit, shards, hold: samples, deletedForRecovery: toDelete},
			summary: [
				`Filled ${masters.length} shards (${formatBytes(totalLimit)} in total) through the cluster client with ${next.toLocaleString('en-US')} event keys until the fullest reached ${Math.max(...reached).toFixed(1)}%.`,
				...shards.map(s => `Shard ${s.master}: ${s.reachedPercent.toFixed(1)}% of ${formatBytes(s.limitBytes)} (${s.policy}), ${s.evictedWhileFull} evicted, p99 ${formatMs(s.holdLatency?.p99Ms)} while full, ${s.recoveredPercent.toFixed(1)}% after recovery.`),
				`Held for ${(o.holdMs / 1000).toFixed(0)} s, then deleted ${o.recoverPercent}% of the keys (the oldest).`,
			],
		};
	},
};
