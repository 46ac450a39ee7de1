import type {Collected} from '../collectors/info-collector.js';
import type {ExporterSample} from '../exporter/exporter-sample.js';
import type {ExporterInput, ExporterState, InfoFigures} from '../exporter/exporter-status.js';
import {counterRate} from '../metrics/derive.js';
import type {InfoSample} from '../redis/info-sample.js';
import {nextState, type ConnectionState} from '../collectors/connection-state.js';
import {LatencyWindow} from '../metrics/latency-window.js';
import {deriveStatus, type Reading} from '../metrics/status.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Profile} from '../profiles/profile.js';
import type {ServerConfig} from '../redis/server-config.js';
import type {Target} from '../redis/target.js';
import {Changes} from './changes.js';
import {Series} from './series.js';

export const seriesNames = ['usedMemoryBytes', 'memoryPercent', 'opsPerSec', 'evictionsPerSec', 'p50Ms', 'p99Ms', 'hitRatio', 'connectedClients'] as const;
export type SeriesName = (typeof seriesNames)[number];

export type StoreOptions = {
	/** Points kept per series (the charts show the newest that fit). */
	readonly retentionPoints?: number;
	/** The rolling window for latency percentiles and the hit ratio. */
	readonly windowMs?: number;
	/** The redis_exporter /metrics URL for this target, when there is one. */
	readonly exporterUrl?: string | undefined;
};

/** An exporter scrape no older than this can stand in for INFO while Redis is out of reach. */
const exporterFreshMs = 10_000;

export type Marker = {readonly atMs: number; readonly label: string};

/**
 * Everything known about one target: its connection state, the derived status, and the series
 * the charts draw. The monitor writes, hooks and headless commands read; one update per poll.
 */
export class TargetStore {
	readonly series: Readonly<Record<SeriesName, Series>>;
	private readonly changes = new Changes();
	private readonly latency: LatencyWindow;
	private readonly windowMs: number;
	private readings: Array<Reading & {ownCommandsAfterInfo: number}> = [];
	private config: ServerConfig | undefined;
	private evictingSinceMs: number | undefined;
	private state: ConnectionState;
	private current: TargetStatus;
	private exporterState: ExporterState;
	private exporterSamples: ExporterSample[] = [];
	private readonly exporterUrl: string | undefined;
	private source: 'info' | 'exporter' = 'info';
	private markerList: readonly Marker[] = [];

	constructor(readonly target: Target, private readonly profile: Profile, options: StoreOptions = {}, nowMs = Date.now()) {
		const capacity = options.retentionPoints ?? 600;
		this.windowMs = options.windowMs ?? 10_000;
		this.latency = new LatencyWindow(this.windowMs);
		this.series = Object.fromEntries(seriesNames.map(name => [name, new Series(capacity)])) as Record<SeriesName, Series>;
		this.state = {kind: 'connecting', sinceMs: nowMs};
		this.exporterUrl = options.exporterUrl;
		this.exporterState = {kind: 'waiting', sinceMs: nowMs};
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
		return this.changes.version;
	}

	readonly subscribe = this.changes.subscribe;

	recordSample(sample: Collected): void {
		if (this.source === 'exporter') this.readings = [];
		this.source = 'info';
		const last = this.readings.at(-1);
		if (last && last.info.runId !== sample.info.runId) this.readings = [];
		if (sample.config) this.config = sample.config;
		this.latency.add(sample.atMs, sample.pings);
		this.addReading({info: sample.info, atMs: sample.atMs, ownCommandsAfterInfo: sample.ownCommandsAfterInfo});
		const state: ConnectionState = sample.info.isLoading
			? {kind: 'loading', sinceMs: sample.atMs, percent: sample.info.loadingPercent, etaSeconds: sample.info.loadingEtaSeconds}
			: {kind: 'up', sinceMs: sample.atMs};
		this.state = nextState(this.state, state);
		this.publish(sample.atMs, sample.info);
	}

