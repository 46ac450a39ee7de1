import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {ConnectionState} from '../../source/collectors/connection-state.js';
import {deriveStatus, type StatusInput} from '../../source/metrics/status.js';
import {met001} from '../../source/profiles/met-001.js';
import {toInfoSample, type InfoSample} from '../../source/redis/info-sample.js';
import {parseInfo} from '../../source/redis/parse-info.js';

const base = toInfoSample(parseInfo(readFileSync(new URL('../fixtures/info-7.0-master.txt', import.meta.url), 'utf8')));
const mib = 1024 * 1024;
const up: ConnectionState = {kind: 'up', sinceMs: 0};

function status(change: Partial<InfoSample> = {}, before: Partial<InfoSample> = {}, extra: Partial<StatusInput> = {}) {
	const previous = {info: {...base, ...before}, atMs: 1000};
	const current = {info: {...base, ...change}, atMs: 2000};
	return deriveStatus({
		target: 'redis://127.0.0.1:6379', state: up, atMs: 2000, profile: met001, current, previous, ownCommands: 0,
		windowStart: previous, latency: {p50Ms: 0.1, p95Ms: 0.2, p99Ms: 0.3, maxMs: 0.5, samples: 100}, config: undefined,
		evictingSinceMs: undefined, ...extra,
	});
}

describe('deriveStatus', () => {
	it('is ok for a healthy buffer', () => {
		const s = status({usedMemoryBytes: 10 * mib, maxMemoryBytes: 2048 * mib, usedMemoryRssBytes: 12 * mib, aofEnabled: true});
		expect(s.overall).toBe('ok');
		expect(s.problems).toEqual([]);
	});

	it.each([
		['79% is ok', 79, 'ok'],
		['85% warns', 85, 'warn'],
		['95% is critical', 95, 'critical'],
	])('memory: %s', (_name, percent, level) => {
		const s = status({usedMemoryBytes: percent * mib, maxMemoryBytes: 100 * mib, usedMemoryRssBytes: percent * mib});
		expect(s.memory.usedPercent).toBeCloseTo(percent);
		expect(s.memory.level).toBe(level);
	});

	it('maxmemory 0 warns and shows no percentage', () => {
		const s = status({maxMemoryBytes: 0});
		expect(s.memory).toMatchObject({isUnlimited: true, usedPercent: undefined, level: 'warn'});
		expect(s.problems[0]?.message).toMatch(/no limit/);
	});

	it('fragmentation warns only when many bytes are wasted', () => {
		const small = status({usedMemoryBytes: 1 * mib, usedMemoryRssBytes: 12 * mib, fragmentationRatio: 12});
		expect(small.memory.level).toBe('ok');
		const big = status({usedMemoryBytes: 500 * mib, usedMemoryRssBytes: 1000 * mib, fragmentationRatio: 2, maxMemoryBytes: 2048 * mib});
		expect(big.memory.level).toBe('warn');
		expect(big.problems.map(p => p.message).join()).toMatch(/fragmentation 2.00/);
	});

	it('evictions warn at once and are critical when they go on', () => {
		const first = status({evictedKeys: 150}, {evictedKeys: 100});
		expect(first.evictions).toMatchObject({perSec: 50, level: 'warn'});
		const sustained = status({evictedKeys: 150}, {evictedKeys: 100}, {evictingSinceMs: 2000 - 11_000});
		expect(sustained.evictions.level).toBe('critical');
		expect(status({evictedKeys: 100}, {evictedKeys: 100}).evictions.level).toBe('ok');
	});

	it('ops/s leaves out redtop\'s own commands', () => {
		const s = status({totalCommands: 11_000}, {totalCommands: 10_000}, {ownCommands: 13});
		expect(s.ops.perSec).toBe(987);
	});

	it('rates reset across a restart (new run id) instead of going negative', () => {
		const s = status({totalCommands: 5, evictedKeys: 0, runId: 'new'}, {totalCommands: 10_000, evictedKeys: 50});
		expect(s.ops.perSec).toBeUndefined();
		expect(s.evictions.perSec).toBeUndefined();
	});

	it.each([
		['AOF write err', {aofLastWriteStatus: 'err'}, 'critical'],
		['AOF rewrite err', {aofLastRewriteStatus: 'err'}, 'critical'],
		['RDB save err', {rdbLastBgsaveStatus: 'err'}, 'critical'],
		['loading', {isLoading: true, loadingPercent: 42}, 'warn'],
		['AOF off', {aofEnabled: false}, 'warn'],
		['all fine', {aofEnabled: true}, 'ok'],
	] as const)('persistence: %s', (_name, change, level) => {
		expect(status(change).persistence.level).toBe(level);
	});

	it('delayed fsyncs that increase warn', () => {
		expect(status({aofDelayedFsync: 4, aofEnabled: true}, {aofDelayedFsync: 3}).persistence.level).toBe('warn');
	});

	it.each([
		[2.5, 'warn'],
		[6, 'critical'],
		[0.4, 'ok'],
	])('latency p99 %s ms is %s', (p99Ms, level) => {
		const s = status({}, {}, {latency: {p50Ms: 0.1, p95Ms: 0.2, p99Ms, maxMs: p99Ms, samples: 100}});
		expect(s.latency.level).toBe(level);
	});

	it('clients near maxclients and rejected connections', () => {
		expect(status({connectedClients: 9500, maxClients: 10_000}).clients.level).toBe('critical');
		expect(status({connectedClients: 8500, maxClients: 10_000}).clients.level).toBe('warn');
		expect(status({rejectedConnections: 3}, {rejectedConnections: 1}).clients.level).toBe('critical');
		expect(status({maxClients: undefined}).clients.level).toBe('ok');
	});

	it('a replica that lost its master is critical', () => {
		expect(status({role: 'slave', masterLinkStatus: 'down'}).overall).toBe('critical');
	});

	it('hit ratio is over the window', () => {
		const s = status({keyspaceHits: 190, keyspaceMisses: 20}, {keyspaceHits: 100, keyspaceMisses: 10});
		expect(s.hitRatio).toBeCloseTo(90 / 100);
	});

	it('down: critical, every figure unknown', () => {
		const s = deriveStatus({target: 't', state: {kind: 'down', sinceMs: 0, reason: 'connection refused'}, atMs: 5, profile: met001,
			current: undefined, previous: undefined, ownCommands: 0, windowStart: undefined, latency: undefined, config: undefined, evictingSinceMs: undefined});
		expect(s.overall).toBe('critical');
		expect(s.memory.level).toBe('unknown');
		expect(s.statusReason).toBe('connection refused');
		expect(s.problems[0]?.message).toBe('down: connection refused');
	});
});
