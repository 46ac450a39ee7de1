import type {Collected} from '../collectors/info-collector.js';
import {nextState, type ConnectionState} from '../collectors/connection-state.js';
import {LatencyWindow} from '../metrics/latency-window.js';
import {deriveStatus, type Reading} from '../metrics/status.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Profile} from '../profiles/profile.js';
import type {ServerConfig} from '../redis/server-config.js';
import type {Target} from '../redis/target.js';
import {Series} from './series.js';

export const seriesNames = ['usedMemoryBytes', 'memoryPercent', 'opsPerSec', 'evictionsPerSec', 'p50Ms', 'p99Ms', 'hitRatio', 'connectedClients'] as const;
export type SeriesName = (typeof seriesNames)[number];

export type StoreOptions = {
	/** Points kept per series (the charts show the newest that fit). */
	readonly retentionPoints?: number;
	/** The rolling window for latency percentiles and the hit ratio. */
	readonly windowMs?: number;
};

type Listener = () => void;

/**
 * Everything known about one target: its connection state, the derived status, and the series
 * the charts draw. The monitor writes, hooks and headless commands read; one update per poll.
 */
export class TargetStore {
	readonly series: Readonly<Record<SeriesName, Series>>;
	private readonly listeners = new Set<Listener>();
	private readonly latency: LatencyWindow;
	private readonly windowMs: number;
	private readings: Array<Reading & {ownCommandsAfterInfo: number}> = [];
	private config: ServerConfig | undefined;
	private evictingSinceMs: number | undefined;
	private state: ConnectionState;
	private current: TargetStatus;
	private revision = 0;

	constructor(readonly target: Target, private profile: Profile, options: StoreOptions = {}, nowMs = Date.now()) {
		const capacity = options.retentionPoints ?? 600;
		this.windowMs = options.windowMs ?? 10_000;
		this.latency = new LatencyWindow(this.windowMs);
		this.series = Object.fromEntries(seriesNames.map(name => [name, new Series(capacity)])) as Record<SeriesName, Series>;
		this.state = {kind: 'connecting', sinceMs: nowMs};
		this.current = this.derive(nowMs, undefined);
	}

	get status(): TargetStatus {
		return this.current;
	}

	get connection(): ConnectionState {
		return this.state;
	}

	/** Changes with every update; lets React skip renders when nothing happened. */
	get version(): number {
		return this.revision;
	}

	/** An arrow property, so React's useSyncExternalStore gets the same function every render. */
	readonly subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	recordSample(sample: Collected): void {
		const last = this.readings.at(-1);
		if (last && last.info.runId !== sample.info.runId) this.readings = [];
		if (sample.config) this.config = sample.config;
		this.latency.add(sample.atMs, sample.pings);
		this.readings.push({info: sample.info, atMs: sample.atMs, ownCommandsAfterInfo: sample.ownCommandsAfterInfo});
		while (this.readings.length > 2 && this.readings[0]!.atMs < sample.atMs - this.windowMs) this.readings.shift();
		const state: ConnectionState = sample.info.isLoading
			? {kind: 'loading', sinceMs: sample.atMs, percent: sample.info.loadingPercent, etaSeconds: sample.info.loadingEtaSeconds}
			: {kind: 'up', sinceMs: sample.atMs};
		this.state = nextState(this.state, state);
		this.publish(sample.atMs, sample.info);
	}

	/** A poll that failed: a gap in every series, and the state says why. */
	recordFailure(state: ConnectionState): void {
		this.state = nextState(this.state, state);
		if (state.kind === 'down') this.readings = [];
		this.publish(state.sinceMs, undefined);
	}

	setProfile(profile: Profile): void {
		this.profile = profile;
	}

	private publish(atMs: number, info: Collected['info'] | undefined): void {
		this.current = this.derive(atMs, info);
		const s = this.current;
		const perSec = s.evictions.perSec;
		if (perSec === undefined || perSec === 0) this.evictingSinceMs = undefined;
		else this.evictingSinceMs ??= atMs;
		const values: Record<SeriesName, number | undefined> = {
			usedMemoryBytes: s.memory.usedBytes,
			memoryPercent: s.memory.usedPercent,
			opsPerSec: s.ops.perSec,
			evictionsPerSec: s.evictions.perSec,
			p50Ms: s.latency.p50Ms,
			p99Ms: s.latency.p99Ms,
			hitRatio: s.hitRatio,
			connectedClients: s.clients.connected,
		};
		const isGap = info === undefined;
		for (const name of seriesNames) this.series[name].push(atMs, isGap ? undefined : values[name]);
		this.revision++;
		for (const listener of this.listeners) listener();
	}

	private derive(atMs: number, info: Collected['info'] | undefined): TargetStatus {
		const n = this.readings.length;
		const current = info ? this.readings[n - 1] : undefined;
		const previous = info && n >= 2 ? this.readings[n - 2] : undefined;
		return deriveStatus({
			target: this.target.label,
			state: this.state,
			atMs,
			profile: this.profile,
			current,
			previous,
			ownCommands: previous?.ownCommandsAfterInfo ?? 0,
			windowStart: info ? this.readings[0] : undefined,
			latency: info ? this.latency.summary() : undefined,
			config: this.config,
			evictingSinceMs: this.evictingSinceMs,
		});
	}
}
