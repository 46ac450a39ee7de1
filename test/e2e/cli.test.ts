import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {configDir, redtop} from '../helpers/cli.js';
import {startRedis} from '../helpers/redis.js';

/** The machine's own scheduling noise must not decide an exit-code test. */
const relaxedLatency = ['--threshold', 'latencyP99Ms.warn=500', '--threshold', 'latencyP99Ms.critical=1000'];

describe('redtop snapshot', () => {
	it('--sandbox --json prints the documented JSON and exits 0', async () => {
		const run = await redtop(['snapshot', '--sandbox', '--json']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const json = JSON.parse(run.stdout);
		expect(json).toMatchObject({status: 'up', redis: {role: 'master'}, memory: {maxBytes: 2 * 1024 ** 3, policy: 'allkeys-lru'},
			persistence: {aofEnabled: true, aofLastWriteStatus: 'ok', loading: false}});
		for (const key of ['usedBytes', 'usedPercent', 'fragmentationRatio', 'level']) expect(json.memory).toHaveProperty(key);
		for (const key of ['p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'level']) expect(json.latency).toHaveProperty(key);
		expect(json.latency.p50Ms).toBeLessThanOrEqual(json.latency.p99Ms);
		expect(json.evictions).toMatchObject({total: 0, perSec: 0, level: 'ok'});
		expect(['ok', 'warn', 'critical', 'unknown']).toContain(json.overall);
		// The sandbox starts prometheus-redis-exporter too (CI installs it): the exporter object is filled.
		expect(json.exporter).toMatchObject({reachable: true, up: true, level: 'ok'});
	});

	it('never prints the password', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['requirepass hunter2']});
		try {
			const run = await redtop(['snapshot', '--json', `redis://:hunter2@127.0.0.1:${redis.sandbox.port}`]);
			expect(run.code).toBe(0);
			expect(run.stdout).not.toContain('hunter2');
			expect(JSON.parse(run.stdout).target).toBe(`redis://:***@127.0.0.1:${redis.sandbox.port}`);
			const viaEnv = await redtop(['snapshot', `127.0.0.1:${redis.sandbox.port}`], {REDISCLI_AUTH: 'hunter2'});
			expect(viaEnv.code).toBe(0);
			expect(viaEnv.stdout + viaEnv.stderr).not.toContain('hunter2');
		} finally {
			await redis.stop();
		}
	});
});

describe('redtop check (Nagios plugin)', () => {
	it('is OK (0) on a healthy server', async () => {
		const run = await redtop(['check', '--sandbox', ...relaxedLatency]);
		expect(run.stdout).toMatch(/^REDTOP OK - redis:\/\/127\.0\.0\.1:\d+ master \S+, mem [\d.]+% of 2\.00 GiB.* \| 'used_memory'=\d+B/);
		expect(run.code).toBe(0);
	});

	it('--sandbox --cluster starts a private 3+3 cluster with the repo redis.conf: OK (0)', async () => {
		const run = await redtop(['check', '--sandbox', '--cluster', ...relaxedLatency]);
		expect(run.stdout).toMatch(/^REDTOP OK - cluster ok, 3 masters, slots 16384\/16384 ok, mem [\d.]+% of 6\.00 GiB.* \| 'cluster:used_memory'=\d+B/);
		expect(run.code).toBe(0);
	}, 60_000);

	it('--sandbox --sentinel starts a private master, replica and three sentinels: OK (0)', async () => {
		const run = await redtop(['check', '--sandbox', '--sentinel', ...relaxedLatency]);
		expect(run.stdout).toMatch(/^REDTOP OK - sentinel sandbox: master 127\.0\.0\.1:\d+; redis:\/\/127\.0\.0\.1:\d+ master \S+, mem [\d.]+% of 2\.00 GiB/);
		expect(run.code).toBe(0);
	}, 60_000);

	it('is WARNING (1) without maxmemory', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['appendonly yes']});
		try {
			const run = await redtop(['check', redis.sandbox.url, ...relaxedLatency]);
			expect(run.stdout).toMatch(/^REDTOP WARNING - .*maxmemory is 0/);
			expect(run.code).toBe(1);
		} finally {
			await redis.stop();
		}
	});

	it('is CRITICAL (2) on a full noeviction server', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['maxmemory 4mb', 'maxmemory-policy noeviction', 'appendonly yes']});
		try {
			for (let i = 0; ; i++) if (!(await redis.client.set(`f:${i}`, 'x'.repeat(4096)).then(() => true, () => false))) break;
			const run = await redtop(['check', redis.sandbox.url, ...relaxedLatency]);
			expect(run.stdout).toMatch(/^REDTOP CRITICAL - .*memory \d+\.\d% of maxmemory > 90%/);
			expect(run.code).toBe(2);
		} finally {
			await redis.stop();
		}
	});

	it('is CRITICAL (2) on a closed port', async () => {
		const run = await redtop(['check', 'redis://127.0.0.1:1']);
		expect(run.stdout.trim()).toBe('REDTOP CRITICAL - redis://127.0.0.1:1 unreachable: connection refused');
		expect(run.code).toBe(2);
	});

	it('is UNKNOWN (3) on bad input', async () => {
		const run = await redtop(['check', '--interval', 'soon']);
		expect(run.stdout).toMatch(/^REDTOP UNKNOWN - bad interval/);
		expect(run.code).toBe(3);
	});
});

