import {UsageError} from '../errors.js';

/** One Redis server redtop talks to. A value: the app can hold many of them. */
export type Target = {
	readonly host: string;
	readonly port: number;
	readonly isTls: boolean;
	readonly username: string | undefined;
	readonly password: string | undefined;
	readonly db: number;
	/** Safe to print, log and store: never contains the password. */
	readonly label: string;
};

export const defaultTargetUrl = 'redis://127.0.0.1:6379';

const hostPortPattern = /^(?:\[(?<v6>[^\]]+)\]|(?<host>[^:/?#\s]*))(?::(?<port>[^/?#]*))?$/;

/**
 * Accepts `redis://`, `rediss://`, `host:port`, `host`, `user:pass@host:port` and `[::1]:port`.
 * The password comes from the URL or, like redis-cli, from REDISCLI_AUTH.
 */
export function parseTarget(input: string, env: NodeJS.ProcessEnv = process.env): Target {
	const raw = input.trim();
	if (raw === '') throw new UsageError('empty Redis target: give a URL such as redis://127.0.0.1:6379');
	const hasScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(raw);
	if (hasScheme && !/^rediss?:\/\//i.test(raw)) {
		throw new UsageError(`unsupported scheme in ${redactInput(raw)}: use redis:// or rediss://`);
	}

	let url: URL;
	try {
		url = new URL(hasScheme ? raw : `redis://${raw}`);
	} catch {
		throw new UsageError(`not a Redis URL: ${redactInput(raw)}`);
	}

	const authority = raw.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0] ?? '';
	const hostPart = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
	const match = hostPortPattern.exec(hostPart);
	if (!match?.groups) throw new UsageError(`not a Redis URL: ${redactInput(raw)}`);
	const host = match.groups['v6'] ?? match.groups['host'] ?? '';
	const portText = match.groups['port'];
	const port = portText === undefined || portText === '' ? 6379 : Number(portText);
	if (!Number.isInteger(port) || port < 1 || port > 65_535) {
		throw new UsageError(`bad port "${portText ?? ''}" in ${redactInput(raw)}: expected 1-65535`);
	}
	if (host === '') throw new UsageError(`missing host in ${redactInput(raw)}`);

	const dbText = url.pathname.replace(/^\//, '');
	const db = dbText === '' ? 0 : Number(dbText);
	if (!Number.isInteger(db) || db < 0) throw new UsageError(`bad database number "${dbText}" in ${redactInput(raw)}`);

	const username = url.username === '' ? undefined : decodeURIComponent(url.username);
	const urlPassword = url.password === '' ? undefined : decodeURIComponent(url.password);
	const envPassword = env['REDISCLI_AUTH'] === undefined || env['REDISCLI_AUTH'] === '' ? undefined : env['REDISCLI_AUTH'];
	const password = urlPassword ?? envPassword;
	const isTls = url.protocol === 'rediss:';

	return {host, port, isTls, username, password, db, label: labelFor({host, port, isTls, username, password, db})};
}

/** The same credentials, TLS and db at another address: a cluster node or a master named by Sentinel. */
export function targetAt(template: Target, host: string, port: number): Target {
	const {label: _label, ...rest} = {...template, host, port};
	return {...rest, label: labelFor(rest)};
}

/** `host:port`, with an IPv6 host in brackets: how Redis and redtop write an address. */
export const hostPort = (host: string, port: number): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;

function labelFor(t: Omit<Target, 'label'>): string {
	const scheme = t.isTls ? 'rediss' : 'redis';
	const user = t.username ?? '';
	const auth = t.password === undefined ? (user === '' ? '' : `${user}@`) : `${user}:***@`;
	const db = t.db === 0 ? '' : `/${t.db}`;
	return `${scheme}://${auth}${hostPort(t.host, t.port)}${db}`;
}

/** Replaces anything that looks like a password in free text (a URL the user typed, an error). */
export function redactInput(text: string): string {
	return text.replace(/((?:\/\/|^|\s)[^:/@\s]*):(?!\/\/)[^@\s]*@/g, '$1:***@');
}

/** Loopback targets are where redtop may run destructive work without asking. */
export function isLoopback(target: Target): boolean {
	return target.host === 'localhost' || target.host === '::1' || /^127\./.test(target.host);
}
