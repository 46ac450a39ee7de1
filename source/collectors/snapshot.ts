import {CannotRunError, errorMessage} from '../errors.js';
import {scrapeExporter} from '../exporter/scrape.js';
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
	readonly exporterUrl?: string | undefined;
};

/** Bursts of back-to-back PINGs, like the monitor's, about 100 per second of window. */
const burstEveryMs = 100;
const pingsPerBurst = 10;
const exporterTimeoutMs = 3000;

/**
 * One sample window: INFO, CONFIG, PINGs spread over the window, INFO again (and an exporter
 * scrape at each end when one is configured). The readings go through the same store the live
 * monitor uses, so the figures are computed exactly as on screen.
 */
export async function takeSnapshot(target: Target, profile: Profile, options: SnapshotOptions): Promise<TargetStatus> {
	const store = new TargetStore(target, profile, {windowMs: options.windowMs + 60_000, exporterUrl: options.exporterUrl});
	const scrape = async () => {
		if (options.exporterUrl === undefined) return;
		try {
			store.recordExporter({sample: await scrapeExporter(options.exporterUrl, exporterTimeoutMs, options.signal)});
		} catch (error) {
			store.recordExporter({atMs: Date.now(), reason: errorMessage(error)});
		}
	};
	const firstScrape = scrape();
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
			const reason = describeRedisError(lastError ?? error);
			await firstScrape;
			if (store.exporterSeesRedis) return await fromExporter(store, reason, options, scrape);
			throw new CannotRunError(`cannot connect to ${target.label}: ${reason}`);
		}
		await firstScrape;
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
		const [second] = await Promise.all([readInfo(client), scrape()]);
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

/** Redis is out of reach but its exporter is not: the window is read from two scrapes instead. */
async function fromExporter(store: TargetStore, reason: string, options: SnapshotOptions, scrape: () => Promise<void>): Promise<TargetStatus> {
	store.recordFailure({kind: 'down', sinceMs: Date.now(), reason});
	await sleep(options.windowMs, options.signal);
	await scrape();
	store.recordFailure({kind: 'down', sinceMs: Date.now(), reason});
	return store.status;
}
