import {Redis} from 'ioredis';
import {CannotRunError, UsageError} from '../errors.js';
import type {Profile} from '../profiles/profile.js';
import {describeRedisError} from '../redis/connect.js';
import {infoString, parseInfo} from '../redis/parse-info.js';
import {isLoopback, type Target} from '../redis/target.js';
import {deleteByPrefix, keyPrefix, newRunId} from './keys.js';
import type {AnyScenario, Progress, ScenarioResult} from './types.js';

export type RunOptions = {
	readonly signal: AbortSignal;
	/** `--yes`, or the UI's confirmation: destructive work off loopback, and --apply. */
	readonly isConfirmed: boolean;
	readonly onProgress?: (progress: Progress) => void;
	/** `--sandbox`: how to restart the server redtop started. */
	readonly restartServer?: ((mode: 'graceful' | 'crash') => Promise<void>) | undefined;
};

export type ScenarioOutcome = {
	readonly scenario: AnyScenario['id'];
	readonly title: string;
	readonly objective: string;
	readonly runId: string;
	readonly target: string;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly options: unknown;
	readonly server: {readonly version: string | undefined; readonly role: string | undefined; readonly config: Readonly<Record<string, string>>};
	readonly result: ScenarioResult;
	readonly aborted: boolean;
	readonly cleanup: {readonly deletedKeys: number; readonly seconds: number; readonly error: string | undefined};
};

/** Runs a scenario's generator to its result, handing each progress step on. */
export async function drive(generator: AsyncGenerator<Progress, ScenarioResult>, onProgress?: (progress: Progress) => void): Promise<ScenarioResult> {
	let step = await generator.next();
	while (!step.done) {
		onProgress?.(step.value);
		step = await generator.next();
	}
	return step.value;
}

/** A client for scenario work: it fails fast instead of queueing while Redis is away. */
function scenarioClient(target: Target): Redis {
	const client = new Redis({
		host: target.host, port: target.port, username: target.username, password: target.password, db: target.db,
		tls: target.isTls ? {servername: target.host} : undefined,
		lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: times => (times > 3 ? null : 200 * times),
		connectTimeout: 5000, commandTimeout: 60_000, connectionName: 'redtop-scenario', disableClientInfo: true, protocol: 2,
	});
	client.on('error', () => {});
	return client;
}

const reportedConfig = ['maxmemory', 'maxmemory-policy', 'appendonly', 'appendfsync', 'save', 'maxclients'];

/**
 * Runs one scenario with the safety rules every scenario shares: never on a replica, destructive
 * work off loopback only when confirmed, keys only under `redtop:<scenario>:<runId>:`, and cleanup
 * by prefix in `finally`, so success, failure and abort all leave the server as it was.
 */
export async function runScenario(scenario: AnyScenario, target: Target, profile: Profile, rawOptions: Record<string, unknown>, run: RunOptions): Promise<ScenarioOutcome> {
	const options = scenario.parseOptions(rawOptions);
	if (scenario.destructive && !isLoopback(target) && !run.isConfirmed) {
		throw new UsageError(`${scenario.id} writes to ${target.label}, which is not on this machine: confirm with --yes`);
	}
	const client = scenarioClient(target);
	const extra: Redis[] = [];
	try {
		await client.connect();
	} catch (error) {
		client.disconnect();
		throw new CannotRunError(`cannot connect to ${target.label}: ${describeRedisError(error)}`);
	}
	const startedAt = new Date().toISOString();
	const runId = newRunId();
	const prefix = keyPrefix(scenario.id, runId);
	let result: ScenarioResult | undefined;
	let server: ScenarioOutcome['server'] = {version: undefined, role: undefined, config: {}};
	let cleanup: ScenarioOutcome['cleanup'] = {deletedKeys: 0, seconds: 0, error: undefined};
	try {
		const info = parseInfo(await client.info());
		const role = infoString(info, 'role');
		if (role === 'slave') throw new CannotRunError(`${target.label} is a replica: scenarios run on the master only`);
		const config: Record<string, string> = {};
		for (const name of reportedConfig) {
			const reply = await client.config('GET', name).catch(() => []) as string[];
			if (reply.length === 2) config[name] = reply[1]!;
		}
		server = {version: infoString(info, 'redis_version'), role, config};
		const ctx = {
			target, profile, client, keyPrefix: prefix, runId, isConfirmed: run.isConfirmed, restartServer: run.restartServer,
			newClient: async () => {
				const another = scenarioClient(target);
				extra.push(another);
				await another.connect();
				return another;
			},
		};
		result = await drive(scenario.run(ctx, options, run.signal), run.onProgress);
	} catch (error) {
		if (error instanceof UsageError || error instanceof CannotRunError) throw error;
		if (!run.signal.aborted) throw new CannotRunError(`${scenario.id} failed: ${describeRedisError(error)}`);
	} finally {
		cleanup = await cleanUp(target, client, prefix);
		for (const connection of [client, ...extra]) connection.disconnect();
	}
	return {
		scenario: scenario.id, title: scenario.title, objective: scenario.objective, runId, target: target.label, startedAt,
		finishedAt: new Date().toISOString(), options, server, aborted: run.signal.aborted,
		result: result ?? {passed: false, criteria: [], figures: {}, summary: ['Aborted before any result.']},
		cleanup,
	};
}

/** By prefix, on the scenario's connection or, if that broke, a fresh one. Never throws. */
async function cleanUp(target: Target, client: Redis, prefix: string): Promise<ScenarioOutcome['cleanup']> {
	const started = performance.now();
	const attempt = async (connection: Redis) => ({deletedKeys: await deleteByPrefix(connection, prefix), seconds: (performance.now() - started) / 1000, error: undefined});
	try {
		return await attempt(client);
	} catch {
		const fresh = scenarioClient(target);
		try {
			await fresh.connect();
			return await attempt(fresh);
		} catch (error) {
			return {deletedKeys: 0, seconds: (performance.now() - started) / 1000, error: `cleanup failed: ${describeRedisError(error)}; delete keys ${prefix}* by hand`};
		} finally {
			fresh.disconnect();
		}
	}
}
