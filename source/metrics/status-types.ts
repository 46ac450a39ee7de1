import type {ConnectionKind} from '../collectors/connection-state.js';
import type {Status} from '../redis/info-sample.js';
import type {ExporterStatus} from '../exporter/exporter-status.js';
import type {Level} from './level.js';

export type Area = 'connection' | 'memory' | 'evictions' | 'ops' | 'latency' | 'clients' | 'persistence' | 'replication' | 'exporter';

export type Problem = {readonly area: Area; readonly level: Level; readonly message: string};

export type LatencySummary = {
	readonly p50Ms: number;
	readonly p95Ms: number;
	readonly p99Ms: number;
	readonly maxMs: number;
	readonly samples: number;
};

/**
 * Everything redtop says about one target at one moment. The panels, `snapshot --json` and `check`
 * all print this object, so a number means the same thing everywhere.
 */
export type TargetStatus = {
	readonly target: string;
	readonly status: ConnectionKind;
	readonly statusReason: string | undefined;
	readonly statusSinceMs: number;
	readonly atMs: number;
	/** Where the figures come from: redtop's own INFO, or the exporter while Redis cannot be reached directly. */
	readonly source: 'info' | 'exporter';
	readonly redis: {
		readonly version: string | undefined;
		readonly role: string | undefined;
		readonly mode: string | undefined;
		readonly uptimeSeconds: number | undefined;
		readonly masterLinkStatus: string | undefined;
	};
	readonly memory: {
		readonly usedBytes: number | undefined;
		readonly maxBytes: number | undefined;
		readonly isUnlimited: boolean | undefined;
		readonly usedPercent: number | undefined;
		readonly rssBytes: number | undefined;
		readonly peakBytes: number | undefined;
		readonly policy: string | undefined;
		readonly fragmentationRatio: number | undefined;
		readonly level: Level;
	};
	readonly evictions: {
		readonly total: number | undefined;
		readonly perSec: number | undefined;
		readonly evictingForSeconds: number | undefined;
		readonly level: Level;
	};
	readonly expired: {readonly total: number | undefined; readonly perSec: number | undefined};
	readonly ops: {
		readonly perSec: number | undefined;
		/** Including redtop's own commands, as the exporter's counter sees them. */
		readonly rawPerSec: number | undefined;
		readonly totalCommands: number | undefined;
		readonly level: Level;
	};
	readonly latency: {
		readonly p50Ms: number | undefined;
		readonly p95Ms: number | undefined;
		readonly p99Ms: number | undefined;
		readonly maxMs: number | undefined;
		readonly samples: number;
		readonly level: Level;
	};
	readonly clients: {
		readonly connected: number | undefined;
		readonly max: number | undefined;
		readonly usedPercent: number | undefined;
		readonly blocked: number | undefined;
		readonly rejected: number | undefined;
		readonly level: Level;
	};
	readonly hitRatio: number | undefined;
	readonly network: {readonly inBytesPerSec: number | undefined; readonly outBytesPerSec: number | undefined};
	readonly persistence: {
		readonly aofEnabled: boolean | undefined;
		readonly appendfsync: string | undefined;
		readonly aofLastWriteStatus: Status | undefined;
		readonly aofLastRewriteStatus: Status | undefined;
		readonly aofRewriteInProgress: boolean | undefined;
		readonly aofDelayedFsync: number | undefined;
		readonly aofCurrentSizeBytes: number | undefined;
		readonly rdbLastBgsaveStatus: Status | undefined;
		readonly rdbLastSaveTime: number | undefined;
		readonly rdbChangesSinceLastSave: number | undefined;
		readonly rdbBgsaveInProgress: boolean | undefined;
		readonly loading: boolean | undefined;
		readonly loadingPercent: number | undefined;
		readonly loadingEtaSeconds: number | undefined;
		readonly level: Level;
	};
	readonly keyspace: ReadonlyArray<{readonly db: number; readonly keys: number; readonly expires: number}>;
	readonly exporter: ExporterStatus | undefined;
	readonly overall: Level;
	readonly problems: readonly Problem[];
};
