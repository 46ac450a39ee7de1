import type {Level} from './level.js';

/**
 * A limit on one metric. `above`: a value strictly greater than a limit reaches its level
 * (so `warn: 0` on evictions/s warns on the first eviction); `below` mirrors it.
 */
export type Threshold = {
	readonly direction: 'above' | 'below';
	readonly warn?: number | undefined;
	readonly critical?: number | undefined;
};

export function levelFor(value: number | undefined, t: Threshold): Level {
	if (value === undefined || Number.isNaN(value)) return 'unknown';
	const beyond = (limit: number | undefined) =>
		limit !== undefined && (t.direction === 'above' ? value > limit : value < limit);
	if (beyond(t.critical)) return 'critical';
	if (beyond(t.warn)) return 'warn';
	return 'ok';
}

/** The limit the value has crossed, for messages such as "93% > 90%". */
export function crossedLimit(value: number | undefined, t: Threshold): number | undefined {
	const level = levelFor(value, t);
	if (level === 'critical') return t.critical;
	if (level === 'warn') return t.warn;
	return undefined;
}
