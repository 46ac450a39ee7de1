import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Redis} from 'ioredis';
import {findRedisServer, freePort, pingOnce, startSandbox, startSandboxCluster, type Sandbox} from '../../source/sandbox/sandbox.js';
import {startProcess} from './processes.js';
import {waitFor} from './redis.js';

export type TestCluster = {
	readonly nodes: readonly Sandbox[];
	/** A plain client to one node, for the test's own CLUSTER commands. */
	readonly client: (port: number) => Redis;
	readonly clusterNodes: () => Promise<string>;
	readonly stop: () => Promise<void>;
};

/**
 * A real Redis Cluster on loopback (the sandbox cluster `redtop --sandbox --cluster` starts, from
 * Redis's defaults and without persistence, so it starts fast), plus plain clients for the test.
 */
export async function startCluster({masters = 3, replicasPerMaster = 1} = {}): Promise<TestCluster> {
	const sandbox = await startSandboxCluster({configFile: null, extraConfig: ['appendonly no', 'save ""'], masters, replicasPerMaster});
	const clients: Redis[] = [];
	const client = (port: number) => {
		const c = new Redis({port, host: '127.0.0.1', maxRetriesPerRequest: 1});
		c.on('error', () => {});
		clients.push(c);
		return c;
	};
	const probe = client(sandbox.nodes[0]!.port);
	return {
		nodes: sandbox.nodes,
		client,
		clusterNodes: async () => String(await probe.call('CLUSTER', 'NODES')),
		async stop() {
			for (const c of clients) c.disconnect();
			await sandbox.stop();
		},
	};
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
