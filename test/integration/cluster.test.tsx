import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Cluster} from 'ioredis';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {ClusterMonitor} from '../../source/cluster/cluster-monitor.js';
import {clusterCapacity} from '../../source/scenarios/cluster/cluster-capacity.js';
import {runClusterScenario} from '../../source/scenarios/cluster/cluster-runner.js';
import {keySlot} from '../../source/cluster/slots.js';
import {parseClusterNodes} from '../../source/cluster/topology.js';
import {met001} from '../../source/profiles/met-001.js';
import {parseTarget} from '../../source/redis/target.js';
import {redtop} from '../helpers/cli.js';
import {startCluster, type TestCluster} from '../helpers/cluster.js';
import {waitFor} from '../helpers/redis.js';
import {keys, waitForFrame} from '../helpers/views.js';

let cluster: TestCluster;
beforeAll(async () => {
	cluster = await startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

/** Shards as CLUSTER NODES says right now: "slots master replica…", sorted. */
async function shardsFromRedis(): Promise<string[]> {
	const nodes = parseClusterNodes(await cluster.clusterNodes());
	return nodes.filter(n => n.role === 'master' && n.slots.length > 0).map(m => [
		m.slots.map(([a, b]) => `${a}-${b}`).join(','),
		m.address,
		...nodes.filter(r => r.masterId === m.id).map(r => r.address).sort(),
	].join(' ')).sort();
}

describe('Redis Cluster (3 masters, 3 replicas on loopback)', () => {
	it('snapshot --json and check read the shards CLUSTER NODES lists', async () => {
		const seed = `redis://127.0.0.1:${cluster.nodes[0]!.port}`;
		const run = await redtop(['snapshot', '--cluster', seed, '--json']);
		expect(run.stderr).toBe('');
		const json = JSON.parse(run.stdout) as {cluster: {state: string; slotsOk: number; shards: Array<{slots: string; master: string; replicas: Array<{address: string}>}>}; nodes: Array<{target: string; redis: {role: string}}>};
		expect(json.cluster).toMatchObject({state: 'ok', slotsOk: 16_384});
		expect(json.cluster.shards.map(s => [s.slots, s.master, ...s.replicas.map(r => r.address).sort()].join(' ')).sort()).toEqual(await shardsFromRedis());
		expect(json.nodes.map(n => n.target).sort()).toEqual(cluster.nodes.map(n => `redis://127.0.0.1:${n.port}`).sort());
		expect(json.nodes.filter(n => n.redis.role === 'master')).toHaveLength(3);

		const check = await redtop(['check', '--cluster', seed, '--threshold', 'latencyP99Ms.warn=500', '--threshold', 'latencyP99Ms.critical=1000']);
		// No maxmemory and AOF off on these nodes, which MET-001 warns about: WARNING, never CRITICAL, with the cluster's perfdata.
		expect(check.stdout).toMatch(/^REDTOP WARNING - cluster ok, .*AOF is off.*\(6 nodes\).*3 masters, slots 16384\/16384 ok.*\| .*'cluster:slots_ok'=16384/);
		expect(check.code).toBe(1);

		// redtop's slot arithmetic is Redis's own.
		const keys = ['redtop:capacity:abc:e:1', 'redtop:capacity:abc:stream:{p7}', '{user1000}.following', 'foo{}{bar}', 'é∂🙂'];
		const slots = await Promise.all(keys.map(key => cluster.client(cluster.nodes[0]!.port).call('CLUSTER', 'KEYSLOT', key)));
		expect(keys.map(keySlot)).toEqual(slots.map(Number));

		const notCluster = await redtop(['check', '--cluster', 'redis://127.0.0.1:1']);
		expect(notCluster.stdout).toBe('REDTOP CRITICAL - cannot read the cluster from redis://127.0.0.1:1: connection refused\n');
		expect(notCluster.code).toBe(2);
	});

	it('a capacity run spreads its keys over every master, counts them per shard, and cleans all of them', async () => {
		const seed = `redis://127.0.0.1:${cluster.nodes[1]!.port}`;
		// Keys that are not redtop's, on every shard: the run must leave them alone.
		const client = new Cluster([{host: '127.0.0.1', port: cluster.nodes[0]!.port}]);
		const foreign = Array.from({length: 30}, (_, i) => `app:event:${i}`);
		const reports = mkdtempSync(path.join(tmpdir(), 'redtop-cluster-reports-'));
		try {
			for (const key of foreign) await client.set(key, 'real');
			const run = await redtop(['run', 'capacity', '--cluster', seed, '--events', '20000', '--json', '--report-dir', reports]);
			expect(run.stderr).not.toMatch(/error/i);
			const report = JSON.parse(run.stdout) as {target: string; scenarios: Array<{criteria: Array<{name: string; passed: boolean}>; cleanup: {deletedKeys: number; error?: string}; figures: {loaded: number; present: number; shards: Array<{master: string; events: number}>; cleanup: {deleted: number}}}>};
			const [capacity] = report.scenarios;
			expect(report.target).toBe(`cluster ${seed}`);
			expect(capacity!.figures.loaded).toBe(20_000);
			expect(capacity!.figures.present).toBe(20_000);
			const masters = parseClusterNodes(await cluster.clusterNodes()).filter(n => n.role === 'master' && n.slots.length > 0).map(n => n.address).sort();
			expect(capacity!.figures.shards.map(s => s.master).sort()).toEqual(masters);
			// 20,000 keys hashed over 16,384 slots: each of three equal shards gets about a third.
			for (const shard of capacity!.figures.shards) expect(shard.events).toBeGreaterThan(5000);
			expect(capacity!.criteria.find(c => c.name === 'spread over the masters')?.passed).toBe(true);
			expect(capacity!.criteria.find(c => c.name === 'integrity (sample read back)')?.passed).toBe(true);
			expect(capacity!.figures.cleanup.deleted).toBe(20_000);
			expect(capacity!.cleanup.error).toBeUndefined();
			// Nothing of the run is left on any node, replicas included, and every foreign key is still there.
			for (const node of cluster.nodes) expect(await cluster.client(node.port).scan('0', 'MATCH', 'redtop:*', 'COUNT', 100_000)).toEqual(['0', []]);
			expect(await Promise.all(foreign.map(key => client.get(key)))).toEqual(foreign.map(() => 'real'));
		} finally {
			await Promise.all(foreign.map(key => client.del(key)));
			client.disconnect();
			rmSync(reports, {recursive: true, force: true});
		}
	}, 60_000);

	it.each(['stream', 'list'])('a capacity run in the %s layout puts hash-tagged partitions on every master, the same number each', async layout => {
		const seed = `redis://127.0.0.1:${cluster.nodes[0]!.port}`;
		const reports = mkdtempSync(path.join(tmpdir(), 'redtop-cluster-reports-'));
		const run = await redtop(['run', 'capacity', '--cluster', seed, '--layout', layout, '--events', '6000', '--json', '--report-dir', reports]);
		rmSync(reports, {recursive: true, force: true});
		const report = JSON.parse(run.stdout) as {scenarios: Array<{criteria: Array<{name: string; passed: boolean}>; figures: {loaded: number; present: number; shards: Array<{events: number}>; integrity: {matched: number; checked: number}}}>};
		const {figures, criteria} = report.scenarios[0]!;
		expect(figures.loaded).toBe(6000);
		expect(figures.present).toBe(6000);
		// 12 partitions, 4 a master, event i in partition i mod 12: exactly a third on each master.
		expect(figures.shards.map(s => s.events)).toEqual([2000, 2000, 2000]);
		expect(figures.integrity).toMatchObject({checked: 1000, matched: 1000});
		expect(criteria.find(c => c.name === 'spread over the masters')?.passed).toBe(true);
		for (const node of cluster.nodes) expect(await cluster.client(node.port).scan('0', 'MATCH', 'redtop:*', 'COUNT', 100_000)).toEqual(['0', []]);
	}, 60_000);

	it('a pressure run fills every shard toward the target, reports each, and cleans all of them', async () => {
		const seed = `redis://127.0.0.1:${cluster.nodes[2]!.port}`;
		const reports = mkdtempSync(path.join(tmpdir(), 'redtop-cluster-reports-'));
		const run = await redtop(['run', 'pressure', '--cluster', seed, '--max-bytes', '16mb', '--hold', '1s', '--json', '--report-dir', reports]);
		rmSync(reports, {recursive: true, force: true});
		const report = JSON.parse(run.stdout) as {scenarios: Array<{criteria: Array<{name: string; passed: boolean; measured: string}>; figures: {shards: Array<{master: string; reachedPercent: number; limitBytes: number}>}}>};
		const shards = report.scenarios[0]!.figures.shards;
		expect(shards).toHaveLength(3);
		for (const shard of shards) {
			expect(shard.limitBytes).toBe(16 * 1024 * 1024);
			expect(shard.reachedPercent).toBeGreaterThan(80);
			expect(shard.reachedPercent).toBeLessThan(100);
		}
		expect(report.scenarios[0]!.criteria.find(c => c.name === 'reached the target (fullest shard)')?.passed).toBe(true);
		for (const node of cluster.nodes) expect(await cluster.client(node.port).scan('0', 'MATCH', 'redtop:*', 'COUNT', 100_000)).toEqual(['0', []]);
		expect((await redtop(['run', 'baseline', '--cluster', seed])).stderr).toMatch(/^redtop: with --cluster, redtop runs capacity and pressure/);
	}, 60_000);

	it('the view shows every shard and follows a manual CLUSTER FAILOVER without a restart', async () => {
		const controller = new AbortController();
		const monitor = new ClusterMonitor(parseTarget(`127.0.0.1:${cluster.nodes[0]!.port}`, {}), met001, {intervalMs: 200});
		const running = monitor.run(controller.signal);
		const app = render(<App monitors={[]} cluster={monitor} profile={met001} isColor />);
		try {
			const expected = await shardsFromRedis();
			const rowsOf = (frame: string) => expected.map(line => {
				const [slots, master, replica] = line.split(' ') as [string, string, string];
				return new RegExp(`${slots}\\s*\\(\\d+\\)\\s+${master.replaceAll('.', '\\.')}\\s+master\\s+up[\\s\\S]*└ ${replica.replaceAll('.', '\\.')}\\s+replica\\s+up`).test(frame);
			});
			const frame = await waitForFrame(app.lastFrame, f => f.includes('CLUSTER OK') && rowsOf(f).every(Boolean), 15_000);
			expect(frame).toMatch(/slots 16384\/16384 ok · 0 pfail · 0 fail/);
			expect(frame).toMatch(/3 masters · 3 replicas · memory [\d.]+ MiB/);

			// The replica of the first shard takes over, as an operator does before maintenance.
			const [, oldMaster, replica] = expected[0]!.split(' ') as [string, string, string];
			const replicaPort = Number(replica.split(':')[1]);
			expect(await cluster.client(replicaPort).call('CLUSTER', 'FAILOVER')).toBe('OK');
			const after = await waitForFrame(app.lastFrame, f => f.includes(`failover: ${replica} took over`) && new RegExp(`${replica.replaceAll('.', '\\.')}\\s+master\\s+up[\\s\\S]*└ ${oldMaster.replaceAll('.', '\\.')}\\s+replica`).test(f), 15_000);
			expect(after).toContain(`from ${oldMaster}`);
			await waitFor(shardsFromRedis, shards => shards.some(s => s.includes(`${replica} ${oldMaster}`)), 10_000, 'CLUSTER NODES to agree');

			// The scenario menu offers what runs on a cluster, and says why the rest does not.
			app.stdin.write('s');
			const menu = await waitForFrame(app.lastFrame, f => f.includes('Run a scenario'));
			expect(menu).toMatch(/capacity\s+\[writes\] load Jetstream-shaped events/);
			expect(menu).toMatch(/baseline\s+unavailable: baseline runs against one server/);
			app.stdin.write(keys.escape);
			await waitForFrame(app.lastFrame, f => !f.includes('Run a scenario') && f.includes('SLOTS'));

			// Enter opens the selected node's panels; Esc comes back to the shards.
			app.stdin.write(keys.enter);
			await waitForFrame(app.lastFrame, f => f.includes('Memory') && f.includes('Latency') && !f.includes('SLOTS'));
			app.stdin.write(keys.escape);
			await waitForFrame(app.lastFrame, f => f.includes('SLOTS') && f.includes('CLUSTER OK'));
		} finally {
			app.unmount();
			controller.abort();
			await running;
		}
	}, 60_000);

	it('an aborted capacity run leaves no key of its own on any node', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 700);
		const outcome = await runClusterScenario(clusterCapacity, parseTarget(`127.0.0.1:${cluster.nodes[0]!.port}`, {}), met001, {events: 2_000_000}, {signal: controller.signal, isConfirmed: true});
		expect(outcome.aborted).toBe(true);
		expect(outcome.result.criteria[0]?.measured).toMatch(/^[\d,]+ \(aborted\)$/);
		expect(outcome.cleanup.deletedKeys).toBeGreaterThan(0);
		for (const node of cluster.nodes) expect(await cluster.client(node.port).scan('0', 'MATCH', 'redtop:*', 'COUNT', 100_000)).toEqual(['0', []]);
	}, 60_000);

	// Last: it kills a node.
	it('follows resharding, and a master (the seed itself) that dies', async () => {
		const nodes = parseClusterNodes(await cluster.clusterNodes());
		const [a, b, c] = nodes.filter(n => n.role === 'master' && n.slots.length > 0);
		const controller = new AbortController();
		const monitor = new ClusterMonitor(parseTarget(c!.address, {}), met001, {intervalMs: 200});
		const running = monitor.run(controller.signal);
		const app = render(<App monitors={[]} cluster={monitor} profile={met001} isColor />);
		try {
			await waitForFrame(app.lastFrame, f => f.includes('CLUSTER OK') && monitor.state.topology?.seenFrom === c!.address, 15_000);
			const reshard = await new Promise<string>(resolve => {
				execFile('redis-cli', ['--cluster', 'reshard', a!.address, '--cluster-from', a!.id, '--cluster-to', b!.id, '--cluster-slots', '50', '--cluster-yes'], (error, stdout, stderr) => resolve(error ? `${error.message} ${stderr}` : 'ok'));
			});
			expect(reshard).toBe('ok');
			// redis-cli moves one slot at a time: the view may see the 50 in several steps.
			const moved = () => monitor.state.events.filter(e => e.change.kind === 'slots-moved' && e.change.from === a!.address && e.change.to === b!.address)
				.reduce((sum, e) => sum + (e.change.kind === 'slots-moved' ? e.change.slots : 0), 0);
			await waitFor(moved, n => n === 50, 10_000, '50 slots seen moving');
			await waitForFrame(app.lastFrame, f => f.includes(`slots moved ${a!.address} → ${b!.address}`));

			// The seed (a master) dies: the view asks another node and shows its replica taking over.
			process.kill(cluster.nodes.find(n => `127.0.0.1:${n.port}` === c!.address)!.pid()!, 'SIGKILL');
			const after = await waitForFrame(app.lastFrame, f => f.includes(`from ${c!.address}`) && /failover: \S+ took over \d+ slots/.test(f), 20_000);
			expect(monitor.state.topology?.seenFrom).not.toBe(c!.address);
			expect(after).toMatch(new RegExp(`${c!.address.replaceAll('.', '\\.')}\\s+master\\s+failed`));
			expect(after).toContain('CLUSTER OK');
		} finally {
			app.unmount();
			controller.abort();
			await running;
		}
	}, 60_000);
});
