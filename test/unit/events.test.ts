import {describe, expect, it} from 'vitest';
import {defaultMix, eventKinds, jetstreamEvent, kindOf, parseMix} from '../../source/scenarios/events/jetstream.js';
import {tid} from '../../source/scenarios/events/random.js';
import {generatedFeed} from '../../source/scenarios/events/source.js';
import {ReplyCounter} from '../../source/scenarios/load/resp.js';

const source = {seed: 42, mix: defaultMix, ingestRate: 100, startUs: 1_764_000_000_000_000};
const did = /^did:plc:[a-z2-7]{24}$/;
const tidPattern = /^[2-7a-z]{13}$/;
const cidPattern = /^bafyrei[a-z2-7]{52}$/;
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const strongRef = (ref: {uri: string; cid: string}) => {
	expect(ref.cid).toMatch(cidPattern);
	expect(ref.uri).toMatch(/^at:\/\/did:plc:[a-z2-7]{24}\/app\.bsky\.feed\.post\/[2-7a-z]{13}$/);
};

/** Checks one event against the Jetstream v1 shapes in reference.md. */
function validate(json: string) {
	const e = JSON.parse(json);
	expect(e.did).toMatch(did);
	expect(Number.isInteger(e.time_us)).toBe(true);
	if (e.kind === 'identity') {
		expect(e.identity).toMatchObject({did: e.did, handle: expect.stringMatching(/\.bsky\.social$/), seq: expect.any(Number), time: expect.stringMatching(iso)});
		return;
	}
	if (e.kind === 'account') {
		expect(e.account).toMatchObject({active: expect.any(Boolean), did: e.did, seq: expect.any(Number), time: expect.stringMatching(iso)});
		return;
	}
	expect(e.kind).toBe('commit');
	const c = e.commit;
	expect(c.rev).toMatch(tidPattern);
	expect(c.rkey).toMatch(tidPattern);
	expect(['create', 'update', 'delete']).toContain(c.operation);
	if (c.operation === 'delete') {
		expect(c.record).toBeUndefined();
		expect(c.cid).toBeUndefined();
		return;
	}
	expect(c.cid).toMatch(cidPattern);
	expect(c.record.$type).toBe(c.collection);
	expect(c.record.createdAt).toMatch(iso);
	if (c.collection === 'app.bsky.feed.post') {
		expect([...c.record.text].length).toBeLessThanOrEqual(300);
		expect(c.record.text.length).toBeGreaterThan(0);
		if (c.record.reply) {
			strongRef(c.record.reply.root);
			strongRef(c.record.reply.parent);
		}
	} else if (c.collection === 'app.bsky.feed.like' || c.collection === 'app.bsky.feed.repost') strongRef(c.record.subject);
	else expect(c.record.subject).toMatch(did);
}

describe('Jetstream event generator', () => {
	it('every event of 20,000 validates against the documented shapes', () => {
		for (let i = 0; i < 20_000; i++) validate(jetstreamEvent(source, i));
	});

	it('the same seed gives the same events; another seed does not', () => {
		const a = generatedFeed({seed: 9, mix: defaultMix, ingestRate: 100});
		const b = generatedFeed({seed: 9, mix: defaultMix, ingestRate: 100});
		const c = generatedFeed({seed: 10, mix: defaultMix, ingestRate: 100});
		expect(Array.from({length: 50}, (_, i) => a.event(i))).toEqual(Array.from({length: 50}, (_, i) => b.event(i)));
		expect(a.event(0)).not.toBe(c.event(0));
	});

	it('time_us advances at the ingest rate', () => {
		const first = JSON.parse(jetstreamEvent(source, 0)).time_us;
		const later = JSON.parse(jetstreamEvent(source, 1000)).time_us;
		expect((later - first) / 1e6).toBeCloseTo(10, 1);
	});

	it.each([
		['default', defaultMix],
		['custom', parseMix('like=0.4,post=0.4,delete=0.2')],
	])('the %s mix over 100,000 events is within 1 point of its shares', (_name, mix) => {
		const counts = Object.fromEntries(eventKinds.map(k => [k, 0])) as Record<string, number>;
		for (let i = 0; i < 100_000; i++) counts[kindOf(jetstreamEvent({...source, mix}, i))!]!++;
		for (const kind of eventKinds) expect(Math.abs(counts[kind]! / 1000 - mix[kind] * 100), kind).toBeLessThan(1);
	});

	it('mean size is close to the real firehose (~480 bytes)', () => {
		let bytes = 0;
		for (let i = 0; i < 10_000; i++) bytes += Buffer.byteLength(jetstreamEvent(source, i));
		expect(bytes / 10_000).toBeGreaterThan(400);
		expect(bytes / 10_000).toBeLessThan(600);
	});

	it('parses --mix and rejects nonsense', () => {
		expect(parseMix('like=1,post=1')).toMatchObject({like: 0.5, post: 0.5, block: 0});
		expect(() => parseMix('likes=1')).toThrow(/unknown kind "likes"/);
		expect(() => parseMix('like=-1')).toThrow(/share >= 0/);
		expect(() => parseMix('like=0')).toThrow(/at least one kind/);
	});

	it('TIDs sort by time', () => {
		expect(tid(1_764_000_000_000_001, 0) > tid(1_764_000_000_000_000, 1023)).toBe(true);
		expect(tid(1_764_000_000_000_000, 0)).toMatch(tidPattern);
	});
});

describe('ReplyCounter', () => {
	it.each([
		['simple replies', ['+OK\r\n+OK\r\n:5\r\n'], 3, 0],
		['split across chunks', ['+O', 'K\r\n$5\r\nhel', 'lo\r\n$-1\r\n'], 3, 0],
		['errors', ['+OK\r\n-OOM command not allowed\r\n'], 2, 1],
		['nested arrays', ['*2\r\n*1\r\n$1\r\na\r\n:1\r\n+OK\r\n'], 2, 0],
	])('%s', (_name, chunks, replies, errors) => {
		const counter = new ReplyCounter();
		for (const chunk of chunks) counter.push(Buffer.from(chunk));
		expect(counter.replies).toBe(replies);
		expect(counter.errors).toBe(errors);
	});
});