	/**
	 * A poll that failed: a gap in every series, and the state says why. While Redis is down but a
	 * fresh exporter scrape says it is up (a host that only sees the exporter), the panels show the
	 * exporter's figures instead, marked as such.
	 */
	recordFailure(state: ConnectionState): void {
		this.state = nextState(this.state, state);
		const latest = this.exporterSamples.at(-1);
		const useExporter = state.kind === 'down' && this.exporterState.kind === 'up' && latest !== undefined
			&& latest.redisUp === true && state.sinceMs - latest.atMs <= exporterFreshMs;
		if (useExporter) {
			if (this.source === 'info') this.readings = [];
			this.source = 'exporter';
			if (this.readings.at(-1)?.atMs !== latest.atMs) this.addReading({info: latest.info, atMs: latest.atMs, ownCommandsAfterInfo: 0});
			this.publish(state.sinceMs, latest.info);
			return;
		}
		this.source = 'info';
		if (state.kind === 'down') this.readings = [];
		this.publish(state.sinceMs, undefined);
	}

	/** Start and end of scenarios, drawn on the charts. */
	get markers(): readonly Marker[] {
		return this.markerList;
	}

	addMarker(label: string, atMs = Date.now()): void {
		this.markerList = [...this.markerList.slice(-19), {atMs, label}];
	}

	/** The latest exporter scrape answered and says Redis is up. */
	get exporterSeesRedis(): boolean {
		return this.exporterState.kind === 'up' && this.exporterSamples.at(-1)?.redisUp === true;
	}

	/** An exporter scrape or its failure. Shown with the next poll: one render per interval. */
	recordExporter(result: {readonly sample: ExporterSample} | {readonly atMs: number; readonly reason: string}): void {
		if ('sample' in result) {
			this.exporterState = this.exporterState.kind === 'up' ? this.exporterState : {kind: 'up', sinceMs: result.sample.atMs};
			this.exporterSamples.push(result.sample);
			if (this.exporterSamples.length > 2) this.exporterSamples.shift();
		} else {
			this.exporterState = this.exporterState.kind === 'down' ? {...this.exporterState, reason: result.reason} : {kind: 'down', sinceMs: result.atMs, reason: result.reason};
		}
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
		this.changes.bump();
	}

	/** Keeps the rolling window's readings, and always the last two (rates need them). */
	private addReading(reading: Reading & {ownCommandsAfterInfo: number}): void {
		this.readings.push(reading);
		while (this.readings.length > 2 && this.readings[0]!.atMs < reading.atMs - this.windowMs) this.readings.shift();
	}

	/**
	 * INFO as it was when the exporter scraped: the reading nearest each scrape, so a buffer that
	 * fills fast is not reported as a disagreement between the two sources.
	 */
	private infoAtScrape(): Omit<InfoFigures, 'isUp'> | undefined {
		const current = this.exporterSamples.at(-1);
		const previous = this.exporterSamples.length > 1 ? this.exporterSamples[0] : undefined;
		if (!current || this.readings.length === 0) return undefined;
		const nearest = (atMs: number) => this.readings.reduce((best, r) => (Math.abs(r.atMs - atMs) < Math.abs(best.atMs - atMs) ? r : best));
		const now = nearest(current.atMs);
		const before = previous ? nearest(previous.atMs) : undefined;
		const elapsedMs = before ? now.atMs - before.atMs : 0;
		const rate = (pick: (info: InfoSample) => number | undefined) =>
			before && elapsedMs > 0 && before.info.runId === now.info.runId ? counterRate(pick(before.info), pick(now.info), elapsedMs) : undefined;
		return {
			usedMemoryBytes: now.info.usedMemoryBytes,
			connectedClients: now.info.connectedClients,
			rawOpsPerSec: rate(info => info.totalCommands),
			evictionsPerSec: rate(info => info.evictedKeys),
		};
	}

	private derive(atMs: number, info: Collected['info'] | undefined): TargetStatus {
		const n = this.readings.length;
		const current = info ? this.readings[n - 1] : undefined;
		const previous = info && n >= 2 ? this.readings[n - 2] : undefined;
		const exporter: ExporterInput | undefined = this.exporterUrl === undefined ? undefined : {
			url: this.exporterUrl,
			state: this.exporterState,
			current: this.exporterSamples.at(-1),
			previous: this.exporterSamples.length > 1 ? this.exporterSamples[0] : undefined,
		};
		return deriveStatus({
			target: this.target.label,
			exporter,
			infoAtScrape: this.source === 'info' ? this.infoAtScrape() : undefined,
			source: this.source,
			state: this.state,
			atMs,
			profile: this.profile,
			current,
			previous,
			ownCommands: previous?.ownCommandsAfterInfo ?? 0,
			windowStart: info ? this.readings[0] : undefined,
			latency: info && this.source === 'info' ? this.latency.summary() : undefined,
			config: this.config,
			evictingSinceMs: this.evictingSinceMs,
		});
	}
}
