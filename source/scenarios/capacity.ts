import {UsageError} from '../errors.js';
import {formatBytes, formatRate} from '../metrics/format.js';
import {infoNumber, parseInfo} from '../redis/parse-info.js';
import {defaultMix, parseMix, type Mix} from './events/jetstream.js';
import {prng} from './events/random.js';
import {openFeed, type EventFeed} from './events/source.js';
import {countByPrefix, deleteByPrefix} from './keys.js';
import {readServerMemory} from './server-memory.js';
import {eventKey, layouts, loadEvents, streamId, type Layout, type LoadResult} from './load/engine.js';
import {booleanOption, choiceOption, integerOption} from './options.js';
import {scenarioInfo} from './catalog.js';
import {abortedAfterLoad, type Criterion, type Progress, type Scenario, type ScenarioContext} from './types.js';

export type CapacityOptions = {
	readonly events: number;
	readonly batch: number;
	readonly layout: Layout;
	readonly ttlSeconds: number | undefined;
	readonly connections: number;
	readonly verifySample: number;
	readonly ingestRate: number | undefined;
	readonly seed: number;
	readonly mix: Mix;
	readonly eventsFile: string | undefined;
	readonly compareLayouts: boolean;
	readonly force: boolean;
};

/** A guess used only by the eviction guard: ~480 B of JSON plus Redis's per-key overhead. */
const estimatedBytesPerEvent = 600;

/**
 * Refuses a load that could make Redis evict keys that are not redtop's: under an allkeys-*
 * policy, with other keys present, when the load may not fit in what is free.
 */
export function evictionRisk(before: {used: number; max: number; policy: string; keys: number}, bytesToWrite: number): string | undefined {
	if (!before.policy.startsWith('allkeys-') || before.keys === 0 || before.max === 0) return undefined;
	if (before.used + bytesToWrite <= before.max * 0.9) return undefined;
	return `this load (~${formatBytes(bytesToWrite)}) may not fit in the ${formatBytes(before.max - before.used)} free under maxmemory, and with ${before.policy} Redis would evict the ${before.keys.toLocaleString('en-US')} keys already there (real events): use a smaller --events, a server without other data, or --force`;
}

async function verify(ctx: ScenarioContext, layout: Layout, feed: EventFeed, loaded: number, sample: number, seed: number) {
	const random = prng(seed ^ 0x5eed);
	let matched = 0;
	let missing = 0;
	let corrupt = 0;
	const size = Math.min(sample, loaded);
	for (let n = 0; n < size; n += 100) {
		const indexes = Array.from({length: Math.min(100, size - n)}, () => Math.floor(random() * loaded));
		const pipeline = ctx.client.pipeline();
		for (const i of indexes) {
			const key = eventKey(ctx.keyPrefix, layout, i);
			if (layout === 'key') pipeline.get(key);
			else if (layout === 'list') pipeline.lindex(key, i);
			else pipeline.xrange(key, streamId(i), streamId(i));
		}
		const replies = (await pipeline.exec()) ?? [];
		replies.forEach(([error, reply], k) => {
			let value: string | null = null;
			if (!error) value = layout === 'stream' ? ((reply as Array<[string, string[]]>)[0]?.[1]?.[1] ?? null) : (reply as string | null);
			if (value === null) missing++;
			else if (value === feed.event(indexes[k]!)) matched++;
			else corrupt++;
		});
	}
	return {checked: size, matched, missing, corrupt};
}

/** The key layout's keys are known by index: UNLINK them in pipelines instead of SCANning for them. */
async function unlinkRange(ctx: ScenarioContext, loaded: number): Promise<number> {
	let deleted = 0;
	for (let i = 0; i < loaded; i += 20_000) {
		const pipeline = ctx.client.pipeline();
		for (let j = i; j < Math.min(loaded, i + 20_000); j += 1000) {
			pipeline.unlink(...Array.from({length: Math.min(1000, loaded - j)}, (_, k) => eventKey(ctx.keyPrefix, 'key', j + k)));
		}
		for (const [, reply] of (await pipeline.exec()) ?? []) deleted += Number(reply ?? 0);
	}
	return deleted;
}

