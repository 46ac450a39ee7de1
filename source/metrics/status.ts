import type {ConnectionState} from '../collectors/connection-state.js';
import {deriveExporterStatus, type ExporterInput, type InfoFigures} from '../exporter/exporter-status.js';
import type {Profile} from '../profiles/profile.js';
import type {InfoSample} from '../redis/info-sample.js';
import type {ServerConfig} from '../redis/server-config.js';
import {counterDelta, counterRate, hitRatio, percentOf} from './derive.js';
import {formatBytes, formatMs, formatPercent, formatRate, formatRatio} from './format.js';
import {worst, type Level} from './level.js';
import {crossedLimit, levelFor} from './thresholds.js';
import type {Area, LatencySummary, Problem, TargetStatus} from './status-types.js';

export type Reading = {readonly info: InfoSample; readonly atMs: number};

export type StatusInput = {
	readonly target: string;
	readonly state: ConnectionState;
	readonly atMs: number;
	readonly profile: Profile;
	/** The latest INFO, when the server answered this time. */
	readonly current: Reading | undefined;
	/** The INFO before it, for rates. */
	readonly previous: Reading | undefined;
	/** Commands redtop itself sent between `previous` and `current`; not the operator's traffic. */
	readonly ownCommands: number;
	/** The oldest INFO of the rolling window, for the hit ratio. */
	readonly windowStart: Reading | undefined;
	readonly latency: LatencySummary | undefined;
	readonly config: ServerConfig | undefined;
	readonly evictingSinceMs: number | undefined;
	/** Set when an exporter URL is configured for this target. */
	readonly exporter?: ExporterInput | undefined;
	/** `exporter`: Redis is out of redtop's reach and these readings are the exporter's. */
	readonly source?: 'info' | 'exporter';
	/** INFO's figures at the exporter's scrape times, for a like-for-like cross-check. */
	readonly infoAtScrape?: Omit<InfoFigures, 'isUp'> | undefined;
};

const connectionLevel: Record<ConnectionState['kind'], Level> = {
	connecting: 'unknown',
	up: 'ok',
	loading: 'warn',
	stalled: 'warn',
	down: 'critical',
};

