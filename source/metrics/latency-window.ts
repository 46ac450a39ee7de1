import {createHistogram, type RecordableHistogram} from 'node:perf_hooks';
import type {LatencySummary} from './status-types.js';

/**
 * Microseconds from 1 µs to 60 s at 2 significant figures (1% resolution): small enough that a
 * histogram per poll and a merge per read cost next to nothing, precise enough for a panel.
 */
const lowestUs = 1;
const highestUs = 60_000_000;

export function newHistogram(): RecordableHistogram {
	return createHistogram({lowest: lowestUs, highest: highestUs, figures: 2});
}

/** Records a duration given in nanoseconds, clamped into the histogram's trackable range. */
export function recordNs(histogram: RecordableHistogram, durationNs: number | bigint): void {
	const value = Math.min(highestUs, Math.max(lowestUs, Math.round(Number(durationNs) / 1000)));
	histogram.record(value);
}

export function summarize(histogram: RecordableHistogram): LatencySummary | undefined {
	if (histogram.count === 0) return undefined;
	const ms = (us: number) => us / 1000;
	return {
		p50Ms: ms(histogram.percentile(50)),
		p95Ms: ms(histogram.percentile(95)),
		p99Ms: ms(histogram.percentile(99)),
		maxMs: ms(histogram.max),
		samples: histogram.count,
	};
}

/**
 * Percentiles over a rolling time window: one small histogram per poll, merged on read, so old
 * polls fall out of the window without keeping every sample.
 */
export class LatencyWindow {
	private readonly buckets: Array<{atMs: number; histogram: RecordableHistogram}> = [];

	constructor(private readonly windowMs: number) {}

	add(atMs: number, histogram: RecordableHistogram): void {
		this.buckets.push({atMs, histogram});
		while (this.buckets.length > 0 && this.buckets[0]!.atMs <= atMs - this.windowMs) this.buckets.shift();
	}

	summary(): LatencySummary | undefined {
		const merged = newHistogram();
		for (const bucket of this.buckets) merged.add(bucket.histogram);
		return summarize(merged);
	}
}
