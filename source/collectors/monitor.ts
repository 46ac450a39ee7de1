import type {Redis} from 'ioredis';
import {errorMessage} from '../errors.js';
import {scrapeExporter} from '../exporter/scrape.js';
import type {Profile} from '../profiles/profile.js';
import {createClient, describeRedisError, isTimeout, setCommandTimeout} from '../redis/connect.js';
import type {Target} from '../redis/target.js';
import {TargetStore, type StoreOptions} from '../store/target-store.js';
import {collectOnce} from './info-collector.js';
import {poll} from './poll.js';

export type MonitorOptions = StoreOptions & {
	readonly intervalMs: number;
	/** PINGs timed per poll for the latency panel; default: about 100 per latency window. */
	readonly pingsPerPoll?: number;
	/** CONFIG GET runs on this slower cadence. */
	readonly configEveryMs?: number;
};

/**
 * PINGs per poll so the 10 s window holds about 100 samples: a p99 of fewer samples is just the
 * maximum, and one scheduler hiccup would turn the panel amber. Sent back to back, because a PING
 * that has to wake an idle server and client measures wake-up time, not Redis.
 */
export const pingsFor = (intervalMs: number, windowMs = 10_000): number =>
	Math.min(20, Math.max(1, Math.round((100 * intervalMs) / windowMs)));

/** The reply timeout for an interval: always shorter than it, so a stalled server never stacks polls. */
export const commandTimeoutFor = (intervalMs: number): number => Math.max(50, Math.round(Math.min(intervalMs, 5000) * 0.9));

/**
 * Polls one target forever (until the signal aborts) over its own connection and feeds a store.
 * A server that goes away, stalls or restarts is recorded as such; the loop itself never throws.
 */
export class TargetMonitor {
	readonly store: TargetStore;
	private intervalMs: number;
	private readonly client: Redis;
	private lastError: string | undefined;
	private lastConfigAtMs = Number.NEGATIVE_INFINITY;
	private lastRunId: string | undefined;
	private hasConnected = false;
	private samples = 0;

	constructor(readonly target: Target, profile: Profile, private readonly options: MonitorOptions) {
		this.intervalMs = options.intervalMs;
		this.store = new TargetStore(target, profile, options);
		this.client = createClient(target, {commandTimeoutMs: commandTimeoutFor(this.intervalMs), reconnect: true, name: 'redtop-monitor'});
		this.client.on('error', error => {
			this.lastError = describeRedisError(error);
		});
		this.client.on('ready', () => {
			this.hasConnected = true;
			this.lastError = undefined;
		});
	}

	get interval(): number {
		return this.intervalMs;
	}

	setIntervalMs(intervalMs: number): void {
		this.intervalMs = intervalMs;
		setCommandTimeout(this.client, commandTimeoutFor(intervalMs));
	}

	/** Runs until `signal` aborts, then closes the connection. */
	async run(signal: AbortSignal): Promise<void> {
		this.client.connect().catch(() => {});
		try {
			const exporter = this.pollExporter(signal);
			await this.firstConnection(signal);
			await poll(() => this.collect(signal), {
				signal,
				// The second sample comes soon after the first: rates need two, and an operator
				// opening redtop in an incident should not wait two intervals for them.
				intervalMs: () => (this.samples === 1 ? Math.min(250, this.intervalMs) : this.intervalMs),
				onSample: () => {},
				onError: error => this.recordError(error),
			});
			await exporter;
		} finally {
			this.client.disconnect();
		}
	}

	/** The exporter on its own loop and timeout: a slow or dead exporter never delays INFO. */
	private async pollExporter(signal: AbortSignal): Promise<void> {
		const url = this.options.exporterUrl;
		if (url === undefined) return;
		await poll(scrapeSignal => scrapeExporter(url, commandTimeoutFor(this.intervalMs), scrapeSignal), {
			signal,
			intervalMs: () => this.intervalMs,
			onSample: sample => this.store.recordExporter({sample}),
			onError: error => this.store.recordExporter({atMs: Date.now(), reason: errorMessage(error)}),
		});
	}

	/** Waits (at most one interval) for the first connect, so the first poll is data, not "connecting". */
	private async firstConnection(signal: AbortSignal): Promise<void> {
		if (this.client.status === 'ready') return;
		await new Promise<void>(resolve => {
			const done = () => {
				clearTimeout(timer);
				this.client.off('ready', done);
				this.client.off('error', done);
				signal.removeEventListener('abort', done);
				resolve();
			};
			const timer = setTimeout(done, this.intervalMs);
			this.client.once('ready', done);
			this.client.once('error', done);
			signal.addEventListener('abort', done, {once: true});
		});
	}

	private async collect(signal: AbortSignal): Promise<void> {
		if (this.client.status !== 'ready') {
			const atMs = Date.now();
			const reason = this.lastError ?? (this.hasConnected ? 'reconnecting' : 'connecting');
			this.store.recordFailure(this.hasConnected || this.lastError ? {kind: 'down', sinceMs: atMs, reason} : {kind: 'connecting', sinceMs: atMs});
			return;
		}
		const now = Date.now();
		const readConfig = now - this.lastConfigAtMs >= (this.options.configEveryMs ?? 10_000);
		const sample = await collectOnce(this.client, {pings: this.options.pingsPerPoll ?? pingsFor(this.intervalMs, this.options.windowMs), readConfig, signal});
		if (sample.info.runId !== this.lastRunId) {
			this.lastRunId = sample.info.runId;
			if (!readConfig) this.lastConfigAtMs = Number.NEGATIVE_INFINITY;
		}
		if (readConfig) this.lastConfigAtMs = now;
		if (signal.aborted) return;
		this.samples++;
		this.store.recordSample(sample);
	}

	private recordError(error: unknown): void {
		const atMs = Date.now();
		const reason = describeRedisError(error);
		if (isTimeout(error) && this.client.status === 'ready') {
			this.store.recordFailure({kind: 'stalled', sinceMs: atMs, reason: `no reply within ${commandTimeoutFor(this.intervalMs)} ms`});
		} else {
			this.store.recordFailure({kind: 'down', sinceMs: atMs, reason});
		}
	}
}
