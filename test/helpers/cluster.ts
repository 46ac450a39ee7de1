import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {Redis} from 'ioredis';
import {findRedisServer, freePort, pingOnce, startSandbox, type Sandbox} from '../../source/sandbox/sandbox.js';
import {startProcess} from './processes.js';
import {waitFor} from './redis.js';

const exec = promisify(execFile);

export type TestCluster = {
	readonly nodes: readonly Sandbox[];
	/** A plain client to one node, for the test's own CLUSTER commands. */
	readonly client: (port: number) => Redis;
	readonly clusterNodes: () => Promise<string>;
	readonly stop: () => Promise<void>;
};

/**
 * A real Redis Cluster on loopback: `masters` masters with `replicasPerMaster` replicas each, made
 * of plain redis-server processes joined by `redis-cli --cluster create`; resolves when every
 * node reports `cluster_state:ok` and agrees on the slots.
 */
export async function startCluster({masters = 3, replicasPerMaster = 1, extraConfig = [] as readonly string[]} = {}): Promise<TestCluster> {
	const count = masters * (1 + replicasPerMaster);
	const nodes: Sandbox[] = [];
	const clients: Redis[] = [];
	const stop = async () => {
		for (const c of clients) c.disconnect();
		await Promise.all(nodes.map(n => n.stop()));
	};
	try {
		for (const node of await Promise.all(Array.from({length: count}, () => startSandbox({configFile: null, extraConfig: [
			'cluster-enabled yes',
			'cluster-config-file nodes.conf',
			'cluster-node-timeout 1000',
			'appendonly no',
			'save ""',
			...extraConfig,
		]})))) nodes.push(node);
		await exec('redis-cli', ['--cluster', 'create', ...nodes.map(n => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'], {timeout: 30_000});
		const client = (port: number) => {
			const c = new Redis({port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1});
			c.on('error', () => {});
			clients.push(c);
			return c;
		};
		const probes = nodes.map(n => client(n.port));
		await waitFor(async () => Promise.all(probes.map(async c => {
			const info = String(await c.call('CLUSTER', 'INFO'));
			return /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info) && new RegExp(`cluster_known_nodes:${count}\\b`).test(info);
		})), all => all.every(Boolean), 30_000, 'every node to see cluster_state:ok');
		// Replicas finish their first sync before the test starts: a fresh replica is not a failover candidate.
		await waitFor(async () => Promise.all(probes.map(async c => {
			const info = String(await c.info('replication'));
			return !/role:slave/.test(info) || /master_link_status:up/.test(info);
		})), all => all.every(Boolean), 30_000, 'every replica in sync');
		return {nodes, client, clusterNodes: async () => String(await probes[0]!.call('CLUSTER', 'NODES')), stop};
	} catch (error) {
		await stop();
		throw error;
	}
}

export type TestSentinel = {
	readonly master: Sandbox;
	readonly replica: Sandbox;
	readonly sentinelPorts: readonly number[];
	readonly masterName: string;
	/** Asks a sentinel for the current master's port. */
	readonly masterPort: () => Promise<number>;
	readonly stop: () => Promise<void>;
};

/** One master, one replica and three sentinels (quorum 2) that fail over after 1 s of silence. */
export async function startSentinel({masterName = 'buffer'} = {}): Promise<TestSentinel> {
	const master = await startSandbox({configFile: null, extraConfig: ['appendonly no', 'save ""']});
	const stoppers: Array<() => Promise<void>> = [() => master.stop()];
	const stop = async () => {
		for (const s of stoppers.splice(0).reverse()) await s();
	};
	try {
		const replica = await startSandbox({configFile: null, extraConfig: ['appendonly no', 'save ""', `replicaof 127.0.0.1 ${master.port}`]});
		stoppers.push(() => replica.stop());
		const dir = await mkdtemp(path.join(tmpdir(), 'redtop-sentinel-'));
		stoppers.push(() => rm(dir, {recursive: true, force: true}));
		const sentinelPorts: number[] = [];
		for (let i = 0; i < 3; i++) {
			const port = await freePort();
			const conf = path.join(dir, `sentinel-${i}.conf`);
			await writeFile(conf, [
				`port ${port}`,
				'bind 127.0.0.1',
				`dir ${dir}`,
				`sentinel monitor ${masterName} 127.0.0.1 ${master.port} 2`,
				`sentinel down-after-milliseconds ${masterName} 1000`,
				`sentinel failover-timeout ${masterName} 5000`,
				`sentinel parallel-syncs ${masterName} 1`,
				'',
			].join('\n'));
			const process_ = startProcess(findRedisServer(), [conf, '--sentinel']);
			stoppers.push(process_.stop);
			await waitFor(() => pingOnce(port), Boolean, 10_000, `sentinel on ${port}`);
			sentinelPorts.push(port);
		}
		const probe = new Redis({port: sentinelPorts[0], host: '127.0.0.1', maxRetriesPerRequest: 1});
		probe.on('error', () => {});
		stoppers.push(async () => probe.disconnect());
		const masterPort = async () => Number(((await probe.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as string[])[1]);
		// Ready when every sentinel knows the replica and the other two sentinels.
		await waitFor(async () => {
			const state = (await probe.call('SENTINEL', 'MASTER', masterName)) as string[];
			const field = (name: string) => Number(state[state.indexOf(name) + 1]);
			return field('num-slaves') >= 1 && field('num-other-sentinels') >= 2;
		}, Boolean, 30_000, 'sentinels to discover the replica and each other');
		const replicaClient = new Redis({port: replica.port, host: '127.0.0.1', maxRetriesPerRequest: 1});
		replicaClient.on('error', () => {});
		await waitFor(async () => String(await replicaClient.info('replication')), info => /master_link_status:up/.test(info), 15_000, 'the replica in sync');
		replicaClient.disconnect();
		return {master, replica, sentinelPorts, masterName, masterPort, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}
