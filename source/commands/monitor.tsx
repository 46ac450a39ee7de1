import {render} from 'ink';
import {App} from '../app.js';
import {TargetMonitor} from '../collectors/monitor.js';
import {UsageError} from '../errors.js';
import type {Target} from '../redis/target.js';
import {rememberTarget, type SettingsStore} from '../settings/conf-store.js';
import type {Settings} from '../settings/settings.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';

/** The interactive monitor: one TargetMonitor per target, the Ink app on the alternate screen. */
export async function runMonitor(targets: readonly Target[], settings: Settings, store: SettingsStore | undefined, signal: AbortSignal): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the live monitor needs a terminal; in scripts use `redtop snapshot --json` or `redtop check`');
	}
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	signal.addEventListener('abort', onAbort, {once: true});
	const monitors = targets.map(target => new TargetMonitor(target, settings.profile, {intervalMs: settings.intervalMs}));
	const running = monitors.map(monitor => monitor.run(stop.signal));
	remember(store, targets);

	process.stdout.write(enterAltScreen);
	const restore = () => process.stdout.write(leaveAltScreen);
	process.once('exit', restore);
	try {
		const app = render(<App monitors={monitors} profile={settings.profile} isColor={settings.isColor} />, {exitOnCtrlC: true, maxFps: 10});
		stop.signal.addEventListener('abort', () => app.unmount(), {once: true});
		await app.waitUntilExit();
	} finally {
		stop.abort();
		await Promise.all(running);
		signal.removeEventListener('abort', onAbort);
		process.off('exit', restore);
		restore();
	}
	return 0;
}

/** Remembers the targets (redacted labels, never a password); a settings problem never stops the monitor. */
function remember(store: SettingsStore | undefined, targets: readonly Target[]): void {
	if (!store || store.warning) return;
	try {
		let settings = store.read();
		for (const target of [...targets].reverse()) settings = rememberTarget(settings, target.label);
		store.write(settings);
	} catch {}
}
