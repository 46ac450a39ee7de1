import {existsSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {findRedisServer, pingOnce, startSandbox} from '../../source/sandbox/sandbox.js';
import {startRedis} from '../helpers/redis.js';

describe('sandbox', () => {
	it('starts redis-server with the repo redis.conf on a free loopback port and cleans up', async () => {
		const sandbox = await startSandbox();
		try {
			expect(sandbox.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
			expect(await pingOnce(sandbox.port)).toBe(true);
			expect(existsSync(sandbox.dir)).toBe(true);
		} finally {
			await sandbox.stop();
		}
		expect(existsSync(sandbox.dir)).toBe(false);
		expect(await pingOnce(sandbox.port)).toBe(false);
		await sandbox.stop();
	});

	it('runs with the MET-001 settings of redis.conf', async () => {
		const redis = await startRedis({});
		try {
			const config = await redis.client.config('GET', '*') as string[];
			const get = (name: string) => config[config.indexOf(name) + 1];
			expect(get('maxmemory')).toBe(String(2 * 1024 ** 3));
			expect(get('maxmemory-policy')).toBe('allkeys-lru');
			expect(get('appendonly')).toBe('yes');
			expect(get('appendfsync')).toBe('everysec');
			expect(get('dir')).toBe(redis.sandbox.dir);
		} finally {
			await redis.stop();
		}
	});

	it('keeps data across a graceful restart (AOF) in the same dir and port', async () => {
		const redis = await startRedis({});
		try {
			await redis.client.set('kept', 'yes');
			await redis.sandbox.restart('graceful');
			await new Promise(resolve => setTimeout(resolve, 100));
			expect(await redis.client.get('kept')).toBe('yes');
		} finally {
			await redis.stop();
		}
	});

	it('says how to install redis-server when it is missing', () => {
		expect(() => findRedisServer({PATH: '/nonexistent', REDIS_SERVER_BIN: '/nonexistent/redis-server'})).toThrow(/REDIS_SERVER_BIN/);
	});

	it('reports a config that redis-server refuses', async () => {
		await expect(startSandbox({configFile: null, extraConfig: ['maxmemory-policy sometimes']})).rejects.toThrow(/redis-server exited at start/);
	});
});
