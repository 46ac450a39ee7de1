import {formatBytes, formatMs, formatPercent, formatRate} from '../metrics/format.js';
import {worst, type Level} from '../metrics/level.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Profile} from '../profiles/profile.js';

export type CheckResult = {readonly line: string; readonly exitCode: 0 | 1 | 2 | 3};

const words: Record<Level, string> = {ok: 'OK', warn: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN'};
const codes: Record<Level, 0 | 1 | 2 | 3> = {ok: 0, warn: 1, critical: 2, unknown: 3};

/** A target that could not be reached: the check still answers, as CRITICAL. */
export type Unreachable = {readonly target: string; readonly reason: string};

/** The Nagios/Icinga plugin line for a level: `REDTOP STATE - text | perfdata`, and its exit code 0/1/2/3. */
export function pluginResult(level: Level, text: string, perf: readonly string[] = []): CheckResult {
	return {line: `REDTOP ${words[level]} - ${text}${perf.length > 0 ? ` | ${perf.join(' ')}` : ''}`, exitCode: codes[level]};
}

export type CheckParts = {readonly level: Level; readonly summaries: readonly string[]; readonly perf: readonly string[]};

/**
 * What the plugin line says of some targets: the worst level, a summary per target (problems
 * first, so the alert text says what is wrong) and the perfdata.
 */
export function checkParts(results: ReadonlyArray<TargetStatus | Unreachable>, profile: Profile): CheckParts {
	const levels: Level[] = [];
	const summaries: string[] = [];
	const perf: string[] = [];
	const many = results.length > 1;
	for (const result of results) {
		if (!('overall' in result)) {
			levels.push('critical');
			summaries.push(`${result.target} unreachable: ${result.reason}`);
			continue;
		}
		levels.push(result.overall);
		summaries.push(summarize(result));
		perf.push(...perfdata(result, profile, many ? `${result.target.replace(/^rediss?:\/\//, '')}:` : ''));
	}
	return {level: worst(...levels), summaries, perf};
}

/** The plugin line of some targets: `REDTOP STATE - summary; summary | perfdata`. */
export function formatCheck(results: ReadonlyArray<TargetStatus | Unreachable>, profile: Profile): CheckResult {
	const {level, summaries, perf} = checkParts(results, profile);
	return pluginResult(level, summaries.join('; '), perf);
}

function summarize(s: TargetStatus): string {
	const problems = s.problems.map(p => p.message);
	const memory = s.memory.isUnlimited ? `mem ${formatBytes(s.memory.usedBytes)} (no limit)` : `mem ${formatPercent(s.memory.usedPercent)} of ${formatBytes(s.memory.maxBytes)}`;
	const figures = `${memory}, ${formatRate(s.ops.perSec)} ops/s, ${formatRate(s.evictions.perSec)} evictions/s, p99 ${formatMs(s.latency.p99Ms)}`;
	return [`${s.target} ${s.redis.role ?? ''} ${s.redis.version ?? ''}`.replace(/\s+/g, ' ').trim(), ...problems, figures].join(', ');
}

const num = (value: number) => Number(value.toFixed(4)).toString();

function perfdata(s: TargetStatus, profile: Profile, prefix: string): string[] {
	const t = profile.thresholds;
	const item = (label: string, value: number | undefined, unit = '', warn?: number, crit?: number, min?: number, max?: number) =>
		value === undefined ? [] : [`'${prefix}${label}'=${num(value)}${unit};${warn ?? ''};${crit ?? ''};${min ?? ''};${max ?? ''}`.replace(/;+$/, '')];
	const clientLimit = (percent: number | undefined) => (percent === undefined || s.clients.max === undefined ? undefined : Math.floor((s.clients.max * percent) / 100));
	return [
		...item('used_memory', s.memory.usedBytes, 'B', undefined, undefined, 0, s.memory.maxBytes || undefined),
		...item('memory_pct', s.memory.usedPercent, '%', t.memoryPercent.warn, t.memoryPercent.critical, 0, 100),
		...item('ops_per_sec', s.ops.perSec, '', undefined, undefined, 0),
		...item('evictions_per_sec', s.evictions.perSec, '', t.evictionsPerSec.warn, t.evictionsPerSec.critical, 0),
		...item('evicted_keys', s.evictions.total, 'c'),
		...item('latency_p99', s.latency.p99Ms, 'ms', t.latencyP99Ms.warn, t.latencyP99Ms.critical, 0),
		...item('connected_clients', s.clients.connected, '', clientLimit(t.clientsPercent.warn), clientLimit(t.clientsPercent.critical), 0, s.clients.max),
		...item('rejected_connections', s.clients.rejected, 'c'),
		...item('hit_ratio', s.hitRatio === undefined ? undefined : s.hitRatio * 100, '%', undefined, undefined, 0, 100),
	];
}
