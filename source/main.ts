import {setMaxListeners} from 'node:events';
import {readFileSync} from 'node:fs';
import meow from 'meow';
import {runCheck, runSnapshot} from './commands/headless.js';
import {runConfig} from './commands/config.js';
import {CannotRunError, errorMessage, UsageError} from './errors.js';
import type {SentinelSetup} from './commands/monitor.js';
import type {TargetMonitor} from './collectors/monitor.js';
import {parseTarget, redactInput, targetAt, type Target} from './redis/target.js';
import {startSandbox, startSandboxCluster, startSandboxSentinel, type Sandbox, type SandboxCluster, type SandboxSentinel} from './sandbox/sandbox.js';
import {openSettingsStore, type SettingsStore} from './settings/conf-store.js';
import {resolveSettings} from './settings/settings.js';

const help = `
  Usage
    $ redtop [URL...]                 live monitor (default $REDIS_URL or redis://127.0.0.1:6379)
    $ redtop snapshot [URL...]        one sample window, as text or --json
    $ redtop check [URL...]           Nagios/Icinga plugin: one line, exit 0/1/2/3
    $ redtop run <scenario|all> [URL] run a scenario and write a report (Markdown + JSON)
    $ redtop audit [URL]              the same as redtop run audit
    $ redtop watch [URL...]           headless alerts: one line per alert event (--json, --status-every 1m)
    $ redtop notify test              send a test message to the Slack webhook
    $ redtop events sample [--count N] [--seed S] [--mix like=0.5,post=0.2]   print generated Jetstream events
    $ redtop config path|get [KEY]|set KEY VALUE|reset

  Scenarios
    audit        configuration against the profile       --apply (with --yes) fixes what it can
    baseline     SET/GET ops/s and latency percentiles   --requests 100000 --clients 1 --value-size 482
    capacity     load events, verify, project buffer hours --events 2700000 --layout key|stream|list --batch 1000
                                                          --ingest-rate R --compare-layouts --events-file F.jsonl --seed S --mix ...
    pressure     fill to 95% of maxmemory, hold, recover --target-percent 95 --hold 5m --overfill --max-bytes 512mb --force
    restart      write, rewrite AOF, restart, verify      --mode graceful|crash --events 100000 --no-rewrite
                                                          --restart sandbox|command|shutdown --restart-cmd "systemctl restart redis-server"
    throughput   single, held rate, many clients         --mode single|sustained|concurrent|all
                                                          --rate 1500 --duration 5m --clients 10
    all          the MET-001 validation in order, one combined report
    Common: --report-dir DIR (default ./redtop-reports) --json --yes (confirm changes off loopback)

  Targets
    redis://[user:pass@]host[:port][/db], rediss:// for TLS, host:port, user:pass@host:port.
    The password may also come from REDISCLI_AUTH; redtop never prints or stores it.

  Options
    --sandbox            start a private redis-server with the repo's redis.conf and use it
                         (--sandbox --cluster: a private 3+3 Redis Cluster; --sandbox --sentinel:
                         a private master, replica and three sentinels)
    --interval D         poll interval (500ms, 1s, 2.5s; at least 100ms)   [default 1s]
    --window D           snapshot/check sample window                        [default 1s]
    --profile NAME       thresholds and targets                              [default met-001]
    --threshold N.L=V    override a threshold, e.g. memoryPercent.warn=85 (repeatable)
    --targets-file F     more targets, one URL a line (several targets open the fleet view)
    --cluster URL        a Redis Cluster from one seed node: shards, slots, totals, failovers
                         (monitor, snapshot, check, watch, run capacity)
    --sentinel H:P --master-name NAME   the master Sentinel names, followed through failovers
                         (repeat --sentinel or give a comma list for several sentinels)
    --exporter URL       also read redis_exporter's /metrics (e.g. http://127.0.0.1:9121/metrics)
    --json               machine-readable output (snapshot, run)
    --read-only          monitor only: no scenario menu
    --slack-webhook-file F  Slack incoming webhook URL in a file (or REDTOP_SLACK_WEBHOOK)
    --alert-log FILE     one JSON line per alert firing / resolved
    --no-color           no colours (NO_COLOR works too); levels are still shown in words
    --help, --version

  Keys (monitor)
    ? help   s scenarios   x abort scenario   p pause   + / - interval   Tab next target
    Esc close   q / Ctrl-C quit

  Exit codes
    0 ok · 2 usage error · 3 cannot run (no connection, auth failed, no redis-server)
    run: 0 criteria met · 1 not met (or aborted)
    check: 0 OK · 1 WARNING · 2 CRITICAL (also: unreachable) · 3 UNKNOWN

  Examples
    $ redtop --sandbox
    $ redtop --sandbox --cluster
    $ redtop --sandbox --sentinel
    $ redtop redis://10.0.0.5:6379 --interval 500ms
    $ REDISCLI_AUTH=secret redtop snapshot redis://cache:6379 --json
    $ redtop check localhost:6379 --threshold latencyP99Ms.critical=10
`;

