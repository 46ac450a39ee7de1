import {nodeTargets, readTopology} from '../cluster/cluster-monitor.js';
import {clusterTotals, type ClusterTotals} from '../cluster/summary.js';
import {formatSlots, type Topology} from '../cluster/topology.js';
import {CannotRunError, errorMessage} from '../errors.js';
import {formatBytes, formatMs, formatPercent, formatRate} from '../metrics/format.js';
import {levelLabels, worst, type Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import {describeRedisError, withOneShotClient} from '../redis/connect.js';
import {hostPort, type Target} from '../redis/target.js';
import type {Settings} from '../settings/settings.js';
import {pluginResult, type Unreachable} from './check-output.js';
import {snapshotOrUnreachable, type Output} from './headless.js';
import {formatSnapshotText, toSnapshotJson, withNulls} from './snapshot-output.js';

/** One topology read from the seed; a seed that does not answer, or is not in cluster mode, cannot run. */
export async function discoverCluster(seed: Target, timeoutMs = 3000): Promise<Topology> {
	try {
		return await withOneShotClient(seed, timeoutMs, 'redtop-cluster', client => readTopology(client, `${seed.host}:${seed.port}`));
	} catch (error) {
		const reason = /cluster support disabled/i.test(errorMessage(error)) ? 'not a cluster node (cluster support disabled); leave out --cluster' : describeRedisError(error);
		throw new CannotRunError(`cannot read the cluster from ${seed.label}: ${reason}`);
	}
}

type NodeReading = {readonly target: Target; readonly result: TargetStatus | Unreachable};
type ClusterReading = {readonly topology: Topology; readonly nodes: readonly NodeReading[]; readonly totals: ClusterTotals};

/** The topology, then one sample window on every node at once. */
async function readCluster(seed: Target, settings: Settings, signal: AbortSignal): Promise<ClusterReading> {
	const topology = await discoverCluster(seed);
	const nodes = await Promise.all(nodeTargets(seed, topology).map(async target => ({target, result: await snapshotOrUnreachable(target, settings, signal)})));
	const byLabel = new Map(nodes.flatMap(({result}) => ('overall' in result ? [[result.target, result] as const] : [])));
	return {topology, nodes, totals: clusterTotals(seed, topology, label => byLabel.get(label))};
}

function clusterJson(seed: Target, {topology, totals}: ClusterReading): Record<string, unknown> {
	return {
		seed: seed.label,
		...topology.info,
		seenFrom: topology.seenFrom,
		shards: topology.shards.map(s => ({slots: formatSlots(s.slots), slotCount: s.slotTotal, master: s.master.address, masterFlags: s.master.flags, replicas: s.replicas.map(r => ({address: r.address, flags: r.flags}))})),
		totals: withNulls(totals),
		level: totals.level,
	};
}

/** `redtop snapshot --cluster URL`: the cluster, its shards and totals, then every node. */
export async function runClusterSnapshot(seed: Target, settings: Settings, signal: AbortSignal): Promise<Output> {
	const reading = await readCluster(seed, settings, signal);
	if (settings.isJson) {
		const nodes = reading.nodes.map(({result: n}) => ('overall' in n ? toSnapshotJson(n, settings.windowMs) : {target: n.target, status: 'down', statusReason: n.reason, overall: 'critical'}));
		return {stdout: JSON.stringify({cluster: clusterJson(seed, reading), nodes}, null, 2), exitCode: 0};
	}
	const {topology: t, totals} = reading;
	const lines = [
		`cluster ${seed.label}  state ${t.info.state}  slots ${t.info.slotsOk}/16384 ok, ${t.info.slotsPfail} pfail, ${t.info.slotsFail} fail  ${t.info.knownNodes} nodes  overall ${levelLabels[totals.level]}`,
		`totals      memory ${formatBytes(totals.usedBytes)} / ${totals.maxBytes === undefined ? 'no limit' : formatBytes(totals.maxBytes)}${totals.usedPercent === undefined ? '' : ` (${formatPercent(totals.usedPercent)})`}  ${formatRate(totals.opsPerSec)} ops/s  ${formatRate(totals.evictionsPerSec)} evictions/s  worst p99 ${formatMs(totals.worstP99Ms)}`,
		...totals.problems.map(p => `problem     ${levelLabels[p.level]}  ${p.message}`),
		...t.shards.map(s => `shard       ${formatSlots(s.slots).padEnd(14)} master ${s.master.address}${s.master.isFailed ? ' (failed)' : ''}  replicas ${s.replicas.map(r => `${r.address}${r.isFailed ? ' (failed)' : ''}`).join(', ') || 'none'}`),
	];
	const nodes = reading.nodes.map(({result: n}) => ('overall' in n ? formatSnapshotText(n) : `${n.target}  DOWN (${n.reason})`));
	return {stdout: [lines.join('\n'), ...nodes].join('\n\n'), exitCode: 0};
}

/**
 * `redtop check --cluster URL`: the cluster's health and the worst node. A replica that is down
 * is a WARNING (the data is still served); a master with slots that is down is CRITICAL.
 */
export async function runClusterCheck(seed: Target, settings: Settings, signal: AbortSignal): Promise<Output> {
	let reading: ClusterReading;
	try {
		reading = await readCluster(seed, settings, signal);
	} catch (error) {
		const {line, exitCode} = pluginResult('critical', errorMessage(error));
		return {stdout: line, exitCode};
	}
	const {topology: t, totals} = reading;
	const servesSlots = new Set(t.shards.filter(s => s.slotTotal > 0).map(s => s.master.address));
	const levels: Level[] = [totals.level];
	// The same problem on several nodes is one note naming them: six nodes without AOF is one line.
	const where = new Map<string, string[]>(totals.problems.map(p => [p.message, []]));
	const note = (message: string, address: string) => where.set(message, [...(where.get(message) ?? []), address]);
	for (const {target, result: node} of reading.nodes) {
		const address = hostPort(target.host, target.port);
		if ('overall' in node) {
			levels.push(node.overall);
			for (const p of node.problems) if (p.level !== 'ok') note(p.message, address);
		} else {
			levels.push(servesSlots.has(address) ? 'critical' : 'warn');
			note(`unreachable: ${node.reason}`, address);
		}
	}
	const notes = [...where].map(([message, addresses]) => (addresses.length === 0 ? message : `${message} (${addresses.length > 2 ? `${addresses.length} nodes` : addresses.join(', ')})`));
	const level = worst(...levels);
	const figures = `${t.shards.filter(s => s.slotTotal > 0).length} masters, slots ${t.info.slotsOk}/16384 ok, mem ${formatPercent(totals.usedPercent)} of ${formatBytes(totals.maxBytes)}, ${formatRate(totals.opsPerSec)} ops/s, ${formatRate(totals.evictionsPerSec)} evictions/s, worst p99 ${formatMs(totals.worstP99Ms)}`;
	const perf = [
		['used_memory', totals.usedBytes, 'B'], ['memory_pct', totals.usedPercent, '%'], ['ops_per_sec', totals.opsPerSec, ''], ['evictions_per_sec', totals.evictionsPerSec, ''],
		['slots_ok', t.info.slotsOk, ''], ['slots_pfail', t.info.slotsPfail, ''], ['slots_fail', t.info.slotsFail, ''], ['known_nodes', t.info.knownNodes, ''],
	].flatMap(([name, value, unit]) => (value === undefined ? [] : [`'cluster:${name as string}'=${Number((value as number).toFixed(4))}${unit as string}`]));
	const {line, exitCode} = pluginResult(level, `cluster ${t.info.state}, ${[...new Set(notes)].join(', ')}${notes.length > 0 ? ', ' : ''}${figures}`, perf);
	return {stdout: line, exitCode};
}
