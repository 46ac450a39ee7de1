import {UsageError} from '../errors.js';
import {formatInterval} from '../metrics/format.js';
import {profileById} from '../profiles/index.js';
import {thresholdNames, type ThresholdName} from '../profiles/profile.js';
import type {SettingsStore, StoredSettings} from '../settings/conf-store.js';
import {parseIntervalMs} from '../settings/duration.js';
import {parseExporterUrl} from '../exporter/scrape.js';
import {parseTarget} from '../redis/target.js';

const keysHelp = `keys: interval, profile, thresholds.NAME.warn|critical (NAME: ${thresholdNames.join(', ')}), exporters.TARGET (e.g. exporters.redis://127.0.0.1:6379), targets (URLs, comma-separated: what redtop opens without a URL; "" clears), recentTargets (read-only)`;

/** `redtop config path|get [KEY]|set KEY VALUE|reset`; returns what to print. */
export async function runConfig(args: readonly string[], store: SettingsStore): Promise<string> {
	const [action, key, value, ...extra] = args;
	const stored = store.read();
	switch (action) {
		case 'path':
			return store.path;
		case 'get':
			if (key === undefined) return JSON.stringify(stored, null, 2);
			return show(getKey(stored, key));
		case 'set': {
			if (key === undefined || value === undefined || extra.length > 0) throw new UsageError(`usage: redtop config set KEY VALUE (${keysHelp})`);
			await store.write(setKey(stored, key, value));
			return `${key} = ${show(getKey(store.read(), key))}`;
		}
		case 'reset':
			await store.write({});
			return `settings reset (${store.path})`;
		default:
			throw new UsageError(`usage: redtop config path|get [KEY]|set KEY VALUE|reset (${keysHelp})`);
	}
}

/** `exporters.redis://host:port`: the target is written as redtop shows it (its label, no password). */
function exporterTarget(key: string): string {
	return parseTarget(key.slice('exporters.'.length), {}).label;
}

function show(value: unknown): string {
	if (value === undefined) return '(not set)';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function thresholdKey(key: string): {name: ThresholdName; level: 'warn' | 'critical'} | undefined {
	const match = /^thresholds\.([A-Za-z0-9]+)\.(warn|critical)$/.exec(key);
	if (!match || !(thresholdNames as readonly string[]).includes(match[1]!)) return undefined;
	return {name: match[1] as ThresholdName, level: match[2] as 'warn' | 'critical'};
}

function getKey(stored: StoredSettings, key: string): unknown {
	if (key === 'interval') return stored.intervalMs === undefined ? undefined : formatInterval(stored.intervalMs);
	if (key === 'profile') return stored.profile;
	if (key === 'recentTargets') return stored.recentTargets;
	if (key === 'targets') return stored.targets;
	if (key === 'thresholds') return stored.thresholds;
	if (key === 'exporters') return stored.exporters;
	if (key.startsWith('exporters.')) return stored.exporters?.[exporterTarget(key)];
	const threshold = thresholdKey(key);
	if (threshold) return stored.thresholds?.[threshold.name]?.[threshold.level];
	throw new UsageError(`unknown setting "${key}": ${keysHelp}`);
}

function setKey(stored: StoredSettings, key: string, value: string): StoredSettings {
	if (key === 'interval') return {...stored, intervalMs: parseIntervalMs(value)};
	if (key === 'profile') {
		profileById(value);
		return {...stored, profile: value.toLowerCase()};
	}
	const threshold = thresholdKey(key);
	if (threshold) {
		const number = Number(value);
		if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`${key} must be a number, got "${value}"`);
		const thresholds = {...stored.thresholds};
		thresholds[threshold.name] = {...thresholds[threshold.name], [threshold.level]: number};
		return {...stored, thresholds};
	}
	if (key.startsWith('exporters.')) {
		const label = exporterTarget(key);
		const exporters = {...stored.exporters};
		if (value === '' || value === 'none') delete exporters[label];
		else exporters[label] = parseExporterUrl(value);
		return {...stored, exporters};
	}
	if (key === 'targets') {
		const inputs = value.split(',').map(t => t.trim()).filter(Boolean);
		if (inputs.length === 0) {
			const {targets: _cleared, ...rest} = stored;
			return rest;
		}
		const targets = inputs.map(input => {
			const target = parseTarget(input, {});
			if (target.password !== undefined) throw new UsageError(`saved targets never hold a password: save ${target.label.replace(':***@', '@')} and put the password in REDISCLI_AUTH`);
			return target.label;
		});
		return {...stored, targets: [...new Set(targets)]};
	}
	if (key === 'recentTargets') throw new UsageError('recentTargets is kept by redtop itself; clear it with redtop config reset');
	throw new UsageError(`unknown setting "${key}": ${keysHelp}`);
}
