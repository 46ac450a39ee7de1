/** Pure arithmetic on samples: defined for every input, never NaN, never a division by zero. */

/** Per-second rate of a counter; undefined across a reset (restart, CONFIG RESETSTAT) or a gap. */
export function counterRate(previous: number | undefined, current: number | undefined, elapsedMs: number): number | undefined {
	if (previous === undefined || current === undefined || elapsedMs <= 0) return undefined;
	const delta = current - previous;
	if (delta < 0) return undefined;
	return (delta * 1000) / elapsedMs;
}

export function counterDelta(previous: number | undefined, current: number | undefined): number | undefined {
	if (previous === undefined || current === undefined) return undefined;
	const delta = current - previous;
	return delta < 0 ? undefined : delta;
}

export const hitRatio = (hits = 0, misses = 0): number | undefined =>
	hits + misses === 0 ? undefined : hits / (hits + misses);

/** Percent of a limit; a limit of 0 means "no limit" (maxmemory 0), which has no percentage. */
export function percentOf(value: number | undefined, limit: number | undefined): number | undefined {
	if (value === undefined || limit === undefined || limit <= 0) return undefined;
	return (value / limit) * 100;
}

/** Memory as Redis's eviction sees it: used_memory minus what is not counted for eviction. */
export function evictableMemory(usedBytes: number | undefined, notCountedBytes: number | undefined): number | undefined {
	if (usedBytes === undefined) return undefined;
	return Math.max(0, usedBytes - (notCountedBytes ?? 0));
}

export function mean(values: readonly (number | undefined)[]): number | undefined {
	let sum = 0;
	let count = 0;
	for (const value of values) {
		if (value === undefined) continue;
		sum += value;
		count++;
	}
	return count === 0 ? undefined : sum / count;
}

export function peak(values: readonly (number | undefined)[]): number | undefined {
	let result: number | undefined;
	for (const value of values) if (value !== undefined && (result === undefined || value > result)) result = value;
	return result;
}