/** Waits (up to 5 s) for background frees (UNLINK, lazyfree) to finish, so the next memory baseline is true. */
async function settle(ctx: ScenarioContext): Promise<void> {
	for (let i = 0; i < 100; i++) {
		if ((infoNumber(parseInfo(await ctx.client.info('memory')), 'lazyfree_pending_objects') ?? 0) === 0) return;
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

async function count(ctx: ScenarioContext, layout: Layout): Promise<number> {
	if (layout === 'key') return countByPrefix(ctx.client, `${ctx.keyPrefix}e:`);
	return layout === 'list' ? ctx.client.llen(eventKey(ctx.keyPrefix, layout, 0)) : ctx.client.xlen(eventKey(ctx.keyPrefix, layout, 0));
}

export const capacity: Scenario<CapacityOptions> = {
	...scenarioInfo('capacity'),
	parseOptions: raw => ({
		events: integerOption(raw, 'events', 2_700_000, 1, 1_000_000_000),
		batch: integerOption(raw, 'batch', 1000, 1, 100_000),
		layout: choiceOption(raw, 'layout', layouts, 'key'),
		ttlSeconds: raw['ttl'] === undefined ? undefined : integerOption(raw, 'ttl', 0, 1, 365 * 86_400),
		connections: integerOption(raw, 'connections', 2, 1, 64),
		verifySample: integerOption(raw, 'verifySample', 1000, 0, 1_000_000),
		ingestRate: raw['ingestRate'] === undefined ? undefined : integerOption(raw, 'ingestRate', 0, 1, 10_000_000),
		seed: integerOption(raw, 'seed', 1, 0, 2 ** 31),
		mix: raw['mix'] === undefined ? defaultMix : parseMix(String(raw['mix'])),
		eventsFile: raw['eventsFile'] === undefined ? undefined : String(raw['eventsFile']),
		compareLayouts: booleanOption(raw, 'compareLayouts'),
		force: booleanOption(raw, 'force'),
	}),
	async *run(ctx, o, signal) {
		const ingestRate = o.ingestRate ?? ctx.profile.targets.bufferEvents / (ctx.profile.targets.bufferHours * 3600);
		const feed = await openFeed({seed: o.seed, mix: o.mix, ingestRate, eventsFile: o.eventsFile});
		await settle(ctx);
		const before = await readServerMemory(ctx.client);
		const risk = evictionRisk(before, o.events * estimatedBytesPerEvent);
		if (risk && !o.force) throw new UsageError(`capacity refuses: ${risk}`);
		const figures: Record<string, unknown> = {options: {...o, mix: undefined}, feed: feed.description, malformedLines: feed.malformedLines};
		const summary: string[] = [];
		const criteria: Criterion[] = [];

		const curve: Array<{seconds: number; usedBytes: number}> = [];
		let loadedSoFar = 0;
		const loadOnce = async function* (layout: Layout, events: number): AsyncGenerator<Progress, LoadResult> {
			const started = performance.now();
			let result: LoadResult | undefined;
			const loading = loadEvents({target: ctx.target, prefix: ctx.keyPrefix, layout, from: 0, to: events, batch: o.batch, connections: o.connections,
				ttlSeconds: o.ttlSeconds, event: feed.event, signal, onProgress: n => {
					loadedSoFar = n;
				}}).then(r => {
				result = r;
			});
			while (!result) {
				await Promise.race([loading, new Promise(resolve => setTimeout(resolve, 1000))]);
				const used = infoNumber(parseInfo(await ctx.client.info('memory')), 'used_memory') ?? 0;
				curve.push({seconds: (performance.now() - started) / 1000, usedBytes: used});
				yield {phase: `loading ${layout}`, fraction: loadedSoFar / events * 0.8,
					figures: {eventsPerSec: Math.round(loadedSoFar / Math.max(0.001, (performance.now() - started) / 1000)), loaded: loadedSoFar, usedBytes: used}};
			}
			await loading;
			return result;
		};

		if (o.compareLayouts) {
			const sample = Math.min(o.events, 100_000);
			const table: Array<Record<string, number | string>> = [];
			for (const layout of layouts) {
				if (signal.aborted) break;
				const start = await readServerMemory(ctx.client);
				const result = yield* loadOnce(layout, sample);
				const after = await readServerMemory(ctx.client);
				table.push({layout, events: result.loaded, bytesPerEvent: (after.used - start.used) / Math.max(1, result.loaded), eventsPerSec: result.eventsPerSec});
				await deleteByPrefix(ctx.client, ctx.keyPrefix);
				await settle(ctx);
			}
			figures['layouts'] = table;
			summary.push(`Compared layouts with ${sample.toLocaleString('en-US')} events each: ${table.map(t => `${t['layout']} ${Math.round(Number(t['bytesPerEvent']))} B/event`).join(', ')}.`);
		}

		const result = yield* loadOnce(o.layout, o.events);
		if (signal.aborted) return abortedAfterLoad(result.loaded, o.events, result.seconds);
		const after = await readServerMemory(ctx.client);
		const bytesPerEvent = result.loaded > 0 ? (after.used - before.used) / result.loaded : undefined;
		const evicted = after.evicted - before.evicted;
		yield {phase: 'verifying', fraction: 0.85, figures: {}};
		const integrity = await verify(ctx, o.layout, feed, result.loaded, o.verifySample, o.seed);
		const present = await count(ctx, o.layout);
		yield {phase: 'cleaning up', fraction: 0.92, figures: {}};
		const cleanupStarted = performance.now();
		const deleted = (o.layout === 'key' ? await unlinkRange(ctx, result.loaded) : 0) + await deleteByPrefix(ctx.client, ctx.keyPrefix);
		const cleanupSeconds = (performance.now() - cleanupStarted) / 1000;

		const hours = before.max > 0 && bytesPerEvent ? (before.max - before.used) / bytesPerEvent / ingestRate / 3600 : undefined;
		const targetHours = ctx.profile.targets.bufferHours;
		const neededMaxmemory = bytesPerEvent ? before.used + bytesPerEvent * ingestRate * targetHours * 3600 * 1.1 : undefined;
		Object.assign(figures, {
			requested: o.events, loaded: result.loaded, present, evicted, loadSeconds: result.seconds, eventsPerSec: result.eventsPerSec,
			meanEventBytes: result.loaded > 0 ? result.bytes / result.loaded : undefined, bytesPerEvent, usedBeforeBytes: before.used, usedAfterBytes: after.used,
			maxmemoryBytes: before.max, policy: before.policy, ingestRatePerSec: ingestRate, projectedHours: hours, neededMaxmemoryBytes: neededMaxmemory,
			integrity, cleanup: {deleted, seconds: cleanupSeconds}, loadError: result.firstError,
			memoryCurve: curve.filter((_, i) => i % Math.max(1, Math.ceil(curve.length / 120)) === 0),
		});
		criteria.push({name: 'events loaded', target: o.events.toLocaleString('en-US'), measured: `${result.loaded.toLocaleString('en-US')}${result.firstError ? ` (${result.firstError})` : ''}`, passed: result.loaded === o.events});
		criteria.push({name: 'integrity (sample read back)', target: '100%', measured: integrity.checked === 0 ? '—' : `${(integrity.matched / integrity.checked * 100).toFixed(2)}% of ${integrity.checked} (${integrity.missing} missing, ${integrity.corrupt} corrupt)`,
			passed: integrity.checked > 0 && integrity.matched === integrity.checked});
		criteria.push({name: 'evictions during the load', target: '0', measured: evicted.toLocaleString('en-US'), passed: evicted === 0});
		if (hours !== undefined) {
			criteria.push({name: 'hours of buffer', target: `>= ${targetHours} h at ${formatRate(ingestRate)} events/s`, measured: `${hours.toFixed(1)} h (${Math.round(bytesPerEvent!)} B/event)`, passed: hours >= targetHours,
				note: hours >= targetHours ? undefined : `maxmemory ${formatBytes(neededMaxmemory)} would hold ${targetHours} h${o.layout === 'key' ? '; the stream layout usually stores events in fewer bytes (--compare-layouts)' : ''}.`});
		}
		summary.push(
			`Loaded ${result.loaded.toLocaleString('en-US')} of ${o.events.toLocaleString('en-US')} ${feed.description} in the ${o.layout} layout, ${o.batch}-command pipelines over ${o.layout === 'key' ? o.connections : 1} connection(s): ${formatRate(result.eventsPerSec)} events/s.`,
			`Memory grew by ${formatBytes(after.used - before.used)}: ${bytesPerEvent ? Math.round(bytesPerEvent) : '—'} bytes per event; ${present.toLocaleString('en-US')} present after the load, ${evicted} evicted.`,
			hours === undefined ? 'maxmemory is 0: no projection (the host\'s memory is the limit).' : `At ${formatRate(ingestRate)} events/s, ${formatBytes(before.max)} holds ${hours.toFixed(1)} hours of events (target ${targetHours} h).`,
			`Cleanup deleted ${deleted.toLocaleString('en-US')} key(s) in ${cleanupSeconds.toFixed(2)} s.`,
		);
		return {passed: criteria.every(c => c.passed), criteria, figures, summary};
	},
};
