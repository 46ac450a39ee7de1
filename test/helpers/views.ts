import {readFileSync} from 'node:fs';
import type {ConnectionState} from '../../source/collectors/connection-state.js';
import {deriveStatus} from '../../source/metrics/status.js';
import type {LatencySummary, TargetStatus} from '../../source/metrics/status-types.js';
import {met001} from '../../source/profiles/met-001.js';
import {toInfoSample, type InfoSample} from '../../source/redis/info-sample.js';
import {parseInfo} from '../../source/redis/parse-info.js';

export const keys = {escape: '\u001B', tab: '\t', shiftTab: '\u001B[Z', ctrlC: '\u0003', enter: '\r', up: '\u001B[A', down: '\u001B[B'} as const;

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[0-9;]*[A-Za-z]/g;
export const stripAnsi = (text: string | undefined): string => (text ?? '').replace(ansi, '');
/** Foreground colour codes (30-37, 90-97, 38;…): present only when colour is on. */
export const hasColor = (text: string | undefined): boolean => /\u001B\[(3[0-8]|9[0-7])[;m]/.test(text ?? '');

const master = toInfoSample(parseInfo(readFileSync(new URL('../fixtures/info-7.0-master.txt', import.meta.url), 'utf8')));
const mib = 1024 * 1024;

/** A status as the store would derive it, from the recorded INFO with `change` applied. */
export function makeStatus(change: Partial<InfoSample> = {}, options: {before?: Partial<InfoSample>; latency?: LatencySummary; state?: ConnectionState} = {}): TargetStatus {
	const info: InfoSample = {...master, usedMemoryBytes: 20 * mib, usedMemoryRssBytes: 24 * mib, maxMemoryBytes: 2048 * mib, aofEnabled: true, ...change};
	const state = options.state ?? {kind: 'up', sinceMs: 0};
	const isDown = state.kind === 'down';
	return deriveStatus({
		target: 'redis://127.0.0.1:6379', state, atMs: 1_764_100_000_000, profile: met001,
		current: isDown ? undefined : {info, atMs: 1_764_100_000_000},
		previous: isDown ? undefined : {info: {...info, ...options.before}, atMs: 1_764_099_999_000},
		ownCommands: 0,
		windowStart: isDown ? undefined : {info: {...info, ...options.before}, atMs: 1_764_099_999_000},
		latency: isDown ? undefined : options.latency ?? {p50Ms: 0.1, p95Ms: 0.2, p99Ms: 0.3, maxMs: 0.9, samples: 100},
		config: {appendonly: true, appendfsync: 'everysec', maxMemoryBytes: info.maxMemoryBytes, maxMemoryPolicy: 'allkeys-lru', save: '', noAppendfsyncOnRewrite: false},
		evictingSinceMs: undefined,
	});
}

/** Polls the last frame until it satisfies `accept` (no fixed sleeps). */
export async function waitForFrame(lastFrame: () => string | undefined, accept: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const frame = stripAnsi(lastFrame());
		if (accept(frame)) return frame;
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	throw new Error(`frame never matched; last frame:\n${stripAnsi(lastFrame())}`);
}
