import {UsageError} from '../../errors.js';
import {cid, did, eventSeed, prng, randomBase32, tid} from './random.js';

/** The kinds of Jetstream v1 event redtop generates, with the default share of each. */
export const eventKinds = ['like', 'post', 'repost', 'follow', 'block', 'update', 'delete', 'identity', 'account'] as const;
export type EventKind = (typeof eventKinds)[number];
export type Mix = Readonly<Record<EventKind, number>>;

/** Likes dominate the real firehose; posts, reposts and follows follow; blocks, edits, deletes and account events are rare. */
export const defaultMix: Mix = {like: 0.5, post: 0.18, repost: 0.1, follow: 0.1, block: 0.02, update: 0.02, delete: 0.06, identity: 0.01, account: 0.01};

/** `like=0.5,post=0.2,…`: the given kinds, normalized to sum to 1; kinds not named keep no share. */
export function parseMix(text: string): Mix {
	const mix = Object.fromEntries(eventKinds.map(k => [k, 0])) as Record<EventKind, number>;
	for (const part of text.split(',').map(p => p.trim()).filter(Boolean)) {
		const [kind = '', share = ''] = part.split('=');
		if (!(eventKinds as readonly string[]).includes(kind)) throw new UsageError(`--mix: unknown kind "${kind}": one of ${eventKinds.join(', ')}`);
		const value = Number(share);
		if (!Number.isFinite(value) || value < 0) throw new UsageError(`--mix: ${kind} needs a share >= 0, got "${share}"`);
		mix[kind as EventKind] = value;
	}
	const total = Object.values(mix).reduce((a, b) => a + b, 0);
	if (total <= 0) throw new UsageError('--mix: give at least one kind a share above 0');
	for (const kind of eventKinds) mix[kind] /= total;
	return mix;
}

const words = ['the', 'firehose', 'buffer', 'redis', 'bluesky', 'event', 'today', 'just', 'posted', 'love', 'this', 'new', 'feed', 'network', 'open',
	'protocol', 'morning', 'coffee', 'weekend', 'music', 'photo', 'great', 'thread', 'reply', 'thanks', 'everyone', 'hello', 'world', 'data', 'stream'];
const langs = ['en', 'en', 'en', 'ja', 'pt', 'de', 'es', 'fr', 'ko'];
const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function postText(random: () => number): string {
	// Mostly short, with a long tail up to the 300-grapheme limit.
	const target = Math.min(300, Math.max(1, Math.round(-Math.log(1 - random() * 0.995) * 70)));
	let text = '';
	while (text.length < target) text += `${text ? ' ' : ''}${pick(random, words)}`;
	return text.slice(0, target).replace(/\s+$/, '') || 'hi';
}

const esc = (text: string) => JSON.stringify(text);
const atUri = (author: string, collection: string, rkey: string) => `at://${author}/${collection}/${rkey}`;

export type EventSource = {
	readonly seed: number;
	readonly mix: Mix;
	/** Events per second the `time_us` field advances at. */
	readonly ingestRate: number;
	readonly startUs: number;
};

/**
 * Event `index` of a run, as the JSON string Jetstream would send: built directly as a string (no
 * objects), and rebuilt identically from (seed, index) alone, which is how capacity verifies.
 */
export function jetstreamEvent(source: EventSource, index: number): string {
	const random = prng(eventSeed(source.seed, index));
	const timeUs = Math.floor(source.startUs + (index * 1e6) / source.ingestRate + random() * 500);
	const author = did(random);
	const roll = random();
	let kind: EventKind = 'like';
	let acc = 0;
	for (const k of eventKinds) {
		acc += source.mix[k];
		if (roll < acc) {
			kind = k;
			break;
		}
	}
	const createdAt = new Date(Math.floor(timeUs / 1000) - Math.floor(random() * 2000)).toISOString();
	const head = `{"did":"${author}","time_us":${timeUs},`;
	if (kind === 'identity') {
		return `${head}"kind":"identity","identity":{"did":"${author}","handle":"${randomBase32(random, 8)}.bsky.social","seq":${index + 1_000_000},"time":"${createdAt}"}}`;
	}
	if (kind === 'account') {
		const active = random() < 0.8;
		return `${head}"kind":"account","account":{"active":${active},"did":"${author}","seq":${index + 1_000_000},"time":"${createdAt}"${active ? '' : ',"status":"deactivated"'}}}`;
	}
	const rev = tid(timeUs, index);
	const rkey = tid(timeUs - Math.floor(random() * 1e9), Math.floor(random() * 1024));
	const subject = () => `{"cid":"${cid(random)}","uri":"${atUri(did(random), 'app.bsky.feed.post', tid(timeUs - Math.floor(random() * 1e10), 1))}"}`;
	const collections: Record<string, string> = {like: 'app.bsky.feed.like', post: 'app.bsky.feed.post', repost: 'app.bsky.feed.repost', follow: 'app.bsky.graph.follow',
		block: 'app.bsky.graph.block'};
	if (kind === 'delete' || kind === 'update') {
		const collection = pick(random, Object.values(collections));
		if (kind === 'delete') return `${head}"kind":"commit","commit":{"rev":"${rev}","operation":"delete","collection":"${collection}","rkey":"${rkey}"}}`;
		// Updates in the wild are almost all profile and post edits: a post record, rewritten.
		const record = `{"$type":"app.bsky.feed.post","createdAt":"${createdAt}","langs":["${pick(random, langs)}"],"text":${esc(postText(random))}}`;
		return `${head}"kind":"commit","commit":{"rev":"${rev}","operation":"update","collection":"app.bsky.feed.post","rkey":"${rkey}","record":${record},"cid":"${cid(random)}"}}`;
	}
	const collection = collections[kind]!;
	let record: string;
	if (kind === 'like' || kind === 'repost') record = `{"$type":"${collection}","createdAt":"${createdAt}","subject":${subject()}}`;
	else if (kind === 'follow' || kind === 'block') record = `{"$type":"${collection}","createdAt":"${createdAt}","subject":"${did(random)}"}`;
	else {
		const text = postText(random);
		const reply = random() < 0.3 ? `,"reply":{"parent":${subject()},"root":${subject()}}` : '';
		const facets = random() < 0.1
			? `,"facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"${did(random)}"}],"index":{"byteEnd":${Math.min(text.length, 8)},"byteStart":0}}]`
			: '';
		record = `{"$type":"app.bsky.feed.post","createdAt":"${createdAt}"${facets},"langs":["${pick(random, langs)}"]${reply},"text":${esc(text)}}`;
	}
	return `${head}"kind":"commit","commit":{"rev":"${rev}","operation":"create","collection":"${collection}","rkey":"${rkey}","record":${record},"cid":"${cid(random)}"}}`;
}

/** The kind of a generated or captured event, for mix statistics and replay summaries. */
export function kindOf(json: string): EventKind | undefined {
	try {
		const event = JSON.parse(json) as {kind?: string; commit?: {operation?: string; collection?: string}};
		if (event.kind === 'identity' || event.kind === 'account') return event.kind;
		if (event.kind !== 'commit' || !event.commit) return undefined;
		if (event.commit.operation === 'delete') return 'delete';
		if (event.commit.operation === 'update') return 'update';
		const byCollection: Record<string, EventKind> = {'app.bsky.feed.like': 'like', 'app.bsky.feed.post': 'post', 'app.bsky.feed.repost': 'repost',
			'app.bsky.graph.follow': 'follow', 'app.bsky.graph.block': 'block'};
		return byCollection[event.commit.collection ?? ''];
	} catch {
		return undefined;
	}
}
