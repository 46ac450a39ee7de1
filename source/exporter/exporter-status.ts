import {counterRate} from '../metrics/derive.js';
import {formatBytes, formatRate} from '../metrics/format.js';
import type {Level} from '../metrics/level.js';
import type {ExporterSample} from './exporter-sample.js';

export type ExporterState =
	| {readonly kind: 'waiting'; readonly sinceMs: number}
	| {readonly kind: 'up'; readonly sinceMs: number}
	| {readonly kind: 'down'; readonly sinceMs: number; readonly reason: string};

export type ExporterInput = {
	readonly url: string;
	readonly state: ExporterState;
	readonly current: ExporterSample | undefined;
	readonly previous: ExporterSample | undefined;
};

export type CrossCheckName = 'usedMemoryBytes' | 'opsPerSec' | 'evictionsPerSec' | 'connectedClients';

/** One figure seen by redtop (INFO) and by the exporter, and whether they tell the same story. */
export type CrossCheck = {
	readonly metric: CrossCheckName;
	readonly info: number | undefined;
	readonly exporter: number | undefined;
	readonly disagreementPercent: number | undefined;
	readonly isDisagreeing: boolean;
};

export type ExporterStatus = {
	readonly url: string;
	readonly reachable: boolean | undefined;
	readonly reason: string | undefined;
	readonly up: boolean | undefined;
	readonly scrapeDurationSeconds: number | undefined;
	readonly lastScrapeError: string | undefined;
	readonly version: string | undefined;
	readonly crossCheck: readonly CrossCheck[];
	readonly level: Level;
	readonly problems: readonly string[];
};

/** Differences this small are noise (the two sources sample at different moments), whatever the %. */
const noiseFloor: Record<CrossCheckName, number> = {usedMemoryBytes: 1024 * 1024, opsPerSec: 50, evictionsPerSec: 5, connectedClients: 2};
export const disagreementLimitPercent = 10;

const describe: Record<CrossCheckName, (value: number | undefined) => string> = {
	usedMemoryBytes: formatBytes,
	opsPerSec: value => `${formatRate(value)}/s`,
	evictionsPerSec: value => `${formatRate(value)}/s`,
	connectedClients: value => formatRate(value),
};

export function crossCheck(metric: CrossCheckName, info: number | undefined, exporter: number | undefined): CrossCheck {
	if (info === undefined || exporter === undefined) return {metric, info, exporter, disagreementPercent: undefined, isDisagreeing: false};
	const difference = Math.abs(info - exporter);
	const scale = Math.max(Math.abs(info), Math.abs(exporter));
	const disagreementPercent = scale === 0 ? 0 : (difference / scale) * 100;
	return {metric, info, exporter, disagreementPercent, isDisagreeing: disagreementPercent > disagreementLimitPercent && difference > noiseFloor[metric]};
}

export type InfoFigures = {
	readonly isUp: boolean;
	readonly usedMemoryBytes: number | undefined;
	/** All commands, redtop's own included: the exporter's counter counts them too. */
	readonly rawOpsPerSec: number | undefined;
	readonly evictionsPerSec: number | undefined;
	readonly connectedClients: number | undefined;
};

/** The exporter panel: is it there, is it scraping, and do its figures match what INFO says? */
export function deriveExporterStatus(input: ExporterInput, info: InfoFigures): ExporterStatus {
	const {current, previous, state} = input;
	const elapsedMs = current && previous ? current.atMs - previous.atMs : 0;
	const rate = (pick: (s: ExporterSample) => number | undefined) =>
		current && previous && current.info.runId === previous.info.runId ? counterRate(pick(previous), pick(current), elapsedMs) : undefined;
	const scrapes = current && previous ? (current.scrapeCount ?? 0) - (previous.scrapeCount ?? 0) : 0;
	const scrapeDurationSeconds = current?.scrapeSecondsSum === undefined || current.scrapeCount === undefined || current.scrapeCount === 0
		? undefined
		: scrapes > 0 && previous?.scrapeSecondsSum !== undefined
			? (current.scrapeSecondsSum - previous.scrapeSecondsSum) / scrapes
			: current.scrapeSecondsSum / current.scrapeCount;
	const isFresh = state.kind === 'up' && current !== undefined;
	const checks = isFresh && info.isUp
		? [
			crossCheck('usedMemoryBytes', info.usedMemoryBytes, current.info.usedMemoryBytes),
			crossCheck('opsPerSec', info.rawOpsPerSec, rate(s => s.info.totalCommands)),
			crossCheck('evictionsPerSec', info.evictionsPerSec, rate(s => s.info.evictedKeys)),
			crossCheck('connectedClients', info.connectedClients, current.info.connectedClients),
		]
		: [];
	const problems: string[] = [];
	if (state.kind === 'down') problems.push(`exporter unreachable: ${state.reason}`);
	if (isFresh && current.redisUp === false) problems.push('exporter cannot reach Redis (redis_up 0): dashboards are blind');
	if (isFresh && current.lastScrapeError) problems.push(`exporter scrape error: ${current.lastScrapeError}`);
	for (const check of checks) {
		if (check.isDisagreeing) {
			problems.push(`exporter disagrees on ${check.metric}: ${describe[check.metric](check.exporter)} vs INFO ${describe[check.metric](check.info)} (${check.disagreementPercent!.toFixed(0)}%)`);
		}
	}
	return {
		url: input.url,
		reachable: state.kind === 'waiting' ? undefined : state.kind === 'up',
		reason: state.kind === 'down' ? state.reason : undefined,
		up: isFresh ? current.redisUp : undefined,
		scrapeDurationSeconds,
		lastScrapeError: isFresh ? current.lastScrapeError : undefined,
		version: current?.exporterVersion,
		crossCheck: checks,
		level: state.kind === 'waiting' ? 'unknown' : problems.length > 0 ? 'warn' : 'ok',
		problems,
	};
}