export function deriveStatus(input: StatusInput): TargetStatus {
	const {profile, state} = input;
	const t = profile.thresholds;
	const info = input.current?.info;
	const before = input.previous?.info;
	const elapsedMs = input.current && input.previous ? input.current.atMs - input.previous.atMs : 0;
	const rate = (pick: (s: InfoSample) => number | undefined) =>
		info && before && info.runId === before.runId ? counterRate(pick(before), pick(info), elapsedMs) : undefined;
	const problems: Problem[] = [];
	// Messages are built only for levels that need one: this runs on every poll.
	const note = (area: Area, level: Level, message: string | (() => string)) => {
		if (level === 'warn' || level === 'critical') problems.push({area, level, message: typeof message === 'string' ? message : message()});
		return level;
	};

	const source = input.source ?? 'info';
	let connection = connectionLevel[state.kind];
	if (source === 'exporter' && state.kind === 'down') {
		connection = note('connection', 'warn', `direct connection down (${state.reason}): showing the exporter's figures`);
	} else if (state.kind === 'down') note('connection', 'critical', `down: ${state.reason}`);
	if (state.kind === 'stalled') note('connection', 'warn', `stalled: ${state.reason}`);

	const usedBytes = info?.usedMemoryBytes;
	const maxBytes = info?.maxMemoryBytes ?? input.config?.maxMemoryBytes;
	const isUnlimited = maxBytes === undefined ? undefined : maxBytes === 0;
	const usedPercent = percentOf(usedBytes, maxBytes);
	const rssBytes = info?.usedMemoryRssBytes;
	const fragmentationRatio = info?.fragmentationRatio;
	let memoryLevel: Level = usedBytes === undefined ? 'unknown' : 'ok';
	if (isUnlimited) memoryLevel = note('memory', 'warn', 'maxmemory is 0 (no limit): Redis grows until the host runs out of memory');
	else if (usedPercent !== undefined) {
		const level = levelFor(usedPercent, t.memoryPercent);
		memoryLevel = note('memory', level, () => `memory ${formatPercent(usedPercent)} of maxmemory > ${crossedLimit(usedPercent, t.memoryPercent)}%`);
	}
	const wastedBytes = rssBytes !== undefined && usedBytes !== undefined ? rssBytes - usedBytes : undefined;
	if (wastedBytes !== undefined && wastedBytes >= profile.fragmentationMinWastedBytes) {
		const level = levelFor(fragmentationRatio, t.fragmentationRatio);
		const message = () => `fragmentation ${formatRatio(fragmentationRatio)} > ${crossedLimit(fragmentationRatio, t.fragmentationRatio)} (${formatBytes(wastedBytes)} wasted)`;
		memoryLevel = worst(memoryLevel, note('memory', level, message));
	}

	const evictionsPerSec = rate(s => s.evictedKeys);
	const isEvicting = evictionsPerSec !== undefined && evictionsPerSec > 0;
	const evictingForSeconds = isEvicting && input.evictingSinceMs !== undefined ? (input.atMs - input.evictingSinceMs) / 1000 : undefined;
	let evictionsLevel = levelFor(evictionsPerSec, t.evictionsPerSec);
	if (isEvicting && evictingForSeconds !== undefined && evictingForSeconds >= profile.evictionsCriticalAfterSeconds) {
		evictionsLevel = 'critical';
	}
	note('evictions', evictionsLevel, () => `evicting ${formatRate(evictionsPerSec)} keys/s${
		evictingForSeconds === undefined ? '' : ` for ${Math.round(evictingForSeconds)}s`}: the buffer is losing events`);

	const commandsDelta = info && before && info.runId === before.runId ? counterDelta(before.totalCommands, info.totalCommands) : undefined;
	const opsPerSec = commandsDelta === undefined || elapsedMs <= 0 ? undefined : (Math.max(0, commandsDelta - input.ownCommands) * 1000) / elapsedMs;
	const rawOpsPerSec = commandsDelta === undefined || elapsedMs <= 0 ? undefined : (commandsDelta * 1000) / elapsedMs;

	const latency = input.latency;
	const latencyLevel = note('latency', levelFor(latency?.p99Ms, t.latencyP99Ms),
		() => `p99 latency ${formatMs(latency?.p99Ms)} > ${crossedLimit(latency?.p99Ms, t.latencyP99Ms)} ms`);

	const clientsPercent = percentOf(info?.connectedClients, info?.maxClients);
	let clientsLevel = info?.connectedClients === undefined ? 'unknown' : levelFor(clientsPercent, t.clientsPercent);
	if (info?.connectedClients !== undefined && clientsPercent === undefined) clientsLevel = 'ok';
	note('clients', clientsLevel, () => `${formatPercent(clientsPercent)} of maxclients in use`);
	const rejectedDelta = info && before && info.runId === before.runId ? counterDelta(before.rejectedConnections, info.rejectedConnections) : undefined;
	if (rejectedDelta !== undefined && rejectedDelta > 0) {
		clientsLevel = note('clients', 'critical', `${rejectedDelta} connection(s) rejected: maxclients reached`);
	}

	const windowInfo = input.windowStart?.info;
	const sameRun = windowInfo && info && windowInfo.runId === info.runId;
	const hits = sameRun ? counterDelta(windowInfo.keyspaceHits, info.keyspaceHits) : undefined;
	const misses = sameRun ? counterDelta(windowInfo.keyspaceMisses, info.keyspaceMisses) : undefined;

	const persistence = persistenceOf(info, before, input.config, profile, note);
	const replicationLevel = info?.role === 'slave' && info.masterLinkStatus === 'down'
		? note('replication', 'critical', 'replica has lost its master link')
		: 'ok';

	const exporter = input.exporter
		? deriveExporterStatus(input.exporter, {
			usedMemoryBytes: usedBytes,
			rawOpsPerSec,
			evictionsPerSec,
			connectedClients: info?.connectedClients,
			...input.infoAtScrape,
			isUp: source === 'info' && (state.kind === 'up' || state.kind === 'loading'),
		})
		: undefined;
	for (const message of exporter?.problems ?? []) note('exporter', 'warn', message);

	const overall = worst(connection, exporter?.level === 'warn' ? 'warn' : 'ok', memoryLevel, evictionsLevel, latencyLevel, clientsLevel, persistence.level, replicationLevel);
	return {
		target: input.target,
		status: state.kind,
		statusReason: state.kind === 'down' || state.kind === 'stalled' ? state.reason : undefined,
		statusSinceMs: state.sinceMs,
		atMs: input.atMs,
		source,
		redis: {version: info?.version, role: info?.role, mode: info?.mode, uptimeSeconds: info?.uptimeSeconds, masterLinkStatus: info?.masterLinkStatus},
		memory: {usedBytes, maxBytes, isUnlimited, usedPercent, rssBytes, peakBytes: info?.usedMemoryPeakBytes,
			policy: info?.maxMemoryPolicy ?? input.config?.maxMemoryPolicy, fragmentationRatio, level: memoryLevel},
		evictions: {total: info?.evictedKeys, perSec: evictionsPerSec, evictingForSeconds, level: evictionsLevel},
		expired: {total: info?.expiredKeys, perSec: rate(s => s.expiredKeys)},
		ops: {perSec: opsPerSec, rawPerSec: rawOpsPerSec, totalCommands: info?.totalCommands, level: opsPerSec === undefined ? 'unknown' : 'ok'},
		latency: {p50Ms: latency?.p50Ms, p95Ms: latency?.p95Ms, p99Ms: latency?.p99Ms, maxMs: latency?.maxMs, samples: latency?.samples ?? 0, level: latencyLevel},
		clients: {connected: info?.connectedClients, max: info?.maxClients, usedPercent: clientsPercent, blocked: info?.blockedClients,
			rejected: info?.rejectedConnections, level: clientsLevel},
		hitRatio: hitRatio(hits, misses),
		network: {inBytesPerSec: rate(s => s.netInputBytes), outBytesPerSec: rate(s => s.netOutputBytes)},
		persistence,
		keyspace: (info?.keyspace ?? []).map(({db, keys, expires}) => ({db, keys, expires})),
		exporter,
		overall,
		problems,
	};
}

