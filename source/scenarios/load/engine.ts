import type {Socket} from 'node:net';
import type {Target} from '../../redis/target.js';
import {encodeCommand, openLoadSocket, ReplyCounter} from './resp.js';

export const layouts = ['key', 'stream', 'list'] as const;
export type Layout = (typeof layouts)[number];

export type LoadPlan = {
	readonly target: Target;
	readonly prefix: string;
	readonly layout: Layout;
	/** Events [from, to) are loaded. */
	readonly from: number;
	readonly to: number;
	readonly batch: number;
	/** Parallel connections for the key layout; stream and list need order, so they use one. */
	readonly connections: number;
	readonly ttlSeconds?: number | undefined;
	/** Stream layout: `MAXLEN ~ n` on every XADD. */
	readonly streamMaxLen?: number | undefined;
	readonly event: (index: number) => string;
	readonly signal: AbortSignal;
	/** Called after every acknowledged batch with the running total (cheap: no allocation). */
	readonly onProgress?: (loaded: number) => void;
};

export type LoadResult = {
	readonly loaded: number;
	readonly bytes: number;
	readonly seconds: number;
	readonly eventsPerSec: number;
	readonly errors: number;
	readonly firstError: string | undefined;
};

/** Where event `index` lives in each layout; verification reads it back from there. */
export const eventKey = (prefix: string, layout: Layout, index: number): string =>
	layout === 'key' ? `${prefix}e:${index}` : layout === 'stream' ? `${prefix}stream` : `${prefix}list`;
export const streamId = (index: number): string => `${index + 1}-0`;

function command(plan: LoadPlan, index: number, value: string): string[] {
	const key = eventKey(plan.prefix, plan.layout, index);
	if (plan.layout === 'key') return plan.ttlSeconds ? ['SET', key, value, 'EX', String(plan.ttlSeconds)] : ['SET', key, value];
	if (plan.layout === 'list') return ['RPUSH', key, value];
	return plan.streamMaxLen ? ['XADD', key, 'MAXLEN', '~', String(plan.streamMaxLen), streamId(index), 'e', value] : ['XADD', key, streamId(index), 'e', value];
}

/** Sends one batch and resolves when all its replies are in. */
function sendBatch(socket: Socket, counter: ReplyCounter, payload: string, expected: number): Promise<void> {
	const target = counter.replies + expected;
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			counter.push(chunk);
			if (counter.replies >= target) {
				cleanup();
				resolve();
			}
		};
		const onClose = () => {
			cleanup();
			reject(new Error('connection closed during the load'));
		};
		const cleanup = () => {
			socket.off('data', onData);
			socket.off('close', onClose);
			socket.off('error', onClose);
		};
		socket.on('data', onData);
		socket.once('close', onClose);
		socket.once('error', onClose);
		socket.write(payload);
	});
}

/**
 * The shared load engine: events encoded once each, straight to RESP, written in pipelined batches
 * on raw sockets (one batch in flight per connection), so the client is not the bottleneck. Stops
 * between batches on abort, and at the first batch with an error (e.g. -OOM), which it reports.
 */
export async function loadEvents(plan: LoadPlan): Promise<LoadResult> {
	const connections = plan.layout === 'key' ? Math.max(1, plan.connections) : 1;
	const sockets = await Promise.all(Array.from({length: connections}, () => openLoadSocket(plan.target)));
	const counters = sockets.map(() => new ReplyCounter());
	let next = plan.from;
	let loaded = 0;
	let bytes = 0;
	let stop = false;
	const started = performance.now();
	try {
		await Promise.all(sockets.map(async (socket, c) => {
			const counter = counters[c]!;
			while (!stop && !plan.signal.aborted) {
				const start = next;
				if (start >= plan.to) break;
				const end = Math.min(plan.to, start + plan.batch);
				next = end;
				const parts: string[] = [];
				for (let i = start; i < end; i++) {
					const value = plan.event(i);
					bytes += value.length;
					encodeCommand(parts, command(plan, i, value));
				}
				const errorsBefore = counter.errors;
				await sendBatch(socket, counter, parts.join(''), end - start);
				loaded += end - start - (counter.errors - errorsBefore);
				plan.onProgress?.(loaded);
				if (counter.errors > errorsBefore) stop = true;
			}
		}));
	} finally {
		for (const socket of sockets) socket.destroy();
	}
	const seconds = (performance.now() - started) / 1000;
	const errors = counters.reduce((sum, c) => sum + c.errors, 0);
	return {loaded, bytes, seconds, eventsPerSec: seconds > 0 ? loaded / seconds : 0, errors, firstError: counters.find(c => c.firstError)?.firstError};
}
