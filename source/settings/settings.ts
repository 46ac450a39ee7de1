import {UsageError} from '../errors.js';
import {profileById} from '../profiles/index.js';
import {thresholdNames, withOverrides, type Profile, type ThresholdName, type ThresholdOverrides} from '../profiles/profile.js';
import {parseExporterUrl} from '../exporter/scrape.js';
import {defaultTargetUrl} from '../redis/target.js';
import type {StoredSettings} from './conf-store.js';
import {parseDurationMs, parseIntervalMs} from './duration.js';

export type Flags = {
	readonly interval?: string | undefined;
	readonly profile?: string | undefined;
	readonly threshold?: readonly string[] | undefined;
	readonly window?: string | undefined;
	readonly sandbox?: boolean | undefined;
	readonly color?: boolean | undefined;
	readonly json?: boolean | undefined;
	readonly exporter?: string | undefined;
	readonly readOnly?: boolean | undefined;
	readonly reportDir?: string | undefined;
};

/** Everything a command needs, resolved once at start-up: flags > env > conf store > profile defaults. */
export type Settings = {
	readonly targetInputs: readonly string[];
	readonly intervalMs: number;
	readonly profile: Profile;
	readonly windowMs: number;
	readonly useSandbox: boolean;
	readonly isColor: boolean;
	readonly isJson: boolean;
	/** `--read-only`: the monitor offers no scenarios. */
	readonly isReadOnly: boolean;
	readonly reportDir: string;
	/** The redis_exporter URL for a target: --exporter (one target), else the conf store's `exporters`. */
	readonly exporterFor: (targetLabel: string) => string | undefined;
};

export const defaultIntervalMs = 1000;

export function resolveSettings(positional: readonly string[], flags: Flags, env: NodeJS.ProcessEnv, stored: StoredSettings): Settings {
	const intervalText = flags.interval ?? env['REDTOP_INTERVAL'];
	const intervalMs = intervalText === undefined ? stored.intervalMs ?? defaultIntervalMs : parseIntervalMs(intervalText);
	const profileId = flags.profile ?? env['REDTOP_PROFILE'] ?? stored.profile ?? 'met-001';
	const overrides = mergeOverrides(stored.thresholds ?? {}, parseThresholdFlags(flags.threshold ?? []));
	const windowMs = flags.window === undefined ? 1000 : parseDurationMs(flags.window, 'window');
	if (windowMs < 100 || windowMs > 60_000) throw new UsageError(`window ${flags.window} out of range: 100ms to 60s`);
	const useSandbox = flags.sandbox ?? false;
	if (useSandbox && positional.length > 0) {
		throw new UsageError('--sandbox starts its own redis-server: give no Redis URL with it');
	}
	const fromEnv = env['REDIS_URL'];
	const saved = stored.targets ?? [];
	const targetInputs = positional.length > 0 ? positional : fromEnv && fromEnv !== '' ? [fromEnv] : saved.length > 0 ? saved : [defaultTargetUrl];
	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	const exporterFlag = flags.exporter === undefined ? undefined : parseExporterUrl(flags.exporter);
	if (exporterFlag !== undefined && targetInputs.length > 1) {
		throw new UsageError('--exporter goes with one target; for several, set each with `redtop config set exporters.<target> URL`');
	}
	const storedExporters = stored.exporters ?? {};
	return {
		targetInputs,
		intervalMs,
		profile: withOverrides(profileById(profileId), overrides),
		windowMs,
		useSandbox,
		isColor: flags.color !== false && !noColor,
		isJson: flags.json ?? false,
		isReadOnly: flags.readOnly ?? false,
		reportDir: flags.reportDir ?? 'redtop-reports',
		exporterFor: label => exporterFlag ?? storedExporters[label],
	};
}

/** `--threshold memoryPercent.warn=85` (repeatable). */
export function parseThresholdFlags(values: readonly string[]): ThresholdOverrides {
	const result: Record<string, {warn?: number; critical?: number}> = {};
	for (const value of values) {
		const match = /^([A-Za-z0-9]+)\.(warn|critical)=(-?\d+(?:\.\d+)?)$/.exec(value.trim());
		if (!match) throw new UsageError(`bad --threshold "${value}": use NAME.warn=N or NAME.critical=N, NAME one of ${thresholdNames.join(', ')}`);
		const [, name = '', level = '', number = ''] = match;
		if (!(thresholdNames as readonly string[]).includes(name)) {
			throw new UsageError(`unknown threshold "${name}": one of ${thresholdNames.join(', ')}`);
		}
		result[name] = {...result[name], [level]: Number(number)};
	}
	return result as ThresholdOverrides;
}

function mergeOverrides(base: ThresholdOverrides, top: ThresholdOverrides): ThresholdOverrides {
	const result: Partial<Record<ThresholdName, {warn?: number; critical?: number}>> = {...base};
	for (const name of thresholdNames) if (top[name]) result[name] = {...base[name], ...top[name]};
	return result;
}