const flagSpec = {
	interval: {type: 'string'},
	window: {type: 'string'},
	profile: {type: 'string'},
	threshold: {type: 'string', isMultiple: true},
	sandbox: {type: 'boolean'},
	json: {type: 'boolean'},
	color: {type: 'boolean', default: true},
	exporter: {type: 'string'},
	reportDir: {type: 'string'},
	yes: {type: 'boolean'},
	force: {type: 'boolean'},
	apply: {type: 'boolean'},
	readOnly: {type: 'boolean'},
	requests: {type: 'string'},
	clients: {type: 'string'},
	valueSize: {type: 'string'},
	mode: {type: 'string'},
	rate: {type: 'string'},
	duration: {type: 'string'},
	slackWebhookFile: {type: 'string'},
	alertLog: {type: 'string'},
	statusEvery: {type: 'string'},
	events: {type: 'string'},
	batch: {type: 'string'},
	layout: {type: 'string'},
	ttl: {type: 'string'},
	connections: {type: 'string'},
	verifySample: {type: 'string'},
	ingestRate: {type: 'string'},
	seed: {type: 'string'},
	mix: {type: 'string'},
	eventsFile: {type: 'string'},
	compareLayouts: {type: 'boolean'},
	targetPercent: {type: 'string'},
	hold: {type: 'string'},
	overfill: {type: 'boolean'},
	maxBytes: {type: 'string'},
	count: {type: 'string'},
	rewrite: {type: 'boolean', default: true},
	targetsFile: {type: 'string'},
	cluster: {type: 'string'},
	sentinel: {type: 'string', isMultiple: true},
	masterName: {type: 'string'},
	restart: {type: 'string'},
	restartCmd: {type: 'string'},
	restartTimeout: {type: 'string'},
} as const;

const commands = new Set(['snapshot', 'check', 'config', 'run', 'audit', 'watch', 'notify', 'events']);

const cli = meow(help, {importMeta: import.meta, allowUnknownFlags: true, flags: flagSpec});

