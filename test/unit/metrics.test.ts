import {describe, expect, it} from 'vitest';
import {counterRate, evictableMemory, hitRatio, mean, peak, percentOf} from '../../source/metrics/derive.js';
import {formatBytes, formatDuration, formatMs, formatPercent, formatRate} from '../../source/metrics/format.js';
import {worst} from '../../source/metrics/level.js';
import {levelFor} from '../../source/metrics/thresholds.js';

describe('derive', () => {
	it.each([
		[100, 200, 1000, 100],
		[100, 200, 500, 200],
		[200, 100, 1000, undefined],
		[undefined, 100, 1000, undefined],
		[100, 200, 0, undefined],
	])('counterRate(%s, %s, %s ms) = %s', (a, b, ms, expected) => {
		expect(counterRate(a, b, ms)).toBe(expected);
	});

	it.each([
		[0, 0, undefined],
		[90, 10, 0.9],
		[undefined, undefined, undefined],
		[5, 0, 1],
	])('hitRatio(%s, %s) = %s', (hits, misses, expected) => {
		expect(hitRatio(hits, misses)).toBe(expected);
	});

	it.each([
		[50, 200, 25],
		[50, 0, undefined],
		[undefined, 200, undefined],
	])('percentOf(%s, %s) = %s: maxmemory 0 has no percentage', (value, limit, expected) => {
		expect(percentOf(value, limit)).toBe(expected);
	});

	it('evictable memory leaves out what Redis does not count', () => {
		expect(evictableMemory(1000, 300)).toBe(700);
		expect(evictableMemory(1000, undefined)).toBe(1000);
		expect(evictableMemory(undefined, 1)).toBeUndefined();
	});

	it('mean and peak skip gaps', () => {
		expect(mean([1, undefined, 3])).toBe(2);
		expect(peak([1, undefined, 3])).toBe(3);
		expect(mean([undefined])).toBeUndefined();
	});
});

describe('levelFor', () => {
	const memory = {direction: 'above', warn: 80, critical: 90} as const;
	const evictions = {direction: 'above', warn: 0} as const;
	const hits = {direction: 'below', warn: 0.9, critical: 0.5} as const;
	it.each([
		[memory, 10, 'ok'],
		[memory, 80, 'ok'],
		[memory, 80.1, 'warn'],
		[memory, 90.5, 'critical'],
		[memory, undefined, 'unknown'],
		[memory, Number.NaN, 'unknown'],
		[evictions, 0, 'ok'],
		[evictions, 0.2, 'warn'],
		[evictions, 1e9, 'warn'],
		[hits, 0.95, 'ok'],
		[hits, 0.8, 'warn'],
		[hits, 0.1, 'critical'],
	] as const)('%o with %s is %s', (threshold, value, expected) => {
		expect(levelFor(value, threshold)).toBe(expected);
	});

	it.each([
		[['ok', 'ok'], 'ok'],
		[['ok', 'unknown'], 'unknown'],
		[['unknown', 'warn'], 'warn'],
		[['warn', 'critical', 'ok'], 'critical'],
		[[], 'ok'],
	] as const)('worst(%o) = %s', (levels, expected) => {
		expect(worst(...levels)).toBe(expected);
	});
});

describe('format', () => {
	it.each([
		[undefined, '—'],
		[0, '0 B'],
		[1023, '1023 B'],
		[1536, '1.50 KiB'],
		[2 * 1024 ** 3, '2.00 GiB'],
		[150 * 1024 ** 2, '150 MiB'],
	])('formatBytes(%s) = %s', (value, expected) => {
		expect(formatBytes(value)).toBe(expected);
	});

	it.each([
		[undefined, '—'],
		[0, '0'],
		[0.4, '0.4'],
		[1587, '1,587'],
		[12_345, '12.3k'],
		[99_960, '100k'],
		[184_000, '184k'],
		[2_500_000, '2.50M'],
	])('formatRate(%s) = %s', (value, expected) => {
		expect(formatRate(value)).toBe(expected);
	});

	it.each([
		[0.123, '0.12 ms'],
		[12.34, '12.3 ms'],
		[250, '250 ms'],
		[1500, '1.50 s'],
	])('formatMs(%s) = %s', (value, expected) => {
		expect(formatMs(value)).toBe(expected);
	});

	it.each([
		[42, '42s'],
		[65, '1m05s'],
		[7380, '2h03m'],
		[90_000, '1d1h'],
		[-1, '—'],
	])('formatDuration(%s) = %s', (value, expected) => {
		expect(formatDuration(value)).toBe(expected);
	});

	it('formatPercent', () => {
		expect(formatPercent(93.14)).toBe('93.1%');
		expect(formatPercent(undefined)).toBe('—');
	});
});
