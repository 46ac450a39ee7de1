import type {Redis} from 'ioredis';
import type {ScenarioId} from './types.js';

/** A run id that sorts by time and needs no escaping in a SCAN pattern. */
export function newRunId(now = Date.now()): string {
	return `${now.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/** Every key a scenario writes starts with this. */
export const keyPrefix = (scenario: ScenarioId, runId: string): string => `redtop:${scenario}:${runId}:`;

/**
 * Deletes every key under `prefix` with SCAN + UNLINK in batches (never KEYS, never FLUSH*).
 * Returns how many keys were deleted.
 */
export async function deleteByPrefix(client: Redis, prefix: string, batch = 1000): Promise<number> {
	let cursor = '0';
	let deleted = 0;
	do {
		const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', batch);
		cursor = next;
		for (let i = 0; i < keys.length; i += batch) {
			const chunk = keys.slice(i, i + batch);
			if (chunk.length > 0) deleted += await client.unlink(...chunk);
		}
	} while (cursor !== '0');
	return deleted;
}

/** Counts keys under `prefix` (SCAN, so it never blocks the server). */
export async function countByPrefix(client: Redis, prefix: string): Promise<number> {
	let cursor = '0';
	let count = 0;
	do {
		const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
		cursor = next;
		count += keys.length;
	} while (cursor !== '0');
	return count;
}
