import {UsageError} from '../errors.js';

const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** `500ms`, `1s`, `2.5s`, `5m`, `1h`. A bare number is refused: is 500 milliseconds or seconds? */
export function parseDurationMs(text: string, what = 'duration'): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/i.exec(text);
	if (!match) throw new UsageError(`bad ${what} "${text}": use a number with a unit, like 500ms, 1s, 2.5s or 5m`);
	return Math.round(Number(match[1]) * units[match[2]!.toLowerCase()]!);
}

export const minIntervalMs = 100;
export const maxIntervalMs = 3_600_000;

export function parseIntervalMs(text: string): number {
	const ms = parseDurationMs(text, 'interval');
	if (ms < minIntervalMs) throw new UsageError(`interval ${text} is too short: at least ${minIntervalMs}ms`);
	if (ms > maxIntervalMs) throw new UsageError(`interval ${text} is too long: at most 1h`);
	return ms;
}

/** The steps `+` and `-` walk through in the UI. */
export const intervalStepsMs = [100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000] as const;

export function stepInterval(currentMs: number, direction: 1 | -1): number {
	if (direction === 1) return intervalStepsMs.find(step => step > currentMs) ?? currentMs;
	return [...intervalStepsMs].reverse().find(step => step < currentMs) ?? currentMs;
}
