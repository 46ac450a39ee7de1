import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Redis} from 'ioredis';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {met001} from '../../source/profiles/met-001.js';
import {parseTarget} from '../../source/redis/target.js';
import {writeReports} from '../../source/reports/report.js';
import {audit} from '../../source/scenarios/audit.js';
import {baseline} from '../../source/scenarios/baseline.js';
import {countByPrefix} from '../../source/scenarios/keys.js';
import {runScenario, type ScenarioOutcome} from '../../source/scenarios/runner.js';
import {throughput} from '../../source/scenarios/throughput.js';
import type {AnyScenario} from '../../source/scenarios/types.js';
import {startRedis, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const reportDir = mkdtempSync(path.join(tmpdir(), 'redtop-reports-'));
afterAll(() => rmSync(reportDir, {recursive: true, force: true}));

async function redis(options?: Parameters<typeof startRedis>[0]): Promise<TestRedis> {
	const server = await startRedis(options);
	cleanups.push(() => server.stop());
	return server;
}

/** 1,000 keys that are not redtop's, of several types, and a digest of all of them. */
async function seedForeign(client: Redis): Promise<() => Promise<string>> {
	const pipeline = client.pipeline();
	for (let i = 0; i < 1000; i++) {
		if (i % 4 === 0) pipeline.hset(`app:hash:${i}`, {a: String(i), b: 'x'.repeat(i % 50)});
		else if (i % 4 === 1) pipeline.rpush(`app:list:${i}`, 'a', String(i));
		else pipeline.set(`app:event:${i}`, `payload-${i}-${'y'.repeat(i % 100)}`);
	}
	await pipeline.exec();
	return async () => {
		const keys = (await client.keys('app:*')).sort();
		const hash = createHash('sha256');
		for (const key of keys) hash.update(`${key}=${(await client.dump(key))?.toString('hex') ?? ''}\n`);
		return `${keys.length}:${hash.digest('hex')}`;
	};
}

const run = (scenario: AnyScenario, server: TestRedis, options: Record<string, unknown>, signal = new AbortController().signal) =>
	runScenario(scenario, server.sandbox.target, met001, options, {signal, isConfirmed: false});

function saneLatency(figures: Record<string, unknown>) {
	const f = figures as {p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; opsPerSec: number};
	expect(f.opsPerSec).toBeGreaterThan(0);
	expect(f.p50Ms).toBeGreaterThan(0);
	expect(f.p50Ms).toBeLessThanOrEqual(f.p95Ms);
	expect(f.p95Ms).toBeLessThanOrEqual(f.p99Ms);
	expect(f.p99Ms).toBeLessThanOrEqual(f.maxMs);
}

describe('baseline', () => {
	it('measures SET and GET, passes on a healthy server, leaves no keys and touches no foreign key', async () => {
		const server = await redis();
		const digest = await seedForeign(server.client);
		const before = await digest();
		const outcome = await run(baseline, server, {requests: 3000, clients: 2});
		const figures = outcome.result.figures as {set: Record<string, unknown>; get: Record<string, unknown>};
		saneLatency(figures.set);
		saneLatency(figures.get);
		expect(figures.set['requests']).toBe(3000);
		expect(outcome.result.criteria.map(c => c.name)).toEqual(['SET throughput', 'SET P50', 'SET P95', 'SET P99', 'GET throughput', 'GET P50', 'GET P95', 'GET P99']);
		expect(outcome.cleanup.deletedKeys).toBe(3000);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
		expect(await digest()).toBe(before);
	});

	it('rejects bad options with a clear message', () => {
		expect(() => baseline.parseOptions({requests: '0'})).toThrow(/--requests must be a whole number from 1/);
		expect(() => baseline.parseOptions({clients: 'many'})).toThrow(/--clients/);
		expect(baseline.parseOptions({requests: '1,000', valueSize: '100'})).toEqual({requests: 1000, clients: 1, valueSize: 100});
	});
});

describe('throughput', () => {
	it('sustained holds its target rate within 5% over 5 s', async () => {
		const server = await redis();
		const outcome = await run(throughput, server, {mode: 'sustained', rate: '1500', duration: '5s'});
		const sustained = outcome.result.figures['sustained'] as {achievedOpsPerSec: number; perSecond: number[]; p99Ms: number; perSecondMin: number};
		expect(Math.abs(sustained.achievedOpsPerSec - 1500) / 1500).toBeLessThan(0.05);
		expect(sustained.perSecond.length).toBeGreaterThanOrEqual(5);
		expect(sustained.perSecondMin).toBeGreaterThan(1300);
		expect(outcome.result.criteria.find(c => c.name === 'sustained rate')?.passed).toBe(true);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
	});

	it('concurrent reports total, per-client and scaling over one client', async () => {
		const server = await redis();
		const outcome = await run(throughput, server, {mode: 'concurrent', clients: '4', duration: '2s'});
		const concurrent = outcome.result.figures['concurrent'] as {totalOpsPerSec: number; perClientOpsPerSec: number; scalingOverSingle: number; clients: number};
		expect(concurrent.clients).toBe(4);
		expect(concurrent.totalOpsPerSec).toBeCloseTo(concurrent.perClientOpsPerSec * 4);
		expect(concurrent.scalingOverSingle).toBeGreaterThan(0);
		saneLatency({...(outcome.result.figures['single'] as object)});
	});
});

describe('abort', () => {
	it.each([
		['baseline', baseline, {requests: 1_000_000, clients: 3}],
		['throughput', throughput, {mode: 'all', duration: '30s', clients: 3}],
	] as const)('%s: aborted at a random moment, no redtop key remains and foreign keys are intact', async (_name, scenario, options) => {
		const server = await redis();
		const digest = await seedForeign(server.client);
		const before = await digest();
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300 + Math.floor(Math.random() * 1200));
		const outcome = await run(scenario, server, options, controller.signal);
		expect(outcome.aborted).toBe(true);
		expect(await countByPrefix(server.client, 'redtop:')).toBe(0);
		expect(await digest()).toBe(before);
	});
});

