import {writeFileSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {met001} from '../../source/profiles/met-001.js';
import {capacity} from '../../source/scenarios/capacity.js';
import {countByPrefix} from '../../source/scenarios/keys.js';
import {pressure} from '../../source/scenarios/pressure.js';
import {runScenario} from '../../source/scenarios/runner.js';
import type {AnyScenario} from '../../source/scenarios/types.js';
import {startRedis, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const dir = mkdtempSync(path.join(tmpdir(), 'redtop-capacity-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function redis(extraConfig: string[]): Promise<TestRedis> {
	const server = await startRedis({configFile: null, extraConfig});
	cleanups.push(() => server.stop());
	return server;
}

const run = (scenario: AnyScenario, server: TestRedis, options: Record<string, unknown>, signal = new AbortController().signal) =>
	runScenario(scenario, server.sandbox.target, met001, options, {signal, isConfirmed: false});

describe('capacity', () => {
	it.each(['key', 'stream', 'list'] as const)('%s layout: all loaded, every sampled event intact, bytes/event plausible, DBSIZE back to where it was', async layout => {
		const server = await redis(['maxmemory 256mb', 'maxmemory-policy allkeys-lru']);
		await server.client.set('not-redtop', '1');
		const outcome = await run(capacity, server, {events: 20_000, layout, verifySample: 500});
		const f = outcome.result.figures as {loaded: number; present: number; bytesPerEvent: number; integrity: {matched: number; checked: number}; projectedHours: number};
		expect(f.loaded).toBe(20_000);
		expect(f.integrity).toMatchObject({checked: 500, matched: 500});
		expect(f.bytesPerEvent).toBeGreaterThan(300);
		expect(f.bytesPerEvent).toBeLessThan(2000);
		expect(f.projectedHours).toBeGreaterThan(0);
		expect(outcome.result.criteria.slice(0, 3).every(c => c.passed)).toBe(true);
		expect(await server.client.dbsize()).toBe(1);
	});

	it('with a tiny maxmemory, reports the evictions and fails the verdict', async () => {
		const server = await redis(['maxmemory 4mb', 'maxmemory-policy allkeys-lru']);
		const outcome = await run(capacity, server, {events: 30_000, verifySample: 200});
		const evictions = outcome.result.criteria.find(c => c.name === 'evictions during the load')!;
		expect(evictions.passed).toBe(false);
		expect(Number(evictions.measured.replaceAll(',', ''))).toBeGreaterThan(0);
		expect(outcome.result.passed).toBe(false);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('replays a capture file, counting malformed lines', async () => {
		const server = await redis(['maxmemory 64mb']);
		const file = path.join(dir, 'capture.jsonl');
		writeFileSync(file, '{"did":"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa","time_us":1,"kind":"identity","identity":{}}\nnot json\n{"no":"did"}\n\n');
		const outcome = await run(capacity, server, {events: 100, eventsFile: file, verifySample: 50});
		expect(outcome.result.figures).toMatchObject({loaded: 100, malformedLines: 2, feed: `1 events replayed from ${file}`});
		expect(outcome.result.criteria[1]!.passed).toBe(true);
	});

	it('compares layouts', async () => {
		const server = await redis(['maxmemory 256mb']);
		const outcome = await run(capacity, server, {events: 5000, compareLayouts: true, verifySample: 10});
		const table = outcome.result.figures['layouts'] as Array<{layout: string; bytesPerEvent: number}>;
		expect(table.map(t => t.layout)).toEqual(['key', 'stream', 'list']);
		for (const row of table) expect(row.bytesPerEvent).toBeGreaterThan(200);
	});

	it('aborted in every phase leaves no redtop keys', async () => {
		const server = await redis(['maxmemory 512mb']);
		for (const delayMs of [50, 400, 1200]) {
			const controller = new AbortController();
			setTimeout(() => controller.abort(), delayMs);
			const outcome = await run(capacity, server, {events: 400_000, verifySample: 100}, controller.signal).catch(() => undefined);
			expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
			// Aborted during the load, it skips counting and verifying: the runner's cleanup deletes what was written.
			if (delayMs === 400) expect(outcome?.result.criteria[0]?.measured).toMatch(/^[\d,]+ \(aborted\)$/);
		}
	});
});

describe('pressure', () => {
	it('with maxmemory 32mb reaches >= 94% and holds without evicting', async () => {
		const server = await redis(['maxmemory 32mb', 'maxmemory-policy allkeys-lru']);
		const outcome = await run(pressure, server, {hold: '2s'});
		const f = outcome.result.figures as {reachedPercent: number; heldPercent: number; hold: unknown[]; recoveredPercent: number};
		expect(f.reachedPercent).toBeGreaterThanOrEqual(94);
		expect(f.heldPercent).toBeGreaterThanOrEqual(93);
		expect(f.hold.length).toBeGreaterThanOrEqual(2);
		expect(outcome.result.criteria.find(c => c.name === 'no evictions below 100%')!.passed).toBe(true);
		expect(f.recoveredPercent).toBeLessThan(f.heldPercent);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('--overfill sees evictions, the oldest events first under LRU', async () => {
		const server = await redis(['maxmemory 32mb', 'maxmemory-policy allkeys-lru']);
		const outcome = await run(pressure, server, {hold: '0s', overfill: true});
		const overfill = outcome.result.figures['overfill'] as {evicted: number; oldestTenthPresentPercent: number; newestTenthPresentPercent: number};
		expect(overfill.evicted).toBeGreaterThan(0);
		expect(overfill.oldestTenthPresentPercent).toBeLessThan(overfill.newestTenthPresentPercent);
	});

	it('refuses under allkeys-lru with keys that are not redtop\'s, and leaves them untouched', async () => {
		const server = await redis(['maxmemory 32mb', 'maxmemory-policy allkeys-lru']);
		await server.client.set('real:event:1', 'keep me');
		await expect(run(pressure, server, {hold: '0s'})).rejects.toThrow(/pressure refuses: .*would evict the 1 keys already there.*--force/);
		expect(await server.client.get('real:event:1')).toBe('keep me');
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('refuses on maxmemory 0 unless --max-bytes caps the fill', async () => {
		const server = await redis([]);
		await expect(run(pressure, server, {hold: '0s'})).rejects.toThrow(/maxmemory is 0.*--max-bytes/);
		const outcome = await run(pressure, server, {hold: '0s', maxBytes: '16mb'});
		expect((outcome.result.figures as {reachedPercent: number}).reachedPercent).toBeGreaterThanOrEqual(94);
	});
});
