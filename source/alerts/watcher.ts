import type {Profile} from '../profiles/profile.js';
import {Changes} from '../store/changes.js';
import type {TargetStore} from '../store/target-store.js';
import {AlertEngine, type AlertEvent} from './engine.js';
import type {Notifier} from './notifier.js';

/** Feeds every store update of every target through one alert engine and on to the notifier. */
export class AlertWatcher {
	readonly engine: AlertEngine;
	private readonly changes = new Changes();
	private readonly unsubscribes: Array<() => void> = [];

	constructor(stores: readonly TargetStore[], profile: Profile, readonly notifier: Notifier, private readonly onEvents?: (events: readonly AlertEvent[]) => void) {
		this.engine = new AlertEngine(profile);
		for (const store of stores) this.watch(store);
	}

	/** Adds a target that joined later (a new cluster node); returns how to stop watching it. */
	watch(store: TargetStore): () => void {
		const unsubscribe = store.subscribe(() => {
			const events = this.engine.update(store.status, store.status.atMs);
			if (events.length === 0) return;
			this.notifier.notify(events);
			this.onEvents?.(events);
			this.changes.bump();
		});
		this.unsubscribes.push(unsubscribe);
		return unsubscribe;
	}

	get version(): number {
		return this.changes.version;
	}

	readonly subscribe = this.changes.subscribe;

	stop(): void {
		for (const unsubscribe of this.unsubscribes) unsubscribe();
	}
}
