import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Collected} from '../../source/collectors/info-collector.js';
import {newHistogram, recordNs} from '../../source/metrics/latency-window.js';
import {met001} from '../../source/profiles/met-001.js';
import {toInfoSample, type InfoSample} from '../../source/redis/info-sample.js';
import {parseInfo} from '../../source/redis/parse-info.js';
import {parseTarget} from '../../source/redis/target.js';
import {TargetStore} from '../../source/store/target-store.js';

const base = toInfoSample(parseInfo(readFileSync(new URL('../fixtures/info-7.0-master.txt', import.meta.url), 'utf8')));

function sample(atMs: number, change: Partial<InfoSample> = {}, pingMs: number[] = [0.2]): Collected {
	const pings = newHistogram();
	for (const ms of pingMs) recordNs(pings, ms * 1e6);
	return {atMs, info: {...base, ...change}, pings, config: undefined, ownCommandsAfterInfo: 0, infoMs: 1};
}

const newStore = () => new TargetStore(parseTarget('127.0.0.1:6379', {}), met001, {retentionPoints: 100, windowMs: 10_000}, 0);

describe('TargetStore', () => {
	it('starts connecting, then up with rates from two samples', () => {
		const store = newStore();
		expect(store.status.status).toBe('connecting');
		store.recordSample(sample(1000, {totalCommands: 1000}));
		expect(store.status).toMatchObject({status: 'up', ops: {perSec: undefined}});
		store.recordSample(sample(2000, {totalCommands: 3000}));
		expect(store.status.ops.perSec).toBe(2000);
		expect(store.series.opsPerSec.last()).toEqual([undefined, 2000]);
	});

	it('a failure is a gap in every series and keeps the first failure time', () => {
		const store = newStore();
		store.recordSample(sample(1000, {totalCommands: 1000}));
		store.recordSample(sample(2000, {totalCommands: 3000}));
		store.recordFailure({kind: 'down', sinceMs: 3000, reason: 'connection refused'});
		store.recordFailure({kind: 'down', sinceMs: 4000, reason: 'connection refused'});
		expect(store.status).toMatchObject({status: 'down', statusSinceMs: 3000, overall: 'critical'});
		expect(store.series.usedMemoryBytes.last(2)).toEqual([undefined, undefined]);
		expect(store.series.opsPerSec.length).toBe(4);
	});

	it('shows loading with its percentage', () => {
		const store = newStore();
		store.recordSample(sample(1000, {isLoading: true, loadingPercent: 42.5, loadingEtaSeconds: 3}));
		expect(store.connection).toMatchObject({kind: 'loading', percent: 42.5, etaSeconds: 3});
		expect(store.status.persistence.level).toBe('warn');
	});

	it('a restart (new run id) does not produce negative or huge rates', () => {
		const store = newStore();
		store.recordSample(sample(1000, {totalCommands: 1_000_000, runId: 'a'}));
		store.recordSample(sample(2000, {totalCommands: 1_001_000, runId: 'a'}));
		store.recordSample(sample(3000, {totalCommands: 10, runId: 'b'}));
		expect(store.status.ops.perSec).toBeUndefined();
		store.recordSample(sample(4000, {totalCommands: 510, runId: 'b'}));
		expect(store.status.ops.perSec).toBe(500);
	});

	it('evictions that go on turn critical after the profile\'s hold time', () => {
		const store = newStore();
		for (let second = 1; second <= 13; second++) store.recordSample(sample(second * 1000, {evictedKeys: second * 100}));
		expect(store.status.evictions.level).toBe('critical');
		store.recordSample(sample(14_000, {evictedKeys: 1300}));
		expect(store.status.evictions.level).toBe('ok');
		store.recordSample(sample(15_000, {evictedKeys: 1400}));
		expect(store.status.evictions.level).toBe('warn');
	});

	it('latency percentiles cover the last 10 s only', () => {
		const store = newStore();
		store.recordSample(sample(1000, {}, [50]));
		expect(store.status.latency.maxMs).toBeCloseTo(50, 0);
		store.recordSample(sample(12_000, {}, [0.2, 0.3]));
		expect(store.status.latency.maxMs).toBeLessThan(1);
		expect(store.status.latency.samples).toBe(2);
	});

	it('notifies subscribers once per update and stops after unsubscribe', () => {
		const store = newStore();
		let calls = 0;
		const unsubscribe = store.subscribe(() => calls++);
		store.recordSample(sample(1000));
		store.recordFailure({kind: 'stalled', sinceMs: 2000, reason: 'slow'});
		unsubscribe();
		store.recordSample(sample(3000));
		expect(calls).toBe(2);
		expect(store.version).toBe(3);
	});
});
