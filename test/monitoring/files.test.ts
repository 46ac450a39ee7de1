import {cpSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {met001} from '../../source/profiles/met-001.js';
import {freePort} from '../../source/sandbox/sandbox.js';
import {hasCommand, run, startProcess, waitForHttp} from '../helpers/processes.js';
import {startRedis} from '../helpers/redis.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const monitoring = path.join(repo, 'monitoring');
const temps: string[] = [];
const temp = () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'redtop-monitoring-'));
	temps.push(dir);
	return dir;
};
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

/** The repo's files with the example secrets in place, as an operator's checkout would be. */
function checkout(): string {
	const dir = temp();
	cpSync(path.join(repo, 'docker-compose.yml'), path.join(dir, 'docker-compose.yml'));
	cpSync(path.join(repo, 'redis.conf'), path.join(dir, 'redis.conf'));
	cpSync(monitoring, path.join(dir, 'monitoring'), {recursive: true});
	copyFileSync(path.join(dir, 'monitoring/secrets/redis.env.example'), path.join(dir, 'monitoring/secrets/redis.env'));
	copyFileSync(path.join(dir, 'monitoring/secrets/slack_webhook_url.example'), path.join(dir, 'monitoring/secrets/slack_webhook_url'));
	return dir;
}

type Rule = {alert: string; expr: string; for?: string; labels: {severity: string}; annotations: Record<string, string>};
const rules = (): Rule[] => (parse(readFileSync(path.join(monitoring, 'alerts.yml'), 'utf8')) as {groups: Array<{rules: Rule[]}>}).groups.flatMap(g => g.rules);

describe('the real tools accept the shipped files', () => {
	it('promtool check config and check rules', () => {
		const config = run('promtool', ['check', 'config', 'prometheus.yml'], {cwd: monitoring});
		expect(config.output).toContain('SUCCESS');
		expect(config.code).toBe(0);
		const rulesCheck = run('promtool', ['check', 'rules', 'alerts.yml'], {cwd: monitoring});
		expect(rulesCheck.output).toMatch(/SUCCESS: \d+ rules found/);
		expect(rulesCheck.code).toBe(0);
	});

	it('promtool test rules: every rule fires and stays quiet where it should', () => {
		const result = run('promtool', ['test', 'rules', 'alerts.test.yml'], {cwd: monitoring});
		expect(result.output).toContain('SUCCESS');
		expect(result.code).toBe(0);
		const tested = readFileSync(path.join(monitoring, 'alerts.test.yml'), 'utf8');
		for (const rule of rules()) expect(tested, `no promtool case for ${rule.alert}`).toContain(`alertname: ${rule.alert}`);
	});

	it('amtool check-config, templates included', () => {
		const dir = checkout();
		const config = path.join(dir, 'monitoring/alertmanager.yml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('/etc/alertmanager/templates/*.tmpl', path.join(dir, 'monitoring/templates/*.tmpl')));
		const result = run('amtool', ['check-config', config]);
		expect(result.output).toContain('1 templates');
		expect(result.output).toContain('SUCCESS');
		expect(result.code).toBe(0);
	});

	it('docker-compose config -q', () => {
		const result = run('docker-compose', ['config', '-q'], {cwd: checkout()});
		expect(result.output).toBe('');
		expect(result.code).toBe(0);
	});

	it('the Slack receivers keep the webhook in a file and send resolved messages', () => {
		const config = parse(readFileSync(path.join(monitoring, 'alertmanager.yml'), 'utf8')) as {receivers: Array<{slack_configs: Array<Record<string, unknown>>}>};
		for (const receiver of config.receivers) {
			for (const slack of receiver.slack_configs) {
				expect(slack['api_url_file']).toBe('/etc/alertmanager/secrets/slack_webhook_url');
				expect(slack['api_url']).toBeUndefined();
				expect(slack['send_resolved']).toBe(true);
			}
		}
	});
});

describe('one source of truth', () => {
	const threshold = (name: string) => Number(/>\s*([\d.]+)\s*$/.exec(rules().find(r => r.alert === name)!.expr)![1]);
	it.each([
		['RedisMemoryHigh', met001.alerts.memoryWarningPercent, 'warning'],
		['RedisMemoryCritical', met001.alerts.memoryCriticalPercent, 'critical'],
		['RedisClientsNearMax', met001.alerts.clientsWarningPercent, 'warning'],
		['RedisClientsAtMax', met001.alerts.clientsCriticalPercent, 'critical'],
	])('%s uses the met-001 profile\'s number (%s) and severity %s', (name, value, severity) => {
		expect(threshold(name)).toBe(value);
		expect(rules().find(r => r.alert === name)!.labels.severity).toBe(severity);
	});

	it('clients thresholds match the panels, and every rule has severity, summary, description and runbook', () => {
		expect(met001.alerts.clientsWarningPercent).toBe(met001.thresholds.clientsPercent.warn);
		expect(met001.alerts.clientsCriticalPercent).toBe(met001.thresholds.clientsPercent.critical);
		for (const rule of rules()) {
			expect(['warning', 'critical']).toContain(rule.labels.severity);
			for (const key of ['summary', 'description', 'runbook']) expect(rule.annotations[key], `${rule.alert}.${key}`).toMatch(/\w{3}/);
		}
	});
});

describe('metric names against a real prometheus-redis-exporter', () => {
	it('every redis_* name in the rules and the dashboard is exported', async () => {
		const redis = await startRedis({configFile: null, extraConfig: ['appendonly yes', 'maxmemory 64mb']});
		const port = await freePort();
		const exporter = startProcess('prometheus-redis-exporter', ['--redis.addr', redis.sandbox.url, '--web.listen-address', `127.0.0.1:${port}`]);
		try {
			await redis.client.set('k', 'v');
			await redis.client.get('k');
			await waitForHttp(`http://127.0.0.1:${port}/metrics`);
			const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
			const exported = new Set([...text.matchAll(/^(redis_[a-z_]+)/gm)].map(m => m[1]));
			const dashboard = JSON.parse(readFileSync(path.join(monitoring, 'grafana/dashboards/redis-buffer.json'), 'utf8')) as {panels: Array<{targets: Array<{expr: string}>}>};
			const expressions = [...rules().map(r => r.expr), ...dashboard.panels.flatMap(p => p.targets.map(t => t.expr))];
			const used = new Set(expressions.flatMap(expr => [...expr.matchAll(/\b(redis_[a-z_]+)\b/g)].map(m => m[1]!)));
			const missing = [...used].filter(name => !exported.has(name));
			expect(missing).toEqual([]);
			expect(used.size).toBeGreaterThan(20);
		} finally {
			await exporter.stop();
			await redis.stop();
		}
	});
});
