import {formatPercent} from '../metrics/format.js';
import type {Level} from '../metrics/level.js';
import {levelFor} from '../metrics/thresholds.js';
import type {Area, TargetStatus} from '../metrics/status-types.js';
import {alertMetrics, type AlertMetric, type Profile} from '../profiles/profile.js';

export type Severity = 'warn' | 'critical';

export type Alert = {
	readonly id: string;
	readonly target: string;
	readonly metric: AlertMetric;
	readonly severity: Severity;
	/** What is wrong now, e.g. "memory 93.1% of maxmemory". */
	readonly value: string;
	readonly threshold: string;
	readonly sinceMs: number;
	readonly hint: string;
};

export type AlertEvent = {readonly kind: 'firing' | 'escalated' | 'resolved'; readonly atMs: number; readonly alert: Alert};

/** What to check first, per metric. */
export const hints: Record<AlertMetric, string> = {
	connection: 'is redis-server running and reachable? check its log and the network',
	memory: 'the buffer is filling: consume faster, raise maxmemory or shorten retention',
	evictions: 'buffer is full: raise maxmemory or consume faster — evicted events are lost',
	latency: 'look for slow commands (SLOWLOG GET), big keys, forks (latest_fork_usec) or a busy host',
	clients: 'look for connection leaks (CLIENT LIST) or raise maxclients',
	persistence: 'check disk space and permissions of the AOF/RDB directory and the Redis log',
	replication: 'the replica lost its master: check the master and the network between them',
	exporter: 'check redis_exporter (its password and Redis ACL) and what Prometheus scrapes',
};

type Observation = {readonly level: Level; readonly value: string; readonly threshold: string};

const areaOf: Record<AlertMetric, Area> = {connection: 'connection', memory: 'memory', evictions: 'evictions', latency: 'latency', clients: 'clients',
	persistence: 'persistence', replication: 'replication', exporter: 'exporter'};

/**
 * The level each alert metric has in a status. Memory and clients use the profile's paging numbers
 * (`alerts`, the same as monitoring/alerts.yml), so redtop and Alertmanager page for the same thing;
 * everything else follows the panels' levels.
 */
export function observe(status: TargetStatus, profile: Profile): Record<AlertMetric, Observation> {
	const problem = (area: Area) => status.problems.find(p => p.area === area)?.message ?? '';
	const fromStatus = (metric: AlertMetric, level: Level): Observation => ({level, value: problem(areaOf[metric]), threshold: ''});
	const a = profile.alerts;
	const memoryPercent = status.memory.usedPercent;
	const memoryLevel: Level = status.memory.isUnlimited ? 'warn' : levelFor(memoryPercent, {direction: 'above', warn: a.memoryWarningPercent, critical: a.memoryCriticalPercent});
	const clientsLevel: Level = status.clients.level === 'critical' && (status.clients.usedPercent ?? 0) <= a.clientsCriticalPercent
		? 'critical'
		: levelFor(status.clients.usedPercent, {direction: 'above', warn: a.clientsWarningPercent, critical: a.clientsCriticalPercent});
	const connectionLevel: Level = status.status === 'down' ? (status.source === 'exporter' ? 'warn' : 'critical') : status.status === 'stalled' ? 'warn' : status.status === 'connecting' ? 'unknown' : 'ok';
	return {
		connection: {level: connectionLevel, value: status.statusReason ? `${status.status}: ${status.statusReason}` : status.status, threshold: 'reachable'},
		memory: {
			level: memoryLevel,
			value: status.memory.isUnlimited ? 'maxmemory is 0 (no limit)' : `memory ${formatPercent(memoryPercent)} of maxmemory`,
			threshold: status.memory.isUnlimited ? 'a maxmemory limit' : `${a.memoryWarningPercent}% warn / ${a.memoryCriticalPercent}% critical`,
		},
		evictions: {...fromStatus('evictions', status.evictions.level), threshold: 'no evictions'},
		latency: {...fromStatus('latency', status.latency.level), threshold: `p99 ${profile.thresholds.latencyP99Ms.warn} ms warn / ${profile.thresholds.latencyP99Ms.critical} ms critical`},
		clients: {level: clientsLevel, value: problem('clients') || `${formatPercent(status.clients.usedPercent)} of maxclients`,
			threshold: `${a.clientsWarningPercent}% warn / ${a.clientsCriticalPercent}% critical of maxclients, no rejected connections`},
		persistence: {...fromStatus('persistence', status.persistence.level), threshold: 'AOF/RDB ok, not loading'},
		replication: {...fromStatus('replication', status.problems.some(p => p.area === 'replication') ? 'critical' : 'ok'), threshold: 'master link up'},
		exporter: {...fromStatus('exporter', status.exporter?.level ?? 'ok'), threshold: 'exporter up and agreeing with INFO'},
	};
}

