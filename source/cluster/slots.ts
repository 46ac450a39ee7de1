/** Which of the 16,384 slots a key hashes to: CRC16 (XMODEM) of the key, or of its {hash tag}. */

const table = (() => {
	const t = new Uint16Array(256);
	for (let i = 0; i < 256; i++) {
		let crc = i << 8;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x80_00 ? (crc << 1) ^ 0x10_21 : crc << 1;
		t[i] = crc & 0xFF_FF;
	}
	return t;
})();

function crc16(bytes: Uint8Array): number {
	let crc = 0;
	for (const byte of bytes) crc = ((crc << 8) & 0xFF_FF) ^ table[((crc >> 8) ^ byte) & 0xFF]!;
	return crc;
}

const encoder = new TextEncoder();

/** Redis's rule: hash only what is between the first `{` and the next `}`, when that is not empty. */
export function keySlot(key: string): number {
	const open = key.indexOf('{');
	if (open >= 0) {
		const close = key.indexOf('}', open + 1);
		if (close > open + 1) key = key.slice(open + 1, close);
	}
	return crc16(encoder.encode(key)) % 16_384;
}

/**
 * Hash tags that land on each owner: `perOwner` tags for every owner in `owners` (slot → owner),
 * found by trying `p0`, `p1`, … in turn. Keys that must stay together share a tag; tags spread
 * over owners spread the keys over the masters.
 */
export function tagsPerOwner(owners: ReadonlyArray<string | undefined>, perOwner: number): Map<string, string[]> {
	const wanted = new Set(owners.filter((o): o is string => o !== undefined));
	const tags = new Map<string, string[]>([...wanted].map(owner => [owner, []]));
	for (let i = 0; i < 1_000_000 && [...tags.values()].some(list => list.length < perOwner); i++) {
		const tag = `p${i}`;
		const list = tags.get(owners[keySlot(tag)] ?? '');
		if (list && list.length < perOwner) list.push(tag);
	}
	return tags;
}
