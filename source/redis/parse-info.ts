/** The raw INFO reply as sections of string fields; nothing is interpreted here. */
export type InfoText = {
	readonly sections: ReadonlyMap<string, ReadonlyMap<string, string>>;
	/** All fields of all sections; the later section wins on the (rare) duplicate name. */
	readonly fields: ReadonlyMap<string, string>;
};

export type KeyspaceDb = {
	readonly db: number;
	readonly keys: number;
	readonly expires: number;
	readonly avgTtlMs: number | undefined;
};

export function parseInfo(text: string): InfoText {
	const sections = new Map<string, Map<string, string>>();
	const fields = new Map<string, string>();
	let current = sections.get('default') ?? new Map<string, string>();
	for (const rawLine of text.split('\n')) {
		const line = rawLine.replace(/\r$/, '');
		if (line === '') continue;
		if (line.startsWith('#')) {
			const name = line.slice(1).trim().toLowerCase();
			current = sections.get(name) ?? new Map<string, string>();
			sections.set(name, current);
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const key = line.slice(0, colon);
		const value = line.slice(colon + 1);
		current.set(key, value);
		fields.set(key, value);
	}
	return {sections, fields};
}

/** A number field, or undefined when absent or not a finite number. */
export function infoNumber(info: InfoText, key: string): number | undefined {
	const value = info.fields.get(key);
	if (value === undefined || value.trim() === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

export function infoString(info: InfoText, key: string): string | undefined {
	return info.fields.get(key);
}

/** `0`/`1` flags and `ok`/`err` style fields as booleans. */
export function infoFlag(info: InfoText, key: string): boolean | undefined {
	const value = info.fields.get(key);
	if (value === '1' || value === 'yes') return true;
	if (value === '0' || value === 'no') return false;
	return undefined;
}

/** `db0:keys=1,expires=0,avg_ttl=0` lines, in db order. */
export function parseKeyspace(info: InfoText): KeyspaceDb[] {
	const section = info.sections.get('keyspace');
	if (!section) return [];
	const dbs: KeyspaceDb[] = [];
	for (const [key, value] of section) {
		const match = /^db(\d+)$/.exec(key);
		if (!match) continue;
		const parts = new Map(value.split(',').map(part => {
			const [name = '', number = ''] = part.split('=');
			return [name, Number(number)] as const;
		}));
		const keys = parts.get('keys');
		if (keys === undefined || !Number.isFinite(keys)) continue;
		const expires = parts.get('expires');
		const avgTtl = parts.get('avg_ttl');
		dbs.push({
			db: Number(match[1]),
			keys,
			expires: expires !== undefined && Number.isFinite(expires) ? expires : 0,
			avgTtlMs: avgTtl !== undefined && Number.isFinite(avgTtl) ? avgTtl : undefined,
		});
	}
	return dbs.sort((a, b) => a.db - b.db);
}
