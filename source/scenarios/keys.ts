import type {Redis} from 'ioredis';
import {keySlot} from '../cluster/slots.js';
import type {ScenarioId} from './types.js';

/** A run id that sorts by time and needs no escaping in a SCAN pattern. */
export function newRunId(now = Date.now()): string {
	return `${now.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/** Every key a scenario writes starts with this. */
export const keyPrefix = (scenario: ScenarioId, runId: string): string => `redtop:${scenario}:${runId}:`;

function bySlot(keys: readonly string[]): string[][] {
	const groups = new Map<number, string[]>();
	for (const key of keys) {
		const slot = keySlot(key);
		const group = groups.get(slot);
		if (group) group.push(key);
		else groups.set(slot, [key]);
	}
	return [...groups.values()];
}

/**
 * Deletes every key under `prefix` with SCAN + UNLINK (never KEYS, never FLUSH*), a SCAN page at a
 * time: one UNLINK for the page on a server, one per slot on a cluster node (`isClusterNode`),
 * where keys in different slots cannot share one UNLINK. Returns how many keys were deleted;
 * throws the first failed UNLINK.
 */
export async function deleteByPrefix(client: Redis, prefix: string, {isClusterNode = false, batch = 1000} = {}): Promise<number> {
	let cursor = '0';
	let deleted = 0;
	do {
		const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', batch);
		cursor = next;
		if (keys.length === 0) continue;
		const pipeline = client.pipeline();
		for (const group of isClusterNode ? bySlot(keys) : [keys]) pipeline.unlink(...group);
		for (const [error, reply] of (await pipeline.exec()) ?? []) {
			if (error) throw error;
			deleted += Number(reply);
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
