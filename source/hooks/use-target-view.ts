import {useMemo, useRef, useSyncExternalStore} from 'react';
import type {TargetStatus} from '../metrics/status-types.js';
import type {TargetStore} from '../store/target-store.js';
import type {History} from '../views/dashboard.js';

export type TargetView = {readonly status: TargetStatus; readonly history: History};

const pointsForCharts = 300;

function read(store: TargetStore): TargetView {
	const s = store.series;
	const unlimited = store.status.memory.isUnlimited;
	const times = s.opsPerSec.lastTimes(pointsForCharts);
	const markers = store.markers.map(m => times.findIndex(t => t >= m.atMs)).filter(index => index >= 0);
	return {
		status: store.status,
		history: {
			memory: (unlimited ? s.usedMemoryBytes : s.memoryPercent).last(pointsForCharts),
			ops: s.opsPerSec.last(pointsForCharts),
			evictions: s.evictionsPerSec.last(pointsForCharts),
			p99: s.p99Ms.last(pointsForCharts),
			markers,
		},
	};
}

/**
 * The status and chart data of one store, re-read once per store update. While paused it keeps
 * returning what was on screen when the pause began; the store itself keeps collecting.
 */
export function useTargetView(store: TargetStore, isPaused: boolean): TargetView {
	const version = useSyncExternalStore(store.subscribe, () => store.version);
	const frozenAt = useRef<number | undefined>(undefined);
	if (!isPaused) frozenAt.current = undefined;
	else frozenAt.current ??= version;
	const shown = frozenAt.current ?? version;
	return useMemo(() => read(store), [store, shown]);
}
