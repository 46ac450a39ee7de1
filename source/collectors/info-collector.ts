import type {RecordableHistogram} from 'node:perf_hooks';
import type {Redis} from 'ioredis';
import {newHistogram, recordNs} from '../metrics/latency-window.js';
import {toInfoSample, type InfoSample} from '../redis/info-sample.js';
import {parseInfo} from '../redis/parse-info.js';
import {configCommandCount, readServerConfig, type ServerConfig} from '../redis/server-config.js';

export type Collected = {
	readonly atMs: number;
	readonly info: InfoSample;
	readonly pings: RecordableHistogram;
	/** Set when this collection also read CONFIG. */
	readonly config: ServerConfig | undefined;
	/** Commands this collection sent after INFO was counted (INFO itself included): not user traffic. */
	readonly ownCommandsAfterInfo: number;
	/** How long INFO took to answer. */
	readonly infoMs: number;
};

export type CollectOptions = {
	readonly pings: number;
	readonly readConfig: boolean;
	readonly signal?: AbortSignal;
	readonly now?: () => number;
};

export async function readInfo(client: Redis): Promise<{info: InfoSample; infoMs: number}> {
	const started = performance.now();
	const text = await client.info();
	return {info: toInfoSample(parseInfo(text)), infoMs: performance.now() - started};
}

/**
 * A PING whose wait overlapped more than this much of redtop's own work (a render, a GC, module
 * loading) measured redtop, not Redis: it is dropped instead of raising a false latency alarm.
 */
export const busyLimitMs = 1;

/**
 * Times `count` PINGs one after another into `histogram`; returns how many got an answer (the
 * commands Redis counted), whether or not their timing was kept.
 */
export async function timePings(client: Redis, histogram: RecordableHistogram, count: number, signal?: AbortSignal): Promise<number> {
	let answered = 0;
	for (let i = 0; i < count && !signal?.aborted; i++) {
		const loop = performance.eventLoopUtilization();
		const started = process.hrtime.bigint();
		await client.ping();
		const elapsedNs = process.hrtime.bigint() - started;
		answered++;
		if (performance.eventLoopUtilization(loop).active <= busyLimitMs) recordNs(histogram, elapsedNs);
	}
	return answered;
}

/** One poll: INFO, a few timed PINGs (not while loading: they would get -LOADING), maybe CONFIG. */
export async function collectOnce(client: Redis, options: CollectOptions): Promise<Collected> {
	const now = options.now ?? Date.now;
	const {info, infoMs} = await readInfo(client);
	const atMs = now();
	const pings = newHistogram();
	let own = 1;
	if (!info.isLoading) own += await timePings(client, pings, options.pings, options.signal);
	let config: ServerConfig | undefined;
	if (options.readConfig) {
		config = await readServerConfig(client).catch(() => undefined);
		own += configCommandCount;
	}
	return {atMs, info, pings, config, ownCommandsAfterInfo: own, infoMs};
}
