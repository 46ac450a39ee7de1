/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same events on every machine. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** A per-event seed from the run seed and the event's index: event i can be rebuilt alone (verification). */
export function eventSeed(seed: number, index: number): number {
	let h = (seed ^ 0x9e3779b9) >>> 0;
	h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
	return (h ^ (h >>> 16)) >>> 0;
}

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';
const sortableBase32 = '234567abcdefghijklmnopqrstuvwxyz';

/** `length` base32 characters, six from each 30 random bits (the generator's hot path). */
export function randomBase32(random: () => number, length: number): string {
	let out = '';
	let bits = 0;
	let left = 0;
	for (let i = 0; i < length; i++) {
		if (left === 0) {
			bits = Math.floor(random() * 1_073_741_824);
			left = 6;
		}
		out += base32[bits & 31];
		bits >>>= 5;
		left--;
	}
	return out;
}

/**
 * An atproto TID: 13 sortable-base32 characters of (microseconds << 10 | clock id), computed in two
 * parts so no BigInt is needed: the low two digits come from the clock id, the other eleven from µs.
 */
export function tid(timeUs: number, clockId: number): string {
	const clock = clockId & 1023;
	let us = Math.floor(timeUs);
	let high = '';
	for (let i = 0; i < 11; i++) {
		high = sortableBase32[us % 32]! + high;
		us = Math.floor(us / 32);
	}
	return high + sortableBase32[clock >> 5]! + sortableBase32[clock & 31]!;
}

export const did = (random: () => number): string => `did:plc:${randomBase32(random, 24)}`;
/** A CIDv1 (dag-cbor, sha-256) in base32, as Jetstream prints them. */
export const cid = (random: () => number): string => `bafyrei${randomBase32(random, 52)}`;
