import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {formatCheck} from '../../source/commands/check-output.js';
import {toSnapshotJson} from '../../source/commands/snapshot-output.js';
import {deriveStatus} from '../../source/metrics/status.js';
import {met001} from '../../source/profiles/met-001.js';
import {toInfoSample, type InfoSample} from '../../source/redis/info-sample.js';
import {parseInfo} from '../../source/redis/parse-info.js';

const base = toInfoSample(parseInfo(readFileSync(new URL('../fixtures/info-7.0-master.txt', import.meta.url), 'utf8')));

function statusWith(change: Partial<InfoSample>) {
	const info = {...base, aofEnabled: true, ...change};
	return deriveStatus({target: 'redis://127.0.0.1:6379', state: {kind: 'up', sinceMs: 0}, atMs: 2000, profile: met001,
		current: {info, atMs: 2000}, previous: {info, atMs: 1000}, ownCommands: 0, windowStart: {info, atMs: 1000},
		latency: {p50Ms: 0.1, p95Ms: 0.2, p99Ms: 0.3, maxMs: 0.4, samples: 100}, config: undefined, evictingSinceMs: undefined});
}

describe('check output (Nagios plugin)', () => {
	it.each([
		['healthy', {usedMemoryBytes: 1000, maxMemoryBytes: 100_000}, 'OK', 0],
		['memory at 85%', {usedMemoryBytes: 85_000, maxMemoryBytes: 100_000}, 'WARNING', 1],
		['memory at 95%', {usedMemoryBytes: 95_000, maxMemoryBytes: 100_000}, 'CRITICAL', 2],
	] as const)('%s is %s (exit %s)', (_name, change, word, code) => {
		const result = formatCheck([statusWith(change)], met001);
		expect(result.exitCode).toBe(code);
		expect(result.line).toMatch(new RegExp(`^REDTOP ${word} - redis://127.0.0.1:6379 master 7.0.15`));
		expect(result.line.split('\n')).toHaveLength(1);
	});

	it('puts the problem first and thresholds into the perfdata', () => {
		const {line} = formatCheck([statusWith({usedMemoryBytes: 95_000, maxMemoryBytes: 100_000})], met001);
		const [summary = '', perf = ''] = line.split(' | ');
		expect(summary).toContain('memory 95.0% of maxmemory > 90%');
		expect(perf).toContain("'memory_pct'=95%;80;90;0;100");
		expect(perf).toContain("'latency_p99'=0.3ms;2;5;0");
		expect(perf).toMatch(/'used_memory'=95000B;;;0;100000/);
	});

	it('an unreachable server is CRITICAL', () => {
		const result = formatCheck([{target: 'redis://127.0.0.1:1', reason: 'connection refused'}], met001);
		expect(result).toEqual({line: 'REDTOP CRITICAL - redis://127.0.0.1:1 unreachable: connection refused', exitCode: 2});
	});

	it('several targets: the worst wins and perfdata labels carry the target', () => {
		const result = formatCheck([statusWith({}), statusWith({usedMemoryBytes: 85_000, maxMemoryBytes: 100_000})], met001);
		expect(result.exitCode).toBe(1);
		expect(result.line).toContain("'127.0.0.1:6379:memory_pct'");
	});
});

describe('snapshot JSON', () => {
	it('has every documented key, unknown values as null', () => {
		const json = toSnapshotJson(statusWith({maxMemoryBytes: 0}), 1000) as Record<string, any>;
		for (const key of ['target', 'status', 'redis', 'memory', 'evictions', 'ops', 'latency', 'clients', 'hitRatio', 'persistence', 'keyspace', 'overall']) {
			expect(json).toHaveProperty(key);
		}
		expect(json['redis']).toMatchObject({version: '7.0.15', role: 'master'});
		expect(Object.keys(json['memory'])).toEqual(expect.arrayContaining(['usedBytes', 'maxBytes', 'usedPercent', 'policy', 'fragmentationRatio', 'level']));
		expect(json['memory']['usedPercent']).toBeNull();
		expect(json['hitRatio']).toBeNull();
		expect(Object.keys(json['persistence'])).toEqual(expect.arrayContaining(['aofEnabled', 'aofLastWriteStatus', 'aofLastRewriteStatus', 'rdbLastBgsaveStatus', 'loading', 'level']));
		expect(Object.keys(json['clients'])).toEqual(expect.arrayContaining(['connected', 'max', 'blocked', 'rejected', 'level']));
		expect(json['overall']).toBe('warn');
	});
});
