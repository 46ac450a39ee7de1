import {infoFlag, infoNumber, infoString, parseKeyspace, type InfoText, type KeyspaceDb} from './parse-info.js';

export type Status = 'ok' | 'err';

/** What redtop reads from one INFO reply. Every field a server did not report is undefined. */
export type InfoSample = {
	readonly version: string | undefined;
	readonly mode: string | undefined;
	readonly role: string | undefined;
	readonly runId: string | undefined;
	readonly uptimeSeconds: number | undefined;
	readonly usedMemoryBytes: number | undefined;
	readonly usedMemoryRssBytes: number | undefined;
	readonly usedMemoryPeakBytes: number | undefined;
	readonly maxMemoryBytes: number | undefined;
	readonly memNotCountedForEvictBytes: number | undefined;
	readonly maxMemoryPolicy: string | undefined;
	readonly fragmentationRatio: number | undefined;
	readonly totalCommands: number | undefined;
	readonly instantaneousOpsPerSec: number | undefined;
	readonly evictedKeys: number | undefined;
	readonly expiredKeys: number | undefined;
	readonly keyspaceHits: number | undefined;
	readonly keyspaceMisses: number | undefined;
	readonly rejectedConnections: number | undefined;
	readonly netInputBytes: number | undefined;
	readonly netOutputBytes: number | undefined;
	readonly connectedClients: number | undefined;
	readonly blockedClients: number | undefined;
	readonly maxClients: number | undefined;
	readonly isLoading: boolean | undefined;
	readonly loadingPercent: number | undefined;
	readonly loadingEtaSeconds: number | undefined;
	readonly aofEnabled: boolean | undefined;
	readonly aofRewriteInProgress: boolean | undefined;
	readonly aofRewriteScheduled: boolean | undefined;
	readonly aofLastWriteStatus: Status | undefined;
	readonly aofLastRewriteStatus: Status | undefined;
	readonly aofDelayedFsync: number | undefined;
	readonly aofCurrentSizeBytes: number | undefined;
	readonly aofLastRewriteTimeSec: number | undefined;
	readonly rdbLastBgsaveStatus: Status | undefined;
	readonly rdbLastSaveTime: number | undefined;
	readonly rdbChangesSinceLastSave: number | undefined;
	readonly rdbBgsaveInProgress: boolean | undefined;
	readonly latestForkUsec: number | undefined;
	readonly masterLinkStatus: string | undefined;
	readonly connectedReplicas: number | undefined;
	readonly keyspace: readonly KeyspaceDb[];
};

function status(info: InfoText, key: string): Status | undefined {
	const value = infoString(info, key);
	if (value === 'ok') return 'ok';
	if (value === 'err') return 'err';
	return undefined;
}

export function toInfoSample(info: InfoText): InfoSample {
	const n = (key: string) => infoNumber(info, key);
	const s = (key: string) => infoString(info, key);
	const f = (key: string) => infoFlag(info, key);
	return {
		version: s('redis_version'),
		mode: s('redis_mode'),
		role: s('role'),
		runId: s('run_id'),
		uptimeSeconds: n('uptime_in_seconds'),
		usedMemoryBytes: n('used_memory'),
		usedMemoryRssBytes: n('used_memory_rss'),
		usedMemoryPeakBytes: n('used_memory_peak'),
		maxMemoryBytes: n('maxmemory'),
		memNotCountedForEvictBytes: n('mem_not_counted_for_evict'),
		maxMemoryPolicy: s('maxmemory_policy'),
		fragmentationRatio: n('mem_fragmentation_ratio'),
		totalCommands: n('total_commands_processed'),
		instantaneousOpsPerSec: n('instantaneous_ops_per_sec'),
		evictedKeys: n('evicted_keys'),
		expiredKeys: n('expired_keys'),
		keyspaceHits: n('keyspace_hits'),
		keyspaceMisses: n('keyspace_misses'),
		rejectedConnections: n('rejected_connections'),
		netInputBytes: n('total_net_input_bytes'),
		netOutputBytes: n('total_net_output_bytes'),
		connectedClients: n('connected_clients'),
		blockedClients: n('blocked_clients'),
		maxClients: n('maxclients'),
		isLoading: f('loading'),
		loadingPercent: n('loading_loaded_perc'),
		loadingEtaSeconds: n('loading_eta_seconds'),
		aofEnabled: f('aof_enabled'),
		aofRewriteInProgress: f('aof_rewrite_in_progress'),
		aofRewriteScheduled: f('aof_rewrite_scheduled'),
		aofLastWriteStatus: status(info, 'aof_last_write_status'),
		aofLastRewriteStatus: status(info, 'aof_last_bgrewrite_status'),
		aofDelayedFsync: n('aof_delayed_fsync'),
		aofCurrentSizeBytes: n('aof_current_size'),
		aofLastRewriteTimeSec: n('aof_last_rewrite_time_sec'),
		rdbLastBgsaveStatus: status(info, 'rdb_last_bgsave_status'),
		rdbLastSaveTime: n('rdb_last_save_time'),
		rdbChangesSinceLastSave: n('rdb_changes_since_last_save'),
		rdbBgsaveInProgress: f('rdb_bgsave_in_progress'),
		latestForkUsec: n('latest_fork_usec'),
		masterLinkStatus: s('master_link_status'),
		connectedReplicas: n('connected_slaves'),
		keyspace: parseKeyspace(info),
	};
}
