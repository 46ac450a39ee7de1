import {afterEach, describe, expect, it} from 'vitest';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {takeSnapshot} from '../../source/collectors/snapshot.js';
import {met001} from '../../source/profiles/met-001.js';
import {parseTarget} from '../../source/redis/target.js';
import {freePort} from '../../source/sandbox/sandbox.js';
import {startProcess, waitForHttp} from '../helpers/processes.js';
import {startRedis, waitFor, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function redisWithExporter(): Promise<{redis: TestRedis; url: string; stopExporter: () => Promise<void>}> {
	const redis = await startRedis({configFile: null, extraConfig: ['appendonly yes', 'maxmemory 64mb']});
	cleanups.push(() => redis.stop());
	const port = await freePort();
	const exporter = startProcess('prometheus-redis-exporter', ['--redis.addr', redis.sandbox.url, '--web.listen-address', `127.0.0.1:${port}`]);
	cleanups.push(() => exporter.stop());
	const url = `http://127.0.0.1:${port}/metrics`;
	await waitForHttp(url);
	return {redis, url, stopExporter: () => exporter.stop()};
}

async function scrape(url: string, name: string): Promise<number> {
	const text = await (await fetch(url)).text();
	return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)![1]);
}

describe('redtop with a real prometheus-redis-exporter', () => {
	it('snapshot: the exporter object matches the exporter\'s numbers, and they agree with INFO', async () => {
		const {redis, url} = await redisWithExporter();
		const pipeline = redis.client.pipeline();
		for (let i = 0; i < 2000; i++) pipeline.set(`k:${i}`, 'v'.repeat(200));
		await pipeline.exec();
		const status = await takeSnapshot(redis.sandbox.target, met001, {windowMs: 1000, exporterUrl: url});
		const exporter = status.exporter!;
		expect(exporter).toMatchObject({reachable: true, up: true, lastScrapeError: '', level: 'ok'});
		expect(exporter.version).toMatch(/^1\./);
		expect(exporter.scrapeDurationSeconds!).toBeGreaterThan(0);
		const memory = exporter.crossCheck.find(c => c.metric === 'usedMemoryBytes')!;
		const scraped = await scrape(url, 'redis_memory_used_bytes');
		expect(Math.abs(memory.exporter! - scraped) / scraped).toBeLessThan(0.05);
		expect(memory.isDisagreeing).toBe(false);
		expect(exporter.crossCheck.map(c => c.metric)).toEqual(['usedMemoryBytes', 'opsPerSec', 'evictionsPerSec', 'connectedClients']);
		expect(exporter.crossCheck.every(c => !c.isDisagreeing)).toBe(true);
	});

	it('monitor: a stopped exporter shows as unreachable while the INFO panels keep updating', async () => {
		const {redis, url, stopExporter} = await redisWithExporter();
		const m = new TargetMonitor(redis.sandbox.target, met001, {intervalMs: 250, exporterUrl: url});
		const controller = new AbortController();
		const running = m.run(controller.signal);
		cleanups.push(async () => {
			controller.abort();
			await running;
		});
		await waitFor(() => m.store.status.exporter, e => e?.reachable === true && e.crossCheck.length === 4, 10_000, 'the exporter up and cross-checked');
		await stopExporter();
		const down = await waitFor(() => m.store.status, s => s.exporter?.reachable === false, 10_000, 'the exporter down');
		expect(down.exporter!.reason).toBe('connection refused');
		expect(down.problems.map(p => p.message)).toContain('exporter unreachable: connection refused');
		expect(down.status).toBe('up');
		const version = m.store.version;
		await redis.client.set('after', '1');
		await waitFor(() => m.store.status.keyspace, k => k.some(db => db.keys === 1), 5000, 'INFO panels to keep updating');
		expect(m.store.version).toBeGreaterThan(version);
	});

	it('falls back to the exporter\'s figures when Redis cannot be reached directly', async () => {
		const {redis, url} = await redisWithExporter();
		await redis.client.set('seen-through-the-exporter', '1');
		const unreachable = parseTarget('127.0.0.1:1', {});
		const status = await takeSnapshot(unreachable, met001, {windowMs: 500, exporterUrl: url});
		expect(status).toMatchObject({status: 'down', source: 'exporter', redis: {version: expect.stringMatching(/^\d/)}});
		expect(status.memory.maxBytes).toBe(64 * 1024 * 1024);
		expect(status.keyspace).toEqual([{db: 0, keys: 1, expires: 0}]);
		expect(status.problems.map(p => p.message).join()).toMatch(/direct connection down \(connection refused\): showing the exporter's figures/);
		expect(status.overall).toBe('warn');

		const m = new TargetMonitor(unreachable, met001, {intervalMs: 250, exporterUrl: url});
		const controller = new AbortController();
		const running = m.run(controller.signal);
		cleanups.push(async () => {
			controller.abort();
			await running;
		});
		const live = await waitFor(() => m.store.status, s => s.source === 'exporter' && s.ops.perSec !== undefined, 10_000, 'live exporter figures');
		expect(live.memory.usedBytes).toBeGreaterThan(0);
	});
});
