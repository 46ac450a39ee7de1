import {readFileSync} from 'node:fs';
import {scenarioInfo} from './catalog.js';
import type {Redis} from 'ioredis';
import {UsageError} from '../errors.js';
import {formatBytes} from '../metrics/format.js';
import type {Profile} from '../profiles/profile.js';
import {infoString, parseInfo} from '../redis/parse-info.js';
import {isLoopback, type Target} from '../redis/target.js';
import {booleanOption} from './options.js';
import type {Criterion, Scenario} from './types.js';

export type Severity = 'fail' | 'warn' | 'info';

export type Finding = {
	readonly setting: string;
	readonly severity: Severity;
	readonly current: string;
	readonly expected: string;
	readonly why: string;
	/** CONFIG SET arguments that fix it at runtime, when Redis allows that. */
	readonly configSet: readonly [string, string] | undefined;
	/** The redis.conf line that fixes it for good. */
	readonly confLine: string;
};

export type AuditOptions = {readonly apply: boolean};

type Config = ReadonlyMap<string, string>;

const parametersRead = ['maxmemory', 'maxmemory-policy', 'appendonly', 'appendfsync', 'no-appendfsync-on-rewrite', 'auto-aof-rewrite-percentage',
	'auto-aof-rewrite-min-size', 'timeout', 'tcp-keepalive', 'tcp-backlog', 'maxclients', 'client-output-buffer-limit', 'save', 'latency-tracking',
	'protected-mode', 'bind', 'lazyfree-lazy-eviction', 'lazyfree-lazy-expire'];

async function readConfig(client: Redis): Promise<Config> {
	const pipeline = client.pipeline();
	for (const name of parametersRead) pipeline.config('GET', name);
	const replies = (await pipeline.exec()) ?? [];
	const values = new Map<string, string>();
	for (const [error, reply] of replies) {
		if (error || !Array.isArray(reply)) continue;
		for (let i = 0; i + 1 < reply.length; i += 2) values.set(String(reply[i]), String(reply[i + 1]));
	}
	return values;
}

async function hasNoPassword(client: Redis): Promise<boolean | undefined> {
	try {
		const user = (await client.call('ACL', 'GETUSER', 'default')) as unknown[];
		const flags = user[user.indexOf('flags') + 1];
		return Array.isArray(flags) ? flags.map(String).includes('nopass') : undefined;
	} catch {
		return undefined;
	}
}

function somaxconn(target: Target): number | undefined {
	if (!isLoopback(target)) return undefined;
	try {
		return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
	} catch {
		return undefined;
	}
}

/** `2gb`, `512mb` or plain bytes: the units redis.conf takes (whole numbers only). */
function confBytes(bytes: number): string {
	if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}gb`;
	if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}mb`;
	return String(bytes);
}

