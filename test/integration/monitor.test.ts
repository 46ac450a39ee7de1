import {afterEach, describe, expect, it} from 'vitest';
import {timePings} from '../../source/collectors/info-collector.js';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {takeSnapshot} from '../../source/collectors/snapshot.js';
import {newHistogram} from '../../source/metrics/latency-window.js';
import {met001} from '../../source/profiles/met-001.js';
import {parseTarget} from '../../source/redis/target.js';
import {startRedis, waitFor, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function redis(options?: Parameters<typeof startRedis>[0]): Promise<TestRedis> {
	const server = await startRedis(options);
	cleanups.push(() => server.stop());
	return server;
}

function monitor(server: TestRedis, intervalMs = 200) {
	const m = new TargetMonitor(server.sandbox.target, met001, {intervalMs});
	const controller = new AbortController();
	const running = m.run(controller.signal);
	cleanups.push(async () => {
		controller.abort();
		await running;
	});
	return m;
}

describe('TargetMonitor against a real redis-server', () => {
	it('reports the numbers INFO reports', async () => {
		const server = await redis({configFile: null, extraConfig: ['maxmemory 64mb', 'maxmemory-policy allkeys-lru']});
		const pipeline = server.client.pipeline();
		for (let i = 0; i < 500; i++) pipeline.set(`k:${i}`, 'x'.repeat(100));
		await pipeline.exec();
		await server.client.select(3);
		await server.client.set('ttl', '1', 'EX', 100);
		const m = monitor(server);
		const s = await waitFor(() => m.store.status, s => s.status === 'up' && s.ops.perSec !== undefined, 10_000, 'an up status with rates');
		const info = await server.client.info();
		const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1]);
		expect(s.memory.maxBytes).toBe(64 * 1024 * 1024);
		expect(s.memory.policy).toBe('allkeys-lru');
		expect(Math.abs(s.memory.usedBytes! - field('used_memory')) / field('used_memory')).toBeLessThan(0.05);
		expect(s.keyspace).toEqual([{db: 0, keys: 500, expires: 0}, {db: 3, keys: 1, expires: 1}]);
		expect(s.redis.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(s.clients.connected).toBe(field('connected_clients'));
		expect(s.persistence.appendfsync).toBe('everysec');
		expect(s.latency.samples).toBeGreaterThan(0);
		expect(s.latency.p50Ms!).toBeLessThanOrEqual(s.latency.p99Ms!);
		expect(s.memory.level).toBe('ok');
		expect(s.overall).not.toBe('critical');
	});

	it('sees a known load in ops/s and nothing when idle', async () => {
		const server = await redis();
		const m = monitor(server, 250);
		const idle = await waitFor(() => m.store.status.ops.perSec, v => v !== undefined, 10_000, 'an ops rate');
		expect(idle).toBeLessThan(5);
		// About 4,000 commands per second for three seconds: 40 pipelines of 100 every second.
		const stopAt = Date.now() + 3000;
		const seen: number[] = [];
		const unsubscribe = m.store.subscribe(() => {
			const v = m.store.status.ops.perSec;
			if (v !== undefined && Date.now() > stopAt - 2000 && Date.now() < stopAt) seen.push(v);
		});
		while (Date.now() < stopAt) {
			const started = Date.now();
			const pipeline = server.client.pipeline();
			for (let i = 0; i < 100; i++) pipeline.incr('counter');
			await pipeline.exec();
			await new Promise(resolve => setTimeout(resolve, Math.max(0, 25 - (Date.now() - started))));
		}
		unsubscribe();
		const sent = Number(await server.client.get('counter'));
		const sentRate = sent / 3;
		const median = seen.sort((a, b) => a - b)[Math.floor(seen.length / 2)]!;
		expect(seen.length).toBeGreaterThan(3);
		expect(median).toBeGreaterThan(sentRate * 0.75);
		expect(median).toBeLessThan(sentRate * 1.25);
	});

	it('survives kill -9 and a restart on the same port: down, then up again', async () => {
		const server = await redis();
		const m = monitor(server, 200);
		await waitFor(() => m.store.status.status, s => s === 'up', 10_000, 'up');
		const states: string[] = [];
		m.store.subscribe(() => states.push(m.store.status.status));
		process.kill(server.sandbox.pid()!, 'SIGKILL');
		const down = await waitFor(() => m.store.status, s => s.status === 'down', 10_000, 'down');
		expect(down.overall).toBe('critical');
		expect(down.statusReason).toMatch(/refused|reset|connect|lost/);
		expect(m.store.series.opsPerSec.last(1)).toEqual([undefined]);
		await server.sandbox.restart('graceful');
		await waitFor(() => m.store.status.status, s => s === 'up', 15_000, 'up again');
		expect(states).toContain('down');
	});

	it('shows a paused server (SIGSTOP) as stalled, without hanging, and recovers on SIGCONT', async () => {
		const server = await redis();
		const m = monitor(server, 200);
		await waitFor(() => m.store.status.status, s => s === 'up', 10_000, 'up');
		const pid = server.sandbox.pid()!;
		process.kill(pid, 'SIGSTOP');
		try {
			const stalled = await waitFor(() => m.store.status, s => s.status === 'stalled', 5000, 'stalled');
			expect(stalled.statusReason).toMatch(/no reply within \d+ ms/);
			const polls = m.store.version;
			await waitFor(() => m.store.version, v => v >= polls + 3, 5000, 'polls to go on while stalled');
		} finally {
			process.kill(pid, 'SIGCONT');
		}
		await waitFor(() => m.store.status.status, s => s === 'up', 10_000, 'up after SIGCONT');
	});

	it('shows a server that refuses connections as down with the reason', async () => {
		const m = new TargetMonitor(parseTarget('127.0.0.1:1', {}), met001, {intervalMs: 100});
		const controller = new AbortController();
		const running = m.run(controller.signal);
		const s = await waitFor(() => m.store.status, s => s.status === 'down', 5000, 'down');
		controller.abort();
		await running;
		expect(s.statusReason).toBe('connection refused');
	});

	it('reports wrong passwords as authentication failures', async () => {
		const server = await redis({configFile: null, extraConfig: ['requirepass s3cret']});
		const target = parseTarget(`redis://:wrong@127.0.0.1:${server.sandbox.port}`, {});
		await expect(takeSnapshot(target, met001, {windowMs: 100})).rejects.toThrow(/authentication failed/);
		const noPassword = parseTarget(`127.0.0.1:${server.sandbox.port}`, {});
		await expect(takeSnapshot(noPassword, met001, {windowMs: 100})).rejects.toThrow(/authentication required|NOAUTH/);
		const right = parseTarget(`127.0.0.1:${server.sandbox.port}`, {REDISCLI_AUTH: 's3cret'});
		const status = await takeSnapshot(right, met001, {windowMs: 200});
		expect(status.status).toBe('up');
	});
});

