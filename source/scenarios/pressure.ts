import {UsageError} from '../errors.js';
import {formatBytes, formatMs, formatRate} from '../metrics/format.js';
import {newHistogram, summarize} from '../metrics/latency-window.js';
import {timePings} from '../collectors/info-collector.js';
import {sleep} from '../collectors/sleep.js';
import {evictionRisk} from './capacity.js';
import {readServerMemory, type ServerMemory} from './server-memory.js';
import {defaultMix} from './events/jetstream.js';
import {generatedFeed} from './events/source.js';
import {eventKey, loadEvents} from './load/engine.js';
import {booleanOption, durationOption, integerOption} from './options.js';
import {scenarioInfo} from './catalog.js';
import type {Criterion, Progress, Scenario, ScenarioResult} from './types.js';

export type PressureOptions = {
	readonly targetPercent: number;
	readonly holdMs: number;
	readonly overfill: boolean;
	readonly maxBytes: number | undefined;
	readonly batch: number;
	readonly recoverPercent: number;
	readonly force: boolean;
};

function parseBytes(text: unknown): number | undefined {
	if (text === undefined) return undefined;
	const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(String(text).trim());
	if (!match) throw new UsageError(`--max-bytes: use a size like 512mb or 2gb, got "${String(text)}"`);
	const unit = {b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3}[(match[2] ?? 'b').toLowerCase() as 'b'];
	return Math.round(Number(match[1]) * unit);
}

