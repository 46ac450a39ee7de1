import type {Redis} from 'ioredis';
import {createClient} from '../redis/connect.js';
import type {Target} from '../redis/target.js';

/**
 * Asks the first of several servers that answers (the nodes of a cluster, the sentinels), over one
 * short-lived connection each that it keeps while it works: no reconnect loop, a reply timeout, and
 * a failed server's connection dropped so the next question opens a fresh one.
 */
export class AskInTurn {
	private readonly clients = new Map<string, Redis>();

	constructor(private readonly name: string, private readonly timeoutMs: () => number) {}

	/** Tries `candidates` in order; returns the first answer and who gave it, or throws the last error. */
	async ask<T>(candidates: readonly Target[], read: (client: Redis, target: Target) => Promise<T>): Promise<{readonly answer: T; readonly from: Target}> {
		let lastError: unknown;
		for (const target of candidates) {
			try {
				return {answer: await read(await this.clientFor(target), target), from: target};
			} catch (error) {
				lastError = error;
				this.clients.get(target.label)?.disconnect();
				this.clients.delete(target.label);
			}
		}
		throw lastError ?? new Error('no server to ask');
	}

	close(): void {
		for (const client of this.clients.values()) client.disconnect();
		this.clients.clear();
	}

	private async clientFor(target: Target): Promise<Redis> {
		let client = this.clients.get(target.label);
		if (!client) {
			const timeoutMs = this.timeoutMs();
			client = createClient(target, {commandTimeoutMs: timeoutMs, connectTimeoutMs: Math.max(500, timeoutMs), reconnect: false, name: this.name});
			this.clients.set(target.label, client);
			await client.connect();
		}
		return client;
	}
}
