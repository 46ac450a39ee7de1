import {render} from 'ink-testing-library';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {met001} from '../../source/profiles/met-001.js';
import {startRedis, type TestRedis} from '../helpers/redis.js';
import {keys, waitForFrame} from '../helpers/views.js';

const cleanups: Array<() => Promise<void> | void> = [];
const reportDir = mkdtempSync(path.join(tmpdir(), 'redtop-ui-reports-'));
afterAll(() => rmSync(reportDir, {recursive: true, force: true}));
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startApp(servers: readonly TestRedis[], props: {isReadOnly?: boolean} = {}) {
	const controller = new AbortController();
	const monitors = servers.map(server => new TargetMonitor(server.sandbox.target, met001, {intervalMs: 200}));
	const running = monitors.map(m => m.run(controller.signal));
	const intervals: number[] = [];
	const app = render(<App monitors={monitors} profile={met001} isColor onIntervalChange={ms => intervals.push(ms)} reportDir={reportDir} {...props} />);
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

	it('opens several targets in the fleet view: a stopped one goes critical, Enter drills in, Esc goes back', async () => {
		const [a, b, c] = [await server(), await server(), await server()];
		const {app} = await startApp([a, b, c]);
		await waitForFrame(app.lastFrame, f => f.includes('redtop fleet · 3 targets') && (f.match(/ up /g) ?? []).length === 3);
		await b.sandbox.stop();
		const frame = await waitForFrame(app.lastFrame, f => new RegExp(`${b.sandbox.target.label.replaceAll('.', '\\.')}\\s+down`).test(f));
		// Worst-first order is the sort's own test; here, on a loaded machine others may be red too.
		const row = frame.split('\n').find(line => line.includes(b.sandbox.target.label))!;
		expect(row).toMatch(/down\s.*✖ CRIT/);
		// The selection follows its target as rows re-sort: move it to the stopped one, then drill in.
		for (let i = 0; i < 10 && !(app.lastFrame() ?? '').includes(`› ${b.sandbox.target.label}`); i++) {
			app.stdin.write(keys.up);
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		app.stdin.write(keys.enter);
		await waitForFrame(app.lastFrame, f => f.includes('DOWN') && f.includes('reconnecting'));
		app.stdin.write(keys.escape);
		await waitForFrame(app.lastFrame, f => f.includes('redtop fleet'));
	});

	it('switches between targets with Tab and shows a stopped one as down', async () => {
		const [a, b] = [await server(), await server()];
		const {app} = await startApp([a, b]);
		await waitForFrame(app.lastFrame, f => f.includes('redtop fleet'));
		app.stdin.write(keys.enter);
		await waitForFrame(app.lastFrame, f => f.includes('[1/2]') && f.includes('● UP'));
		app.stdin.write(keys.tab);
		await waitForFrame(app.lastFrame, f => f.includes('[2/2]'));
		const second = /\[2\/2\] (\S+)/.exec(app.lastFrame() ?? '')?.[1];
		await (second === a.sandbox.target.label ? a : b).sandbox.stop();
		await waitForFrame(app.lastFrame, f => f.includes('DOWN') && f.includes('reconnecting'));
		app.stdin.write(keys.tab);
		await waitForFrame(app.lastFrame, f => f.includes('[1/2]') && f.includes('● UP'));
	});
});

describe('scenarios from the UI', () => {
	it('s opens the menu, a digit runs the audit, the result lists the findings and the report', async () => {
		const redis = await server();
		const {app, monitors} = await startApp([redis]);
		await waitForFrame(app.lastFrame, f => f.includes('● UP') && f.includes('s scenarios'));
		app.stdin.write('s');
		const menu = await waitForFrame(app.lastFrame, f => f.includes('1 audit') && f.includes('2 baseline') && f.includes('6 throughput'));
		expect(menu).toMatch(/5 restart\s+\[writes\] unavailable: needs redtop --sandbox/);
		app.stdin.write('1');
		const result = await waitForFrame(app.lastFrame, f => f.includes('Configuration audit: PASS'), 15_000);
		expect(result).toContain('requirepass / ACL');
		expect(result).toMatch(/report: .*redtop-audit-\w+\.md/);
		expect(readdirSync(reportDir).some(name => name.startsWith('redtop-audit-'))).toBe(true);
		expect(monitors[0]!.store.markers.map(m => m.label)).toEqual(['▶ audit', '■ audit']);
		app.stdin.write(keys.escape);
		await waitForFrame(app.lastFrame, f => !f.includes('Configuration audit') && f.includes('Memory'));
	});

	it('x aborts a running throughput run, shows ABORTED and leaves no redtop keys', async () => {
		const redis = await server();
		const {app} = await startApp([redis]);
		await waitForFrame(app.lastFrame, f => f.includes('● UP'));
		app.stdin.write('s');
		await waitForFrame(app.lastFrame, f => f.includes('6 throughput'));
		app.stdin.write(keys.up);
		await waitForFrame(app.lastFrame, f => f.includes('› 6 throughput'));
		app.stdin.write(keys.enter);
		await waitForFrame(app.lastFrame, f => / throughput .*single client.*x abort/.test(f), 10_000);
		const marked = await waitForFrame(app.lastFrame, f => f.includes('┊'), 10_000);
		expect(marked).toContain('┊');
		app.stdin.write('x');
		await waitForFrame(app.lastFrame, f => f.includes('Sustained / concurrent throughput: ABORTED'), 15_000);
		expect(await redis.client.keys('redtop:*')).toEqual([]);
	});

	it('--read-only offers no scenarios', async () => {
		const redis = await server();
		const {app} = await startApp([redis], {isReadOnly: true});
		const frame = await waitForFrame(app.lastFrame, f => f.includes('● UP'));
		expect(frame).not.toContain('s scenarios');
		app.stdin.write('s');
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(app.lastFrame()).not.toContain('1 audit');
	});
});
