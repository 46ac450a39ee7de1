import {CannotRunError} from '../errors.js';
import {newHistogram} from '../metrics/latency-window.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Profile} from '../profiles/profile.js';
import {createClient, describeRedisError} from '../redis/connect.js';
import {configCommandCount, readServerConfig} from '../redis/server-config.js';
import type {Target} from '../redis/target.js';
import {TargetStore} from '../store/target-store.js';
import {readInfo, timePings} from './info-collector.js';
import {sleep} from './sleep.js';

export type SnapshotOptions = {
	/** Between the two INFO reads; PINGs are timed across it. */
	readonly windowMs: number;
	readonly signal?: AbortSignal;
	readonly connectTimeoutMs?: number;
};

/** Bursts of back-to-back PINGs, like the monitor's, about 100 per second of window. */
const burstEveryMs = 100;
const pingsPerBurst = 10;

/**
 * One sample window: INFO, CONFIG, PINGs spread over the window, INFO again. The two readings go
 * through the same store the live monitor uses, so the figures are computed exactly as on screen.
 */
export async function takeSnapshot(target: Target, profile: Profile, options: SnapshotOptions): Promise<TargetStatus> {
	const client = createClient(target, {commandTimeoutMs: 5000, connectTimeoutMs: options.connectTimeoutMs ?? 5000, reconnect: false, name: 'redtop-snapshot'});
	let lastError: unknown;
	client.on('error', error => {
		lastError = error;
	});
	try {
		try {
			await client.connect();
			await client.ping().catch(error => {
				if (!/LOADING/.test(String(error))) throw error;
			});
		} catch (error) {
			throw new CannotRunError(`cannot connect to ${target.label}: ${describeRedisError(lastError ?? error)}`);
		}
		const store = new TargetStore(target, profile, {windowMs: options.windowMs + 60_000});
		const first = await readInfo(client);
		const firstAtMs = Date.now();
		const config = await readServerConfig(client).catch(() => undefined);
		const pings = newHistogram();
		let answered = 0;
		const endMs = performance.now() + options.windowMs;
		while (performance.now() < endMs && !options.signal?.aborted) {
			if (!first.info.isLoading) answered += await timePings(client, pings, pingsPerBurst);
			await sleep(Math.min(burstEveryMs, Math.max(0, endMs - performance.now())), options.signal);
		}
		const second = await readInfo(client);
		const secondAtMs = Date.now();
		store.recordSample({atMs: firstAtMs, info: first.info, pings: newHistogram(), config, infoMs: first.infoMs,
			ownCommandsAfterInfo: 1 + configCommandCount + answered});
		store.recordSample({atMs: secondAtMs, info: second.info, pings, config: undefined, infoMs: second.infoMs, ownCommandsAfterInfo: 1});
		return store.status;
	} catch (error) {
		if (error instanceof CannotRunError) throw error;
		throw new CannotRunError(`lost ${target.label} during the snapshot: ${describeRedisError(error)}`);
	} finally {
		client.disconnect();
	}
}