async function main(signal: AbortSignal): Promise<number> {
	const kebab = Object.keys(flagSpec).map(name => name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`));
	const known = new Set([...Object.keys(flagSpec), ...kebab, 'help', 'version', 'h', 'v', '_']);
	const unknown = Object.keys(cli.unnormalizedFlags).filter(flag => !known.has(flag));
	if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]} (see redtop --help)`);
	for (const name of ['interval', 'window', 'profile', 'exporter', 'cluster', 'masterName'] as const) {
		// `--sandbox --cluster`: a private cluster, so --cluster alone is fine there.
		if (name === 'cluster' && cli.flags.sandbox) continue;
		if (cli.flags[name] === '') throw new UsageError(`--${name} needs a value (see redtop --help)`);
	}

	const [first, ...rest] = cli.input;
	const command = first !== undefined && commands.has(first) ? first : 'monitor';
	// `redtop audit URL` is `redtop run audit URL`.
	const scenarioName = command === 'run' ? rest[0] : command === 'audit' ? 'audit' : undefined;
	const positional = command === 'monitor' ? cli.input : command === 'run' ? rest.slice(1) : rest;
	if (command === 'monitor' && first !== undefined && /^[a-z]+$/.test(first) && first !== 'localhost') {
		throw new UsageError(`unknown command "${first}": use snapshot, check, run, audit, watch, notify, events or config, or give a Redis URL (see redtop --help)`);
	}

	if (command === 'events') {
		if (rest[0] !== 'sample') throw new UsageError('usage: redtop events sample [--count N] [--seed S] [--mix like=0.5,...]');
		const {generatedFeed} = await import('./scenarios/events/source.js');
		const {defaultMix, parseMix} = await import('./scenarios/events/jetstream.js');
		const {integerOption} = await import('./scenarios/options.js');
		const count = integerOption({count: cli.flags.count}, 'count', 5, 1, 1_000_000);
		const seed = integerOption({seed: cli.flags.seed}, 'seed', Date.now() % 2 ** 31, 0, 2 ** 31);
		const feed = generatedFeed({seed, mix: cli.flags.mix ? parseMix(cli.flags.mix) : defaultMix, ingestRate: 1000});
		for (let i = 0; i < count; i++) process.stdout.write(`${feed.event(i)}\n`);
		return 0;
	}
	if (command === 'notify') {
		const {runNotifyTest} = await import('./commands/watch.js');
		const {slackWebhook} = await import('./alerts/config.js');
		const output = await runNotifyTest(rest, slackWebhook(process.env, cli.flags.slackWebhookFile));
		console.log(output.stdout);
		return output.exitCode;
	}
	const store = openSettingsStore();
	if (command === 'config') {
		if (store.warning && rest[0] !== 'reset' && rest[0] !== 'path') console.error(`redtop: warning: ${store.warning}`);
		console.log(await runConfig(rest, store));
		return 0;
	}
	if (store.warning) console.error(`redtop: warning: ${store.warning}`);
	const fromFile = cli.flags.targetsFile === undefined ? [] : readTargetsFile(cli.flags.targetsFile);
	const settings = resolveSettings([...positional, ...fromFile], cli.flags, process.env, store.read());
	const sandboxCluster = settings.useSandbox && cli.flags.cluster !== undefined;
	if (sandboxCluster && cli.flags.cluster !== '') throw new UsageError('--sandbox --cluster starts its own cluster: give --cluster no URL with it');
	let clusterSeed = cli.flags.cluster === undefined || sandboxCluster ? undefined : parseTarget(cli.flags.cluster);
	if (clusterSeed && clusterSeed.db !== 0) throw new UsageError(`Redis Cluster has only database 0: leave /${clusterSeed.db} out of the --cluster URL`);
	// `--sandbox --sentinel`: a private master, replica and three sentinels (meow drops the empty --sentinel).
	const sandboxSentinel = settings.useSandbox && (cli.flags.sentinel ?? []).length === 0 && process.argv.slice(2).includes('--sentinel');
	if (settings.useSandbox && (cli.flags.sentinel ?? []).length > 0) throw new UsageError('--sandbox --sentinel starts its own sentinels: give --sentinel no address with it');
	let sentinelSetup = sandboxSentinel ? undefined : sentinelFromFlags(cli.flags.sentinel ?? [], cli.flags.masterName);
	if ((clusterSeed || sandboxCluster) && (sentinelSetup || sandboxSentinel)) throw new UsageError('--cluster and --sentinel do not go together: a cluster fails over on its own');
	if ((clusterSeed || sentinelSetup) && (positional.length > 0 || fromFile.length > 0 || settings.useSandbox)) {
		throw new UsageError(`${clusterSeed ? '--cluster takes the cluster\'s seed URL' : '--sentinel finds the master itself'}; give no other targets (and no --sandbox) with it`);
	}
	const targets = settings.useSandbox || clusterSeed || sentinelSetup ? [] : settings.targetInputs.map(input => parseTarget(input));
	let sentinels: SandboxSentinel | undefined;

	let sandbox: Sandbox | undefined;
	let cluster: SandboxCluster | undefined;
	try {
		let resolved = settings;
		if (sandboxSentinel) {
			if (command === 'monitor') process.stderr.write('redtop: starting a sandbox master, replica and three sentinels…\n');
			sentinels = await startSandboxSentinel({masterName: cli.flags.masterName});
			sentinelSetup = {sentinels: sentinels.sentinels, masterName: sentinels.masterName, template: parseTarget('127.0.0.1:6379', {})};
		} else if (sandboxCluster) {
			if (command === 'monitor') process.stderr.write('redtop: starting a sandbox cluster (3 masters, 3 replicas)…\n');
			cluster = await startSandboxCluster();
			clusterSeed = cluster.seed;
		} else if (settings.useSandbox) {
			sandbox = await startSandbox({withExporter: true});
			targets.push(sandbox.target);
			const sandboxExporter = sandbox.exporterUrl;
			if (sandboxExporter !== undefined) resolved = {...settings, exporterFor: label => settings.exporterFor(label) ?? sandboxExporter};
		}
		return await runCommand(command, targets, resolved, store, signal, scenarioName, sandbox ? mode => sandbox!.restart(mode, false) : undefined, clusterSeed, sentinelSetup);
	} finally {
		await sandbox?.stop();
		await cluster?.stop();
		await sentinels?.stop();
	}
}

