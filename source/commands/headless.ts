import {takeSnapshot} from '../collectors/snapshot.js';
import {CannotRunError, errorMessage} from '../errors.js';
import type {TargetStatus} from '../metrics/status-types.js';
import type {Target} from '../redis/target.js';
import type {Settings} from '../settings/settings.js';
import {formatCheck, type Unreachable} from './check-output.js';
import {formatSnapshotText, toSnapshotJson} from './snapshot-output.js';

export type Output = {readonly stdout: string; readonly exitCode: number};

/** `redtop snapshot`: one sample window per target, in parallel; JSON is an object, or an array for several targets. */
export async function runSnapshot(targets: readonly Target[], settings: Settings, signal: AbortSignal): Promise<Output> {
	const statuses = await Promise.all(targets.map(target => takeSnapshot(target, settings.profile, {windowMs: settings.windowMs, signal, exporterUrl: settings.exporterFor(target.label)})));
	if (settings.isJson) {
		const json = statuses.map(status => toSnapshotJson(status, settings.windowMs));
		return {stdout: JSON.stringify(json.length === 1 ? json[0] : json, null, 2), exitCode: 0};
	}
	return {stdout: statuses.map(formatSnapshotText).join('\n\n'), exitCode: 0};
}

/** One sample window, or why the target could not be reached (a result, not an error: check reports it). */
export async function snapshotOrUnreachable(target: Target, settings: Settings, signal: AbortSignal, exporterUrl?: string): Promise<TargetStatus | Unreachable> {
	try {
		return await takeSnapshot(target, settings.profile, {windowMs: settings.windowMs, signal, connectTimeoutMs: 3000, exporterUrl});
	} catch (error) {
		if (error instanceof CannotRunError) return {target: target.label, reason: errorMessage(error).replace(/^cannot connect to \S+: /, '')};
		throw error;
	}
}

/** `redtop check`: never throws for an unreachable server; that is a CRITICAL result. */
export async function runCheck(targets: readonly Target[], settings: Settings, signal: AbortSignal): Promise<Output> {
	const results = await Promise.all(targets.map(target => snapshotOrUnreachable(target, settings, signal, settings.exporterFor(target.label))));
	const {line, exitCode} = formatCheck(results, settings.profile);
	return {stdout: line, exitCode};
}
