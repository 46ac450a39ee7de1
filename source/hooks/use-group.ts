import {useMemo, useSyncExternalStore} from 'react';
import type {MonitorGroup} from '../collectors/group.js';
import type {TargetMonitor} from '../collectors/monitor.js';

const none = () => () => {};

/** The group's monitors, re-read when its membership (or its own state) changes; `fixed` when there is no group. */
export function useGroupMonitors(group: MonitorGroup | undefined, fixed: readonly TargetMonitor[]): {readonly monitors: readonly TargetMonitor[]; readonly version: number} {
	const version = useSyncExternalStore(group?.subscribe ?? none, () => group?.version ?? 0);
	const current = group?.monitors();
	const membership = current?.map(m => m.target.label).join(' ') ?? '';
	const monitors = useMemo(() => current ?? fixed, [membership, fixed]);
	return {monitors, version};
}
