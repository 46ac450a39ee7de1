import {useMemo, useSyncExternalStore} from 'react';
import type {Alert, AlertEvent} from '../alerts/engine.js';
import type {AlertWatcher} from '../alerts/watcher.js';

export type AlertsView = {readonly active: readonly Alert[]; readonly history: readonly AlertEvent[]; readonly deliveryError: string | undefined};

const none = () => () => {};

/** Active alerts and their history, re-read when the watcher reports a change. */
export function useAlerts(watcher: AlertWatcher | undefined, tick: number): AlertsView {
	const version = useSyncExternalStore(watcher?.subscribe ?? none, () => watcher?.version ?? 0);
	return useMemo(() => ({
		active: watcher?.engine.active() ?? [],
		history: [...(watcher?.engine.history() ?? [])].reverse(),
		deliveryError: watcher?.notifier.lastError,
	}), [watcher, version, tick]);
}
