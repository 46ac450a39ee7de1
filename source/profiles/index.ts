import {readFileSync} from 'node:fs';
import {errorMessage, UsageError} from '../errors.js';
import {met001} from './met-001.js';
import type {Profile} from './profile.js';

export const builtInProfiles: ReadonlyMap<string, Profile> = new Map([[met001.id, met001]]);

/** A built-in profile by id, or a JSON file (`./my-profile.json`) laid over met-001. */
export function profileById(id: string): Profile {
	if (id.includes('/') || id.endsWith('.json')) return profileFromFile(id);
	const profile = builtInProfiles.get(id.toLowerCase());
	if (!profile) {
		throw new UsageError(`unknown profile "${id}": built-in profiles are ${[...builtInProfiles.keys()].join(', ')}, or give a JSON file`);
	}
	return profile;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Lays `override` over `base`, accepting only keys the base has and values of the same type, so a
 * typo is an error with its path, never a silently ignored setting.
 */
function overlay(base: unknown, override: unknown, where: string): unknown {
	if (isRecord(base)) {
		if (!isRecord(override)) throw new Error(`${where || 'the profile'} must be an object`);
		const result: Record<string, unknown> = {...base};
		for (const [key, value] of Object.entries(override)) {
			const path = where ? `${where}.${key}` : key;
			if (!(key in base)) throw new Error(`unknown setting ${path}`);
			result[key] = overlay(base[key], value, path);
		}
		return result;
	}
	if (typeof base === 'number' && (typeof override !== 'number' || !Number.isFinite(override) || override < 0)) throw new Error(`${where} must be a number >= 0`);
	if (typeof base !== typeof override && base !== undefined) throw new Error(`${where} must be a ${typeof base}`);
	return override;
}

export function profileFromFile(file: string): Profile {
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new UsageError(`profile ${file}: ${errorMessage(error)}`);
	}
	try {
		const withDirections = isRecord(raw) ? raw : {};
		const profile = overlay({...met001, id: '', title: ''}, {id: file, title: file, ...withDirections}, '') as Profile;
		for (const [name, threshold] of Object.entries(profile.thresholds)) {
			if (threshold.direction !== 'above' && threshold.direction !== 'below') throw new Error(`thresholds.${name}.direction must be "above" or "below"`);
			if (threshold.warn !== undefined && threshold.critical !== undefined && threshold.direction === 'above' && threshold.warn > threshold.critical) {
				throw new Error(`thresholds.${name}: warn (${threshold.warn}) is above critical (${threshold.critical})`);
			}
		}
		return profile;
	} catch (error) {
		throw new UsageError(`profile ${file}: ${errorMessage(error)}`);
	}
}