/** Pure: the findings for a server's CONFIG against a profile. */
export function auditFindings(config: Config, profile: Profile, extra: {noPassword: boolean | undefined; somaxconn: number | undefined}): Finding[] {
	const findings: Finding[] = [];
	const get = (name: string) => config.get(name);
	const add = (f: Finding) => findings.push(f);
	const e = profile.expect;

	const maxmemory = Number(get('maxmemory') ?? Number.NaN);
	const wanted = confBytes(e.maxMemoryBytes);
	if (maxmemory === 0) add({setting: 'maxmemory', severity: 'fail', current: '0 (no limit)', expected: formatBytes(e.maxMemoryBytes), configSet: ['maxmemory', String(e.maxMemoryBytes)], confLine: `maxmemory ${wanted}`,
		why: 'Without a limit the buffer grows until the host runs out of memory and the OOM killer takes Redis and every event with it.'});
	else if (!Number.isNaN(maxmemory) && maxmemory !== e.maxMemoryBytes) add({setting: 'maxmemory', severity: 'warn', current: formatBytes(maxmemory), expected: formatBytes(e.maxMemoryBytes),
		configSet: ['maxmemory', String(e.maxMemoryBytes)], confLine: `maxmemory ${wanted}`, why: `The profile sizes the buffer for ${profile.targets.bufferHours} hours of events at this budget; \`redtop run capacity\` measures what fits.`});

	const policy = get('maxmemory-policy');
	if (policy !== undefined && policy !== e.maxMemoryPolicy) add({setting: 'maxmemory-policy', severity: policy === 'noeviction' ? 'fail' : 'warn', current: policy, expected: e.maxMemoryPolicy,
		configSet: ['maxmemory-policy', e.maxMemoryPolicy], confLine: `maxmemory-policy ${e.maxMemoryPolicy}`,
		why: policy === 'noeviction'
			? 'When full, noeviction refuses every write (-OOM): producers fail instead of the oldest events making room.'
			: `The profile expects ${e.maxMemoryPolicy}: a buffer should drop its oldest events first when full.`});

	const appendonly = get('appendonly');
	if (e.appendonly && appendonly === 'no') add({setting: 'appendonly', severity: 'fail', current: 'no', expected: 'yes', configSet: ['appendonly', 'yes'], confLine: 'appendonly yes',
		why: 'Without AOF a restart loses every event since the last RDB snapshot.'});
	const fsync = get('appendfsync');
	if (fsync !== undefined && fsync !== e.appendfsync) add({setting: 'appendfsync', severity: 'warn', current: fsync, expected: e.appendfsync, configSet: ['appendfsync', e.appendfsync], confLine: `appendfsync ${e.appendfsync}`,
		why: fsync === 'always' ? 'An fsync per write caps throughput at the disk\'s fsync rate.' : 'With `no` the kernel decides when to flush: tens of seconds of events can be lost on a crash.'});
	if (get('no-appendfsync-on-rewrite') === 'yes') add({setting: 'no-appendfsync-on-rewrite', severity: 'warn', current: 'yes', expected: 'no', configSet: ['no-appendfsync-on-rewrite', 'no'], confLine: 'no-appendfsync-on-rewrite no',
		why: 'During every AOF rewrite durability drops to appendfsync no: a crash then loses more than a second.'});
	if (get('auto-aof-rewrite-percentage') === '0') add({setting: 'auto-aof-rewrite-percentage', severity: 'warn', current: '0 (never)', expected: '100', configSet: ['auto-aof-rewrite-percentage', '100'], confLine: 'auto-aof-rewrite-percentage 100',
		why: 'The AOF is never compacted: it grows without bound and restarts get slower and slower.'});

	if (get('timeout') === '0') add({setting: 'timeout', severity: 'info', current: '0 (never)', expected: '300', configSet: ['timeout', '300'], confLine: 'timeout 300',
		why: 'Idle connections are never closed: leaked clients pile up towards maxclients.'});
	if (get('tcp-keepalive') === '0') add({setting: 'tcp-keepalive', severity: 'warn', current: '0 (off)', expected: '60', configSet: ['tcp-keepalive', '60'], confLine: 'tcp-keepalive 60',
		why: 'Dead peers are never detected; their connections and buffers stay until restart.'});
	const backlog = Number(get('tcp-backlog') ?? Number.NaN);
	if (extra.somaxconn !== undefined && backlog > extra.somaxconn) add({setting: 'tcp-backlog', severity: 'warn', current: `${backlog} (kernel somaxconn ${extra.somaxconn})`, expected: `<= ${extra.somaxconn}, or raise net.core.somaxconn`,
		configSet: undefined, confLine: `tcp-backlog ${extra.somaxconn}`, why: 'The kernel silently caps the backlog: connection bursts from producers are dropped.'});
	const maxclients = Number(get('maxclients') ?? Number.NaN);
	if (maxclients < 1000) add({setting: 'maxclients', severity: 'warn', current: String(maxclients), expected: '>= 1000', configSet: ['maxclients', '10000'], confLine: 'maxclients 10000',
		why: 'Few client slots: a connection burst is rejected (rejected_connections).'});
	const buffers = get('client-output-buffer-limit') ?? '';
	if (buffers !== '' && !/normal 0 0 0/.test(buffers)) add({setting: 'client-output-buffer-limit', severity: 'info', current: buffers, expected: 'normal 0 0 0 …', configSet: undefined, confLine: 'client-output-buffer-limit normal 0 0 0',
		why: 'Limits on normal clients can disconnect a consumer that reads a large batch.'});
	const save = get('save');
	if (save === '' && appendonly === 'yes') add({setting: 'save', severity: 'info', current: '"" (no snapshots)', expected: 'e.g. 900 1 300 100', configSet: ['save', '900 1 300 100'], confLine: 'save 900 1 300 100',
		why: 'AOF is the only copy on disk; periodic RDB snapshots give a cheap second backup.'});
	if (get('latency-tracking') === 'no') add({setting: 'latency-tracking', severity: 'info', current: 'no', expected: 'yes', configSet: ['latency-tracking', 'yes'], confLine: 'latency-tracking yes',
		why: 'Per-command latency percentiles in INFO latencystats help explain a slow buffer.'});
	if (get('lazyfree-lazy-eviction') === 'no') add({setting: 'lazyfree-lazy-eviction', severity: 'warn', current: 'no', expected: 'yes', configSet: ['lazyfree-lazy-eviction', 'yes'], confLine: 'lazyfree-lazy-eviction yes',
		why: 'Evicting big values frees memory in the main thread: latency spikes exactly when the buffer is full.'});

	const protectedMode = get('protected-mode');
	if (extra.noPassword === true) {
		const open = protectedMode === 'no';
		add({setting: 'requirepass / ACL', severity: open ? 'fail' : 'warn', current: `no password, protected-mode ${protectedMode ?? '?'}`, expected: 'a password (requirepass or ACL users)',
			configSet: undefined, confLine: 'requirepass <a long random secret>',
			why: open
				? 'Anyone who reaches the port can read, overwrite or FLUSHALL the buffer.'
				: 'Only protected-mode keeps strangers out, and only while Redis binds to loopback.'});
	}
	return findings;
}

