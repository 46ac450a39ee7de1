import {UsageError} from '../../errors.js';
import {formatBytes, formatRate} from '../../metrics/format.js';
import {capacity, evictionRisk, type CapacityOptions} from '../capacity.js';
import {scenarioInfo} from '../catalog.js';
import {prng} from '../events/random.js';
import {openFeed} from '../events/source.js';
import {countByPrefix} from '../keys.js';
import {eventKey, streamId, type Layout} from '../load/engine.js';
import {tagsPerOwner} from '../../cluster/slots.js';
import type {Redis} from 'ioredis';
import {readServerMemory, type ServerMemory} from '../server-memory.js';
import {abortedAfterLoad, type Criterion, type Progress, type ScenarioResult} from '../types.js';
import {deleteOnEveryMaster, loadThroughCluster, nodeAddress, setEventKey, type ClusterLoad, type ClusterScenario, type ClusterScenarioContext} from './cluster-runner.js';

const estimatedBytesPerEvent = 600;

/** Streams or lists per master: enough that a master's share does not hang on one key. */
const partitionsPerMaster = 4;

/**
 * The stream and list layouts keep events in a few keys, so they are split into partitions, each
 * a key with a hash tag that lands on a chosen master: every master gets the same number, and all
 * of a partition's events stay together in its slot. Event i goes to partition i mod P.
 */
function partitionKeys(ctx: ClusterScenarioContext, layout: Layout, masters: readonly Redis[]): {readonly keys: string[]; readonly owners: string[]} {
	const owners = ctx.cluster.slots.map(nodes => nodes[0]);
	const byMaster = tagsPerOwner(owners, partitionsPerMaster);
	const keys: string[] = [];
	const keyOwners: string[] = [];
	for (let k = 0; k < partitionsPerMaster; k++) {
		for (const node of masters) {
			const tag = byMaster.get(nodeAddress(node))?.[k];
			if (tag === undefined) throw new Error(`no hash tag found for master ${nodeAddress(node)}`);
			keys.push(`${ctx.keyPrefix}${layout}:{${tag}}`);
			keyOwners.push(nodeAddress(node));
		}
	}
	return {keys, owners: keyOwners};
}

const appendToPartition = (ctx: ClusterScenarioContext, layout: Layout, keys: readonly string[]) => (index: number, value: string): Promise<unknown> => {
	const key = keys[index % keys.length]!;
	return layout === 'stream' ? ctx.cluster.xadd(key, streamId(index), 'e', value) : ctx.cluster.rpush(key, value);
};

/** Event `index` read back from where its layout put it (null when it is not there). */
async function readEvent(ctx: ClusterScenarioContext, layout: Layout, keys: readonly string[] | undefined, index: number): Promise<string | null> {
	if (!keys) return ctx.cluster.get(eventKey(ctx.keyPrefix, 'key', index));
	const key = keys[index % keys.length]!;
	if (layout === 'list') return ctx.cluster.lindex(key, Math.floor(index / keys.length));
	const entries = await ctx.cluster.xrange(key, streamId(index), streamId(index));
	return entries[0]?.[1]?.[1] ?? null;
}

type ShardFigures = {
	readonly master: string;
	readonly events: number;
	readonly share: number;
	readonly grownBytes: number;
	readonly bytesPerEvent: number | undefined;
	readonly maxmemoryBytes: number;
	readonly usedBeforeBytes: number;
	readonly evicted: number;
	/** Hours until this shard is full, at its share of the ingest rate. */
	readonly projectedHours: number | undefined;
};

/**
 * Buffer capacity on a cluster: events go through the cluster client (in the key layout each
 * event's key hashes to its own slot; streams and lists are partitioned with hash tags, the same
 * number on every master), are read back through it, and are counted and measured on each master.
 * The cluster is full when its fullest shard is, so the projection is the smallest of the shards',
 * at each shard's share of the events.
 */
