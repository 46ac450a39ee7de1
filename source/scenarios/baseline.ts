import {scenarioInfo} from './catalog.js';
import type {Redis} from 'ioredis';
import {formatRate} from '../metrics/format.js';
import {latencyCriteria, latencyFigures, LoadStats, whileRunning} from './load-stats.js';
import {integerOption} from './options.js';
import type {Criterion, Scenario} from './types.js';

export type BaselineOptions = {readonly requests: number; readonly clients: number; readonly valueSize: number};

/** ~482 bytes: the mean size of a Jetstream event (reference.md). */
const eventSize = 482;

/** Each client sends its share of `requests` one at a time: unpipelined, so latency is honest. */
async function phase(clients: readonly Redis[], requests: number, stats: LoadStats, signal: AbortSignal, send: (client: Redis, i: number) => Promise<unknown>) {
	let next = 0;
	await Promise.all(clients.map(async client => {
		while (!signal.aborted) {
			const i = next++;
			if (i >= requests) break;
			await stats.time(() => send(client, i));
		}
	}));
	stats.end();
}

export const baseline: Scenario<BaselineOptions> = {
	...scenarioInfo('baseline'),
	parseOptions: raw => ({
		requests: integerOption(raw, 'requests', 100_000, 1, 100_000_000),
		clients: integerOption(raw, 'clients', 1, 1, 1000),
		valueSize: integerOption(raw, 'valueSize', eventSize, 1, 64 * 1024 * 1024),
	}),
	async *run(ctx, options, signal) {
		const clients = [ctx.client, ...await Promise.all(Array.from({length: options.clients - 1}, () => ctx.newClient()))];
		const value = Buffer.alloc(options.valueSize, 'x');
		const key = (i: number) => `${ctx.keyPrefix}${i}`;
		const sets = new LoadStats();
		const setting = phase(clients, options.requests, sets, signal, (client, i) => client.set(key(i), value));
		yield* whileRunning(setting, 250, () => ({phase: 'SET', fraction: sets.count / (2 * options.requests),
			figures: {opsPerSec: Math.round(sets.opsPerSec), p99Ms: sets.latency?.p99Ms ?? 0}}));
		const gets = new LoadStats();
		if (!signal.aborted) {
			const getting = phase(clients, options.requests, gets, signal, (client, i) => client.getBuffer(key(i)));
			yield* whileRunning(getting, 250, () => ({phase: 'GET', fraction: (options.requests + gets.count) / (2 * options.requests),
				figures: {opsPerSec: Math.round(gets.opsPerSec), p99Ms: gets.latency?.p99Ms ?? 0}}));
		}
		const min = ctx.profile.targets.minOpsPerSec;
		const criteria: Criterion[] = [];
		for (const [label, stats] of [['SET', sets], ['GET', gets]] as const) {
			criteria.push({name: `${label} throughput`, target: `>= ${formatRate(min)} ops/s`, measured: `${formatRate(stats.opsPerSec)} ops/s`, passed: stats.opsPerSec >= min});
			criteria.push(...latencyCriteria(label, stats.latency, ctx.profile.targets));
		}
		return {
			passed: criteria.every(c => c.passed),
			criteria,
			figures: {
				options,
				set: {requests: sets.count, errors: sets.errors, seconds: sets.elapsedSeconds, opsPerSec: sets.opsPerSec, ...latencyFigures(sets.latency)},
				get: {requests: gets.count, errors: gets.errors, seconds: gets.elapsedSeconds, opsPerSec: gets.opsPerSec, ...latencyFigures(gets.latency)},
			},
			summary: [
				`${options.requests.toLocaleString('en-US')} SETs of ${options.valueSize}-byte values, then as many GETs, over ${options.clients} connection(s), one command at a time per connection.`,
				`SET: ${formatRate(sets.opsPerSec)} ops/s; GET: ${formatRate(gets.opsPerSec)} ops/s.`,
			],
		};
	},
};