type Track = {
	/** When the metric last went from ok to warn/critical (pending or firing). */
	badSinceMs: number | undefined;
	okSinceMs: number | undefined;
	firing: Alert | undefined;
};

/**
 * Level changes over time → firing / escalated / resolved events. An alert fires once a metric has
 * been bad for its hold time, escalates from warn to critical, and resolves only after being ok for
 * its resolve time, so a value hovering at a threshold neither floods nor flaps. Unknown levels
 * (no data) change nothing. Pure: no timers, the caller passes the time.
 */
export class AlertEngine {
	private readonly tracks = new Map<string, Track>();
	private readonly events: AlertEvent[] = [];

	constructor(private readonly profile: Profile, private readonly historyLimit = 200) {}

	update(status: TargetStatus, atMs: number): AlertEvent[] {
		const observed = observe(status, this.profile);
		const emitted: AlertEvent[] = [];
		for (const metric of alertMetrics) {
			const o = observed[metric];
			if (o.level === 'unknown') continue;
			const id = `${status.target} ${metric}`;
			const track = this.tracks.get(id) ?? {badSinceMs: undefined, okSinceMs: undefined, firing: undefined};
			this.tracks.set(id, track);
			const hold = this.profile.alertHolds[metric];
			if (o.level === 'ok') {
				track.badSinceMs = undefined;
				track.okSinceMs ??= atMs;
				if (track.firing && atMs - track.okSinceMs >= hold.resolveSeconds * 1000) {
					emitted.push({kind: 'resolved', atMs, alert: track.firing});
					track.firing = undefined;
				}
				continue;
			}
			track.okSinceMs = undefined;
			track.badSinceMs ??= atMs;
			const severity: Severity = o.level;
			const alert: Alert = {id, target: status.target, metric, severity, value: o.value, threshold: o.threshold, sinceMs: track.firing?.sinceMs ?? track.badSinceMs, hint: hints[metric]};
			if (!track.firing) {
				if (atMs - track.badSinceMs >= hold.forSeconds * 1000) {
					track.firing = alert;
					emitted.push({kind: 'firing', atMs, alert});
				}
			} else if (severity === 'critical' && track.firing.severity === 'warn') {
				track.firing = alert;
				emitted.push({kind: 'escalated', atMs, alert});
			} else {
				track.firing = {...alert, severity: track.firing.severity};
			}
		}
		this.events.push(...emitted);
		if (this.events.length > this.historyLimit) this.events.splice(0, this.events.length - this.historyLimit);
		return emitted;
	}

	/** Alerts firing now, critical first, oldest first. */
	active(): Alert[] {
		return [...this.tracks.values()].flatMap(t => (t.firing ? [t.firing] : []))
			.sort((a, b) => (a.severity === b.severity ? a.sinceMs - b.sinceMs : a.severity === 'critical' ? -1 : 1));
	}

	history(): readonly AlertEvent[] {
		return this.events;
	}
}
