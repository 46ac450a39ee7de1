import type {Redis} from 'ioredis';
import {PolledGroup, type GroupNotice, type GroupOptions, type GroupState} from '../collectors/group.js';
import type {Profile} from '../profiles/profile.js';
import {hostPort, targetAt, type Target} from '../redis/target.js';

/** What the sentinels say about one monitored master. */
export type SentinelReading = {
	readonly masterName: string;
	/** The sentinel that answered. */
	readonly seenFrom: string;
	readonly master: {readonly host: string; readonly port: number; readonly address: string; readonly flags: readonly string[]};
	readonly quorum: number | undefined;
	/** This sentinel plus the others it knows. */
	readonly sentinels: number | undefined;
	readonly replicas: ReadonlyArray<{readonly host: string; readonly port: number; readonly address: string; readonly flags: readonly string[]; readonly linkStatus: string | undefined}>;
	readonly failoverState: string | undefined;
};

export type Failover = {
	readonly from: string;
	readonly to: string;
	/** When redtop learnt of the switch. */
	readonly switchedAtMs: number;
	/** When the old master stopped answering redtop (or the sentinels first flagged it), if seen. */
	readonly lostAtMs: number | undefined;
	/** When the new master first answered redtop as a master. */
	readonly restoredAtMs: number | undefined;
};

export type SentinelView = GroupState & {
	readonly masterName: string;
	readonly sentinels: readonly string[];
	readonly reading: SentinelReading | undefined;
	/** Newest last. */
	readonly failovers: readonly Failover[];
	/** When the current master was first seen flagged down or not answering; cleared when it answers. */
	readonly masterDownSinceMs: number | undefined;
};

/** The replicas the sentinels would fail over to: not seen down, not disconnected. */
export const healthyReplicas = (r: SentinelReading): SentinelReading['replicas'] =>
	r.replicas.filter(x => !x.flags.includes('s_down') && !x.flags.includes('disconnected'));

/** "Time without a master" of a failover, once both ends are known. */
export const withoutMasterMs = (f: Failover): number | undefined =>
	f.lostAtMs === undefined || f.restoredAtMs === undefined ? undefined : Math.max(0, f.restoredAtMs - f.lostAtMs);

const fields = (reply: unknown): Map<string, string> => {
	const list = Array.isArray(reply) ? reply.map(String) : [];
	const map = new Map<string, string>();
	for (let i = 0; i + 1 < list.length; i += 2) map.set(list[i]!, list[i + 1]!);
	return map;
};

/** Asks one sentinel about `masterName`: SENTINEL MASTER and SENTINEL REPLICAS. */
export async function readSentinel(client: Redis, masterName: string, seenFrom: string): Promise<SentinelReading> {
	const [masterReply, replicasReply] = await Promise.all([client.call('SENTINEL', 'MASTER', masterName), client.call('SENTINEL', 'REPLICAS', masterName)]);
	const m = fields(masterReply);
	const host = m.get('ip');
	const port = Number(m.get('port'));
	if (!host || !Number.isInteger(port)) throw new Error(`sentinel ${seenFrom} gave no address for master ${masterName}`);
	const number = (key: string) => (m.has(key) ? Number(m.get(key)) : undefined);
	const others = number('num-other-sentinels');
	return {
		masterName,
		seenFrom,
		master: {host, port, address: hostPort(host, port), flags: (m.get('flags') ?? '').split(',').filter(Boolean)},
		quorum: number('quorum'),
		sentinels: others === undefined ? undefined : others + 1,
		replicas: (Array.isArray(replicasReply) ? replicasReply : []).map(fields).map(r => {
			const replicaHost = r.get('ip') ?? '';
			const replicaPort = Number(r.get('port'));
			return {host: replicaHost, port: replicaPort, address: hostPort(replicaHost, replicaPort), flags: (r.get('flags') ?? '').split(',').filter(Boolean), linkStatus: r.get('master-link-status')};
		}).filter(r => r.host !== '' && Number.isInteger(r.port)).sort((a, b) => a.address.localeCompare(b.address)),
		failoverState: m.get('failover-state') === 'none' ? undefined : m.get('failover-state'),
	};
}

const isFlaggedDown = (flags: readonly string[]) => flags.includes('s_down') || flags.includes('o_down');

