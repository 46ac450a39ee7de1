import {sleep} from './sleep.js';

export type PollOptions<T> = {
	readonly signal: AbortSignal;
	/** Read before every wait, so the interval can change while polling. */
	readonly intervalMs: () => number;
	readonly onSample: (sample: T) => void;
	readonly onError: (error: unknown) => void;
};

/**
 * One collection at a time, cancellable, errors reported not thrown. The wait is measured from the
 * start of a collection, so a 1 s interval stays 1 s however long the server takes to answer.
 */
export async function poll<T>(collect: (signal: AbortSignal) => Promise<T>, o: PollOptions<T>): Promise<void> {
	while (!o.signal.aborted) {
		const startedMs = performance.now();
		try {
			o.onSample(await collect(o.signal));
		} catch (error) {
			if (!o.signal.aborted) o.onError(error);
		}
		const spentMs = performance.now() - startedMs;
		await sleep(Math.max(0, o.intervalMs() - spentMs), o.signal);
	}
}
