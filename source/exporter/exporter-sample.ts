import type {InfoSample, Status} from '../redis/info-sample.js';
import {findSample, sampleValue, type PromText} from './parse-prometheus.js';

/** What redtop reads from one scrape of redis_exporter's /metrics. Undefined: not exported. */
export type ExporterSample = {
	readonly atMs: number;
	readonly redisUp: boolean | undefined;
	readonly exporterVersion: string | undefined;
	readonly lastScrapeError: string | undefined;
	/** redis_exporter_scrape_duration_seconds is a summary: its running sum and count. */
	readonly scrapeSecondsSum: number | undefined;
	readonly scrapeCount: number | undefined;
	readonly info: InfoSample;
};

const status = (value: number | undefined): Status | undefined => (value === undefined ? undefined : value === 1 ? 'ok' : 'err');
const flag = (value: number | undefined): boolean | undefined => (value === undefined ? undefined : value === 1);

export function toExporterSample(text: PromText, atMs: number): ExporterSample {
	const v = (name: string, labels?: Record<string, string>) => sampleValue(text, name, labels);
	const instance = findSample(text, 'redis_instance_info')?.labels;
	const error = findSample(text, 'redis_exporter_last_scrape_error');
	const keyspace = text.samples
		.filter(s => s.name === 'redis_db_keys' && /^db\d+$/.test(s.labels['db'] ?? '') && s.value > 0)
		.map(s => {
			const db = s.labels['db']!;
			return {db: Number(db.slice(2)), keys: s.value, expires: v('redis_db_keys_expiring', {db}) ?? 0, avgTtlMs: undefined};
		})
		.sort((a, b) => a.db - b.db);
	const info: InfoSample = {
		version: instance?.['redis_version'],
		mode: instance?.['redis_mode'],
		role: instance?.['role'],
		runId: instance?.['run_id'],
		uptimeSeconds: v('redis_uptime_in_seconds'),
		usedMemoryBytes: v('redis_memory_used_bytes'),
		usedMemoryRssBytes: v('redis_memory_used_rss_bytes'),
		usedMemoryPeakBytes: v('redis_memory_used_peak_bytes'),
		maxMemoryBytes: v('redis_memory_max_bytes'),
		memNotCountedForEvictBytes: v('redis_mem_not_counted_for_eviction_bytes'),
		maxMemoryPolicy: instance?.['maxmemory_policy'],
		fragmentationRatio: v('redis_mem_fragmentation_ratio'),
		totalCommands: v('redis_commands_processed_total'),
		instantaneousOpsPerSec: undefined,
		evictedKeys: v('redis_evicted_keys_total'),
		expiredKeys: v('redis_expired_keys_total'),
		keyspaceHits: v('redis_keyspace_hits_total'),
		keyspaceMisses: v('redis_keyspace_misses_total'),
		rejectedConnections: v('redis_rejected_connections_total'),
		netInputBytes: v('redis_net_input_bytes_total'),
		netOutputBytes: v('redis_net_output_bytes_total'),
		connectedClients: v('redis_connected_clients'),
		blockedClients: v('redis_blocked_clients'),
		// 1.45 exports maxclients as redis_config_maxclients; newer releases as redis_max_clients.
		maxClients: v('redis_max_clients') ?? v('redis_config_maxclients'),
		isLoading: flag(v('redis_loading_dump_file')),
		loadingPercent: undefined,
		loadingEtaSeconds: undefined,
		aofEnabled: flag(v('redis_aof_enabled')),
		aofRewriteInProgress: flag(v('redis_aof_rewrite_in_progress')),
		aofRewriteScheduled: flag(v('redis_aof_rewrite_scheduled')),
		aofLastWriteStatus: status(v('redis_aof_last_write_status')),
		aofLastRewriteStatus: status(v('redis_aof_last_bgrewrite_status')),
		aofDelayedFsync: v('redis_aof_delayed_fsync'),
		aofCurrentSizeBytes: v('redis_aof_current_size_bytes'),
		aofLastRewriteTimeSec: v('redis_aof_last_rewrite_duration_sec'),
		rdbLastBgsaveStatus: status(v('redis_rdb_last_bgsave_status')),
		rdbLastSaveTime: v('redis_rdb_last_save_timestamp_seconds'),
		rdbChangesSinceLastSave: v('redis_rdb_changes_since_last_save'),
		rdbBgsaveInProgress: flag(v('redis_rdb_bgsave_in_progress')),
		latestForkUsec: (() => {
			const seconds = v('redis_latest_fork_seconds');
			return seconds === undefined ? undefined : seconds * 1e6;
		})(),
		masterLinkStatus: (() => {
			const up = v('redis_master_link_up');
			return up === undefined ? undefined : up === 1 ? 'up' : 'down';
		})(),
		connectedReplicas: v('redis_connected_slaves'),
		keyspace,
	};
	const errorText = error?.labels['err'];
	return {
		atMs,
		redisUp: flag(v('redis_up')),
		exporterVersion: findSample(text, 'redis_exporter_build_info')?.labels['version'],
		lastScrapeError: error === undefined ? undefined : error.value === 0 ? '' : errorText || 'scrape error',
		scrapeSecondsSum: v('redis_exporter_scrape_duration_seconds_sum') ?? v('redis_exporter_scrape_duration_seconds'),
		scrapeCount: v('redis_exporter_scrape_duration_seconds_count') ?? (v('redis_exporter_scrape_duration_seconds') === undefined ? undefined : 1),
		info,
	};
}
