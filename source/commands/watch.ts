import type {AlertEvent} from '../alerts/engine.js';
import {Notifier, postToSlack} from '../alerts/notifier.js';
import {slackPayload} from '../alerts/slack-message.js';
import {AlertWatcher} from '../alerts/watcher.js';
import {CannotRunError, UsageError} from '../errors.js';
import {formatMs, formatPercent, formatRate} from '../metrics/format.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Target} from '../redis/target.js';
import type {Settings} from '../settings/settings.js';
import type {GroupNotice, MonitorGroup} from '../collectors/group.js';
import type {TargetMonitor} from '../collectors/monitor.js';
import {monitorsFor} from './monitor.js';

export type WatchOptions = {
	readonly webhookUrl: string | undefined;
	readonly alertLog: string | undefined;
	readonly statusEveryMs: number | undefined;
	readonly write: (line: string) => void;
	readonly writeError: (line: string) => void;
};

export function eventLine(event: AlertEvent, isJson: boolean): string {
	const a = event.alert;
	if (isJson) return JSON.stringify({type: 'alert', kind: event.kind, at: new Date(event.atMs).toISOString(), target: a.target, metric: a.metric, severity: a.severity,
		value: a.value, threshold: a.threshold, since: new Date(a.sinceMs).toISOString(), hint: a.hint});
	const word = event.kind === 'resolved' ? 'RESOLVED' : event.kind === 'escalated' ? 'ESCALATED' : 'FIRING';
	return `${new Date(event.atMs).toISOString()} ${word} ${a.severity} ${a.metric} ${a.target}: ${a.value} (threshold: ${a.threshold})${event.kind === 'resolved' ? '' : ` — ${a.hint}`}`;
}

export function statusLine(s: TargetStatus, alerts: number, isJson: boolean): string {
	if (isJson) return JSON.stringify({type: 'status', at: new Date(s.atMs).toISOString(), target: s.target, status: s.status, overall: s.overall,
		memoryPercent: s.memory.usedPercent ?? null, opsPerSec: s.ops.perSec ?? null, evictionsPerSec: s.evictions.perSec ?? null, p99Ms: s.latency.p99Ms ?? null, activeAlerts: alerts});
	return `${new Date(s.atMs).toISOString()} STATUS ${s.target} ${s.status} overall=${s.overall} mem=${formatPercent(s.memory.usedPercent)} ops/s=${formatRate(s.ops.perSec)} evictions/s=${formatRate(s.evictions.perSec)} p99=${formatMs(s.latency.p99Ms)} alerts=${alerts}`;
}

export function noticeLine(notice: GroupNotice, isJson: boolean): string {
	if (isJson) return JSON.stringify({type: 'topology', at: new Date(notice.atMs).toISOString(), severity: notice.severity, message: notice.message});
	return `${new Date(notice.atMs).toISOString()} TOPOLOGY ${notice.severity} ${notice.message}`;
}

/**
 * `redtop watch`: headless alerting for systemd, tmux or CI; ends with 0 on SIGTERM / SIGINT.
 * With a group (`--cluster`, `--sentinel`) it watches the group's nodes as they come and go and
 * prints what happens to the group itself (failovers, nodes failing) as TOPOLOGY lines.
 */
export async function runWatch(targets: readonly Target[], settings: Settings, o: WatchOptions, signal: AbortSignal,
	makeGroup?: (onNode: (monitor: TargetMonitor) => () => void) => MonitorGroup): Promise<number> {
	const fixed = makeGroup ? [] : monitorsFor(targets, settings);
	const notifier = new Notifier({webhookUrl: o.webhookUrl, alertLog: o.alertLog}, signal);
	const watcher = new AlertWatcher(fixed.map(m => m.store), settings.profile, notifier, events => {
		for (const event of events) o.write(eventLine(event, settings.isJson));
	});
	const group = makeGroup?.(monitor => watcher.watch(monitor.store));
	const monitors = () => group?.monitors() ?? fixed;
	const printed = new Set<string>();
	const stopNotices = group?.subscribe(() => {
		for (const notice of group.notices()) {
			const key = `${notice.atMs} ${notice.message}`;
			if (printed.has(key)) continue;
			printed.add(key);
			o.write(noticeLine(notice, settings.isJson));
		}
	});
	let reportedError: string | undefined;
	const errorCheck = setInterval(() => {
		if (notifier.lastError && notifier.lastError !== reportedError) o.writeError(`redtop: ${notifier.lastError}`);
		reportedError = notifier.lastError;
	}, 1000);
	const statusTimer = o.statusEveryMs === undefined ? undefined : setInterval(() => {
		const active = watcher.engine.active();
		for (const m of monitors()) o.write(statusLine(m.store.status, active.filter(a => a.target === m.store.status.target).length, settings.isJson));
	}, o.statusEveryMs);
	try {
		await (group ? group.run(signal) : Promise.all(fixed.map(m => m.run(signal))));
	} finally {
		stopNotices?.();
		clearInterval(errorCheck);
		if (statusTimer) clearInterval(statusTimer);
		watcher.stop();
		await notifier.drain(3000);
	}
	return 0;
}

/** `redtop notify test`: one test message, and what Slack answered. */
export async function runNotifyTest(args: readonly string[], webhookUrl: string | undefined): Promise<{stdout: string; exitCode: number}> {
	if (args[0] !== 'test') throw new UsageError('usage: redtop notify test (the webhook comes from REDTOP_SLACK_WEBHOOK or --slack-webhook-file)');
	if (webhookUrl === undefined) throw new UsageError('no Slack webhook: set REDTOP_SLACK_WEBHOOK or give --slack-webhook-file FILE');
	const now = Date.now();
	const payload = slackPayload([{kind: 'firing', atMs: now, alert: {id: 'test', target: 'redtop notify test', metric: 'connection', severity: 'warn',
		value: 'this is a test message from redtop', threshold: 'none', sinceMs: now, hint: 'nothing to do: the webhook works'}}], now);
	const result = await postToSlack(webhookUrl, payload);
	if (!result.ok) throw new CannotRunError(`Slack did not take the test message: ${result.detail}`);
	return {stdout: `Slack answered ${result.detail}`, exitCode: 0};
}
