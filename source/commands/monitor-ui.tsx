import {render} from 'ink';
import {App} from '../app.js';
import type {AlertWatcher} from '../alerts/watcher.js';
import type {TargetMonitor} from '../collectors/monitor.js';
import type {ClusterMonitor} from '../cluster/cluster-monitor.js';
import type {SentinelMonitor} from '../sentinel/sentinel-monitor.js';
import type {Settings} from '../settings/settings.js';
import {installFrameCache} from '../views/frame-cache.js';

/** Draws the app until the operator quits (q, Ctrl-C) or `signal` aborts. */
export async function showApp(monitors: readonly TargetMonitor[], settings: Settings, signal: AbortSignal, alerts?: AlertWatcher, restartServer?: (mode: 'graceful' | 'crash') => Promise<void>, cluster?: ClusterMonitor, sentinel?: SentinelMonitor): Promise<void> {
	await installFrameCache();
	const app = render(<App monitors={monitors} cluster={cluster} sentinel={sentinel} profile={settings.profile} isColor={settings.isColor} isReadOnly={settings.isReadOnly} reportDir={settings.reportDir} alerts={alerts} restartServer={restartServer} />, {exitOnCtrlC: true, maxFps: 10});
	signal.addEventListener('abort', () => app.unmount(), {once: true});
	await app.waitUntilExit();
}
