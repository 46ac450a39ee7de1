import type {Redis} from 'ioredis';
import {infoNumber, infoString, parseInfo} from '../redis/parse-info.js';

/** What the write-heavy scenarios watch between steps: memory, its limit and policy, evictions. */
export type ServerMemory = {
	readonly used: number;
	readonly notCounted: number;
	readonly max: number;
	readonly policy: string;
	readonly evicted: number;
	readonly commands: number;
	readonly keys: number;
};

export async function readServerMemory(client: Redis): Promise<ServerMemory> {
	const info = parseInfo(await client.info());
	return {
		used: infoNumber(info, 'used_memory') ?? 0,
		notCounted: infoNumber(info, 'mem_not_counted_for_evict') ?? 0,
		max: infoNumber(info, 'maxmemory') ?? 0,
		policy: infoString(info, 'maxmemory_policy') ?? '',
		evicted: infoNumber(info, 'evicted_keys') ?? 0,
		commands: infoNumber(info, 'total_commands_processed') ?? 0,
		keys: await client.dbsize(),
	};
}
