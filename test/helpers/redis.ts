import {Redis} from 'ioredis';
import {startSandbox, type Sandbox, type SandboxOptions} from '../../source/sandbox/sandbox.js';

export type TestRedis = {
	readonly sandbox: Sandbox;
	/** A plain client for the test's own commands (not the code under test). */
	readonly client: Redis;
	readonly stop: () => Promise<void>;
};

/**
 * A real redis-server on a free port in a temp dir. Default: Redis's own defaults (no repo
 * redis.conf) plus `extraConfig`; `{configFile: undefined}` is the repo's redis.conf.
 */
export async function startRedis(options: SandboxOptions = {configFile: null}): Promise<TestRedis> {
	const sandbox = await startSandbox(options);
	const password = options.extraConfig?.map(line => /^requirepass (\S+)/.exec(line)?.[1]).find(Boolean);
	const client = new Redis({port: sandbox.port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 1, protocol: 2});
	client.on('error', () => {});
	try {
		await client.connect();
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
	return {
		sandbox,
		client,
		async stop() {
			client.disconnect();
			await sandbox.stop();
		},
	};
}

/** Polls `read` until `accept` holds, or fails with the last value after `timeoutMs`. */
export async function waitFor<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	while (Date.now() < deadline) {
		last = await read();
		if (accept(last)) return last;
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}