export const clusterCapacity: ClusterScenario<CapacityOptions> = {
	...scenarioInfo('capacity'),
	id: 'capacity',
	parseOptions(raw) {
		const o = capacity.parseOptions(raw);
		if (o.compareLayouts) throw new UsageError('--compare-layouts is for one server: on a cluster, run capacity once per --layout');
		return o;
	},
	async *run(ctx, o, signal): AsyncGenerator<Progress, ScenarioResult> {
		const ingestRate = o.ingestRate ?? ctx.profile.targets.bufferEvents / (ctx.profile.targets.bufferHours * 3600);
		const feed = await openFeed({seed: o.seed, mix: o.mix, ingestRate, eventsFile: o.eventsFile});
		const masters = ctx.masters();
		const before = await Promise.all(masters.map(readServerMemory));
		for (const [index, node] of masters.entries()) {
			const risk = evictionRisk(before[index]!, (o.events * estimatedBytesPerEvent) / masters.length);
			if (risk && !o.force) throw new UsageError(`capacity refuses on master ${nodeAddress(node)}: ${risk}`);
		}
		const totalUsed = (memories: readonly ServerMemory[]) => memories.reduce((sum, m) => sum + m.used, 0);

		const partitions = o.layout === 'key' ? undefined : partitionKeys(ctx, o.layout, masters);
		let loadedSoFar = 0;
		const started = performance.now();
		let result: ClusterLoad | undefined;
		// A stream or list needs its events in order: one batch in flight, like the one-server engine.
		const loading = loadThroughCluster({from: 0, to: o.events, batch: o.batch, inFlight: partitions ? 1 : o.connections, event: feed.event,
			write: partitions ? appendToPartition(ctx, o.layout, partitions.keys) : setEventKey(ctx, o.ttlSeconds), onProgress: loaded => {
				loadedSoFar = loaded;
			}}, signal).then(r => {
			result = r;
		});
		while (!result) {
			await Promise.race([loading, new Promise(resolve => setTimeout(resolve, 1000))]);
			const seconds = (performance.now() - started) / 1000;
			yield {phase: `loading over ${masters.length} masters`, fraction: (loadedSoFar / o.events) * 0.8, figures: {eventsPerSec: Math.round(loadedSoFar / Math.max(0.001, seconds)), loaded: loadedSoFar}};
		}
		await loading;
		const {loaded, bytes, seconds: loadSeconds, firstError} = result;
		if (signal.aborted) return abortedAfterLoad(loaded, o.events, loadSeconds);

		yield {phase: 'counting per shard', fraction: 0.82, figures: {}};
		const after = await Promise.all(masters.map(readServerMemory));
		const perMaster = partitions
			? await Promise.all(masters.map(async node => {
				const own = partitions.keys.filter((_, k) => partitions.owners[k] === nodeAddress(node));
				const lengths = await Promise.all(own.map(key => (o.layout === 'stream' ? node.xlen(key) : node.llen(key))));
				return lengths.reduce((a, b) => a + b, 0);
			}))
			: await Promise.all(masters.map(node => countByPrefix(node, `${ctx.keyPrefix}e:`)));
		const present = perMaster.reduce((a, b) => a + b, 0);
		const shards: ShardFigures[] = masters.map((node, index) => {
			const events = perMaster[index]!;
			const grown = after[index]!.used - before[index]!.used;
			const share = present > 0 ? events / present : 0;
			const bytesPerEvent = events > 0 ? grown / events : undefined;
			const max = before[index]!.max;
			return {
				master: nodeAddress(node), events, share, grownBytes: grown, bytesPerEvent, maxmemoryBytes: max, usedBeforeBytes: before[index]!.used,
				evicted: after[index]!.evicted - before[index]!.evicted,
				projectedHours: max > 0 && bytesPerEvent && share > 0 ? (max - before[index]!.used) / bytesPerEvent / (ingestRate * share) / 3600 : undefined,
			};
		});

		yield {phase: 'verifying', fraction: 0.86, figures: {}};
		const random = prng(o.seed ^ 0x5eed);
		const sample = Math.min(o.verifySample, loaded);
		const indexes = Array.from({length: sample}, () => Math.floor(random() * loaded));
		const values = await Promise.all(indexes.map(i => readEvent(ctx, o.layout, partitions?.keys, i)));
		const missing = values.filter(v => v === null).length;
		const matched = values.filter((v, k) => v === feed.event(indexes[k]!)).length;
		const integrity = {checked: sample, matched, missing, corrupt: sample - matched - missing};

		yield {phase: 'cleaning up on every master', fraction: 0.92, figures: {}};
		const cleanupStarted = performance.now();
		const deleted = await deleteOnEveryMaster(masters, ctx.keyPrefix);
		const cleanupSeconds = (performance.now() - cleanupStarted) / 1000;

		const evicted = shards.reduce((sum, s) => sum + s.evicted, 0);
		const grown = totalUsed(after) - totalUsed(before);
		const bytesPerEvent = present > 0 ? grown / present : undefined;
		const limiting = shards.filter(s => s.projectedHours !== undefined).sort((a, b) => a.projectedHours! - b.projectedHours!)[0];
		const targetHours = ctx.profile.targets.bufferHours;
		const criteria: Criterion[] = [
			{name: 'events loaded', target: o.events.toLocaleString('en-US'), measured: `${loaded.toLocaleString('en-US')}${firstError ? ` (${firstError})` : ''}`, passed: loaded === o.events},
			{name: 'spread over the masters', target: `every one of ${masters.length} masters holds events`, measured: shards.map(s => `${s.master} ${(s.share * 100).toFixed(1)}%`).join(', '), passed: shards.every(s => s.events > 0)},
			{name: 'integrity (sample read back)', target: '100%', measured: sample === 0 ? '—' : `${((matched / sample) * 100).toFixed(2)}% of ${sample} (${missing} missing, ${integrity.corrupt} corrupt)`, passed: sample > 0 && matched === sample},
			{name: 'evictions during the load', target: '0', measured: evicted.toLocaleString('en-US'), passed: evicted === 0},
		];
		if (limiting) {
			criteria.push({name: 'hours of buffer (fullest shard)', target: `>= ${targetHours} h at ${formatRate(ingestRate)} events/s`, measured: `${limiting.projectedHours!.toFixed(1)} h, limited by ${limiting.master}`,
				passed: limiting.projectedHours! >= targetHours});
		}
		return {
			passed: criteria.every(c => c.passed),
			criteria,
			figures: {
				options: {...o, mix: undefined}, feed: feed.description, requested: o.events, loaded, present, evicted, loadSeconds, eventsPerSec: loaded / Math.max(0.001, loadSeconds),
				meanEventBytes: loaded > 0 ? bytes / loaded : undefined, bytesPerEvent, ingestRatePerSec: ingestRate, projectedHours: limiting?.projectedHours, shards, integrity,
				cleanup: {deleted, seconds: cleanupSeconds}, loadError: firstError,
			},
			summary: [
				`Loaded ${loaded.toLocaleString('en-US')} of ${o.events.toLocaleString('en-US')} ${feed.description} through the cluster client (${partitions ? `${o.layout} layout in ${partitions.keys.length} hash-tagged partitions, ${partitionsPerMaster} per master` : 'key layout'}, ${o.batch}-event batches, ${partitions ? 1 : o.connections} in flight): ${formatRate(loaded / Math.max(0.001, loadSeconds))} events/s.`,
				...shards.map(s => `Shard ${s.master}: ${s.events.toLocaleString('en-US')} events (${(s.share * 100).toFixed(1)}%), memory +${formatBytes(s.grownBytes)}, ${s.bytesPerEvent ? Math.round(s.bytesPerEvent) : '—'} B/event, ${s.evicted} evicted, ${s.projectedHours === undefined ? 'no maxmemory: no projection' : `full in ${s.projectedHours.toFixed(1)} h`}.`),
				`In total memory grew by ${formatBytes(grown)}: ${bytesPerEvent ? Math.round(bytesPerEvent) : '—'} B/event.${limiting ? ` The cluster holds ${limiting.projectedHours!.toFixed(1)} hours at ${formatRate(ingestRate)} events/s: ${limiting.master} fills first.` : ''}`,
				`Cleanup deleted ${deleted.toLocaleString('en-US')} key(s) on ${masters.length} masters in ${cleanupSeconds.toFixed(2)} s.`,
			],
		};
	},
};
