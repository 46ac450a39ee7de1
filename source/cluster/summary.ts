import {worst, type Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Problem} from '../metrics/status-types.js';
import {targetAt, type Target} from '../redis/target.js';
import type {Topology} from './topology.js';

export type ClusterTotals = {
	/** Masters that serve slots: the ones holding data. */
	readonly masters: number;
	readonly replicas: number;
	readonly usedBytes: number | undefined;
	readonly maxBytes: number | undefined;
	readonly usedPercent: number | undefined;
	readonly opsPerSec: number | undefined;
	readonly evictionsPerSec: number | undefined;
	readonly keys: number | undefined;
	/** The slowest master's p99. */
	readonly worstP99Ms: number | undefined;
	readonly level: Level;
	readonly problems: readonly Problem[];
};

const sum = (values: ReadonlyArray<number | undefined>): number | undefined =>
	values.length === 0 || values.some(v => v === undefined) ? undefined : values.reduce<number>((a, b) => a + (b ?? 0), 0);

/**
 * The cluster as one buffer: memory, ops/s and evictions summed over the masters that serve slots
 * (a total is unknown while any of them is unknown, never a silent undercount), and the cluster's
 * own health next to the worst of its nodes.
 */
export function clusterTotals(seed: Target, topology: Topology, statusOf: (label: string) => TargetStatus | undefined): ClusterTotals {
	const shards = topology.shards.filter(s => s.slotTotal > 0);
	const masters = shards.map(s => statusOf(targetAt(seed, s.master.host, s.master.port).label));
	const nodes = topology.nodes.map(n => statusOf(targetAt(seed, n.host, n.port).label));
	const up = masters.filter((m): m is TargetStatus => m !== undefined && m.status === 'up');
	const usedBytes = sum(masters.map(m => m?.memory.usedBytes));
	const maxBytes = masters.some(m => m?.memory.isUnlimited) ? undefined : sum(masters.map(m => m?.memory.maxBytes));
	const problems: Problem[] = [];
	const i = topology.info;
	if (i.state !== 'ok') problems.push({area: 'connection', level: 'critical', message: `cluster_state ${i.state}`});
	if (i.slotsFail > 0) problems.push({area: 'connection', level: 'critical', message: `${i.slotsFail} slots failed`});
	if (i.slotsAssigned < 16_384) problems.push({area: 'connection', level: 'critical', message: `${16_384 - i.slotsAssigned} slots unassigned`});
	if (i.slotsPfail > 0) problems.push({area: 'connection', level: 'warn', message: `${i.slotsPfail} slots suspected down (pfail)`});
	for (const shard of shards) {
		const healthyReplicas = shard.replicas.filter(r => !r.isFailed && !r.isSuspected);
		if (healthyReplicas.length === 0) problems.push({area: 'replication', level: 'warn', message: `shard ${shard.master.address} has no healthy replica`});
	}
	for (const node of topology.nodes) {
		if (node.isFailed) problems.push({area: 'connection', level: node.role === 'master' && node.slots.length > 0 ? 'critical' : 'warn', message: `${node.address} failed`});
	}
	return {
		masters: shards.length,
		replicas: topology.nodes.filter(n => n.role === 'replica').length,
		usedBytes,
		maxBytes,
		usedPercent: usedBytes !== undefined && maxBytes !== undefined && maxBytes > 0 ? (usedBytes / maxBytes) * 100 : undefined,
		opsPerSec: sum(masters.map(m => m?.ops.perSec)),
		evictionsPerSec: sum(masters.map(m => m?.evictions.perSec)),
		keys: sum(masters.map(m => (m === undefined || m.status !== 'up' ? undefined : m.keyspace.reduce((total, db) => total + db.keys, 0)))),
		worstP99Ms: up.length === 0 ? undefined : Math.max(...up.map(m => m.latency.p99Ms ?? 0)),
		level: worst(...problems.map(p => p.level), ...nodes.map(n => n?.overall ?? 'unknown')),
		problems,
	};
}
