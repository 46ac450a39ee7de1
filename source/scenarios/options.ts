import {UsageError} from '../errors.js';
import {parseDurationMs} from '../settings/duration.js';

/** Helpers for `parseOptions`: raw values come from CLI flags (strings) or the UI (numbers). */

export function integerOption(raw: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
	const value = raw[name];
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : Number(String(value).replaceAll('_', '').replaceAll(',', ''));
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new UsageError(`--${kebab(name)} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
	}
	return number;
}

export function durationOption(raw: Record<string, unknown>, name: string, fallbackMs: number, minMs: number, maxMs: number): number {
	const value = raw[name];
	if (value === undefined || value === null || value === '') return fallbackMs;
	const ms = typeof value === 'number' ? value : parseDurationMs(String(value), `--${kebab(name)}`);
	if (ms < minMs || ms > maxMs) throw new UsageError(`--${kebab(name)} must be between ${minMs / 1000}s and ${maxMs / 1000}s`);
	return ms;
}

export function choiceOption<T extends string>(raw: Record<string, unknown>, name: string, choices: readonly T[], fallback: T): T {
	const value = raw[name];
	if (value === undefined || value === null || value === '') return fallback;
	if (!(choices as readonly string[]).includes(String(value))) throw new UsageError(`--${kebab(name)} must be one of ${choices.join(', ')}, got "${String(value)}"`);
	return value as T;
}

export const booleanOption = (raw: Record<string, unknown>, name: string): boolean => raw[name] === true || raw[name] === 'true';

const kebab = (name: string) => name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
