import type {Profile} from '../profiles/profile.js';
import type {Target} from '../redis/target.js';
import {Changes} from '../store/changes.js';
import {TargetMonitor, type MonitorOptions} from './monitor.js';

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
