import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, rmSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer, Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {CannotRunError} from '../errors.js';
import {parseTarget, type Target} from '../redis/target.js';

/** The repo's redis.conf, next to package.json both in a checkout and in an installed package. */
export const repoRedisConf = fileURLToPath(new URL('../../redis.conf', import.meta.url));

export type SandboxOptions = {
	/** A config file to include first; `null` starts from Redis's defaults. Default: the repo's redis.conf. */
	readonly configFile?: string | null;
	/** Extra `redis.conf` lines, applied last (they win). */
	readonly extraConfig?: readonly string[];
	readonly startTimeoutMs?: number;
	readonly env?: NodeJS.ProcessEnv;
	/** Also start prometheus-redis-exporter (when installed) against the server. */
	readonly withExporter?: boolean;
};

export type Sandbox = {
	readonly target: Target;
	readonly url: string;
	readonly port: number;
	readonly dir: string;
	readonly pid: () => number | undefined;
	/** SIGTERM (Redis fsyncs and exits), SIGKILL after a timeout; removes the temp dir. Idempotent. */
	readonly stop: () => Promise<void>;
	/**
	 * `graceful`: SHUTDOWN-like SIGTERM; `crash`: SIGKILL. Then starts again with the same dir and
	 * port, and (unless `waitUntilReady` is false) waits until it answers PING.
	 */
	readonly restart: (mode: 'graceful' | 'crash', waitUntilReady?: boolean) => Promise<void>;
	readonly log: () => Promise<string>;
	/** The sandbox exporter's /metrics URL, when one was started. */
	readonly exporterUrl: string | undefined;
};

