import {describe, expect, it} from 'vitest';
import {chartLines, chartPoints} from '../../source/views/chart-lines.js';
import {chooseLayout} from '../../source/views/layout.js';

const format = (value: number) => value.toFixed(0);

describe('chartLines', () => {
	it('draws height lines, each within the width', () => {
		const lines = chartLines([1, 5, 3, 8, 2], {width: 30, height: 5, format, floor: 1});
		expect(lines).toHaveLength(5);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(30);
	});

	it('keeps only the newest points that fit', () => {
		const values = Array.from({length: 500}, (_, i) => i);
		const lines = chartLines(values, {width: 40, height: 4, format, floor: 1});
		expect(lines[0]).toContain('499');
		expect(chartPoints(40)).toBeLessThan(40);
	});

	it('draws a gap as an empty column with a dot on the axis, not a zero', () => {
		const lines = chartLines([5, 5, undefined, 5, 5], {width: 30, height: 3, format, floor: 1});
		const bottom = lines.at(-1)!;
		expect(bottom).toContain('·');
		expect(lines[0]!.replace(/^\s*5 /, '')).toMatch(/─ +─/);
	});

	it('is empty with no data at all', () => {
		expect(chartLines([undefined, undefined], {width: 30, height: 3, format, floor: 1})).toEqual([]);
	});

	it('an all-zero series is a flat line at the bottom, scaled to the floor', () => {
		const lines = chartLines([0, 0, 0, 0], {width: 30, height: 3, format, floor: 10});
		expect(lines[0]).toMatch(/^\s+10 ┼/);
		expect(lines.at(-1)).toMatch(/0 ┼───/);
	});
});

describe('chooseLayout', () => {
	it.each([
		[40, 24, 'too-small'],
		[80, 10, 'too-small'],
		[80, 24, 'compact'],
		[99, 40, 'compact'],
		[120, 40, 'wide'],
		[200, 60, 'wide'],
		[120, 24, 'compact'],
	])('%sx%s is %s', (columns, rows, kind) => {
		expect(chooseLayout(columns, rows, 1).kind).toBe(kind);
	});

	it.each([
		[80, 24],
		[80, 30],
		[100, 50],
		[120, 40],
		[160, 45],
	])('fills but never overflows %sx%s', (columns, rows) => {
		const layout = chooseLayout(columns, rows, 3);
		let used = 0;
		// Rows drawn: compact is 11 fixed lines plus charts; wide is 19 plus charts and keyspace lines.
		if (layout.kind === 'compact') used = 11 + layout.memoryChart + layout.opsChart + layout.latencyChart;
		if (layout.kind === 'wide') used = 19 + 2 * layout.chartHeight + layout.keyspaceRows;
		expect(used).toBeLessThan(rows);
		expect(used).toBeGreaterThan(rows - 6);
	});
});
