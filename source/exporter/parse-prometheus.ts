/** One sample of the Prometheus text exposition format (0.0.4). */
export type PromSample = {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
	readonly timestampMs: number | undefined;
};

export type PromText = {
	readonly samples: readonly PromSample[];
	readonly types: ReadonlyMap<string, string>;
	readonly help: ReadonlyMap<string, string>;
	/** Lines that could not be read; they are skipped, never fatal. */
	readonly invalidLines: number;
};

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseValue(text: string): number | undefined {
	switch (text) {
		case 'NaN': return Number.NaN;
		case '+Inf':
		case 'Inf': return Number.POSITIVE_INFINITY;
		case '-Inf': return Number.NEGATIVE_INFINITY;
		default: {
			if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
			return Number(text);
		}
	}
}

function unescapeHelp(text: string): string {
	return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Parses `{a="x",b="y\"z"}` starting at `start` (the `{`); returns the labels and the index after `}`. */
function parseLabels(line: string, start: number): {labels: Record<string, string>; end: number} | undefined {
	const labels: Record<string, string> = {};
	let i = start + 1;
	for (;;) {
		while (line[i] === ' ' || line[i] === '\t') i++;
		if (line[i] === '}') return {labels, end: i + 1};
		const name = labelNamePattern.exec(line.slice(i))?.[0];
		if (!name) return undefined;
		i += name.length;
		while (line[i] === ' ') i++;
		if (line[i] !== '=') return undefined;
		i++;
		while (line[i] === ' ') i++;
		if (line[i] !== '"') return undefined;
		i++;
		let value = '';
		for (;;) {
			const c = line[i];
			if (c === undefined) return undefined;
			if (c === '"') break;
			if (c === '\\') {
				const next = line[i + 1];
				if (next === 'n') value += '\n';
				else if (next === '\\' || next === '"') value += next;
				else return undefined;
				i += 2;
				continue;
			}
			value += c;
			i++;
		}
		i++;
		labels[name] = value;
		while (line[i] === ' ') i++;
		if (line[i] === ',') i++;
		else if (line[i] !== '}') return undefined;
	}
}

function parseSampleLine(line: string): PromSample | undefined {
	const name = namePattern.exec(line)?.[0];
	if (!name) return undefined;
	let i = name.length;
	let labels: Record<string, string> = {};
	if (line[i] === '{') {
		const parsed = parseLabels(line, i);
		if (!parsed) return undefined;
		labels = parsed.labels;
		i = parsed.end;
	}
	const rest = line.slice(i).trim().split(/\s+/);
	if (rest.length < 1 || rest.length > 2 || rest[0] === '') return undefined;
	const value = parseValue(rest[0]!);
	if (value === undefined) return undefined;
	let timestampMs: number | undefined;
	if (rest[1] !== undefined) {
		if (!/^-?\d+$/.test(rest[1])) return undefined;
		timestampMs = Number(rest[1]);
	}
	return {name, labels, value, timestampMs};
}

/** Never throws: malformed lines are counted in `invalidLines` and skipped. */
export function parsePrometheusText(text: string): PromText {
	const samples: PromSample[] = [];
	const types = new Map<string, string>();
	const help = new Map<string, string>();
	let invalidLines = 0;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\r$/, '').trim();
		if (line === '') continue;
		if (line.startsWith('#')) {
			const match = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line);
			if (match?.[1] === 'TYPE') types.set(match[2]!, (match[3] ?? '').trim());
			else if (match?.[1] === 'HELP') help.set(match[2]!, unescapeHelp(match[3] ?? ''));
			continue;
		}
		const sample = parseSampleLine(line);
		if (sample) samples.push(sample);
		else invalidLines++;
	}
	return {samples, types, help, invalidLines};
}

/** The first sample of `name` whose labels include `match`. */
export function findSample(text: PromText, name: string, match: Readonly<Record<string, string>> = {}): PromSample | undefined {
	return text.samples.find(s => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

export function sampleValue(text: PromText, name: string, match?: Readonly<Record<string, string>>): number | undefined {
	const value = findSample(text, name, match)?.value;
	return value === undefined || Number.isNaN(value) ? undefined : value;
}
