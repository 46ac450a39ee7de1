import {Cluster, type Redis} from 'ioredis';
import {CannotRunError, errorMessage, UsageError} from '../../errors.js';
import type {Profile} from '../../profiles/profile.js';
import {describeRedisError} from '../../redis/connect.js';
import {infoString, parseInfo} from '../../redis/parse-info.js';
import {isLoopback, type Target} from '../../redis/target.js';
import {deleteByPrefix, keyPrefix, newRunId} from '../keys.js';
import {drive, type RunOptions, type ScenarioOutcome} from '../runner.js';
import type {Progress, ScenarioResult} from '../types.js';

/** What a cluster scenario gets: the cluster client, and each master for INFO and cleanup. */
export type ClusterScenarioContext = {
	readonly seed: Target;
	readonly profile: Profile;
	/** ioredis's cluster client with auto-pipelining: commands issued together go to each node in one pipeline. */
	readonly cluster: Cluster;
	/** The masters as the cluster client knows them now (after a failover, the new ones). */
	readonly masters: () => Redis[];
	readonly keyPrefix: string;
	readonly runId: string;
};

export type ClusterScenario<O> = {
	readonly id: 'capacity' | 'pressure';
	readonly title: string;
	readonly objective: string;
	parseOptions(raw: Record<string, unknown>): O;
	run(ctx: ClusterScenarioContext, options: O, signal: AbortSignal): AsyncGenerator<Progress, ScenarioResult>;
};

// Cluster scenarios differ only in their options; the command treats them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClusterScenario = ClusterScenario<any>;

export type ClusterLoad = {readonly loaded: number; readonly bytes: number; readonly seconds: number; readonly firstError: string | undefined};

/** Event `index` as a `prefix + e:<index>` key of its own (so events spread over every slot). */
export const setEventKey = (ctx: ClusterScenarioContext, ttlSeconds?: number) => (index: number, value: string): Promise<unknown> => {
	const key = `${ctx.keyPrefix}e:${index}`;
	return ttlSeconds ? ctx.cluster.set(key, value, 'EX', ttlSeconds) : ctx.cluster.set(key, value);
};

/**
 * Writes events [from, to) with `write` through the cluster client: `inFlight` batches at a time,
 * each batch issued in one tick so auto-pipelining sends one pipeline per node (in order, on the
 * one connection per node). Stops at the first batch with an error (e.g. -OOM) and reports it;
 * `onProgress` gets the running total.
 */
export async function loadThroughCluster(plan: {from: number; to: number; batch: number; inFlight: number; event: (index: number) => string; write: (index: number, value: string) => Promise<unknown>; onProgress?: (loaded: number) => void}, signal: AbortSignal): Promise<ClusterLoad> {
	let next = plan.from;
	let loaded = 0;
	let bytes = 0;
	let firstError: string | undefined;
	const started = performance.now();
	const worker = async () => {
		while (firstError === undefined && !signal.aborted && next < plan.to) {
			const start = next;
			const end = Math.min(plan.to, start + plan.batch);
			next = end;
			const writes = [];
			for (let i = start; i < end; i++) {
				const value = plan.event(i);
				bytes += value.length;
				writes.push(plan.write(i, value));
			}
			for (const outcome of await Promise.allSettled(writes)) {
				if (outcome.status === 'fulfilled') loaded++;
				else firstError ??= outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
			}
			plan.onProgress?.(loaded);
		}
	};
	await Promise.all(Array.from({length: plan.inFlight}, worker));
	return {loaded, bytes, seconds: (performance.now() - started) / 1000, firstError};
}

export const nodeAddress = (node: Redis): string => `${node.options.host ?? '?'}:${node.options.port ?? '?'}`;

/** Opens the cluster client and waits until it knows the slots; a seed that is no cluster cannot run. */
export async function openCluster(seed: Target): Promise<Cluster> {
	const cluster = new Cluster([{host: seed.host, port: seed.port}], {
		lazyConnect: true,
		enableAutoPipelining: true,
		scaleReads: 'master',
		maxRedirections: 16,
		slotsRefreshTimeout: 5000,
		clusterRetryStrategy: times => (times > 3 ? null : 300 * times),
		redisOptions: {
			username: seed.username, password: seed.password, tls: seed.isTls ? {servername: seed.host} : undefined,
			connectTimeout: 5000, commandTimeout: 60_000, maxRetriesPerRequest: 2, connectionName: 'redtop-scenario', disableClientInfo: true, protocol: 2,
		},
	});
	cluster.on('error', () => {});
	try {
		await cluster.connect();
	} catch (error) {
		cluster.disconnect();
		throw new CannotRunError(`cannot open the cluster at ${seed.label}: ${describeRedisError(error)}`);
	}
	return cluster;
}

