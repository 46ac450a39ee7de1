import {Redis} from 'ioredis';
import type {Target} from './target.js';

export type ClientOptions = {
	/** Longest wait for one reply; a poll connection keeps this below its interval. */
	readonly commandTimeoutMs: number;
	readonly connectTimeoutMs?: number;
	/** Reconnect forever with backoff (monitor) or fail once (one-shot commands). */
	readonly reconnect: boolean;
	readonly name?: string;
};

/** Backoff for the poll connection: fast first retries, then every 2 s, and never give up. */
export const reconnectDelayMs = (attempt: number): number => Math.min(100 * 2 ** Math.max(0, attempt - 1), 2000);

/**
 * A connection that cannot hang: no offline queue (a command while down fails at once), no
 * retries of a failed command, a reply timeout, and no ready check, so INFO can report `loading`.
 * Errors are reported through the returned client's `error` event; a listener is always attached.
 */
export function createClient(target: Target, options: ClientOptions): Redis {
	const client = new Redis({
		host: target.host,
		port: target.port,
		username: target.username,
		password: target.password,
		db: target.db,
		tls: target.isTls ? {servername: target.host} : undefined,
		lazyConnect: true,
		enableOfflineQueue: false,
		enableReadyCheck: false,
		maxRetriesPerRequest: 0,
		autoResendUnfulfilledCommands: false,
		commandTimeout: options.commandTimeoutMs,
		connectTimeout: options.connectTimeoutMs ?? 5000,
		retryStrategy: options.reconnect ? reconnectDelayMs : () => null,
		connectionName: options.name ?? 'redtop',
		disableClientInfo: true,
		protocol: 2,
	});
	client.on('error', () => {});
	return client;
}

/**
 * One question on a connection of its own: connect, `use` it, disconnect. When the connection
 * fails, the error thrown is the one that says why (refused, auth), not ioredis's "Connection is closed".
 */
export async function withOneShotClient<T>(target: Target, timeoutMs: number, name: string, use: (client: Redis) => Promise<T>): Promise<T> {
	const client = createClient(target, {commandTimeoutMs: timeoutMs, connectTimeoutMs: timeoutMs, reconnect: false, name});
	let connectError: unknown;
	client.on('error', error => {
		connectError ??= error;
	});
	try {
		await client.connect();
		return await use(client);
	} catch (error) {
		throw connectError ?? error;
	} finally {
		client.disconnect();
	}
}

/** Changes the reply timeout of a live client (the interval can change while running). */
export function setCommandTimeout(client: Redis, commandTimeoutMs: number): void {
	client.options.commandTimeout = commandTimeoutMs;
}

const rules: Array<[RegExp, (match: RegExpExecArray) => string]> = [
	[/ECONNREFUSED/, () => 'connection refused'],
	[/ENOTFOUND|EAI_AGAIN/, () => 'host not found'],
	[/EHOSTUNREACH|ENETUNREACH/, () => 'host unreachable'],
	[/ECONNRESET|EPIPE/, () => 'connection reset'],
	[/WRONGPASS|invalid username-password/i, () => 'authentication failed: wrong user name or password'],
	[/NOAUTH/, () => 'authentication required: put the password in the URL or REDISCLI_AUTH'],
	[/NOPERM[^\n]*/, match => `permission denied: ${match[0]}`],
	[/Command timed out/i, () => 'no reply within the timeout'],
	[/connect ETIMEDOUT|timed? ?out/i, () => 'connect timed out'],
	[/Stream isn't writeable|Connection is closed|enableOfflineQueue/i, () => 'not connected'],
];

/** A one-line reason for an ioredis or socket error, with no password in it. */
export function describeRedisError(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	for (const [pattern, describe] of rules) {
		const match = pattern.exec(text);
		if (match) return describe(match);
	}
	return (text.split('\n')[0] ?? text).slice(0, 200);
}

export const isTimeout = (error: unknown): boolean => error instanceof Error && /Command timed out/i.test(error.message);
