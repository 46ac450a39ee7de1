import type {Redis} from 'ioredis';
import {MonitorPool, type GroupNotice, type MonitorGroup} from '../collectors/group.js';
import {commandTimeoutFor, type MonitorOptions, type TargetMonitor} from '../collectors/monitor.js';
import {poll} from '../collectors/poll.js';
import type {Profile} from '../profiles/profile.js';
import {createClient, describeRedisError} from '../redis/connect.js';
import {targetAt, type Target} from '../redis/target.js';
import {buildTopology, describeChange, diffTopology, parseClusterInfo, parseClusterNodes, type Topology, type TopologyChange} from './topology.js';

export type ClusterEvent = {readonly atMs: number; readonly change: TopologyChange; readonly message: string};

export type ClusterView = {
	readonly seed: string;
	readonly status: 'connecting' | 'up' | 'down';
	readonly reason: string | undefined;
	readonly sinceMs: number;
	readonly atMs: number;
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
export class ClusterMonitor implements MonitorGroup {
	private readonly pool: MonitorPool;
	private intervalMs: number;
	private view: ClusterView;
	private readonly clients = new Map<string, Redis>();
	private preferred: string;

	constructor(readonly seed: Target, profile: Profile, options: MonitorOptions & {readonly onNode?: (monitor: TargetMonitor) => (() => void) | void}) {
		this.intervalMs = options.intervalMs;
		this.pool = new MonitorPool(profile, options, options.onNode);
		this.preferred = seed.label;
		this.view = {seed: seed.label, status: 'connecting', reason: undefined, sinceMs: Date.now(), atMs: Date.now(), topology: undefined, events: []};
	}

	get version(): number {
		return this.pool.changes.version;
	}

	readonly subscribe = (listener: () => void) => this.pool.changes.subscribe(listener);

	get state(): ClusterView {
		return this.view;
	}

	get interval(): number {
		return this.intervalMs;
	}

	/** Node monitors in shard order (master, then its replicas). */
	monitors(): TargetMonitor[] {
		const topology = this.view.topology;
		const all = this.pool.all;
		if (!topology) return all;
		const order = nodeTargets(this.seed, topology).map(t => t.label);
		return all.sort((a, b) => order.indexOf(a.target.label) - order.indexOf(b.target.label));
	}

	setIntervalMs(intervalMs: number): void {
		this.intervalMs = intervalMs;
		this.pool.setIntervalMs(intervalMs);
	}

	notices(): GroupNotice[] {
		const severity = (c: TopologyChange): GroupNotice['severity'] =>
			c.kind === 'failover' || c.kind === 'node-failed' || (c.kind === 'state' && c.to !== 'ok') ? 'critical' : c.kind === 'node-recovered' || (c.kind === 'state' && c.to === 'ok') ? 'info' : 'warn';
		return this.view.events.map(e => ({atMs: e.atMs, severity: severity(e.change), message: `cluster ${this.seed.label}: ${e.message}`}));
	}

	async run(signal: AbortSignal): Promise<void> {
		try {
			await poll(() => this.read(), {
				signal,
				intervalMs: () => this.intervalMs,
				onSample: topology => this.record(topology, signal),
				onError: error => this.update({status: this.view.topology ? 'down' : 'connecting', reason: describeRedisError(error), atMs: Date.now()}),
			});
		} finally {
			for (const client of this.clients.values()) client.disconnect();
			await this.pool.stop();
		}
	}

	/** Asks the node that answered last time, then the seed, then the others; at most three per poll. */
	private async read(): Promise<Topology> {
		const known = (this.view.topology?.nodes ?? []).filter(n => !n.isFailed).map(n => targetAt(this.seed, n.host, n.port));
		const candidates = [...new Set([this.preferred, this.seed.label, ...known.map(t => t.label)])].slice(0, 3);
		let lastError: unknown;
		for (const label of candidates) {
			const target = label === this.seed.label ? this.seed : known.find(t => t.label === label);
			if (!target) continue;
			try {
				const client = await this.clientFor(target);
				const topology = await readTopology(client, `${target.host}:${target.port}`);
				this.preferred = label;
				return topology;
			} catch (error) {
				lastError = error;
				this.clients.get(label)?.disconnect();
				this.clients.delete(label);
			}
		}
		throw lastError ?? new Error('no node to ask');
	}

	private async clientFor(target: Target): Promise<Redis> {
		let client = this.clients.get(target.label);
		if (!client) {
			const timeoutMs = commandTimeoutFor(this.intervalMs);
			client = createClient(target, {commandTimeoutMs: timeoutMs, connectTimeoutMs: Math.max(500, timeoutMs), reconnect: false, name: 'redtop-cluster'});
			this.clients.set(target.label, client);
			await client.connect();
		}
		return client;
	}

	private record(topology: Topology, signal: AbortSignal): void {
		const atMs = Date.now();
		const before = this.view.topology;
		const changes = before ? diffTopology(before, topology) : [];
		const events = changes.length === 0 ? this.view.events : [...this.view.events, ...changes.map(change => ({atMs, change, message: describeChange(change)}))].slice(-keptEvents);
		this.pool.sync(nodeTargets(this.seed, topology), signal);
		this.update({status: 'up', reason: undefined, atMs, topology, events});
	}

	private update(next: Partial<ClusterView> & {readonly atMs: number}): void {
		const sinceMs = next.status !== undefined && next.status !== this.view.status ? next.atMs : this.view.sinceMs;
		this.view = {...this.view, ...next, sinceMs};
		this.pool.changes.bump();
	}
}