describe('safety', () => {
	it('refuses to run on a replica', async () => {
		const master = await redis();
		const replica = await redis({configFile: null, extraConfig: [`replicaof 127.0.0.1 ${master.sandbox.port}`]});
		await expect(run(baseline, replica, {requests: 10})).rejects.toThrow(/is a replica: scenarios run on the master only/);
	});

	it('asks for confirmation before destructive work off loopback, before connecting', async () => {
		const destructive = {...baseline, destructive: true} as AnyScenario;
		const remote = parseTarget('redis.internal.example:6379', {});
		await expect(runScenario(destructive, remote, met001, {}, {signal: new AbortController().signal, isConfirmed: false}))
			.rejects.toThrow(/not on this machine: confirm with --yes/);
	});
});

describe('audit', () => {
	it('flags maxmemory, policy and AOF on a default server', async () => {
		const server = await redis();
		const outcome = await run(audit, server, {});
		const fails = outcome.result.criteria.filter(c => !c.passed).map(c => c.name);
		expect(fails).toEqual(['maxmemory', 'maxmemory-policy', 'appendonly']);
		expect(outcome.result.passed).toBe(false);
		const maxmemory = outcome.result.criteria.find(c => c.name === 'maxmemory')!;
		expect(maxmemory.note).toContain('`CONFIG SET maxmemory 2147483648` and `maxmemory 2gb` in redis.conf');
	});

	it('passes on a server started with the repo\'s redis.conf', async () => {
		const server = await redis({});
		const outcome = await run(audit, server, {});
		expect(outcome.result.criteria.filter(c => !c.passed)).toEqual([]);
		expect(outcome.result.passed).toBe(true);
	});

	it('--apply needs --yes, then really changes the server and rewrites its config file', async () => {
		const server = await redis();
		await expect(run(audit, server, {apply: true})).rejects.toThrow(/--apply changes the server's configuration: confirm with --yes/);
		const outcome = await runScenario(audit, server.sandbox.target, met001, {apply: true}, {signal: new AbortController().signal, isConfirmed: true});
		expect(outcome.result.passed).toBe(true);
		expect(await server.client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
		expect(await server.client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
		expect(outcome.result.figures['configRewritten']).toBe(true);
		expect(readFileSync(path.join(server.sandbox.dir, 'sandbox.conf'), 'utf8')).toMatch(/maxmemory-policy allkeys-lru/);
	});
});

describe('reports', () => {
	it('writes Markdown and JSON with the figures, the verdict and the redacted target', async () => {
		const server = await redis({configFile: null, extraConfig: ['requirepass s3cret']});
		const target = parseTarget(`redis://:s3cret@127.0.0.1:${server.sandbox.port}`, {});
		const outcome: ScenarioOutcome = await runScenario(baseline, target, met001, {requests: 200}, {signal: new AbortController().signal, isConfirmed: false});
		const paths = await writeReports(reportDir, 'test', [outcome], [{scenario: 'capacity', reason: 'not available'}]);
		const markdown = readFileSync(paths.markdown, 'utf8');
		const json = JSON.parse(readFileSync(paths.json, 'utf8'));
		// Whether this tiny run meets the latency targets depends on the machine; the report must say which.
		const verdict = outcome.result.passed ? '✅ PASS' : '❌ FAIL';
		expect(markdown).toContain(`## Baseline SET/GET: ${verdict}`);
		expect(markdown).toContain('**Objective.**');
		const p99 = outcome.result.criteria.find(c => c.name === 'SET P99')!;
		expect(markdown).toContain(`| ${p99.passed ? '✅' : '❌'} | SET P99 | < 5 ms | ${p99.measured} |`);
		expect(markdown).toContain('## capacity: ⏭ SKIPPED');
		expect(json).toMatchObject({schema: 'redtop.report/1', passed: outcome.result.passed, target: `redis://:***@127.0.0.1:${server.sandbox.port}`,
			scenarios: [{id: 'baseline', passed: outcome.result.passed, server: {version: expect.any(String), role: 'master'}}], skipped: [{scenario: 'capacity'}]});
		expect(json.redtopVersion).toMatch(/^\d+\.\d+\.\d+$/);
		expect(`${markdown}${JSON.stringify(json)}`).not.toContain('s3cret');
	});
});