/** The first of `candidates` that is an executable file, if any. */
function firstExecutable(candidates: readonly string[]): string | undefined {
	return candidates.find(candidate => {
		try {
			accessSync(candidate, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

const pathDirs = (env: NodeJS.ProcessEnv): string[] => (env['PATH'] ?? '').split(path.delimiter).filter(Boolean);

export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string {
	const explicit = env['REDIS_SERVER_BIN'];
	const candidates = explicit ? [explicit] : pathDirs(env)
		.concat(['/usr/bin', '/usr/local/bin', '/usr/sbin', '/opt/homebrew/bin'])
		.map(dir => path.join(dir, 'redis-server'));
	const found = firstExecutable(candidates);
	if (found) return found;
	throw new CannotRunError(explicit
		? `REDIS_SERVER_BIN=${explicit} is not an executable redis-server`
		: 'redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER_BIN');
}

/** redis_exporter under its Debian name or its upstream one, or REDIS_EXPORTER_BIN; undefined when absent. */
export function findRedisExporter(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const explicit = env['REDIS_EXPORTER_BIN'];
	return firstExecutable(explicit ? [explicit] : pathDirs(env).flatMap(dir => [path.join(dir, 'prometheus-redis-exporter'), path.join(dir, 'redis_exporter')]));
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** True once the server answers PING: +PONG, or an auth error (up, but wants a password); -LOADING means not yet. */
export async function pingOnce(port: number, timeoutMs = 500): Promise<boolean> {
	const reply = await askOnce(port, 'PING', timeoutMs);
	return reply.startsWith('+PONG') || /^-(NOAUTH|WRONGPASS)/.test(reply);
}

/**
 * One inline command on a fresh loopback connection: the reply's text once it is whole (a simple
 * reply's line, or a bulk string's bytes), or what came before the timeout ('' when nothing did).
 */
function askOnce(port: number, command: string, timeoutMs = 1000): Promise<string> {
	return new Promise(resolve => {
		const socket = new Socket();
		let reply = '';
		const finish = () => {
			socket.destroy();
			resolve(reply);
		};
		socket.setTimeout(timeoutMs, finish);
		socket.on('error', finish);
		socket.on('data', chunk => {
			reply += chunk.toString();
			if (!reply.includes('\r\n')) return;
			const header = /^\$(-?\d+)\r\n/.exec(reply);
			if (!header || Buffer.byteLength(reply) >= header[0].length + Math.max(0, Number(header[1]))) finish();
		});
		socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
	});
}

const live = new Set<ChildProcess>();
const liveDirs = new Set<string>();
// Last resort for an exit that skipped stop(): no orphaned redis-server, no temp dir left behind.
process.once('exit', () => {
	for (const child of live) child.kill('SIGKILL');
	for (const dir of liveDirs) rmSync(dir, {recursive: true, force: true});
});

/** Starts a private redis-server on a free loopback port in a new temp dir and waits until it answers. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const binary = findRedisServer(options.env);
	const dir = await mkdtemp(path.join(tmpdir(), 'redtop-sandbox-'));
	const port = await freePort();
	const configFile = options.configFile === undefined ? repoRedisConf : options.configFile;
	const lines = [
		...(configFile === null ? [] : [`include ${quote(path.resolve(configFile))}`]),
		`port ${port}`,
		'bind 127.0.0.1',
		`dir ${quote(dir)}`,
		`logfile ${quote(path.join(dir, 'redis.log'))}`,
		'daemonize no',
		...(options.extraConfig ?? []),
	];
	const confPath = path.join(dir, 'sandbox.conf');
	await writeFile(confPath, `${lines.join('\n')}\n`);
	const logPath = path.join(dir, 'redis.log');
	const readLog = () => readFile(logPath, 'utf8').catch(() => '');
	let child: ChildProcess | undefined;
	let stopped = false;

	const launch = async (waitUntilReady = true) => {
		const process_ = spawn(binary, [confPath], {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		process_.stderr?.on('data', chunk => {
			stderr += chunk.toString();
		});
		live.add(process_);
		process_.once('exit', () => live.delete(process_));
		child = process_;
		if (!waitUntilReady) return;
		const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
		while (Date.now() < deadline) {
			if (process_.exitCode !== null || process_.signalCode !== null) {
				const log = (await readLog()).trim().split('\n').slice(-3).join(' / ');
				throw new CannotRunError(`redis-server exited at start: ${(stderr.trim() || log || 'no output').slice(0, 300)}`);
			}
			if (await pingOnce(port)) return;
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		process_.kill('SIGKILL');
		throw new CannotRunError(`redis-server did not answer on port ${port} within ${options.startTimeoutMs ?? 15_000} ms`);
	};

	const halt = async (signal: NodeJS.Signals) => {
		const current = child;
		if (!current || current.exitCode !== null || current.signalCode !== null) return;
		const exited = new Promise(resolve => current.once('exit', resolve));
		current.kill(signal);
		const timer = setTimeout(() => current.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};

	liveDirs.add(dir);
	try {
		await launch();
	} catch (error) {
		await halt('SIGKILL');
		await rm(dir, {recursive: true, force: true});
		liveDirs.delete(dir);
		throw error;
	}

	const url = `redis://127.0.0.1:${port}`;
	let exporter: ChildProcess | undefined;
	let exporterUrl: string | undefined;
	const exporterBinary = options.withExporter ? findRedisExporter(options.env) : undefined;
	if (exporterBinary) {
		const exporterPort = await freePort();
		exporter = spawn(exporterBinary, ['--redis.addr', url, '--web.listen-address', `127.0.0.1:${exporterPort}`], {stdio: 'ignore'});
		live.add(exporter);
		exporter.once('exit', () => live.delete(exporter!));
		exporterUrl = `http://127.0.0.1:${exporterPort}/metrics`;
		if (!(await waitForHttp(exporterUrl, 5000))) {
			exporter.kill('SIGKILL');
			exporterUrl = undefined;
		}
	}
	return {
		exporterUrl,
		target: parseTarget(url, {}),
		url,
		port,
		dir,
		pid: () => child?.pid,
		log: readLog,
		async stop() {
			if (stopped) return;
			stopped = true;
			exporter?.kill('SIGTERM');
			await halt('SIGTERM');
			await rm(dir, {recursive: true, force: true});
			liveDirs.delete(dir);
		},
		async restart(mode, waitUntilReady = true) {
			await halt(mode === 'crash' ? 'SIGKILL' : 'SIGTERM');
			await launch(waitUntilReady);
		},
	};
}

export type SandboxCluster = {
	/** The first master: what `--cluster` is given. */
	readonly seed: Target;
	readonly nodes: readonly Sandbox[];
	readonly stop: () => Promise<void>;
};

/** Checks every 100 ms until `isReady`; after `timeoutMs`, a CannotRunError saying `failure`. */
async function waitUntil(isReady: () => Promise<boolean>, failure: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await isReady())) {
		if (Date.now() > deadline) throw new CannotRunError(failure);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** redis-cli from PATH: `--cluster create` joins the nodes. */
function findRedisCli(env: NodeJS.ProcessEnv = process.env): string {
	const found = firstExecutable(pathDirs(env).map(dir => path.join(dir, 'redis-cli')));
	if (!found) throw new CannotRunError('--sandbox --cluster needs redis-cli to join the nodes (Debian/Ubuntu: apt-get install redis-tools)');
	return found;
}

/**
 * A private Redis Cluster: `masters` masters with `replicasPerMaster` replicas each, every node a
 * sandbox redis-server (the repo's redis.conf unless `configFile` says otherwise) with cluster mode
 * on, joined by `redis-cli --cluster create`. Resolves when every node sees the cluster ok and
 * every replica is in sync; `stop` stops them all.
 */
export async function startSandboxCluster(options: SandboxOptions & {readonly masters?: number; readonly replicasPerMaster?: number} = {}): Promise<SandboxCluster> {
	const masters = options.masters ?? 3;
	const replicas = options.replicasPerMaster ?? 1;
	const cli = findRedisCli(options.env);
	const nodes: Sandbox[] = [];
	const stop = async () => {
		await Promise.all(nodes.map(n => n.stop()));
	};
	try {
		const extraConfig = ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 1000', ...(options.extraConfig ?? [])];
		for (const node of await Promise.all(Array.from({length: masters * (1 + replicas)}, () => startSandbox({...options, withExporter: false, extraConfig})))) nodes.push(node);
		await new Promise<void>((resolve, reject) => {
			execFile(cli, ['--cluster', 'create', ...nodes.map(n => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], {timeout: 30_000}, (error, _stdout, stderr) => {
				if (error) reject(new CannotRunError(`redis-cli --cluster create failed: ${(stderr || error.message).trim().split('\n').at(-1)}`));
				else resolve();
			});
		});
		const ready = async (port: number) => {
			const info = await askOnce(port, 'CLUSTER INFO');
			const replication = await askOnce(port, 'INFO replication');
			return /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(info) && (!/role:slave/.test(replication) || /master_link_status:up/.test(replication));
		};
		await waitUntil(async () => (await Promise.all(nodes.map(n => ready(n.port)))).every(Boolean), 'the sandbox cluster did not come up within 30 s');
		return {seed: nodes[0]!.target, nodes, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}

export type SandboxSentinel = {
	readonly masterName: string;
	readonly master: Sandbox;
	readonly replica: Sandbox;
	/** The three sentinels, as `--sentinel` takes them. */
	readonly sentinels: readonly Target[];
	readonly stop: () => Promise<void>;
};

/**
 * A private Sentinel setup: a master and a replica (the repo's redis.conf unless `configFile` says
 * otherwise) and three sentinels (quorum 2) that fail over after 1 s of silence. Resolves when the
 * sentinels know the replica and each other and the replica is in sync.
 */
export async function startSandboxSentinel(options: SandboxOptions & {readonly masterName?: string} = {}): Promise<SandboxSentinel> {
	const masterName = options.masterName ?? 'sandbox';
	const binary = findRedisServer(options.env);
	const base = {...options, withExporter: false};
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const s of stoppers.splice(0).reverse()) await s();
	};
	try {
		const master = await startSandbox(base);
		stoppers.push(master.stop);
		const replica = await startSandbox({...base, extraConfig: [...(options.extraConfig ?? []), `replicaof 127.0.0.1 ${master.port}`]});
		stoppers.push(replica.stop);
		const dir = await mkdtemp(path.join(tmpdir(), 'redtop-sentinel-'));
		liveDirs.add(dir);
		stoppers.push(async () => {
			await rm(dir, {recursive: true, force: true});
			liveDirs.delete(dir);
		});
		const ports: number[] = [];
		for (let i = 0; i < 3; i++) {
			const port = await freePort();
			const conf = path.join(dir, `sentinel-${i}.conf`);
			await writeFile(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${quote(dir)}`, `logfile ${quote(path.join(dir, `sentinel-${i}.log`))}`,
				`sentinel monitor ${masterName} 127.0.0.1 ${master.port} 2`, `sentinel down-after-milliseconds ${masterName} 1000`,
				`sentinel failover-timeout ${masterName} 5000`, `sentinel parallel-syncs ${masterName} 1`, ''].join('\n'));
			const child = spawn(binary, [conf, '--sentinel'], {stdio: 'ignore'});
			live.add(child);
			child.once('exit', () => live.delete(child));
			stoppers.push(async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				const exited = new Promise(resolve => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			});
			ports.push(port);
		}
		await waitUntil(async () => {
			const states = await Promise.all(ports.map(port => askOnce(port, 'INFO sentinel')));
			return states.every(info => /slaves=1,sentinels=3/.test(info)) && /master_link_status:up/.test(await askOnce(replica.port, 'INFO replication'));
		}, 'the sandbox sentinels did not agree within 30 s');
		return {masterName, master, replica, sentinels: ports.map(port => parseTarget(`127.0.0.1:${port}`, {})), stop};
	} catch (error) {
		await stop();
		throw error;
	}
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {signal: AbortSignal.timeout(500)});
			await response.body?.cancel();
			if (response.ok) return true;
		} catch {}
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	return false;
}

function quote(value: string): string {
	return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