describe('bad input: one line, no stack trace, the right exit code', () => {
	it.each([
		[['--interval', '5'], 2, /bad interval "5"/],
		[['--interval', '10ms'], 2, /too short/],
		[['--bogus'], 2, /unknown option --bogus/],
		[['snapshto'], 2, /unknown command "snapshto"/],
		[['snapshot', 'http://x'], 2, /unsupported scheme/],
		[['snapshot', 'redis://h:0'], 2, /bad port/],
		[['--sandbox', 'redis://x'], 2, /--sandbox starts its own/],
		[['--profile', 'nope'], 2, /unknown profile "nope"/],
		[['--threshold', 'x=1'], 2, /bad --threshold/],
		[['snapshot', '--exporter', 'ftp://x'], 2, /exporter URL must be http/],
		[['snapshot', 'a:1', 'b:2', '--exporter', 'http://x:9121'], 2, /--exporter goes with one target/],
		[['snapshot', '--cluster'], 2, /--cluster needs a value/],
		[['snapshot', '--cluster', 'redis://h:1/2'], 2, /Redis Cluster has only database 0: leave \/2 out/],
		[['snapshot', '--cluster', 'h:1', 'h:2'], 2, /--cluster takes the cluster's seed URL; give no other targets/],
		[['snapshot', '--sandbox', '--cluster', 'h:1'], 2, /--sandbox --cluster starts its own cluster/],
		[['snapshot', '--sandbox', '--sentinel', 'h:1'], 2, /--sandbox --sentinel starts its own sentinels/],
		[['snapshot', '--sentinel', 'h:26379'], 2, /--sentinel needs --master-name NAME/],
		[['snapshot', '--master-name', 'x'], 2, /--master-name goes with --sentinel/],
		[['snapshot', '--cluster', 'h:1', '--sentinel', 'h:2', '--master-name', 'm'], 2, /--cluster and --sentinel do not go together/],
		[['run', 'audit', '--cluster', '127.0.0.1:1'], 2, /with --cluster, redtop runs capacity and pressure/],
		[['config', 'set', 'interval', 'x'], 2, /bad interval/],
		[['snapshot', 'redis://u:hunter2@127.0.0.1:1'], 3, /cannot connect to redis:\/\/u:\*\*\*@127\.0\.0\.1:1: connection refused/],
		[[], 2, /needs a terminal/],
	])('redtop %j', async (args, code, message) => {
		const run = await redtop(args);
		expect(run.code).toBe(code);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr).toMatch(message);
		expect(run.stderr).not.toMatch(/\n\s+at /);
		expect(run.stderr).not.toContain('hunter2');
	});

	it('says how to get redis-server when it is missing (exit 3)', async () => {
		const run = await redtop(['snapshot', '--sandbox'], {REDIS_SERVER_BIN: '/nonexistent/redis-server'});
		expect(run.code).toBe(3);
		expect(run.stderr.trim()).toBe('redtop: REDIS_SERVER_BIN=/nonexistent/redis-server is not an executable redis-server');
	});
});

