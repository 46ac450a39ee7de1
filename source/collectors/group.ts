import type {Profile} from '../profiles/profile.js';
import {describeRedisError} from '../redis/connect.js';
import type {Target} from '../redis/target.js';
import {Changes} from '../store/changes.js';
import {AskInTurn} from './ask.js';
import {commandTimeoutFor, TargetMonitor, type MonitorOptions} from './monitor.js';
import {poll} from './poll.js';

/**
 * A set of targets that changes while redtop runs: the nodes of a cluster, the master and replicas
 * Sentinel names. Each target keeps its own monitor (its own connection and poll loop) for as long
 * as it belongs to the set; the first monitor is the one the app shows by default.
 */
export interface MonitorGroup {
	readonly subscribe: (listener: () => void) => () => void;
	readonly version: number;
	monitors(): readonly TargetMonitor[];
	setIntervalMs(intervalMs: number): void;
	run(signal: AbortSignal): Promise<void>;
	/** What happened to the group itself (a failover, a node joining), oldest first; for headless lines. */
	notices(): readonly GroupNotice[];
}

export type GroupNotice = {readonly atMs: number; readonly severity: 'info' | 'warn' | 'critical'; readonly message: string};

type Running = {readonly monitor: TargetMonitor; readonly controller: AbortController; readonly done: Promise<void>};

/** Starts and stops one TargetMonitor per target as targets come and go. */
export class MonitorPool {
	readonly changes = new Changes();
	private readonly running = new Map<string, Running>();
	private intervalMs: number;

	constructor(private readonly profile: Profile, private readonly options: MonitorOptions, private readonly onAdded?: (monitor: TargetMonitor) => (() => void) | void) {
		this.intervalMs = options.intervalMs;
	}

	get(label: string): TargetMonitor | undefined {
		return this.running.get(label)?.monitor;
	}

	get all(): TargetMonitor[] {
		return [...this.running.values()].map(r => r.monitor);
	}

	/** Makes the running set exactly `targets` (by label); returns whether anything changed. */
	sync(targets: readonly Target[], signal: AbortSignal, exporterFor?: (label: string) => string | undefined): boolean {
		if (signal.aborted) return false;
		let changed = false;
		const wanted = new Set(targets.map(t => t.label));
		for (const [label, r] of this.running) {
			if (wanted.has(label)) continue;
			r.controller.abort();
			this.running.delete(label);
			changed = true;
		}
		for (const target of targets) {
			if (this.running.has(target.label)) continue;
			const monitor = new TargetMonitor(target, this.profile, {...this.options, intervalMs: this.intervalMs, exporterUrl: exporterFor?.(target.label)});
			const controller = new AbortController();
			const stopWatching = this.onAdded?.(monitor);
			const done = monitor.run(controller.signal).finally(() => stopWatching?.());
			this.running.set(target.label, {monitor, controller, done});
			changed = true;
		}
		if (changed) this.changes.bump();
		return changed;
	}

	setIntervalMs(intervalMs: number): void {
		this.intervalMs = intervalMs;
		for (const r of this.running.values()) r.monitor.setIntervalMs(intervalMs);
	}

	async stop(): Promise<void> {
		for (const r of this.running.values()) r.controller.abort();
		await Promise.all([...this.running.values()].map(r => r.done));
	}
}

/** The part of a group's state every group has: whether its own source (a seed, the sentinels) answers. */
export type GroupState = {
	readonly status: 'connecting' | 'up' | 'down';
	readonly reason: string | undefined;
	readonly sinceMs: number;
	readonly atMs: number;
};

export type GroupOptions = MonitorOptions & {readonly onNode?: (monitor: TargetMonitor) => (() => void) | void};

/**
 * A group that learns its members by polling a source of truth (CLUSTER NODES, the sentinels) every
 * interval, over its own short connections, and keeps one TargetMonitor per member. Subclasses say
 * how to read the source, what a reading means, and in which order the members come.
 */
export abstract class PolledGroup<Reading, State extends GroupState> implements MonitorGroup {
	protected readonly pool: MonitorPool;
	protected intervalMs: number;
	protected view: State;
	protected readonly asker: AskInTurn;

	constructor(connectionName: string, profile: Profile, options: GroupOptions, initial: State) {
		this.intervalMs = options.intervalMs;
		this.pool = new MonitorPool(profile, options, options.onNode);
		this.asker = new AskInTurn(connectionName, () => commandTimeoutFor(this.intervalMs));
		this.view = initial;
	}

	get version(): number {
		return this.pool.changes.version;
	}

	readonly subscribe = (listener: () => void) => this.pool.changes.subscribe(listener);

	get state(): State {
		return this.view;
	}

	get interval(): number {
		return this.intervalMs;
	}

	setIntervalMs(intervalMs: number): void {
		this.intervalMs = intervalMs;
		this.pool.setIntervalMs(intervalMs);
	}

	/** The members in the group's own order (labels); members not in it come last. */
	monitors(): TargetMonitor[] {
		const order = this.order();
		const rank = (m: TargetMonitor) => {
			const index = order.indexOf(m.target.label);
			return index < 0 ? order.length : index;
		};
		return this.pool.all.sort((a, b) => rank(a) - rank(b));
	}

	async run(signal: AbortSignal): Promise<void> {
		try {
			await poll(() => this.read(), {
				signal,
				intervalMs: () => this.intervalMs,
				onSample: reading => this.record(reading, signal),
				onError: error => this.update({status: this.hasReading() ? 'down' : 'connecting', reason: describeRedisError(error), atMs: Date.now()} as Partial<State> & {atMs: number}),
			});
		} finally {
			this.asker.close();
			await this.pool.stop();
		}
	}

	abstract notices(): readonly GroupNotice[];
	protected abstract order(): readonly string[];
	protected abstract hasReading(): boolean;
	protected abstract read(): Promise<Reading>;
	protected abstract record(reading: Reading, signal: AbortSignal): void;

	/** A new state; `sinceMs` moves when the status changes. Tells the subscribers. */
	protected update(next: Partial<State> & {readonly atMs: number}): void {
		const sinceMs = next.status !== undefined && next.status !== this.view.status ? next.atMs : this.view.sinceMs;
		this.view = {...this.view, ...next, sinceMs};
		this.pool.changes.bump();
	}
}
