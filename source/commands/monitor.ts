import {setMaxListeners} from 'node:events';
import {Notifier} from '../alerts/notifier.js';
import {AlertWatcher} from '../alerts/watcher.js';
import {TargetMonitor} from '../collectors/monitor.js';
import {ClusterMonitor} from '../cluster/cluster-monitor.js';
import {SentinelMonitor} from '../sentinel/sentinel-monitor.js';
import {UsageError} from '../errors.js';
import type {Target} from '../redis/target.js';
import {rememberTarget, type SettingsStore} from '../settings/conf-store.js';
import type {Settings} from '../settings/settings.js';

const enterAltScreen = '\u001B[?1049h\u001B[H\u001B[2J';
const leaveAltScreen = '\u001B[?1049l';

export type Alerting = {readonly webhookUrl: string | undefined; readonly alertLog: string | undefined};

/** `--sentinel`: the sentinels to ask, the master's name, and the credentials for the data nodes. */
export type SentinelSetup = {readonly sentinels: readonly Target[]; readonly masterName: string; readonly template: Target};

/** One monitor per target, each with its exporter when one is configured. */
export function monitorsFor(targets: readonly Target[], settings: Settings): TargetMonitor[] {
	return targets.map(target => new TargetMonitor(target, settings.profile, {intervalMs: settings.intervalMs, exporterUrl: settings.exporterFor(target.label)}));
}

/**
 * The interactive monitor. A first plain frame is on screen before Ink and React load (about half
 * a second), so the operator sees redtop at once.
 */
export async function runMonitor(targets: readonly Target[], settings: Settings, store: SettingsStore | undefined, signal: AbortSignal, alerting: Alerting = {webhookUrl: undefined, alertLog: undefined}, restartServer?: (mode: 'graceful' | 'crash') => Promise<void>, clusterSeed?: Target, sentinelSetup?: SentinelSetup): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the live monitor needs a terminal; in scripts use `redtop snapshot --json` or `redtop check`');
	}
	const stop = new AbortController();
	setMaxListeners(0, stop.signal);
	const onAbort = () => stop.abort();
	signal.addEventListener('abort', onAbort, {once: true});
	const monitors = clusterSeed || sentinelSetup ? [] : monitorsFor(targets, settings);
	let running: Array<Promise<void>> = [];

	process.stdout.write(`${enterAltScreen}redtop ${clusterSeed ? `cluster ${clusterSeed.label}` : sentinelSetup ? `sentinel ${sentinelSetup.masterName}` : targets.map(t => t.label).join(', ')}\n● CONNECTING…\n`);
	const restore = () => process.stdout.write(leaveAltScreen);
	process.once('exit', restore);
	try {
		const {showApp} = await loadInk(() => import('./monitor-ui.js'));
		// Polling starts after the import: PINGs timed while modules load would measure the
		// loading, and the latency panel would open on a false alarm.
		const notifier = new Notifier(alerting, stop.signal);
		const watcher = new AlertWatcher(monitors.map(m => m.store), settings.profile, notifier);
		const onNode = (monitor: TargetMonitor) => watcher.watch(monitor.store);
		const cluster = clusterSeed ? new ClusterMonitor(clusterSeed, settings.profile, {intervalMs: settings.intervalMs, onNode}) : undefined;
		const sentinel = sentinelSetup ? new SentinelMonitor(sentinelSetup.sentinels, sentinelSetup.masterName, sentinelSetup.template, settings.profile, {intervalMs: settings.intervalMs, onNode}) : undefined;
		const group = cluster ?? sentinel;
		running = group ? [group.run(stop.signal)] : monitors.map(monitor => monitor.run(stop.signal));
		process.stdout.write('\u001B[H\u001B[2J');
		if (!stop.signal.aborted) await showApp(monitors, settings, stop.signal, watcher, restartServer, cluster, sentinel);
		watcher.stop();
		await notifier.drain(3000);
	} finally {
		stop.abort();
		await Promise.all(running);
		signal.removeEventListener('abort', onAbort);
		process.off('exit', restore);
		restore();
	}
	await remember(store, clusterSeed ? [clusterSeed] : sentinelSetup ? [] : targets);
	return 0;
}

/**
 * Loads the Ink UI with two things hidden for the duration of the import:
 * - `fetch`: Ink's layout engine (yoga) decodes its WebAssembly through fetch when it exists, which
 *   loads Node's HTTP client first: 100 ms and 7 MB for nothing. Without it, yoga decodes in place.
 * - `CI` / `CONTINUOUS_INTEGRATION`: Ink reads them once at import and then draws only the last
 *   frame. We already know stdout is a terminal, so an exported CI=true must not blank the screen.
 */
async function loadInk<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (descriptor?.configurable) delete (globalThis as {fetch?: unknown}).fetch;
	const ciVariables = ['CI', 'CONTINUOUS_INTEGRATION'].filter(name => name in process.env);
	const saved = ciVariables.map(name => [name, process.env[name]] as const);
	for (const name of ciVariables) delete process.env[name];
	try {
		return await load();
	} finally {
		if (descriptor?.configurable) Object.defineProperty(globalThis, 'fetch', descriptor);
		for (const [name, value] of saved) process.env[name] = value;
	}
}

/** Remembers the targets (redacted labels, never a password); a settings problem never fails the run. */
async function remember(store: SettingsStore | undefined, targets: readonly Target[]): Promise<void> {
	if (!store || store.warning) return;
	try {
		let settings = store.read();
		for (const target of [...targets].reverse()) settings = rememberTarget(settings, target.label);
		await store.write(settings);
	} catch {}
}
