import {describe, expect, it} from 'vitest';
import {isLoopback, parseTarget, redactInput} from '../../source/redis/target.js';

describe('parseTarget', () => {
	it.each([
		['redis://127.0.0.1:6379', {host: '127.0.0.1', port: 6379, isTls: false, db: 0, label: 'redis://127.0.0.1:6379'}],
		['localhost', {host: 'localhost', port: 6379, label: 'redis://localhost:6379'}],
		['cache:6380', {host: 'cache', port: 6380}],
		['rediss://cache.example:6390/2', {host: 'cache.example', port: 6390, isTls: true, db: 2, label: 'rediss://cache.example:6390/2'}],
		['user:s3cret@host:7000', {host: 'host', port: 7000, username: 'user', password: 's3cret', label: 'redis://user:***@host:7000'}],
		['redis://:p%40ss@h', {password: 'p@ss', username: undefined, label: 'redis://:***@h:6379'}],
		['[::1]:6379', {host: '::1', port: 6379, label: 'redis://[::1]:6379'}],
		['redis://default@h:1', {username: 'default', password: undefined, label: 'redis://default@h:1'}],
	])('%s', (input, expected) => {
		expect(parseTarget(input, {})).toMatchObject(expected);
	});

	it('takes the password from REDISCLI_AUTH, and the URL wins', () => {
		expect(parseTarget('h:1', {REDISCLI_AUTH: 'envpw'}).password).toBe('envpw');
		expect(parseTarget('redis://:urlpw@h:1', {REDISCLI_AUTH: 'envpw'}).password).toBe('urlpw');
		expect(parseTarget('h:1', {REDISCLI_AUTH: 'envpw'}).label).not.toContain('envpw');
	});

	it.each([
		['', /empty/],
		['http://h', /unsupported scheme/],
		['h:0', /bad port/],
		['h:abc', /bad port|not a Redis URL/],
		['redis://h:1/x', /bad database/],
		['redis://u:secret@h:99999', /./],
	])('rejects %j', (input, message) => {
		expect(() => parseTarget(input, {})).toThrow(message);
		try {
			parseTarget(input, {});
		} catch (error) {
			expect(String(error)).not.toContain('secret');
		}
	});

	it.each([
		['redis://u:secret@h:1', 'redis://u:***@h:1'],
		['u:secret@h', 'u:***@h'],
		['no password here h:1', 'no password here h:1'],
	])('redactInput(%s)', (input, expected) => {
		expect(redactInput(input)).toBe(expected);
	});

	it('knows loopback', () => {
		expect(isLoopback(parseTarget('127.0.0.2', {}))).toBe(true);
		expect(isLoopback(parseTarget('localhost', {}))).toBe(true);
		expect(isLoopback(parseTarget('10.0.0.1', {}))).toBe(false);
	});
});
