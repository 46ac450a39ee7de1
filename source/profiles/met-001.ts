import type {Profile} from './profile.js';

const gib = 1024 ** 3;

/** The Bluesky firehose buffer the project grew out of. */
export const met001: Profile = {
	id: 'met-001',
	title: 'MET-001 Bluesky firehose buffer',
	thresholds: {
		memoryPercent: {direction: 'above', warn: 80, critical: 90},
		evictionsPerSec: {direction: 'above', warn: 0},
		latencyP99Ms: {direction: 'above', warn: 2, critical: 5},
		clientsPercent: {direction: 'above', warn: 80, critical: 90},
		fragmentationRatio: {direction: 'above', warn: 1.5},
	},
	evictionsCriticalAfterSeconds: 10,
	fragmentationMinWastedBytes: 64 * 1024 * 1024,
	expect: {
		maxMemoryBytes: 2 * gib,
		maxMemoryPolicy: 'allkeys-lru',
		appendonly: true,
		appendfsync: 'everysec',
	},
	alerts: {
		memoryWarningPercent: 90,
		memoryCriticalPercent: 95,
		clientsWarningPercent: 80,
		clientsCriticalPercent: 90,
	},
	// The same hold times as monitoring/alerts.yml where a rule exists there.
	alertHolds: {
		connection: {forSeconds: 30, resolveSeconds: 30},
		memory: {forSeconds: 120, resolveSeconds: 60},
		evictions: {forSeconds: 0, resolveSeconds: 300},
		latency: {forSeconds: 30, resolveSeconds: 60},
		clients: {forSeconds: 60, resolveSeconds: 60},
		persistence: {forSeconds: 0, resolveSeconds: 60},
		replication: {forSeconds: 30, resolveSeconds: 30},
		exporter: {forSeconds: 60, resolveSeconds: 60},
	},
	targets: {
		bufferEvents: 2_700_000,
		bufferHours: 8,
		minOpsPerSec: 1000,
		concurrentClients: 10,
		p50Ms: 1,
		p95Ms: 2,
		p99Ms: 5,
	},
};
