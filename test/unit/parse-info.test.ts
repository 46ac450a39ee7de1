import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {toInfoSample} from '../../source/redis/info-sample.js';
import {infoNumber, parseInfo, parseKeyspace} from '../../source/redis/parse-info.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseInfo on recorded INFO replies', () => {
	it.each([
		['info-7.0-master.txt', {version: '7.0.15', role: 'master', maxMemoryBytes: 67_108_864, maxMemoryPolicy: 'allkeys-lru', aofEnabled: true, maxClients: 10_000, isLoading: false}],
		['info-7.0-replica.txt', {version: '7.0.15', role: 'slave', masterLinkStatus: 'up', maxMemoryBytes: 0, aofEnabled: false}],
		['info-6.0-master.txt', {version: '6.0.16', role: 'master', usedMemoryBytes: 1_932_735_283, maxClients: undefined, rdbLastBgsaveStatus: 'err', evictedKeys: 4521, aofDelayedFsync: 3}],
		['info-7.2-loading.txt', {version: '7.2.4', isLoading: true, loadingPercent: 42, loadingEtaSeconds: 7, keyspace: []}],
	])('%s', (name, expected) => {
		expect(toInfoSample(parseInfo(fixture(name)))).toMatchObject(expected);
	});

	it('reads the keyspace of every db, with TTLs', () => {
		const keyspace = parseKeyspace(parseInfo(fixture('info-7.0-master.txt')));
		expect(keyspace).toEqual([
			{db: 0, keys: 50, expires: 0, avgTtlMs: 0},
			{db: 2, keys: 1, expires: 1, avgTtlMs: 99_489},
		]);
	});

	it.each([
		['missing field', 'used_memory:1\r\n', 'maxmemory', undefined],
		['not a number', 'maxmemory:lots\r\n', 'maxmemory', undefined],
		['empty value', 'maxmemory:\r\n', 'maxmemory', undefined],
		['LF only', '# Memory\nmaxmemory:5\n', 'maxmemory', 5],
		['value with colons', 'executable:/a:b\r\nmaxmemory:7\r\n', 'maxmemory', 7],
	])('numbers: %s', (_name, text, key, expected) => {
		expect(infoNumber(parseInfo(text), key)).toBe(expected);
	});

	it('keeps sections apart', () => {
		const info = parseInfo(fixture('info-7.0-master.txt'));
		expect(info.sections.get('memory')?.get('maxmemory')).toBe('67108864');
		expect(info.sections.get('keyspace')?.has('db0')).toBe(true);
		expect(info.sections.has('errorstats')).toBe(true);
	});

	it('ignores garbage lines instead of failing', () => {
		const info = parseInfo('garbage\r\n:novalue\r\n# Keyspace\r\ndb0:keys=x,expires=1\r\ndb1:keys=3\r\n');
		expect(parseKeyspace(info)).toEqual([{db: 1, keys: 3, expires: 0, avgTtlMs: undefined}]);
	});
});