async function runCommand(command: string, targets: Target[], settings: ReturnType<typeof resolveSettings>, store: SettingsStore, signal: AbortSignal, scenarioName: string | undefined, restartServer: ((mode: 'graceful' | 'crash') => Promise<void>) | undefined, clusterSeed: Target | undefined, sentinelSetup: SentinelSetup | undefined): Promise<number> {
	if (clusterSeed && (command === 'snapshot' || command === 'check')) {
		const {runClusterCheck, runClusterSnapshot} = await import('./commands/cluster-headless.js');
		const output = command === 'check' ? await runClusterCheck(clusterSeed, settings, signal) : await runClusterSnapshot(clusterSeed, settings, signal);
		console.log(output.stdout);
		return output.exitCode;
	}
	if (sentinelSetup && (command === 'snapshot' || command === 'check')) {
		const {runSentinelCheck, runSentinelSnapshot} = await import('./commands/sentinel-headless.js');
		const output = command === 'check' ? await runSentinelCheck(sentinelSetup, settings, signal) : await runSentinelSnapshot(sentinelSetup, settings, signal);
		console.log(output.stdout);
		return output.exitCode;
	}
	if (sentinelSetup && command !== 'monitor' && command !== 'watch') {
		// Scenarios run against the master Sentinel names now.
		const {askSentinels} = await import('./commands/sentinel-headless.js');
		const reading = await askSentinels(sentinelSetup);
		targets = [targetAt(sentinelSetup.template, reading.master.host, reading.master.port)];
	}
	if (command === 'run' || command === 'audit') {
		if (targets.length !== 1 && !clusterSeed) throw new UsageError('scenarios run against one target at a time');
		const {runClusterCommand, runCommand: runScenarios} = await import('./commands/run.js');
		const f = cli.flags;
		const runFlags = {
			reportDir: settings.reportDir,
			isConfirmed: f.yes ?? false,
			progress: process.stderr,
			scenarioOptions: {requests: f.requests, clients: f.clients, valueSize: f.valueSize, mode: f.mode, rate: f.rate, duration: f.duration,
				apply: f.apply ?? false, force: f.force ?? false, events: f.events, batch: f.batch, layout: f.layout, ttl: f.ttl, connections: f.connections,
				verifySample: f.verifySample, ingestRate: f.ingestRate, seed: f.seed, mix: f.mix, eventsFile: f.eventsFile, compareLayouts: f.compareLayouts ?? false,
				targetPercent: f.targetPercent, hold: f.hold, overfill: f.overfill ?? false, maxBytes: f.maxBytes,
				rewrite: f.rewrite, restart: f.restart, restartCmd: f.restartCmd, restartTimeout: f.restartTimeout},
			restartServer,
		};
		const output = clusterSeed ? await runClusterCommand(scenarioName, clusterSeed, settings, runFlags, signal) : await runScenarios(scenarioName, targets[0]!, settings, runFlags, signal);
		console.log(output.stdout);
		return output.exitCode;
	}
	if (command === 'watch') {
		const {runWatch} = await import('./commands/watch.js');
		const {slackWebhook} = await import('./alerts/config.js');
		const {parseDurationMs} = await import('./settings/duration.js');
		const every = cli.flags.statusEvery;
		const {ClusterMonitor} = await import('./cluster/cluster-monitor.js');
		const {SentinelMonitor} = await import('./sentinel/sentinel-monitor.js');
		const options = {intervalMs: settings.intervalMs};
		const makeGroup = clusterSeed ? (onNode: (m: TargetMonitor) => () => void) => new ClusterMonitor(clusterSeed, settings.profile, {...options, onNode})
			: sentinelSetup ? (onNode: (m: TargetMonitor) => () => void) => new SentinelMonitor(sentinelSetup.sentinels, sentinelSetup.masterName, sentinelSetup.template, settings.profile, {...options, onNode})
			: undefined;
		return runWatch(targets, settings, {
			webhookUrl: slackWebhook(process.env, cli.flags.slackWebhookFile),
			alertLog: cli.flags.alertLog,
			statusEveryMs: every === undefined ? undefined : parseDurationMs(every, '--status-every'),
			write: line => console.log(line),
			writeError: line => console.error(line),
		}, signal, makeGroup);
	}
	if (command === 'monitor') {
		// Ink and React load only for the interactive monitor: headless commands start faster.
		const {runMonitor} = await import('./commands/monitor.js');
		const {slackWebhook} = await import('./alerts/config.js');
		return runMonitor(targets, settings, store, signal, {webhookUrl: slackWebhook(process.env, cli.flags.slackWebhookFile), alertLog: cli.flags.alertLog}, restartServer, clusterSeed, sentinelSetup);
	}
	const output = command === 'check' ? await runCheck(targets, settings, signal) : await runSnapshot(targets, settings, signal);
	console.log(output.stdout);
	return output.exitCode;
}

