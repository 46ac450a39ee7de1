import type {RecordableHistogram} from 'node:perf_hooks';
import {newHistogram, recordNs, summarize} from '../metrics/latency-window.js';
import type {LatencySummary} from '../metrics/status-types.js';

/** Counts and latencies of one load phase: an HDR histogram, never a sorted array of samples. */
export class LoadStats {
	readonly histogram: RecordableHistogram = newHistogram();
	count = 0;
	errors = 0;
	private readonly startedNs = process.hrtime.bigint();
	private endedNs: bigint | undefined;

	/** Times one awaited command. */
	async time<T>(command: () => Promise<T>): Promise<T> {
		const started = process.hrtime.bigint();
		try {
			const result = await command();
			recordNs(this.histogram, process.hrtime.bigint() - started);
			this.count++;
			return result;
		} catch (error) {
			this.errors++;
			throw error;
		}
	}

	end(): void {
		this.endedNs ??= process.hrtime.bigint();
	}

	get elapsedSeconds(): number {
		return Number((this.endedNs ?? process.hrtime.bigint()) - this.startedNs) / 1e9;
	}

	get opsPerSec(): number {
		const seconds = this.elapsedSeconds;
		return seconds > 0 ? this.count / seconds : 0;
	}

	get latency(): LatencySummary | undefined {
		return summarize(this.histogram);
	}
}

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(3)} ms`);

/** The usual latency criteria against the profile's P50 / P95 / P99 targets. */
export function latencyCriteria(label: string, latency: LatencySummary | undefined, targets: {p50Ms: number; p95Ms: number; p99Ms: number}) {
	return [
		{name: `${label} P50`, target: `< ${targets.p50Ms} ms`, measured: ms(latency?.p50Ms), passed: latency !== undefined && latency.p50Ms < targets.p50Ms},
		{name: `${label} P95`, target: `< ${targets.p95Ms} ms`, measured: ms(latency?.p95Ms), passed: latency !== undefined && latency.p95Ms < targets.p95Ms},
		{name: `${label} P99`, target: `< ${targets.p99Ms} ms`, measured: ms(latency?.p99Ms), passed: latency !== undefined && latency.p99Ms < targets.p99Ms},
	];
}

export const latencyFigures = (latency: LatencySummary | undefined) =>
	latency === undefined ? {} : {p50Ms: latency.p50Ms, p95Ms: latency.p95Ms, p99Ms: latency.p99Ms, maxMs: latency.maxMs, samples: latency.samples};

/** Polls a set of workers, yielding progress every `everyMs` until they all finish. */
export async function* whileRunning<T>(work: Promise<T>, everyMs: number, progress: () => {phase: string; fraction: number | undefined; figures: Record<string, number | string>}) {
	let done = false;
	const finished = work.then(
		() => {
			done = true;
		},
		() => {
			done = true;
		},
	);
	while (!done) {
		await Promise.race([finished, new Promise(resolve => setTimeout(resolve, everyMs))]);
		if (!done) yield progress();
	}
	return await work;
}
