import type {Redis} from 'ioredis';
import {PolledGroup, type GroupNotice, type GroupOptions, type GroupState} from '../collectors/group.js';
import type {Profile} from '../profiles/profile.js';
import {targetAt, type Target} from '../redis/target.js';
import {buildTopology, changeSeverity, describeChange, diffTopology, parseClusterInfo, parseClusterNodes, type Topology, type TopologyChange} from './topology.js';

export type ClusterEvent = {readonly atMs: number; readonly change: TopologyChange; readonly message: string};

export type ClusterView = GroupState & {
	readonly seed: string;
	readonly topology: Topology | undefined;
	/** Newest last; the last 100. */
	readonly events: readonly ClusterEvent[];
};

const keptEvents = 100;

/** Reads the topology from one node of the cluster; throws when that node cannot answer. */
export async function readTopology(client: Redis, address: string): Promise<Topology> {
	const [info, nodes] = await Promise.all([client.call('CLUSTER', 'INFO'), client.call('CLUSTER', 'NODES')]);
	const topology = buildTopology(parseClusterInfo(String(info)), parseClusterNodes(String(nodes)), address);
	if (topology.nodes.length === 0) throw new Error(`${address} is not part of a cluster (CLUSTER NODES lists no nodes)`);
	return topology;
}

/** One target per node, with the seed's credentials and TLS; ordered shard by shard, master first. */
export function nodeTargets(seed: Target, topology: Topology): Target[] {
	const ordered = topology.shards.flatMap(s => [s.master, ...s.replicas]);
	const rest = topology.nodes.filter(n => !ordered.includes(n));
	return [...ordered, ...rest].map(n => targetAt(seed, n.host, n.port));
}

/**
 * Follows a Redis Cluster from one seed address: every interval it reads `CLUSTER INFO` and
 * `CLUSTER NODES` from a node that answers (the seed first, then any known node, so losing the
 * seed loses nothing), runs one TargetMonitor per node, and records failovers, resharding and
 * nodes joining, failing and leaving as they happen, without a restart.
 */
export class ClusterMonitor extends PolledGroup<Topology, ClusterView> {
	private preferred: string;

	constructor(readonly seed: Target, profile: Profile, options: GroupOptions) {
		const now = Date.now();
		super('redtop-cluster', profile, options, {seed: seed.label, status: 'connecting', reason: undefined, sinceMs: now, atMs: now, topology: undefined, events: []});
		this.preferred = seed.label;
	}

	notices(): GroupNotice[] {
		return this.view.events.map(e => ({atMs: e.atMs, severity: changeSeverity(e.change), message: `cluster ${this.seed.label}: ${e.message}`}));
	}

	/** Shard order: each master, then its replicas. */
	protected order(): string[] {
		return this.view.topology ? nodeTargets(this.seed, this.view.topology).map(t => t.label) : [];
	}

	protected hasReading(): boolean {
		return this.view.topology !== undefined;
	}

	/** Asks the node that answered last time, then the seed, then the others; at most three per poll. */
	protected async read(): Promise<Topology> {
		const known = (this.view.topology?.nodes ?? []).filter(n => !n.isFailed).map(n => targetAt(this.seed, n.host, n.port));
		const byLabel = new Map([this.seed, ...known].map(t => [t.label, t]));
		const candidates = [...new Set([this.preferred, this.seed.label, ...known.map(t => t.label)])].slice(0, 3).flatMap(label => byLabel.get(label) ?? []);
		const {answer, from} = await this.asker.ask(candidates, (client, target) => readTopology(client, `${target.host}:${target.port}`));
		this.preferred = from.label;
		return answer;
	}

	protected record(topology: Topology, signal: AbortSignal): void {
		const atMs = Date.now();
		const before = this.view.topology;
		const changes = before ? diffTopology(before, topology) : [];
		const events = changes.length === 0 ? this.view.events : [...this.view.events, ...changes.map(change => ({atMs, change, message: describeChange(change)}))].slice(-keptEvents);
		this.pool.sync(nodeTargets(this.seed, topology), signal);
		this.update({status: 'up', reason: undefined, atMs, topology, events});
	}
}
