import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {errorMessage} from '../errors.js';
import {thresholdNames, type ThresholdOverrides} from '../profiles/profile.js';
import {parseExporterUrl} from '../exporter/scrape.js';
import {redactInput} from '../redis/target.js';
import {parseIntervalMs} from './duration.js';

/** What redtop remembers between runs. Never a password: targets are stored as redacted labels. */
export type StoredSettings = {
	readonly intervalMs?: number;
	readonly profile?: string;
	readonly thresholds?: ThresholdOverrides;
	readonly recentTargets?: readonly string[];
	/** The saved fleet: what `redtop` opens when given no URL (labels, never a password). */
	readonly targets?: readonly string[];
	/** redis_exporter URL per target label. */
	readonly exporters?: Readonly<Record<string, string>>;
};

export type SettingsStore = {
	readonly path: string;
	read(): StoredSettings;
	write(settings: StoredSettings): Promise<void>;
	/** A one-line problem found while reading (shown as a warning; defaults are used). */
	readonly warning: string | undefined;
};

const maxRecentTargets = 10;

/** REDTOP_CONFIG_DIR (tests, CI), else $XDG_CONFIG_HOME/redtop or ~/.config/redtop (%APPDATA%\\redtop on Windows). */
export function settingsDir(env: NodeJS.ProcessEnv = process.env): string {
	const explicit = env['REDTOP_CONFIG_DIR'];
	if (explicit) return explicit;
	if (process.platform === 'win32' && env['APPDATA']) return path.join(env['APPDATA'], 'redtop');
	return path.join(env['XDG_CONFIG_HOME'] || path.join(homedir(), '.config'), 'redtop');
}

/**
 * Reads the conf store's JSON file directly: every command needs the settings at start-up, and
 * importing conf (ajv and friends) costs 130 ms and 13 MB. Writes go through conf, loaded then.
 */
export function openSettingsStore(env: NodeJS.ProcessEnv = process.env): SettingsStore {
	const cwd = settingsDir(env);
	const filePath = path.join(cwd, 'config.json');
	let warning: string | undefined;
	let validated: StoredSettings = {};
	let raw: string | undefined;
	try {
		raw = readFileSync(filePath, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warning = `ignoring unreadable settings file ${filePath} (${errorMessage(error)}); using defaults`;
	}
	if (raw !== undefined && raw.trim() !== '') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			warning = `ignoring unreadable settings file ${filePath} (${errorMessage(error)}); using defaults`;
		}
		if (warning === undefined) {
			try {
				validated = validateStored(parsed);
			} catch (error) {
				warning = `ignoring invalid settings in ${filePath}: ${errorMessage(error)}; using defaults`;
			}
		}
	}
	return {
		path: filePath,
		warning,
		read: () => validated,
		async write(settings) {
			const {default: Conf} = await import('conf');
			// A broken file is replaced whole (this is how `config reset` repairs it).
			if (warning !== undefined) {
				mkdirSync(cwd, {recursive: true});
				writeFileSync(filePath, '{}');
				warning = undefined;
			}
			const conf = new Conf<Record<string, unknown>>({projectName: 'redtop', cwd});
			conf.store = settings as Record<string, unknown>;
			validated = settings;
		},
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateStored(raw: unknown): StoredSettings {
	if (!isRecord(raw)) throw new Error('not an object');
	const result: {intervalMs?: number; profile?: string; thresholds?: ThresholdOverrides; recentTargets?: string[]; targets?: string[]; exporters?: Record<string, string>} = {};
	if (raw['intervalMs'] !== undefined) {
		const ms = raw['intervalMs'];
		if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error('intervalMs must be a number');
		parseIntervalMs(`${ms}ms`);
		result.intervalMs = ms;
	}
	if (raw['profile'] !== undefined) {
		if (typeof raw['profile'] !== 'string') throw new Error('profile must be a string');
		result.profile = raw['profile'];
	}
	if (raw['thresholds'] !== undefined) {
		const thresholds = raw['thresholds'];
		if (!isRecord(thresholds)) throw new Error('thresholds must be an object');
		const overrides: Record<string, {warn?: number; critical?: number}> = {};
		for (const [name, value] of Object.entries(thresholds)) {
			if (!(thresholdNames as readonly string[]).includes(name)) throw new Error(`unknown threshold "${name}"`);
			if (!isRecord(value)) throw new Error(`thresholds.${name} must be an object`);
			const entry: {warn?: number; critical?: number} = {};
			for (const level of ['warn', 'critical'] as const) {
				const number = value[level];
				if (number === undefined) continue;
				if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`thresholds.${name}.${level} must be a number`);
				entry[level] = number;
			}
			overrides[name] = entry;
		}
		result.thresholds = overrides as ThresholdOverrides;
	}
	if (raw['recentTargets'] !== undefined) {
		const targets = raw['recentTargets'];
		if (!Array.isArray(targets) || targets.some(t => typeof t !== 'string')) throw new Error('recentTargets must be a list of strings');
		// A hand-edited entry with a password in it is dropped, never echoed back.
		result.recentTargets = (targets as string[]).filter(t => redactInput(t) === t);
	}
	if (raw['targets'] !== undefined) {
		const targets = raw['targets'];
		if (!Array.isArray(targets) || targets.some(t => typeof t !== 'string')) throw new Error('targets must be a list of Redis URLs');
		if ((targets as string[]).some(t => redactInput(t) !== t)) throw new Error('targets must not hold passwords (use REDISCLI_AUTH)');
		result.targets = targets as string[];
	}
	if (raw['exporters'] !== undefined) {
		const exporters = raw['exporters'];
		if (!isRecord(exporters) || Object.values(exporters).some(url => typeof url !== 'string')) throw new Error('exporters must map target labels to URLs');
		result.exporters = Object.fromEntries(Object.entries(exporters).map(([label, url]) => [label, parseExporterUrl(url as string)]));
	}
	return result;
}

/** Remembers a target by its redacted label, newest first. */
export function rememberTarget(settings: StoredSettings, label: string): StoredSettings {
	const recent = [label, ...(settings.recentTargets ?? []).filter(t => t !== label)].slice(0, maxRecentTargets);
	return {...settings, recentTargets: recent};
}