type Note = (area: Area, level: Level, message: string | (() => string)) => Level;

function persistenceOf(info: InfoSample | undefined, before: InfoSample | undefined, config: ServerConfig | undefined, profile: Profile, note: Note): TargetStatus['persistence'] {
	let level: Level = info === undefined ? 'unknown' : 'ok';
	if (info) {
		const failed: Array<[string, unknown]> = [
			['last AOF write failed: Redis refuses writes until it succeeds', info.aofLastWriteStatus],
			['last AOF rewrite failed', info.aofLastRewriteStatus],
			['last RDB save failed', info.rdbLastBgsaveStatus],
		];
		for (const [message, value] of failed) if (value === 'err') level = worst(level, note('persistence', 'critical', message));
		if (info.isLoading) level = worst(level, note('persistence', 'warn', () => `loading the dataset (${formatPercent(info.loadingPercent)})`));
		if (info.aofEnabled === false && profile.expect.appendonly) {
			level = worst(level, note('persistence', 'warn', 'AOF is off: a restart loses everything since the last RDB save'));
		}
		const delayed = before && before.runId === info.runId ? counterDelta(before.aofDelayedFsync, info.aofDelayedFsync) : undefined;
		if (delayed !== undefined && delayed > 0) level = worst(level, note('persistence', 'warn', `${delayed} delayed fsync(s): the disk is slow`));
	}
	return {
		aofEnabled: info?.aofEnabled ?? config?.appendonly,
		appendfsync: config?.appendfsync,
		aofLastWriteStatus: info?.aofLastWriteStatus,
		aofLastRewriteStatus: info?.aofLastRewriteStatus,
		aofRewriteInProgress: info?.aofRewriteInProgress,
		aofDelayedFsync: info?.aofDelayedFsync,
		aofCurrentSizeBytes: info?.aofCurrentSizeBytes,
		rdbLastBgsaveStatus: info?.rdbLastBgsaveStatus,
		rdbLastSaveTime: info?.rdbLastSaveTime,
		rdbChangesSinceLastSave: info?.rdbChangesSinceLastSave,
		rdbBgsaveInProgress: info?.rdbBgsaveInProgress,
		loading: info?.isLoading,
		loadingPercent: info?.loadingPercent,
		loadingEtaSeconds: info?.loadingEtaSeconds,
		level,
	};
}
