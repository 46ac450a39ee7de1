import type {Threshold} from '../metrics/thresholds.js';

export const thresholdNames = [
	'memoryPercent',
	'evictionsPerSec',
	'latencyP99Ms',
	'clientsPercent',
	'fragmentationRatio',
] as const;

export type ThresholdName = (typeof thresholdNames)[number];

export type Thresholds = Readonly<Record<ThresholdName, Threshold>>;

/** What a deployment should look like and when its live figures turn amber or red. Pure data. */
export type Profile = {
	readonly id: string;
	readonly title: string;
	readonly thresholds: Thresholds;
	/** Evictions that go on this long are critical: a buffer that keeps evicting loses events. */
	readonly evictionsCriticalAfterSeconds: number;
	/** Fragmentation only matters once this many bytes are wasted; tiny servers always look fragmented. */
	readonly fragmentationMinWastedBytes: number;
	readonly expect: {
		readonly maxMemoryBytes: number;
		readonly maxMemoryPolicy: string;
		readonly appendonly: boolean;
		readonly appendfsync: string;
	};
	/**
	 * Paging thresholds for the Prometheus rules (monitoring/alerts.yml), kept here so both agree:
	 * a full LRU buffer is normal, so memory pages later than the panel turns amber.
	 */
	readonly alerts: {
		readonly memoryWarningPercent: number;
		readonly memoryCriticalPercent: number;
		readonly clientsWarningPercent: number;
		readonly clientsCriticalPercent: number;
	};
	/** How long a level must hold before redtop's own alerts fire, and how long ok before they resolve. */
	readonly alertHolds: Readonly<Record<AlertMetric, {readonly forSeconds: number; readonly resolveSeconds: number}>>;
	readonly targets: {
		readonly bufferEvents: number;
		readonly bufferHours: number;
		readonly minOpsPerSec: number;
		readonly concurrentClients: number;
		readonly p50Ms: number;
		readonly p95Ms: number;
		readonly p99Ms: number;
	};
};

export const alertMetrics = ['connection', 'memory', 'evictions', 'latency', 'clients', 'persistence', 'replication', 'exporter'] as const;
export type AlertMetric = (typeof alertMetrics)[number];

export type ThresholdOverrides = Partial<Record<ThresholdName, {warn?: number; critical?: number}>>;

export function withOverrides(profile: Profile, overrides: ThresholdOverrides): Profile {
	const thresholds = {...profile.thresholds};
	for (const name of thresholdNames) {
		const override = overrides[name];
		if (override) thresholds[name] = {...thresholds[name], ...override};
	}
	return {...profile, thresholds};
}
