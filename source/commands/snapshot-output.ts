import {formatBytes, formatCount, formatMs, formatPercent, formatRate, formatRatio} from '../metrics/format.js';
import {levelLabels} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';

/** The stable JSON shape of `snapshot --json`: every documented key present, unknown values null. */
export function toSnapshotJson(status: TargetStatus, windowMs: number): Record<string, unknown> {
	const {atMs, statusSinceMs, ...rest} = status;
	return withNulls({
		...rest,
		at: new Date(atMs).toISOString(),
		statusSince: new Date(statusSinceMs).toISOString(),
		windowMs,
	}) as Record<string, unknown>;
}

/** Undefined values as null, all the way down: JSON keeps every documented key. */
export function withNulls(value: unknown): unknown {
	if (value === undefined) return null;
	if (Array.isArray(value)) return value.map(withNulls);
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withNulls(v)]));
	}
	return value;
}

/** The plain-text snapshot: what the panels say, one line each. */
export function formatSnapshotText(s: TargetStatus): string {
	const row = (name: string, level: keyof typeof levelLabels, text: string) => `${name.padEnd(12)}${levelLabels[level].padEnd(8)}${text}`;
	const m = s.memory;
	const memory = m.isUnlimited
		? `${formatBytes(m.usedBytes)} used, no limit (maxmemory 0)`
		: `${formatPercent(m.usedPercent)}  ${formatBytes(m.usedBytes)} / ${formatBytes(m.maxBytes)}`;
	const p = s.persistence;
	const lines = [
		`${s.target}  Redis ${s.redis.version ?? '?'} ${s.redis.role ?? ''}  ${s.status.toUpperCase()}${s.statusReason ? ` (${s.statusReason})` : ''}  overall ${levelLabels[s.overall]}`,
		row('Memory', m.level, `${memory}  rss ${formatBytes(m.rssBytes)}  frag ${formatRatio(m.fragmentationRatio)}  ${m.policy ?? ''}`),
		row('Evictions', s.evictions.level, `${formatRate(s.evictions.perSec)}/s  total ${formatCount(s.evictions.total)}  expired ${formatRate(s.expired.perSec)}/s`),
		row('Ops/sec', s.ops.level, `${formatRate(s.ops.perSec)}`),
		row('Latency', s.latency.level, `p50 ${formatMs(s.latency.p50Ms)}  p95 ${formatMs(s.latency.p95Ms)}  p99 ${formatMs(s.latency.p99Ms)}  max ${formatMs(s.latency.maxMs)}  (${s.latency.samples} PINGs)`),
		row('Clients', s.clients.level, `${formatCount(s.clients.connected)} / ${formatCount(s.clients.max)}  blocked ${formatCount(s.clients.blocked)}  rejected ${formatCount(s.clients.rejected)}  hits ${s.hitRatio === undefined ? '—' : formatPercent(s.hitRatio * 100)}`),
		row('Persistence', p.level, `AOF ${p.aofEnabled ? 'on' : 'off'} ${p.appendfsync ?? ''}  write ${p.aofLastWriteStatus ?? '—'}  rewrite ${p.aofLastRewriteStatus ?? '—'}  RDB ${p.rdbLastBgsaveStatus ?? '—'}${p.loading ? `  loading ${formatPercent(p.loadingPercent)}` : ''}`),
		row('Keyspace', 'ok', s.keyspace.length === 0 ? 'no keys' : s.keyspace.map(db => `db${db.db} ${formatCount(db.keys)} keys`).join(', ')),
	];
	if (s.problems.length > 0) lines.push('', ...s.problems.map(problem => `${levelLabels[problem.level]}  ${problem.message}`));
	return lines.join('\n');
}