describe('latency is Redis\'s, not redtop\'s', () => {
	it('a server that stalls shows in p99', async () => {
		const server = await redis({configFile: null, extraConfig: ['enable-debug-command yes']});
		const m = monitor(server, 200);
		await waitFor(() => m.store.status.status, s => s === 'up', 10_000, 'up');
		const staller = server.client.duplicate();
		cleanups.push(() => staller.disconnect());
		let stalling = true;
		const stalls = (async () => {
			while (stalling) await staller.call('DEBUG', 'SLEEP', '0.03');
		})();
		try {
			const s = await waitFor(() => m.store.status.latency, l => (l.p99Ms ?? 0) >= 10, 10_000, 'p99 to show the stalls');
			expect(s.level).toBe('critical');
		} finally {
			stalling = false;
			await stalls;
		}
	});

	it('a PING that waited on redtop\'s own busy event loop is dropped', async () => {
		const server = await redis();
		const histogram = newHistogram();
		const timing = timePings(server.client, histogram, 1);
		const until = performance.now() + 30;
		while (performance.now() < until) {
			// Busy, as during a heavy render: the reply sits in the socket meanwhile.
		}
		expect(await timing).toBe(1);
		expect(histogram.count).toBe(0);
		expect(await timePings(server.client, histogram, 5)).toBe(5);
		expect(histogram.count).toBeGreaterThan(0);
	});
});

describe('takeSnapshot', () => {
	it('reads one window: rates, latency and levels from the same code as the monitor', async () => {
		const server = await redis({});
		const status = await takeSnapshot(server.sandbox.target, met001, {windowMs: 500});
		expect(status.status).toBe('up');
		expect(status.ops.perSec).toBeLessThan(5);
		expect(status.latency.samples).toBeGreaterThanOrEqual(20);
		expect(status.memory.maxBytes).toBe(2 * 1024 ** 3);
		expect(status.persistence.aofEnabled).toBe(true);
		expect(status.memory.level).toBe('ok');
	});

	it('flags a full noeviction server as critical', async () => {
		const server = await redis({configFile: null, extraConfig: ['maxmemory 4mb', 'maxmemory-policy noeviction']});
		for (let i = 0; ; i++) {
			const ok = await server.client.set(`fill:${i}`, 'x'.repeat(4096)).then(() => true, () => false);
			if (!ok) break;
		}
		const status = await takeSnapshot(server.sandbox.target, met001, {windowMs: 200});
		expect(status.memory.usedPercent!).toBeGreaterThan(90);
		expect(status.memory.level).toBe('critical');
		expect(status.overall).toBe('critical');
	});
});
