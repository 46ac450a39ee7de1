import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {toExporterSample} from '../../source/exporter/exporter-sample.js';
import {crossCheck, deriveExporterStatus} from '../../source/exporter/exporter-status.js';
import {parsePrometheusText, sampleValue} from '../../source/exporter/parse-prometheus.js';

const fixture = readFileSync(new URL('../fixtures/exporter-1.45-metrics.txt', import.meta.url), 'utf8');

describe('parsePrometheusText', () => {
	it.each([
		['plain', 'up 1', {name: 'up', labels: {}, value: 1}],
		['labels', 'redis_db_keys{db="db0"} 42', {name: 'redis_db_keys', labels: {db: 'db0'}, value: 42}],
		['escaped quote, backslash, newline', String.raw`m{a="x\"y",b="c:\\d",c="l1\nl2"} 3`, {labels: {a: 'x"y', b: 'c:\\d', c: 'l1\nl2'}, value: 3}],
		['comma after the last label', 'm{a="1",} 2', {labels: {a: '1'}, value: 2}],
		['spaces around', 'm{ a = "1" , b="2" }   7  ', {labels: {a: '1', b: '2'}, value: 7}],
		['NaN', 'm NaN', {value: Number.NaN}],
		['+Inf', 'm +Inf', {value: Number.POSITIVE_INFINITY}],
		['-Inf', 'm -Inf', {value: Number.NEGATIVE_INFINITY}],
		['exponent', 'redis_memory_max_bytes 6.7108864e+07', {value: 67_108_864}],
		['timestamp', 'm 1 1700000000000', {value: 1, timestampMs: 1_700_000_000_000}],
		['histogram bucket', 'h_bucket{le="+Inf"} 10', {name: 'h_bucket', labels: {le: '+Inf'}, value: 10}],
		['summary quantile', 's{quantile="0.99"} 0.25', {labels: {quantile: '0.99'}, value: 0.25}],
		['colon in name', 'job:rate:5m 0.5', {name: 'job:rate:5m', value: 0.5}],
		['CRLF', 'm 4\r', {value: 4}],
	])('%s', (_name, line, expected) => {
		const parsed = parsePrometheusText(line);
		expect(parsed.invalidLines).toBe(0);
		expect(parsed.samples[0]).toMatchObject(expected);
	});

	it.each([
		['no value', 'm'],
		['bad value', 'm abc'],
		['unclosed labels', 'm{a="1" 2'],
		['unterminated string', 'm{a="1} 2'],
		['bad escape', String.raw`m{a="\q"} 1`],
		['bad timestamp', 'm 1 soon'],
		['too many fields', 'm 1 2 3'],
		['label without quotes', 'm{a=1} 2'],
	])('skips and counts: %s', (_name, line) => {
		const parsed = parsePrometheusText(`${line}\ngood 1`);
		expect(parsed.invalidLines).toBe(1);
		expect(parsed.samples).toEqual([{name: 'good', labels: {}, value: 1, timestampMs: undefined}]);
	});

	it('reads HELP and TYPE', () => {
		const parsed = parsePrometheusText('# HELP m a help\\nline\n# TYPE m gauge\n# just a comment\nm 1');
		expect(parsed.types.get('m')).toBe('gauge');
		expect(parsed.help.get('m')).toBe('a help\nline');
	});

	it('never throws on garbage (fuzz)', () => {
		const alphabet = ['m', 'redis_up', '{', '}', '"', '\\', '=', ',', ' ', '\n', '#', 'HELP', 'TYPE', '1', '.', 'e', '+Inf', 'NaN', '-', 'a', '\t', '\r', 'le'];
		let seed = 12_345;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let i = 0; i < 5000; i++) {
			const length = Math.floor(random() * 40);
			let text = '';
			for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
			expect(() => parsePrometheusText(text)).not.toThrow();
		}
		const bytes = Array.from({length: 2000}, (_, i) => String.fromCharCode((i * 7919) % 0x3000)).join('');
		expect(() => parsePrometheusText(bytes)).not.toThrow();
	});

	it('reads a real redis_exporter 1.45 answer whole', () => {
		const parsed = parsePrometheusText(fixture);
		expect(parsed.invalidLines).toBe(0);
		expect(sampleValue(parsed, 'redis_up')).toBe(1);
		expect(sampleValue(parsed, 'redis_memory_max_bytes')).toBe(67_108_864);
	});
});

describe('toExporterSample', () => {
	it('maps the exporter\'s names onto what INFO would say', () => {
		const sample = toExporterSample(parsePrometheusText(fixture), 1000);
		expect(sample).toMatchObject({redisUp: true, exporterVersion: '1.45.0-2+b4', lastScrapeError: '', scrapeCount: 1});
		expect(sample.info).toMatchObject({version: '7.0.15', role: 'master', maxMemoryBytes: 67_108_864, maxClients: 10_000, aofEnabled: true,
			aofLastWriteStatus: 'ok', rdbLastBgsaveStatus: 'ok', isLoading: false, evictedKeys: 0, keyspace: []});
	});
});

describe('cross-check', () => {
	it.each([
		['usedMemoryBytes', 100 * 2 ** 20, 104 * 2 ** 20, false],
		['usedMemoryBytes', 100 * 2 ** 20, 130 * 2 ** 20, true],
		['usedMemoryBytes', 100_000, 300_000, false],
		['opsPerSec', 10_000, 10_500, false],
		['opsPerSec', 10_000, 7000, true],
		['opsPerSec', 10, 40, false],
		['connectedClients', 1, 2, false],
		['connectedClients', 100, 150, true],
		['evictionsPerSec', 0, 0, false],
	] as const)('%s: INFO %s vs exporter %s disagrees: %s', (metric, info, exporter, disagrees) => {
		expect(crossCheck(metric, info, exporter).isDisagreeing).toBe(disagrees);
	});

	it('an unreachable exporter warns and checks nothing', () => {
		const status = deriveExporterStatus({url: 'u', state: {kind: 'down', sinceMs: 0, reason: 'connection refused'}, current: undefined, previous: undefined},
			{isUp: true, usedMemoryBytes: 1, rawOpsPerSec: 1, evictionsPerSec: 0, connectedClients: 1});
		expect(status).toMatchObject({reachable: false, reason: 'connection refused', level: 'warn', crossCheck: []});
		expect(status.problems).toEqual(['exporter unreachable: connection refused']);
	});
});
