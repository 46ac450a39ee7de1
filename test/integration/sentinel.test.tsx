import {spawn} from 'node:child_process';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {met001} from '../../source/profiles/met-001.js';
import {parseTarget} from '../../source/redis/target.js';
import {SentinelMonitor, withoutMasterMs} from '../../source/sentinel/sentinel-monitor.js';
import {cli, configDir, redtop} from '../helpers/cli.js';
import {startSentinel, type TestSentinel} from '../helpers/cluster.js';
import {waitFor} from '../helpers/redis.js';
import {keys, waitForFrame} from '../helpers/views.js';

let setup: TestSentinel | undefined;
afterEach(async () => {
	await setup?.stop();
	setup = undefined;
});

const escape = (text: string) => text.replaceAll('.', '\\.');

describe('Sentinel (1 master, 1 replica, 3 sentinels)', () => {
	it('snapshot and check name the master the sentinels agree on', async () => {
		setup = await startSentinel();
		const sentinels = setup.sentinelPorts.map(p => `127.0.0.1:${p}`).join(',');
		const run = await redtop(['snapshot', '--sentinel', sentinels, '--master-name', setup.masterName, '--json']);
		expect(run.stderr).toBe('');
		const json = JSON.parse(run.stdout) as {sentinel: {master: {address: string}; sentinels: number; quorum: number; replicas: Array<{address: string}>}; master: {target: string; redis: {role: string}}};
		expect(json.sentinel).toMatchObject({master: {address: `127.0.0.1:${setup.master.port}`}, sentinels: 3, quorum: 2, replicas: [{address: `127.0.0.1:${setup.replica.port}`}]});
		expect(json.master).toMatchObject({target: `redis://127.0.0.1:${setup.master.port}`, redis: {role: 'master'}});

		const unknownName = await redtop(['check', '--sentinel', sentinels, '--master-name', 'nope']);
		expect(unknownName.stdout).toMatch(/^REDTOP CRITICAL - no sentinel named the master nope: .*no master named nope/);
		expect(unknownName.code).toBe(2);
		expect((await redtop(['snapshot', '--sentinel', sentinels])).stderr).toBe('redtop: --sentinel needs --master-name NAME (the name in "sentinel monitor NAME …")\n');
	}, 60_000);

	it('killing the master shows the failover, the time without a master, and the new master\'s panels', async () => {
		setup = await startSentinel();
		const controller = new AbortController();
		const sentinels = setup.sentinelPorts.map(p => parseTarget(`127.0.0.1:${p}`, {}));
		const monitor = new SentinelMonitor(sentinels, setup.masterName, parseTarget('127.0.0.1:6379', {}), met001, {intervalMs: 250});
		const running = monitor.run(controller.signal);
		const app = render(<App monitors={[]} sentinel={monitor} profile={met001} isColor />);
		const oldMaster = `127.0.0.1:${setup.master.port}`;
		const newMaster = `127.0.0.1:${setup.replica.port}`;
		try {
			// The master's own panels first, with the sentinels' view under the header.
			await waitForFrame(app.lastFrame, f => f.includes(`redis://${oldMaster}`) && /master\s+up/.test(f) && f.includes('Memory')
				&& new RegExp(`SENTINEL ${setup!.masterName} · master ${escape(oldMaster)} · 1/1 replicas · 3 sentinels, quorum 2`).test(f), 15_000);

			process.kill(setup.master.pid()!, 'SIGKILL');
			await waitForFrame(app.lastFrame, f => new RegExp(`master ${escape(oldMaster)} DOWN`).test(f), 10_000);
			const after = await waitForFrame(app.lastFrame, f => new RegExp(`last failover \\d\\d:\\d\\d:\\d\\d: ${escape(oldMaster)} → ${escape(newMaster)}, \\d+\\.\\d s without a master`).test(f)
				&& f.includes(`redis://${newMaster}`) && /master\s+up/.test(f) && f.includes('Memory'), 30_000);
			expect(after).toMatch(new RegExp(`SENTINEL ${setup.masterName} · master ${escape(newMaster)}`));

			// The time without a master is what a client saw: at least the sentinels' 1 s down-after, and not minutes.
			const failover = await waitFor(() => monitor.state.failovers.at(-1), f => f !== undefined && withoutMasterMs(f) !== undefined, 5000, 'the failover');
			expect(failover).toMatchObject({from: oldMaster, to: newMaster});
			expect(withoutMasterMs(failover!)).toBeGreaterThanOrEqual(1000);
			expect(withoutMasterMs(failover!)).toBeLessThan(30_000);

			// Esc lists the data nodes: the new master up, the old one down.
			app.stdin.write(keys.escape);
			await waitForFrame(app.lastFrame, f => new RegExp(`redis://${escape(newMaster)}\\s+up\\s+master`).test(f) && new RegExp(`redis://${escape(oldMaster)}\\s+down`).test(f), 10_000);
		} finally {
			app.unmount();
			controller.abort();
			await running;
		}
	}, 90_000);

	it('watch --sentinel follows the failover and says so in TOPOLOGY lines', async () => {
		setup = await startSentinel();
		const sentinels = setup.sentinelPorts.map(p => `127.0.0.1:${p}`).join(',');
		const child = spawn(process.execPath, [cli, 'watch', '--sentinel', sentinels, '--master-name', setup.masterName, '--json', '--interval', '250ms', '--status-every', '500ms'],
			{env: {PATH: process.env['PATH'], REDTOP_CONFIG_DIR: configDir}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', chunk => {
			stdout += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		const lines = () => stdout.trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as {type: string; target?: string; status?: string; message?: string; severity?: string});
		const oldMaster = `127.0.0.1:${setup.master.port}`;
		const newMaster = `127.0.0.1:${setup.replica.port}`;
		try {
			await waitFor(lines, l => l.some(x => x.type === 'status' && x.target === `redis://${oldMaster}` && x.status === 'up'), 15_000, 'a status line for the master');
			process.kill(setup.master.pid()!, 'SIGKILL');
			const after = await waitFor(lines, l => l.some(x => x.type === 'topology' && /answers as master after \d+\.\d s without a master/.test(x.message ?? '')), 30_000, 'the failover lines');
			expect(after).toContainEqual(expect.objectContaining({type: 'topology', severity: 'critical', message: `sentinel ${setup.masterName}: failover ${oldMaster} → ${newMaster}`}));
			// The new master is watched too: its status lines keep coming.
			await waitFor(lines, l => l.some(x => x.type === 'status' && x.target === `redis://${newMaster}` && x.status === 'up'), 5000, 'a status line for the new master');
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	}, 90_000);
});