/**
 * Deletes every key under `prefix` on every master (`deleteByPrefix` on each), then scans again
 * until a pass finds nothing, so a key a pass missed is not left behind. Never FLUSH*, never
 * another key. Throws the first failed UNLINK, with the master it failed on.
 */
export async function deleteOnEveryMaster(masters: readonly Redis[], prefix: string): Promise<number> {
	let total = 0;
	for (let pass = 0; pass < 5; pass++) {
		const counts = await Promise.all(masters.map(node => deleteByPrefix(node, prefix, {isClusterNode: true}).catch((error: unknown) => {
			throw new Error(`UNLINK failed on ${nodeAddress(node)}: ${errorMessage(error)}`);
		})));
		const deleted = counts.reduce((a, b) => a + b, 0);
		total += deleted;
		if (deleted === 0) break;
	}
	return total;
}

/**
 * Runs a scenario against a Redis Cluster with the same safety rules as on one server: off
 * loopback only when confirmed, keys only under `redtop:<scenario>:<runId>:` (spread over the slots,
 * since the prefix has no hash tag), and cleanup on every master in `finally`.
 */
export async function runClusterScenario<O>(scenario: ClusterScenario<O>, seed: Target, profile: Profile, rawOptions: Record<string, unknown>, run: RunOptions): Promise<ScenarioOutcome> {
	const options = scenario.parseOptions(rawOptions);
	if (!isLoopback(seed) && !run.isConfirmed) throw new UsageError(`${scenario.id} writes to the cluster at ${seed.label}, which is not on this machine: confirm with --yes`);
	const cluster = await openCluster(seed);
	const startedAt = new Date().toISOString();
	const runId = newRunId();
	const prefix = keyPrefix(scenario.id, runId);
	const masters = () => cluster.nodes('master');
	let result: ScenarioResult | undefined;
	let server: ScenarioOutcome['server'] = {version: undefined, role: undefined, config: {}};
	let cleanup: ScenarioOutcome['cleanup'] = {deletedKeys: 0, seconds: 0, error: undefined};
	try {
		const first = masters()[0];
		if (!first) throw new CannotRunError(`the cluster at ${seed.label} has no master`);
		const info = parseInfo(await first.info('server'));
		const config: Record<string, string> = {};
		for (const name of ['maxmemory', 'maxmemory-policy', 'appendonly', 'appendfsync']) {
			const reply = (await first.config('GET', name).catch(() => [])) as string[];
			if (reply.length === 2) config[name] = reply[1]!;
		}
		server = {version: infoString(info, 'redis_version'), role: 'cluster', config};
		result = await drive(scenario.run({seed, profile, cluster, masters, keyPrefix: prefix, runId}, options, run.signal), run.onProgress);
	} catch (error) {
		if (error instanceof UsageError || error instanceof CannotRunError) throw error;
		if (!run.signal.aborted) throw new CannotRunError(`${scenario.id} failed on the cluster: ${describeRedisError(error)}`);
	} finally {
		const started = performance.now();
		try {
			cleanup = {deletedKeys: await deleteOnEveryMaster(masters(), prefix), seconds: (performance.now() - started) / 1000, error: undefined};
		} catch (error) {
			cleanup = {deletedKeys: 0, seconds: (performance.now() - started) / 1000, error: `cleanup failed: ${describeRedisError(error)}; delete keys ${prefix}* on every master by hand`};
		}
		cluster.disconnect();
	}
	return {
		scenario: scenario.id, title: `${scenario.title} (cluster)`, objective: scenario.objective, runId, target: `cluster ${seed.label}`, startedAt,
		finishedAt: new Date().toISOString(), options, server, aborted: run.signal.aborted,
		result: result ?? {passed: false, criteria: [], figures: {}, summary: ['Aborted before any result.']},
		cleanup,
	};
}
