import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {met001} from '../../source/profiles/met-001.js';
import {startRedis, type TestRedis} from '../helpers/redis.js';
import {keys, waitForFrame} from '../helpers/views.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startApp(servers: readonly TestRedis[]) {
	const controller = new AbortController();
	const monitors = servers.map(server => new TargetMonitor(server.sandbox.target, met001, {intervalMs: 200}));
	const running = monitors.map(m => m.run(controller.signal));
	const intervals: number[] = [];
	const app = render(<App monitors={monitors} profile={met001} isColor onIntervalChange={ms => intervals.push(ms)} />);
	cleanups.push(async () => {
		app.unmount();
		controller.abort();
		await Promise.all(running);
	});
	return {app, monitors, intervals};
}

async function server(): Promise<TestRedis> {
	const s = await startRedis({});
	cleanups.push(() => s.stop());
	return s;
}

describe('App against a real redis-server', () => {
	it('goes from connecting to live panels', async () => {
		const redis = await server();
		const {app} = await startApp([redis]);
		const frame = await waitForFrame(app.lastFrame, f => f.includes('● UP') && f.includes('AOF on everysec'));
		expect(frame).toContain(redis.sandbox.target.label);
		expect(frame).toMatch(/Memory\s+✓ OK/);
		expect(frame).toContain('allkeys-lru');
	});

	it('opens and closes help, pauses, changes the interval', async () => {
		const redis = await server();
		const {app, monitors, intervals} = await startApp([redis]);
		await waitForFrame(app.lastFrame, f => f.includes('● UP'));
		app.stdin.write('?');
		await waitForFrame(app.lastFrame, f => f.includes('redtop keys') && f.includes('Thresholds'));
		app.stdin.write(keys.escape);
		await waitForFrame(app.lastFrame, f => !f.includes('redtop keys') && f.includes('Memory'));

		app.stdin.write('p');
		const paused = await waitForFrame(app.lastFrame, f => f.includes('PAUSED'));
		const clock = /\d\d:\d\d:\d\d/.exec(paused)?.[0];
		const version = monitors[0]!.store.version;
		await new Promise(resolve => setTimeout(resolve, 700));
		expect(monitors[0]!.store.version).toBeGreaterThan(version);
		expect(/\d\d:\d\d:\d\d/.exec(app.lastFrame() ?? '')?.[0]).toBe(clock);
		app.stdin.write('p');
		await waitForFrame(app.lastFrame, f => !f.includes('PAUSED'));

		app.stdin.write('+');
		await waitForFrame(app.lastFrame, f => f.includes('every 250ms'));
		expect(monitors[0]!.interval).toBe(250);
		app.stdin.write('-');
		app.stdin.write('-');
		await waitForFrame(app.lastFrame, f => f.includes('every 100ms'));
		expect(intervals).toEqual([250, 100, 100]);
	});

	it('switches between targets with Tab and shows a stopped one as down', async () => {
		const [a, b] = [await server(), await server()];
		const {app} = await startApp([a, b]);
		await waitForFrame(app.lastFrame, f => f.includes('[1/2]') && f.includes(a.sandbox.target.label) && f.includes('● UP'));
		app.stdin.write(keys.tab);
		await waitForFrame(app.lastFrame, f => f.includes('[2/2]') && f.includes(b.sandbox.target.label));
		await b.sandbox.stop();
		await waitForFrame(app.lastFrame, f => f.includes('DOWN') && f.includes('reconnecting'));
		app.stdin.write(keys.tab);
		await waitForFrame(app.lastFrame, f => f.includes('[1/2]') && f.includes('● UP'));
	});
});
