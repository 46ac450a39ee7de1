import {spawn} from 'node:child_process';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {Notifier} from '../../source/alerts/notifier.js';
import {AlertWatcher} from '../../source/alerts/watcher.js';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {met001} from '../../source/profiles/met-001.js';
import type {Profile} from '../../source/profiles/profile.js';
import {freePort} from '../../source/sandbox/sandbox.js';
import {startRedis, waitFor, type TestRedis} from '../helpers/redis.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Alerts at once and resolved at once, so the test runs in seconds; the engine's holds have their own tests. */
const quick: Profile = {...met001, alertHolds: Object.fromEntries(Object.keys(met001.alertHolds).map(k => [k, {forSeconds: 0, resolveSeconds: 0}])) as Profile['alertHolds']};

type Received = {atMs: number; body: {text: string; attachments: Array<{title: string; text: string; color: string}>}};

async function slackStandIn(answer: (request: number) => {status: number; headers?: Record<string, string>}) {
	const received: Received[] = [];
	let requests = 0;
	const port = await freePort();
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		let body = '';
		request.on('data', chunk => {
			body += chunk;
		});
		request.on('end', () => {
			const {status, headers} = answer(++requests);
			if (status === 200) received.push({atMs: Date.now(), body: JSON.parse(body)});
			response.writeHead(status, headers).end(status === 200 ? 'ok' : 'slow down');
		});
	});
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	cleanups.push(() => new Promise<void>(resolve => server.close(() => resolve())));
	return {url: `http://127.0.0.1:${port}/services/T/B/X`, received, requests: () => requests};
}

async function fill(redis: TestRedis, percent: number) {
	for (let i = 0; ; i++) {
		await redis.client.set(`fill:${i}`, 'x'.repeat(16 * 1024)).catch(() => undefined);
		if (i % 16 === 0) {
			const info = await redis.client.info('memory');
			if (Number(/used_memory:(\d+)/.exec(info)![1]) / Number(/maxmemory:(\d+)/.exec(info)![1]) * 100 > percent) return;
		}
	}
}

function watch(redis: TestRedis, notifier: Notifier) {
	const monitor = new TargetMonitor(redis.sandbox.target, quick, {intervalMs: 200});
	const watcher = new AlertWatcher([monitor.store], quick, notifier);
	const controller = new AbortController();
	const running = monitor.run(controller.signal);
	cleanups.push(async () => {
		controller.abort();
		await running;
		watcher.stop();
	});
	return watcher;
}

