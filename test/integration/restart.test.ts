import {afterEach, describe, expect, it} from 'vitest';
import {met001} from '../../source/profiles/met-001.js';
import {countByPrefix} from '../../source/scenarios/keys.js';
import {restart} from '../../source/scenarios/restart.js';
import {runScenario} from '../../source/scenarios/runner.js';
import {startRedis, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function redis(options: Parameters<typeof startRedis>[0] = {}): Promise<TestRedis> {
	const server = await startRedis(options);
	cleanups.push(() => server.stop());
	return server;
}

const run = (server: TestRedis, options: Record<string, unknown>, canRestart = true) => runScenario(restart, server.sandbox.target, met001, options,
	{signal: new AbortController().signal, isConfirmed: false, restartServer: canRestart ? mode => server.sandbox.restart(mode, false) : undefined});

describe('restart scenario (AOF on, the repo\'s redis.conf)', () => {
	it('graceful: 100% recovered, times reported, cleaned up, foreign data untouched', async () => {
		const server = await redis();
		await server.client.set('someone-else', 'their event');
		const outcome = await run(server, {events: 20_000});
		const f = outcome.result.figures as {acknowledged: number; intact: number; secondsUntilAnswering: number; secondsUntilLoaded: number; rewriteSeconds: number};
		expect(f.acknowledged).toBe(20_000);
		expect(f.intact).toBe(20_000);
		expect(f.secondsUntilAnswering).toBeGreaterThan(0);
		expect(f.secondsUntilLoaded).toBeGreaterThanOrEqual(f.secondsUntilAnswering);
		expect(f.rewriteSeconds).toBeGreaterThan(0);
		expect(outcome.result.passed).toBe(true);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
		expect(await server.client.get('someone-else')).toBe('their event');
	});

	it('crash: lost writes counted from what was acknowledged; the window stays under 3 s', async () => {
		const server = await redis();
		const outcome = await run(server, {mode: 'crash', events: 5_000_000});
		const f = outcome.result.figures as {acknowledged: number; intact: number; lost: number; lossWindowMs: number};
		expect(f.acknowledged).toBeGreaterThan(1000);
		expect(f.lost).toBe(f.acknowledged - f.intact);
		expect(f.lossWindowMs).toBeLessThan(3000);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('appendonly no fails with an explanation of what is validated and how to enable AOF', async () => {
		const server = await redis({configFile: null});
		const outcome = await run(server, {events: 100});
		expect(outcome.result.passed).toBe(false);
		expect(outcome.result.criteria[0]).toMatchObject({name: 'AOF enabled', measured: 'appendonly no', passed: false});
		expect(outcome.result.criteria[0]!.note).toMatch(/CONFIG SET appendonly yes/);
	});

	it('--restart-cmd false: a clear failure, and no keys left', async () => {
		const server = await redis();
		await expect(run(server, {events: 1000, restartCmd: 'false'}, false)).rejects.toThrow(/--restart-cmd failed \(exit 1\)/);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('without a way to restart Redis it says what it needs', async () => {
		const server = await redis();
		await expect(run(server, {events: 10}, false)).rejects.toThrow(/restart needs a way to restart Redis: run it on a sandbox \(--sandbox\), give --restart-cmd/);
	});
});
