import {hostPort} from '../redis/target.js';

/** Redis Cluster's shape, from `CLUSTER NODES` and `CLUSTER INFO`: pure functions, no I/O. */

export const slotCount = 16_384;

export type SlotRange = readonly [from: number, to: number];

export type ClusterNode = {
	readonly id: string;
	readonly host: string;
	readonly port: number;
	/** `host:port`, the node's identity in redtop (ids change when a node is reset). */
	readonly address: string;
	readonly role: 'master' | 'replica';
	/** The master's id, for a replica. */
	readonly masterId: string | undefined;
	readonly flags: readonly string[];
	/** `fail`: the cluster agreed the node is down. */
	readonly isFailed: boolean;
	/** `fail?`: the node asking thinks it is down, not yet agreed. */
	readonly isSuspected: boolean;
	readonly isConnected: boolean;
	readonly configEpoch: number;
	readonly slots: readonly SlotRange[];
	/** Slots being moved in or out (`[slot->-id]`, `[slot-<-id]`). */
	readonly migrating: number;
};

export type ClusterInfo = {
	readonly state: 'ok' | 'fail' | 'unknown';
	readonly slotsAssigned: number;
	readonly slotsOk: number;
	readonly slotsPfail: number;
	readonly slotsFail: number;
	readonly knownNodes: number;
	/** Masters serving at least one slot. */
	readonly size: number;
	readonly currentEpoch: number;
};

export type Shard = {
	readonly master: ClusterNode;
	readonly replicas: readonly ClusterNode[];
	readonly slots: readonly SlotRange[];
	readonly slotTotal: number;
};

export type Topology = {
	readonly info: ClusterInfo;
	/** Masters with slots, by their first slot; a master without slots (new, or failed over) last. */
	readonly shards: readonly Shard[];
	readonly nodes: readonly ClusterNode[];
	/** The node that answered. */
	readonly seenFrom: string;
};

/** Parses one `CLUSTER NODES` reply. Lines it cannot read are skipped, not fatal. */
export function parseClusterNodes(text: string): ClusterNode[] {
	const nodes: ClusterNode[] = [];
	for (const line of text.split('\n')) {
		const fields = line.trim().split(' ');
		if (fields.length < 8) continue;
		const [id, addressField, flagsField, masterField, , , epoch, link, ...slotFields] = fields as [string, string, string, string, string, string, string, string, ...string[]];
		const endpoint = addressField.split('@')[0]!.split(',')[0]!;
		const colon = endpoint.lastIndexOf(':');
		const host = endpoint.slice(0, colon).replace(/^\[|\]$/g, '');
		const port = Number(endpoint.slice(colon + 1));
		const flags = flagsField.split(',');
		if (flags.includes('noaddr') || flags.includes('handshake') || host === '' || !Number.isInteger(port) || port <= 0) continue;
		const slots: SlotRange[] = [];
		let migrating = 0;
		for (const field of slotFields) {
			if (field.startsWith('[')) {
				migrating++;
				continue;
			}
			const [from, to = from] = field.split('-').map(Number) as [number, number?];
			if (Number.isInteger(from) && Number.isInteger(to)) slots.push([from, to]);
		}
		nodes.push({
			id,
			host,
			port,
			address: hostPort(host, port),
			role: flags.includes('master') ? 'master' : 'replica',
			masterId: masterField === '-' ? undefined : masterField,
			flags: flags.filter(f => f !== 'myself'),
			isFailed: flags.includes('fail'),
			isSuspected: flags.includes('fail?'),
			isConnected: link === 'connected' || flags.includes('myself'),
			configEpoch: Number(epoch) || 0,
			slots: slots.sort((a, b) => a[0] - b[0]),
			migrating,
		});
	}
	return nodes;
}

/** Parses `CLUSTER INFO` (`key:value` lines). */
export function parseClusterInfo(text: string): ClusterInfo {
	const fields = new Map<string, string>();
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
	}
	const number = (key: string) => Number(fields.get(key) ?? 0) || 0;
	const state = fields.get('cluster_state');
	return {
		state: state === 'ok' || state === 'fail' ? state : 'unknown',
		slotsAssigned: number('cluster_slots_assigned'),
		slotsOk: number('cluster_slots_ok'),
		slotsPfail: number('cluster_slots_pfail'),
		slotsFail: number('cluster_slots_fail'),
		knownNodes: number('cluster_known_nodes'),
		size: number('cluster_size'),
		currentEpoch: number('cluster_current_epoch'),
	};
}

export const rangeSize = (ranges: readonly SlotRange[]): number => ranges.reduce((sum, [from, to]) => sum + to - from + 1, 0);

/** `0-5460`, `0-100,200-300`: how redis-cli prints slot ranges. */
export const formatSlots = (ranges: readonly SlotRange[]): string =>
	ranges.length === 0 ? 'no slots' : ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(',');