/**
 * Follows the master that Sentinel names: every interval it asks a sentinel (the one that answered
 * last, then the others) for the master and its replicas, runs one TargetMonitor per data node
 * (master first), and records each failover: the old and new master and the time without a master
 * as redtop saw it, from the old master's first failed poll to the new master's first answer as
 * master (each end to within one interval).
 */
export class SentinelMonitor extends PolledGroup<SentinelReading, SentinelView> {
	private preferred = 0;

	/** `template` gives the data nodes their credentials and TLS (from REDISCLI_AUTH); sentinels have their own. */
	constructor(readonly sentinels: readonly Target[], readonly masterName: string, private readonly template: Target, profile: Profile, options: GroupOptions) {
		const now = Date.now();
		super('redtop-sentinel', profile, options, {masterName, sentinels: sentinels.map(s => s.label), status: 'connecting', reason: undefined, sinceMs: now, atMs: now, reading: undefined, failovers: [], masterDownSinceMs: undefined});
	}

	/** The target redtop shows before the sentinels have named a master. */
	get placeholder(): Target {
		return this.sentinels[0]!;
	}

	/** The current master first, then its replicas. */
	protected order(): string[] {
		const r = this.view.reading;
		return r ? [r.master, ...r.replicas].map(n => targetAt(this.template, n.host, n.port).label) : [];
	}

	protected hasReading(): boolean {
		return this.view.reading !== undefined;
	}

	/** Each failover twice: when the sentinels switch, and when the new master answers as one. */
	notices(): GroupNotice[] {
		return this.view.failovers.flatMap(f => [
			{atMs: f.switchedAtMs, severity: 'critical' as const, message: `sentinel ${this.masterName}: failover ${f.from} → ${f.to}`},
			...(f.restoredAtMs === undefined ? [] : [{atMs: f.restoredAtMs, severity: 'info' as const,
				message: `sentinel ${this.masterName}: ${f.to} answers as master${withoutMasterMs(f) === undefined ? '' : ` after ${(withoutMasterMs(f)! / 1000).toFixed(1)} s without a master`}`}]),
		]);
	}

	/** Asks the sentinel that answered last time first, then the others in turn. */
	protected async read(): Promise<SentinelReading> {
		const candidates = this.sentinels.map((_, i) => this.sentinels[(this.preferred + i) % this.sentinels.length]!);
		const {answer, from} = await this.asker.ask(candidates, (client, sentinel) => readSentinel(client, this.masterName, `${sentinel.host}:${sentinel.port}`));
		this.preferred = this.sentinels.indexOf(from);
		return answer;
	}

	protected record(reading: SentinelReading, signal: AbortSignal): void {
		const atMs = Date.now();
		const before = this.view.reading;
		let failovers = this.view.failovers;
		let downSince = this.view.masterDownSinceMs;
		if (before && before.master.address !== reading.master.address) {
			failovers = [...failovers, {from: before.master.address, to: reading.master.address, switchedAtMs: atMs, lostAtMs: downSince ?? this.lastAnswerOf(before.master), restoredAtMs: undefined}].slice(-20);
			downSince = undefined;
		}
		const targets = [reading.master, ...reading.replicas].map(n => targetAt(this.template, n.host, n.port));
		this.pool.sync(targets, signal);
		const master = this.pool.get(targets[0]!.label)?.store.status;
		const masterAnswers = master?.status === 'up' && master.redis.role === 'master';
		if (isFlaggedDown(reading.master.flags) || (master && master.status === 'down')) downSince ??= Math.min(atMs, master?.status === 'down' ? master.statusSinceMs : atMs);
		else if (masterAnswers) downSince = undefined;
		const last = failovers.at(-1);
		if (last && last.restoredAtMs === undefined && last.to === reading.master.address && masterAnswers && master) {
			failovers = [...failovers.slice(0, -1), {...last, restoredAtMs: Math.max(last.switchedAtMs, master.atMs)}];
		}
		this.update({status: 'up', reason: undefined, atMs, reading, failovers, masterDownSinceMs: downSince});
	}

	/** When redtop's polls of the old master began to fail (its first failed poll), if they have. */
	private lastAnswerOf(node: {readonly host: string; readonly port: number}): number | undefined {
		const status = this.pool.get(targetAt(this.template, node.host, node.port).label)?.store.status;
		return status?.status === 'down' || status?.status === 'stalled' ? status.statusSinceMs : undefined;
	}
}
