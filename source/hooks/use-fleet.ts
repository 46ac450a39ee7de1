import {useMemo, useSyncExternalStore} from 'react';
import type {TargetMonitor} from '../collectors/monitor.js';
import type {TargetStatus} from '../metrics/status-types.js';

/** Every target's status, re-read when any of them updates (the version is the sum of theirs). */
export function useFleet(monitors: readonly TargetMonitor[], isPaused: boolean): readonly TargetStatus[] {
	const subscribe = useMemo(() => (listener: () => void) => {
		const unsubscribes = monitors.map(m => m.store.subscribe(listener));
		return () => {
			for (const unsubscribe of unsubscribes) unsubscribe();
		};
	}, [monitors]);
	const version = useSyncExternalStore(subscribe, () => monitors.reduce((sum, m) => sum + m.store.version, 0));
	const shown = isPaused ? -1 : version;
	return useMemo(() => monitors.map(m => m.store.status), [monitors, shown]);
}