export const pressure: Scenario<PressureOptions> = {
	...scenarioInfo('pressure'),
	parseOptions: raw => ({
		targetPercent: integerOption(raw, 'targetPercent', 95, 1, 100),
		holdMs: durationOption(raw, 'hold', 300_000, 0, 24 * 3_600_000),
		overfill: booleanOption(raw, 'overfill'),
		maxBytes: parseBytes(raw['maxBytes']),
		batch: integerOption(raw, 'batch', 500, 1, 100_000),
		recoverPercent: integerOption(raw, 'recoverPercent', 50, 1, 100),
		force: booleanOption(raw, 'force'),
	}),
	async *run(ctx, o, signal): AsyncGenerator<Progress, ScenarioResult> {
		const start = await readServerMemory(ctx.client);
		// --max-bytes caps the fill; with maxmemory 0 it is the only limit.
		const limit = o.maxBytes === undefined ? (start.max > 0 ? start.max : undefined) : start.max > 0 ? Math.min(start.max, o.maxBytes) : o.maxBytes;
		if (limit === undefined) {
			throw new UsageError('pressure refuses: maxmemory is 0 (no limit), so a fill would only stop when the host runs out of memory; set maxmemory or cap the fill with --max-bytes 512mb');
		}
		const risk = evictionRisk(start, Math.max(0, limit * (o.overfill ? 1.2 : o.targetPercent / 100) - start.used));
		if (risk && !o.force) throw new UsageError(`pressure refuses: ${risk}`);
		const feed = generatedFeed({seed: 7, mix: defaultMix, ingestRate: 1000});
		const percentOf = (m: ServerMemory) => ((m.used - m.notCounted) / limit) * 100;
		let next = 0;
		let m = start;
		const fillTo = async (percent: number) => {
			while (!signal.aborted && percentOf(m) < percent) {
				// Smaller steps near the target, so the fill stops close to it.
				const gap = (percent - percentOf(m)) / 100 * limit;
				const count = Math.max(10, Math.min(o.batch * 20, Math.floor(gap / 1200)));
				const result = await loadEvents({target: ctx.target, prefix: ctx.keyPrefix, layout: 'key', from: next, to: next + count, batch: o.batch, connections: 2,
					event: feed.event, signal});
				next += count;
				m = await readServerMemory(ctx.client);
				if (result.firstError) return result.firstError;
			}
			return undefined;
		};
		const fillError = await fillTo(o.targetPercent);
		const reached = percentOf(m);
		yield {phase: `filled to ${reached.toFixed(1)}%`, fraction: 0.3, figures: {memoryPercent: reached}};

		let overfill: Record<string, unknown> | undefined;
		if (o.overfill && !signal.aborted) {
			const before = m;
			const extra = Math.max(1000, Math.floor(next * 0.25));
			const started = performance.now();
			await loadEvents({target: ctx.target, prefix: ctx.keyPrefix, layout: 'key', from: next, to: next + extra, batch: o.batch, connections: 2, event: feed.event, signal});
			const seconds = (performance.now() - started) / 1000;
			const written = next + extra;
			next = written;
			m = await readServerMemory(ctx.client);
			const tenth = Math.max(1, Math.floor(written / 10));
			const present = async (from: number) => {
				const pipeline = ctx.client.pipeline();
				for (let i = from; i < from + tenth; i++) pipeline.exists(eventKey(ctx.keyPrefix, 'key', i));
				return ((await pipeline.exec()) ?? []).reduce((sum, [, reply]) => sum + Number(reply), 0);
			};
			const oldest = await present(0);
			const newest = await present(written - tenth);
			overfill = {written: extra, evicted: m.evicted - before.evicted, evictionsPerSec: (m.evicted - before.evicted) / seconds,
				oldestTenthPresentPercent: (oldest / tenth) * 100, newestTenthPresentPercent: (newest / tenth) * 100};
			yield {phase: 'overfilled', fraction: 0.4, figures: {evicted: m.evicted - before.evicted}};
		}

		const samples: Array<{seconds: number; memoryPercent: number; evicted: number; opsPerSec: number; p99Ms: number | undefined}> = [];
		const holdLatency = newHistogram();
		const holdStart = performance.now();
		let previous = m;
		while (!signal.aborted && performance.now() - holdStart < o.holdMs) {
			await sleep(Math.min(1000, o.holdMs), signal);
			const pings = newHistogram();
			await timePings(ctx.client, pings, 10, signal);
			holdLatency.add(pings);
			const now = await readServerMemory(ctx.client);
			samples.push({seconds: (performance.now() - holdStart) / 1000, memoryPercent: percentOf(now), evicted: now.evicted - start.evicted,
				opsPerSec: now.commands - previous.commands, p99Ms: summarize(pings)?.p99Ms});
			previous = now;
			const last = samples.at(-1)!;
			yield {phase: 'holding', fraction: 0.4 + 0.4 * Math.min(1, (performance.now() - holdStart) / Math.max(1, o.holdMs)),
				figures: {memoryPercent: last.memoryPercent, evicted: last.evicted, p99Ms: last.p99Ms ?? 0}};
		}
		const held = await readServerMemory(ctx.client);

		yield {phase: 'recovering', fraction: 0.85, figures: {}};
		const toDelete = Math.floor((next * o.recoverPercent) / 100);
		for (let i = 0; i < toDelete; i += 1000) {
			const keys = Array.from({length: Math.min(1000, toDelete - i)}, (_, k) => eventKey(ctx.keyPrefix, 'key', i + k));
			await ctx.client.unlink(...keys);
		}
		await sleep(200, signal);
		const recovered = await readServerMemory(ctx.client);
		const latency = summarize(holdLatency);
		const evictedBeforeOverfill = overfill ? (held.evicted - start.evicted) - Number(overfill['evicted']) : held.evicted - start.evicted;
		const criteria: Criterion[] = [
			{name: 'reached the target', target: `>= ${o.targetPercent - 1}% of ${formatBytes(limit)}`, measured: `${reached.toFixed(1)}%${fillError ? ` (${fillError})` : ''}`, passed: reached >= o.targetPercent - 1},
			{name: 'no evictions below 100%', target: '0', measured: String(Math.max(0, evictedBeforeOverfill)), passed: evictedBeforeOverfill <= 0,
				note: 'Redis evicts only once used memory passes maxmemory; at 95% a buffer should lose nothing.'},
			{name: 'P99 while full', target: `< ${ctx.profile.targets.p99Ms} ms`, measured: formatMs(latency?.p99Ms), passed: latency === undefined || latency.p99Ms < ctx.profile.targets.p99Ms},
			{name: 'memory after recovery', target: `< ${ctx.profile.thresholds.memoryPercent.warn}%`, measured: `${percentOf(recovered).toFixed(1)}%`,
				passed: percentOf(recovered) < (ctx.profile.thresholds.memoryPercent.warn ?? 80)},
		];
		if (overfill) {
			criteria.push({name: 'evictions past 100% (overfill)', target: '> 0', measured: `${Number(overfill['evicted']).toLocaleString('en-US')} (${formatRate(Number(overfill['evictionsPerSec']))}/s)`, passed: Number(overfill['evicted']) > 0});
			if (start.policy.endsWith('-lru') || start.policy.endsWith('-lfu')) {
				criteria.push({name: 'oldest events evicted first', target: 'oldest 10% less present than newest 10%',
					measured: `oldest ${Number(overfill['oldestTenthPresentPercent']).toFixed(0)}% present, newest ${Number(overfill['newestTenthPresentPercent']).toFixed(0)}%`,
					passed: Number(overfill['oldestTenthPresentPercent']) < Number(overfill['newestTenthPresentPercent'])});
			}
		}
		return {
			passed: criteria.every(c => c.passed),
			criteria,
			figures: {options: o, limitBytes: limit, policy: start.policy, eventsWritten: next, reachedPercent: reached, fillError, overfill, hold: samples,
				holdLatency: latency, heldPercent: percentOf(held), recoveredPercent: percentOf(recovered), deletedForRecovery: toDelete},
			summary: [
				`Filled ${formatBytes(limit)} (${start.policy}) with ${next.toLocaleString('en-US')} event keys to ${reached.toFixed(1)}% of maxmemory${o.overfill ? ', then wrote 25% more past 100%' : ''}.`,
				`Held for ${(o.holdMs / 1000).toFixed(0)} s sampling memory, evictions, ops/s and PING latency every second (p99 ${formatMs(latency?.p99Ms)}).`,
				`Deleted ${o.recoverPercent}% of its keys (the oldest): memory back to ${percentOf(recovered).toFixed(1)}%.`,
			],
		};
	},
};