/**
 * `--sentinel H:P` (repeatable, or a comma list) with `--master-name`. Sentinels take their own
 * password from their URL only; the data nodes take theirs from REDISCLI_AUTH.
 */
function sentinelFromFlags(values: readonly string[], masterName: string | undefined): SentinelSetup | undefined {
	const inputs = values.flatMap(value => value.split(',')).map(value => value.trim()).filter(Boolean);
	if (inputs.length === 0) {
		if (masterName !== undefined) throw new UsageError('--master-name goes with --sentinel host:port');
		if (values.length > 0) throw new UsageError('--sentinel needs host:port (see redtop --help)');
		return undefined;
	}
	if (masterName === undefined) throw new UsageError('--sentinel needs --master-name NAME (the name in "sentinel monitor NAME …")');
	const sentinels = inputs.map(input => parseTarget(input.includes(':') || input.includes('//') ? input : `${input}:26379`, {}));
	return {sentinels, masterName, template: parseTarget('127.0.0.1:6379')};
}

/** `--targets-file`: one Redis URL a line; blank lines and # comments are skipped. */
function readTargetsFile(file: string): string[] {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read --targets-file ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
	}
	const targets = text.split('\n').map(line => line.replace(/#.*/, '').trim()).filter(Boolean);
	if (targets.length === 0) throw new UsageError(`--targets-file ${file} lists no targets`);
	return targets;
}

const isCheck = cli.input[0] === 'check';
const root = new AbortController();
// Every target's poll loop and sleeps listen on this signal: 50 targets are normal, not a leak.
setMaxListeners(0, root.signal);
// SIGHUP: the SSH session or terminal went away; stop the sandbox and leave like on SIGTERM.
for (const signalName of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signalName, () => root.abort());
// A terminal that vanished (EIO) or a reader that left (EPIPE, `redtop snapshot | head`) is a reason
// to stop cleanly, not a crash with a stack trace and an orphaned sandbox.
for (const stream of [process.stdin, process.stdout, process.stderr]) {
	stream.on('error', () => root.abort());
}

main(root.signal).then(
	code => finish(code),
	(error: unknown) => {
		const message = redactInput(errorMessage(error));
		if (process.env['REDTOP_DEBUG'] && error instanceof Error) console.error(error.stack);
		if (isCheck) {
			console.log(`REDTOP UNKNOWN - ${message}`);
			finish(3);
			return;
		}
		console.error(`redtop: ${message}`);
		finish(error instanceof UsageError || error instanceof CannotRunError ? error.exitCode : 1);
	},
);

/** Sets the exit code and lets Node exit on its own; a stray handle cannot keep redtop alive. */
function finish(code: number): void {
	process.exitCode = code;
	setTimeout(() => process.exit(code), 2000).unref();
}
