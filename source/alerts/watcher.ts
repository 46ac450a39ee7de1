import type {Profile} from '../profiles/profile.js';
import type {TargetStore} from '../store/target-store.js';
import {AlertEngine, type AlertEvent} from './engine.js';
import type {Notifier} from './notifier.js';

type Listener = () => void;

/** Feeds every store update of every target through one alert engine and on to the notifier. */
export class AlertWatcher {
	readonly engine: AlertEngine;
	private readonly listeners = new Set<Listener>();
	private readonly unsubscribes: Array<() => void> = [];
	private revision = 0;

	constructor(stores: readonly TargetStore[], profile: Profile, readonly notifier: Notifier, private readonly onEvents?: (events: readonly AlertEvent[]) => void) {
		this.engine = new AlertEngine(profile);
		for (const store of stores) {
			this.unsubscribes.push(store.subscribe(() => {
				const events = this.engine.update(store.status, store.status.atMs);
				if (events.length === 0) return;
				this.notifier.notify(events);
				this.onEvents?.(events);
				this.revision++;
				for (const listener of this.listeners) listener();
			}));
		}
	}

	get version(): number {
		return this.revision;
	}

	readonly subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	stop(): void {
		for (const unsubscribe of this.unsubscribes) unsubscribe();
	}
}