describe('redtop run / audit', () => {
	it('audit: exit 1 on a default server, 0 with the repo redis.conf, reports written', async () => {
		const reports = mkdtempSync(path.join(tmpdir(), 'redtop-e2e-reports-'));
		const redis = await startRedis();
		try {
			const failing = await redtop(['audit', redis.sandbox.url, '--report-dir', reports]);
			expect(failing.code).toBe(1);
			expect(failing.stdout).toContain('❌ maxmemory: 0 (no limit)');
			expect(failing.stdout).toMatch(/report: .*redtop-audit-\w+\.md/);
			const passing = await redtop(['audit', '--sandbox', '--report-dir', reports, '--json']);
			expect(passing.code).toBe(0);
			const json = JSON.parse(passing.stdout);
			expect(json).toMatchObject({schema: 'redtop.report/1', passed: true, scenarios: [{id: 'audit', passed: true}]});
			expect(json.reports.markdown).toMatch(/\.md$/);
		} finally {
			await redis.stop();
			rmSync(reports, {recursive: true, force: true});
		}
	});

	it('run restart: explains what it needs and exits 3 when it cannot restart Redis', async () => {
		const redis = await startRedis();
		try {
			const run = await redtop(['run', 'restart', redis.sandbox.url]);
			expect(run.stderr.trim()).toMatch(/^redtop: restart needs a way to restart Redis: run it on a sandbox \(--sandbox\)/);
			expect(run.code).toBe(3);
		} finally {
			await redis.stop();
		}
	});

	it('run baseline: exit 0 and every criterion listed', async () => {
		const reports = mkdtempSync(path.join(tmpdir(), 'redtop-e2e-reports-'));
		try {
			const run = await redtop(['run', 'baseline', '--sandbox', '--requests', '2000', '--report-dir', reports]);
			expect(run.stdout).toMatch(/Baseline SET\/GET on redis:\/\/127\.0\.0\.1:\d+: (PASS|FAIL)/);
			expect(run.stdout).toContain('SET throughput:');
			expect([0, 1]).toContain(run.code);
		} finally {
			rmSync(reports, {recursive: true, force: true});
		}
	});

	it.each([
		[['run'], 2, /usage: redtop run <scenario\|all>/],
		[['run', 'nope'], 2, /unknown scenario "nope"/],
		[['run', 'baseline', '--requests', '0'], 2, /--requests must be a whole number/],
		[['run', 'throughput', '--mode', 'fast'], 2, /--mode must be one of single, sustained, concurrent, all/],
		[['run', 'baseline', 'redis://127.0.0.1:1'], 3, /cannot connect to redis:\/\/127\.0\.0\.1:1/],
		[['audit', '--profile', '/nonexistent/p.json'], 2, /profile \/nonexistent\/p\.json: ENOENT/],
	])('redtop %j fails cleanly', async (args, code, message) => {
		const run = await redtop(args);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr).toMatch(message);
		expect(run.code).toBe(code);
	});
});

describe('help, version, config', () => {
	it('--help shows usage with examples', async () => {
		const run = await redtop(['--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Usage');
		expect(run.stdout).toContain('redtop --sandbox');
		expect(run.stdout).toContain('Exit codes');
	});

	it('--version', async () => {
		const run = await redtop(['--version']);
		expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('config set/get/path in REDTOP_CONFIG_DIR, and a broken file is a warning', async () => {
		expect((await redtop(['config', 'path'])).stdout.trim()).toBe(path.join(configDir, 'config.json'));
		expect((await redtop(['config', 'set', 'interval', '2s'])).stdout.trim()).toBe('interval = 2s');
		expect((await redtop(['config', 'get', 'interval'])).stdout.trim()).toBe('2s');
		writeFileSync(path.join(configDir, 'config.json'), '{broken');
		const run = await redtop(['check', 'redis://127.0.0.1:1']);
		expect(run.stderr.trim()).toMatch(/^redtop: warning: ignoring unreadable settings file/);
		expect(run.code).toBe(2);
		expect((await redtop(['config', 'reset'])).code).toBe(0);
	});
});
