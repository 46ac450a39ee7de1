import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {freePort} from '../../source/sandbox/sandbox.js';
import {startProcess, waitForHttp} from '../helpers/processes.js';
import {startRedis, waitFor, type TestRedis} from '../helpers/redis.js';

/**
 * The whole alert path on loopback, no Docker: redis-server → prometheus-redis-exporter →
 * Prometheus (the repo's rules, evaluated every second, hold times shortened to 0s) →
 * Alertmanager (the repo's routing and templates, group waits shortened to 1s) → a local HTTP
 * server standing in for Slack. A slower suite: about half a minute.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const monitoring = path.join(repo, 'monitoring');
const dir = mkdtempSync(path.join(tmpdir(), 'redtop-chain-'));
const stops: Array<() => Promise<void> | void> = [];
afterAll(async () => {
	for (const stop of stops.reverse()) await stop();
	rmSync(dir, {recursive: true, force: true});
});

type SlackMessage = {channel?: string; attachments?: Array<{title?: string; text?: string; color?: string}>};

function slackReceiver(port: number): Promise<{messages: SlackMessage[]; server: Server}> {
	const messages: SlackMessage[] = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', chunk => {
			body += chunk;
		});
		request.on('end', () => {
			try {
				messages.push(JSON.parse(body) as SlackMessage);
			} catch {}
			response.writeHead(200, {'content-type': 'text/plain'}).end('ok');
		});
	});
	return new Promise(resolve => server.listen(port, '127.0.0.1', () => resolve({messages, server})));
}

async function fillPast(redis: TestRedis, percent: number): Promise<number> {
	const value = 'x'.repeat(16 * 1024);
	for (let i = 0; ; i++) {
		await redis.client.set(`fill:${i}`, value).catch(() => undefined);
		if (i % 16 === 0) {
			const info = await redis.client.info('memory');
			const used = Number(/used_memory:(\d+)/.exec(info)![1]);
			const max = Number(/maxmemory:(\d+)/.exec(info)![1]);
			if ((used / max) * 100 > percent) return (used / max) * 100;
		}
	}
}

describe('Redis memory past the critical threshold reaches Slack, and so does the recovery', () => {
	it('FIRING then RESOLVED, Slack-shaped', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['maxmemory 8mb', 'maxmemory-policy noeviction']});
		stops.push(() => redis.stop());
		const [exporterPort, prometheusPort, alertmanagerPort, slackPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
		const slack = await slackReceiver(slackPort);
		stops.push(() => new Promise<void>(resolve => slack.server.close(() => resolve())));

		const exporter = startProcess('prometheus-redis-exporter', ['--redis.addr', redis.sandbox.url, '--web.listen-address', `127.0.0.1:${exporterPort}`]);
		stops.push(() => exporter.stop());

		writeFileSync(path.join(dir, 'slack_webhook_url'), `http://127.0.0.1:${slackPort}/services/test\n`);
		const alertmanagerConfig = readFileSync(path.join(monitoring, 'alertmanager.yml'), 'utf8')
			.replace('/etc/alertmanager/templates/*.tmpl', path.join(monitoring, 'templates/*.tmpl'))
			.replaceAll('/etc/alertmanager/secrets/slack_webhook_url', path.join(dir, 'slack_webhook_url'))
			.replace(/group_wait: \S+/g, 'group_wait: 1s')
			.replace(/group_interval: \S+/g, 'group_interval: 1s');
		writeFileSync(path.join(dir, 'alertmanager.yml'), alertmanagerConfig);
		const alertmanager = startProcess('prometheus-alertmanager', ['--config.file', path.join(dir, 'alertmanager.yml'), '--storage.path', path.join(dir, 'am'),
			'--web.listen-address', `127.0.0.1:${alertmanagerPort}`, '--cluster.listen-address=']);
		stops.push(() => alertmanager.stop());

		writeFileSync(path.join(dir, 'alerts.yml'), readFileSync(path.join(monitoring, 'alerts.yml'), 'utf8').replace(/^(\s+)for: \S+$/gm, '$1for: 0s'));
		writeFileSync(path.join(dir, 'prometheus.yml'), [
			'global: {scrape_interval: 1s, evaluation_interval: 1s}',
			'rule_files: [alerts.yml]',
			`alerting: {alertmanagers: [{static_configs: [{targets: ["127.0.0.1:${alertmanagerPort}"]}]}]}`,
			`scrape_configs: [{job_name: redis, static_configs: [{targets: ["127.0.0.1:${exporterPort}"], labels: {instance: e2e}}]}]`,
		].join('\n'));
		const prometheus = startProcess('prometheus', ['--config.file', path.join(dir, 'prometheus.yml'), '--storage.tsdb.path', path.join(dir, 'tsdb'),
			'--web.listen-address', `127.0.0.1:${prometheusPort}`, '--rules.alert.resend-delay=1s']);
		stops.push(() => prometheus.stop());

		await Promise.all([
			waitForHttp(`http://127.0.0.1:${exporterPort}/metrics`),
			waitForHttp(`http://127.0.0.1:${alertmanagerPort}/-/ready`),
			waitForHttp(`http://127.0.0.1:${prometheusPort}/-/ready`),
		]);

		const reached = await fillPast(redis, 96);
		expect(reached).toBeGreaterThan(95);
		const titles = () => slack.messages.flatMap(m => m.attachments ?? []).map(a => `${a.color} ${a.title}`);
		const firing = await waitFor(titles, t => t.some(x => x.includes('FIRING (critical): RedisMemoryCritical')), 60_000,
			`a FIRING Slack message; prometheus log: ${prometheus.log().slice(-300)}; alertmanager log: ${alertmanager.log().slice(-300)}`);
		expect(firing.find(x => x.includes('RedisMemoryCritical'))).toMatch(/^danger :rotating_light: FIRING \(critical\): RedisMemoryCritical on e2e/);
		const message = slack.messages.find(m => m.attachments?.some(a => a.title?.includes('RedisMemoryCritical')))!;
		expect(message.channel).toBe('#redis-alerts');
		expect(message.attachments![0]!.text).toMatch(/Redis e2e memory above 95% of maxmemory[\s\S]*Runbook: /);

		await redis.client.flushall();
		const resolved = await waitFor(titles, t => t.some(x => x.includes('RESOLVED: RedisMemoryCritical')), 60_000, 'a RESOLVED Slack message');
		expect(resolved.find(x => x.includes('RESOLVED: RedisMemoryCritical'))).toMatch(/^good :white_check_mark: RESOLVED: RedisMemoryCritical on e2e/);
	}, 150_000);
});
