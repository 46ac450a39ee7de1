import {Redis} from 'ioredis';
import {startSandboxCluster, startSandboxSentinel, type Sandbox} from '../../source/sandbox/sandbox.js';

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

/** The sandbox Sentinel setup (1 master, 1 replica, 3 sentinels) from Redis's defaults, without persistence. */
export async function startSentinel({masterName = 'buffer'} = {}): Promise<TestSentinel> {
	const setup = await startSandboxSentinel({configFile: null, extraConfig: ['appendonly no', 'save ""'], masterName});
	const probe = new Redis({port: setup.sentinels[0]!.port, host: '127.0.0.1', maxRetriesPerRequest: 1});
	probe.on('error', () => {});
	return {
		master: setup.master,
		replica: setup.replica,
		sentinelPorts: setup.sentinels.map(s => s.port),
		masterName,
		masterPort: async () => Number(((await probe.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as string[])[1]),
		async stop() {
			probe.disconnect();
			await setup.stop();
		},
	};
}