describe('redtop\'s own alerts against a real redis-server and a Slack stand-in', () => {
	it('memory past critical: exactly one firing message with the right fields; back to ok: one resolved', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['maxmemory 8mb', 'maxmemory-policy noeviction']});
		cleanups.push(() => redis.stop());
		const slack = await slackStandIn(() => ({status: 200}));
		const notifier = new Notifier({webhookUrl: slack.url, groupWindowMs: 200});
		watch(redis, notifier);
		await new Promise(resolve => setTimeout(resolve, 600));
		await fill(redis, 96);
		const memoryTitles = () => slack.received.flatMap(r => r.body.attachments).filter(a => a.title.includes('memory'));
		await waitFor(memoryTitles, t => t.length >= 1, 10_000, 'a firing message');
		const [firing] = memoryTitles();
		expect(firing!.title).toBe(`:rotating_light: CRITICAL: memory on ${redis.sandbox.target.label}`);
		expect(firing!.color).toBe('danger');
		expect(firing!.text).toMatch(/^\*memory 9\d\.\d% of maxmemory\* \(threshold: 90% warn \/ 95% critical\)\nSince \S+ \(\d+s\)\nCheck: /);
		await redis.client.flushall();
		await waitFor(memoryTitles, t => t.length >= 2, 10_000, 'a resolved message');
		await new Promise(resolve => setTimeout(resolve, 1000));
		expect(memoryTitles().map(a => a.title.split(':')[1])).toEqual(['rotating_light', 'white_check_mark']);
		expect(notifier.lastError).toBeUndefined();
	});

	it('429 with Retry-After, then 200: delivered once, after the wait', async () => {
		const slack = await slackStandIn(request => (request === 1 ? {status: 429, headers: {'retry-after': '1'}} : {status: 200}));
		const notifier = new Notifier({webhookUrl: slack.url, groupWindowMs: 10});
		const startedMs = Date.now();
		notifier.notify([{kind: 'firing', atMs: startedMs, alert: {id: 'a', target: 't', metric: 'evictions', severity: 'critical', value: 'v', threshold: 't', sinceMs: startedMs, hint: 'h'}}]);
		await notifier.drain();
		expect(slack.requests()).toBe(2);
		expect(slack.received).toHaveLength(1);
		expect(slack.received[0]!.atMs - startedMs).toBeGreaterThanOrEqual(1000);
		expect(notifier.delivered).toBe(1);
	});

	it('a receiver that is down: the alert is still active, the error is surfaced, nothing crashes', async () => {
		const redis = await startRedis({configFile: null});
		cleanups.push(() => redis.stop());
		const deadPort = await freePort();
		const notifier = new Notifier({webhookUrl: `http://127.0.0.1:${deadPort}/hook`, groupWindowMs: 50, maxAttempts: 2, backoffMs: 50});
		const watcher = watch(redis, notifier);
		await waitFor(() => watcher.engine.active().map(a => a.metric), metrics => metrics.includes('memory'), 10_000, 'the maxmemory-0 alert');
		await waitFor(() => notifier.lastError, error => error === 'Slack: connection refused, gave up', 10_000, 'the delivery error');
		expect(watcher.engine.active().find(a => a.metric === 'memory')?.value).toBe('maxmemory is 0 (no limit)');
	});
});

describe('redtop notify test', () => {
	const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
	const notify = (env: Record<string, string>) => new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => {
		const child = spawn(process.execPath, [cli, 'notify', 'test'], {env: {PATH: process.env['PATH'], ...env}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => {
			stdout += chunk;
		});
		child.stderr.on('data', chunk => {
			stderr += chunk;
		});
		child.once('exit', code => resolve({code, stdout, stderr}));
	});

	it('sends a test message and reports the HTTP result, never the webhook', async () => {
		const slack = await slackStandIn(() => ({status: 200}));
		const run = await notify({REDTOP_SLACK_WEBHOOK: slack.url});
		expect(run.stdout.trim()).toBe('Slack answered HTTP 200 ok');
		expect(run.code).toBe(0);
		expect(slack.received[0]!.body.attachments[0]!.text).toContain('this is a test message from redtop');
	});

	it('says what is missing or wrong, in one line', async () => {
		const none = await notify({});
		expect(none.stderr.trim()).toBe('redtop: no Slack webhook: set REDTOP_SLACK_WEBHOOK or give --slack-webhook-file FILE');
		expect(none.code).toBe(2);
		const refused = await notify({REDTOP_SLACK_WEBHOOK: `http://127.0.0.1:${await freePort()}/secret-path`});
		expect(refused.stderr.trim()).toBe('redtop: Slack did not take the test message: connection refused');
		expect(refused.code).toBe(3);
		expect(refused.stderr).not.toContain('secret-path');
	});
});

describe('redtop watch', () => {
	it('--json prints parseable lines and exits 0 on SIGTERM', async () => {
		const redis = await startRedis({configFile: null});
		cleanups.push(() => redis.stop());
		const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
		const child = spawn(process.execPath, [cli, 'watch', redis.sandbox.url, '--json', '--interval', '200ms', '--status-every', '500ms'],
			{env: {PATH: process.env['PATH'], REDTOP_CONFIG_DIR: '/tmp/redtop-watch-test'}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', chunk => {
			stdout += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		await waitFor(() => stdout.split('\n').filter(line => line.includes('"type":"status"')).length, n => n >= 2, 10_000, 'status lines');
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		const lines = stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; status?: string; metric?: string});
		expect(lines.filter(l => l.type === 'status').every(l => l.status === 'up')).toBe(true);
		expect(lines.every(l => l.type === 'status' || l.type === 'alert')).toBe(true);
	});
});
