import {useMemo, useSyncExternalStore} from 'react';
import type {TargetMonitor} from '../collectors/monitor.js';
import type {TargetStatus} from '../metrics/status-types.js';

/** Updates from many targets arrive spread over each interval: they are drawn together, at most this often. */
const coalesceMs = 500;

/**
 * Every target's status, re-read when any of them updates (the version is the sum of theirs).
 * With many targets each one's update would be a render of its own; they are coalesced instead.
 */
export function useFleet(monitors: readonly TargetMonitor[], isPaused: boolean): readonly TargetStatus[] {
	const subscribe = useMemo(() => (listener: () => void) => {
		let timer: NodeJS.Timeout | undefined;
		const coalesced = () => {
			timer ??= setTimeout(() => {
				timer = undefined;
				listener();
			}, monitors.length > 1 ? coalesceMs : 0);
		};
		const unsubscribes = monitors.map(m => m.store.subscribe(coalesced));
		return () => {
			if (timer) clearTimeout(timer);
			for (const unsubscribe of unsubscribes) unsubscribe();
		};
	}, [monitors]);
	const version = useSyncExternalStore(subscribe, () => monitors.reduce((sum, m) => sum + m.store.version, 0));
	const shown = isPaused ? -1 : version;
	return useMemo(() => monitors.map(m => m.store.status), [monitors, shown]);
}