export const audit: Scenario<AuditOptions> = {
	...scenarioInfo('audit'),
	parseOptions: raw => ({apply: booleanOption(raw, 'apply')}),
	async *run(ctx, options) {
		yield {phase: 'reading CONFIG', fraction: 0.1, figures: {}};
		const read = async () => auditFindings(await readConfig(ctx.client), ctx.profile, {noPassword: await hasNoPassword(ctx.client), somaxconn: somaxconn(ctx.target)});
		const before = await read();
		const applied: string[] = [];
		let rewritten: boolean | undefined;
		if (options.apply) {
			if (!ctx.isConfirmed) throw new UsageError('--apply changes the server\'s configuration: confirm with --yes');
			yield {phase: 'applying fixes', fraction: 0.5, figures: {}};
			for (const finding of before) {
				if (finding.severity === 'info' || !finding.configSet) continue;
				await ctx.client.config('SET', finding.configSet[0], finding.configSet[1]);
				applied.push(`CONFIG SET ${finding.configSet.join(' ')}`);
			}
			const configFile = infoString(parseInfo(await ctx.client.info('server')), 'config_file');
			if (configFile && applied.length > 0) {
				await ctx.client.config('REWRITE');
				rewritten = true;
			} else rewritten = false;
		}
		const findings = options.apply ? await read() : before;
		const criteria: Criterion[] = findings.map(f => ({
			name: f.setting, severity: f.severity, target: f.expected, measured: f.current, passed: f.severity !== 'fail',
			note: `${f.why} Fix: ${f.configSet ? `\`CONFIG SET ${f.configSet.join(' ')}\` and ` : ''}\`${f.confLine}\` in redis.conf.`,
		}));
		const fails = findings.filter(f => f.severity === 'fail').length;
		return {
			passed: fails === 0,
			criteria,
			figures: {findings, findingsBeforeApply: options.apply ? before : undefined, applied, configRewritten: rewritten},
			summary: [
				`Read ${parametersRead.length} settings with CONFIG GET and compared them with the ${ctx.profile.title} profile.`,
				findings.length === 0 ? 'Every setting matches.' : `${fails} fail, ${findings.filter(f => f.severity === 'warn').length} warn, ${findings.filter(f => f.severity === 'info').length} info.`,
				...(options.apply ? [`Applied ${applied.length} fix(es)${rewritten ? ' and rewrote the config file (CONFIG REWRITE)' : rewritten === false && applied.length > 0 ? '; the server has no config file, so the changes last until restart' : ''}.`] : []),
			],
		};
	},
};