/** Groups nodes into shards: each master with its replicas and slots. */
export function buildTopology(info: ClusterInfo, nodes: readonly ClusterNode[], seenFrom: string): Topology {
	const masters = nodes.filter(n => n.role === 'master');
	const shards = masters.map(master => ({
		master,
		replicas: nodes.filter(n => n.role === 'replica' && n.masterId === master.id).sort((a, b) => a.address.localeCompare(b.address)),
		slots: master.slots,
		slotTotal: rangeSize(master.slots),
	}));
	shards.sort((a, b) => (a.slots[0]?.[0] ?? slotCount + 1) - (b.slots[0]?.[0] ?? slotCount + 1) || a.master.address.localeCompare(b.master.address));
	return {info, shards, nodes, seenFrom};
}

/** Who owns each slot: the master's address per slot (undefined when unassigned). */
function owners(topology: Topology): Array<string | undefined> {
	const owner = new Array<string | undefined>(slotCount).fill(undefined);
	for (const shard of topology.shards) {
		for (const [from, to] of shard.slots) for (let slot = from; slot <= to && slot < slotCount; slot++) owner[slot] = shard.master.address;
	}
	return owner;
}

export type TopologyChange =
	| {readonly kind: 'failover'; readonly from: string; readonly to: string; readonly slots: number}
	| {readonly kind: 'slots-moved'; readonly from: string; readonly to: string; readonly slots: number}
	| {readonly kind: 'node-added' | 'node-removed' | 'node-failed' | 'node-suspected' | 'node-recovered'; readonly node: string}
	| {readonly kind: 'role-changed'; readonly node: string; readonly role: 'master' | 'replica'}
	| {readonly kind: 'state'; readonly from: ClusterInfo['state']; readonly to: ClusterInfo['state']};

/**
 * What changed between two readings. Slots that moved to a node that was the old owner's replica
 * are a failover; slots that moved between masters are resharding.
 */
export function diffTopology(before: Topology, after: Topology): TopologyChange[] {
	const changes: TopologyChange[] = [];
	if (before.info.state !== after.info.state) changes.push({kind: 'state', from: before.info.state, to: after.info.state});
	const old = new Map(before.nodes.map(n => [n.address, n]));
	const now = new Map(after.nodes.map(n => [n.address, n]));
	const oldById = new Map(before.nodes.map(n => [n.id, n]));
	const moves = new Map<string, number>();
	const ownersBefore = owners(before);
	const ownersAfter = owners(after);
	for (let slot = 0; slot < slotCount; slot++) {
		const from = ownersBefore[slot];
		const to = ownersAfter[slot];
		if (from !== undefined && to !== undefined && from !== to) moves.set(`${from} ${to}`, (moves.get(`${from} ${to}`) ?? 0) + 1);
	}
	for (const [pair, slots] of moves) {
		const [from, to] = pair.split(' ') as [string, string];
		const previous = old.get(to);
		const wasReplicaOfOwner = previous?.role === 'replica' && previous.masterId !== undefined && oldById.get(previous.masterId)?.address === from;
		changes.push({kind: wasReplicaOfOwner ? 'failover' : 'slots-moved', from, to, slots});
	}
	for (const node of after.nodes) {
		const previous = old.get(node.address);
		if (!previous) {
			changes.push({kind: 'node-added', node: node.address});
			continue;
		}
		if (node.isFailed && !previous.isFailed) changes.push({kind: 'node-failed', node: node.address});
		else if (node.isSuspected && !previous.isSuspected && !previous.isFailed) changes.push({kind: 'node-suspected', node: node.address});
		else if (!node.isFailed && !node.isSuspected && (previous.isFailed || previous.isSuspected)) changes.push({kind: 'node-recovered', node: node.address});
		if (node.role !== previous.role && !changes.some(c => c.kind === 'failover' && c.to === node.address)) changes.push({kind: 'role-changed', node: node.address, role: node.role});
	}
	for (const node of before.nodes) if (!now.has(node.address)) changes.push({kind: 'node-removed', node: node.address});
	return changes;
}

/** How bad a change is: losing a master or the cluster's ok is critical, coming back is good news. */
export function changeSeverity(c: TopologyChange): 'critical' | 'warn' | 'info' {
	if (c.kind === 'failover' || c.kind === 'node-failed' || (c.kind === 'state' && c.to !== 'ok')) return 'critical';
	return c.kind === 'node-recovered' || c.kind === 'state' ? 'info' : 'warn';
}

export function describeChange(change: TopologyChange): string {
	switch (change.kind) {
		case 'failover': return `failover: ${change.to} took over ${change.slots} slots from ${change.from}`;
		case 'slots-moved': return `resharding: ${change.slots} slots moved ${change.from} → ${change.to}`;
		case 'node-added': return `node joined: ${change.node}`;
		case 'node-removed': return `node left: ${change.node}`;
		case 'node-failed': return `node failed (cluster agrees): ${change.node}`;
		case 'node-suspected': return `node suspected down (pfail): ${change.node}`;
		case 'node-recovered': return `node reachable again: ${change.node}`;
		case 'role-changed': return `${change.node} is now a ${change.role}`;
		case 'state': return `cluster state ${change.from} → ${change.to}`;
	}
}
