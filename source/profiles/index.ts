import {UsageError} from '../errors.js';
import {met001} from './met-001.js';
import type {Profile} from './profile.js';

export const builtInProfiles: ReadonlyMap<string, Profile> = new Map([[met001.id, met001]]);

export function profileById(id: string): Profile {
	const profile = builtInProfiles.get(id.toLowerCase());
	if (!profile) {
		throw new UsageError(`unknown profile "${id}": built-in profiles are ${[...builtInProfiles.keys()].join(', ')}`);
	}
	return profile;
}
