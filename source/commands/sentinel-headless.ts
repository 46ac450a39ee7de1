import {takeSnapshot} from '../collectors/snapshot.js';
import {CannotRunError, errorMessage} from '../errors.js';
import {worst, type Level} from '../metrics/level.js';
import {describeRedisError, withOneShotClient} from '../redis/connect.js';
import {targetAt} from '../redis/target.js';
import {healthyReplicas, readSentinel, type SentinelReading} from '../sentinel/sentinel-monitor.js';
import type {Settings} from '../settings/settings.js';
import {checkParts, pluginResult} from './check-output.js';
import {snapshotOrUnreachable, type Output} from './headless.js';
import type {SentinelSetup} from './monitor.js';
import {formatSnapshotText, toSnapshotJson} from './snapshot-output.js';

/** Asks the sentinels in turn until one names the master. */
export async function askSentinels(setup: SentinelSetup, timeoutMs = 3000): Promise<SentinelReading> {
	const reasons: string[] = [];
	for (const sentinel of setup.sentinels) {
		try {
			return await withOneShotClient(sentinel, timeoutMs, 'redtop-sentinel', client => readSentinel(client, setup.masterName, `${sentinel.host}:${sentinel.port}`));
		} catch (error) {
			const message = errorMessage(error);
			const reason = /unknown command/i.test(message) ? 'not a sentinel' : /No such master/i.test(message) ? `no master named ${setup.masterName}` : describeRedisError(error);
			reasons.push(`${sentinel.label}: ${reason}`);
		}
	}
	throw new CannotRunError(`no sentinel named the master ${setup.masterName}: ${reasons.join('; ')}`);
}

/** Sentinel's own verdict: the master flagged down, fewer sentinels than the quorum, no replica to fail over to. */
function sentinelProblems(r: SentinelReading): Array<{level: Level; message: string}> {
	const problems: Array<{level: Level; message: string}> = [];
	if (r.master.flags.includes('o_down')) problems.push({level: 'critical', message: `sentinels agree ${r.master.address} is down (o_down)`});
	else if (r.master.flags.includes('s_down')) problems.push({level: 'critical', message: `${r.seenFrom} sees ${r.master.address} down (s_down)`});
	if (r.failoverState) problems.push({level: 'warn', message: `failover in progress (${r.failoverState})`});
	if (r.sentinels !== undefined && r.quorum !== undefined && r.sentinels < r.quorum) problems.push({level: 'critical', message: `${r.sentinels} sentinels, fewer than the quorum ${r.quorum}: no failover possible`});
	if (healthyReplicas(r).length === 0) problems.push({level: 'warn', message: 'no healthy replica to fail over to'});
	return problems;
}

const sentinelJson = (r: SentinelReading) => ({...r, failoverState: r.failoverState ?? null, quorum: r.quorum ?? null, sentinels: r.sentinels ?? null, problems: sentinelProblems(r)});

/** `redtop snapshot --sentinel H:P --master-name NAME`: what the sentinels say, then the master's snapshot. */
export async function runSentinelSnapshot(setup: SentinelSetup, settings: Settings, signal: AbortSignal): Promise<Output> {
	const reading = await askSentinels(setup);
	const status = await takeSnapshot(targetAt(setup.template, reading.master.host, reading.master.port), settings.profile, {windowMs: settings.windowMs, signal});
	if (settings.isJson) return {stdout: JSON.stringify({sentinel: sentinelJson(reading), master: toSnapshotJson(status, settings.windowMs)}, null, 2), exitCode: 0};
	const problems = sentinelProblems(reading).map(p => `problem     ${p.message}`);
	const line = `sentinel ${reading.masterName} (asked ${reading.seenFrom})  master ${reading.master.address}  replicas ${reading.replicas.map(x => x.address).join(', ') || 'none'}  ${reading.sentinels ?? '?'} sentinels, quorum ${reading.quorum ?? '?'}`;
	return {stdout: [line, ...problems, '', formatSnapshotText(status)].join('\n'), exitCode: 0};
}

/** `redtop check --sentinel …`: the master's check, made worse by what the sentinels report. */
export async function runSentinelCheck(setup: SentinelSetup, settings: Settings, signal: AbortSignal): Promise<Output> {
	let reading: SentinelReading;
	try {
		reading = await askSentinels(setup);
	} catch (error) {
		const {line, exitCode} = pluginResult('critical', errorMessage(error));
		return {stdout: line, exitCode};
	}
	const master = targetAt(setup.template, reading.master.host, reading.master.port);
	const parts = checkParts([await snapshotOrUnreachable(master, settings, signal)], settings.profile);
	const problems = sentinelProblems(reading);
	const prefix = [`sentinel ${reading.masterName}: master ${reading.master.address}`, ...problems.map(p => p.message)].join(', ');
	const {line, exitCode} = pluginResult(worst(parts.level, ...problems.map(p => p.level)), `${prefix}; ${parts.summaries.join('; ')}`, parts.perf);
	return {stdout: line, exitCode};
}
