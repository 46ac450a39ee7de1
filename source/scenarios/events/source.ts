import {readFile} from 'node:fs/promises';
import {UsageError} from '../../errors.js';
import {defaultMix, jetstreamEvent, parseMix, type Mix} from './jetstream.js';

export type EventFeed = {
	/** Event `index` as JSON; the same index always gives the same string. */
	readonly event: (index: number) => string;
	readonly description: string;
	/** Capture files: lines skipped because they were not JSON events. */
	readonly malformedLines: number;
};

export type FeedOptions = {readonly seed: number; readonly mix: Mix; readonly ingestRate: number; readonly eventsFile: string | undefined};

/** Generated events start at a fixed moment, so a seed gives the same events on every run and machine. */
export const generatedStartUs = Date.UTC(2026, 0, 1) * 1000;

export function generatedFeed(o: {seed: number; mix: Mix; ingestRate: number}, startUs = generatedStartUs): EventFeed {
	const source = {seed: o.seed, mix: o.mix, ingestRate: o.ingestRate, startUs};
	return {event: index => jetstreamEvent(source, index), description: `generated Jetstream events (seed ${o.seed})`, malformedLines: 0};
}

/** A Jetstream capture, one JSON event a line, cycled when more events are asked for than it holds. */
export async function captureFeed(file: string): Promise<EventFeed> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--events-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
	}
	const events: string[] = [];
	let malformed = 0;
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (trimmed === '') continue;
		try {
			const parsed = JSON.parse(trimmed) as {did?: unknown; kind?: unknown};
			if (typeof parsed === 'object' && parsed !== null && typeof parsed.did === 'string' && typeof parsed.kind === 'string') events.push(trimmed);
			else malformed++;
		} catch {
			malformed++;
		}
	}
	if (events.length === 0) throw new UsageError(`--events-file ${file}: no Jetstream events in it (${malformed} malformed line(s))`);
	return {event: index => events[index % events.length]!, description: `${events.length} events replayed from ${file}`, malformedLines: malformed};
}

export async function openFeed(o: FeedOptions): Promise<EventFeed> {
	return o.eventsFile ? captureFeed(o.eventsFile) : generatedFeed(o);
}

export {defaultMix, parseMix};
