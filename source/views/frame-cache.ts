import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {styledCharsToString, type AnsiCode, type StyledChar} from '@alcalzone/ansi-tokenize';

/*
 * Ink 6 draws every frame from nothing: a fresh cell object for each of the terminal's cells, every
 * line of every text tokenized again (Intl.Segmenter, a new object per character), every row turned
 * back into a string. At 120x40 that is most of what the monitor costs the host it watches, and
 * nearly all of it repeats the previous frame: borders, labels, most chart rows.
 *
 * FrameCache is the same `Output.get` with memory between frames: the tokenized lines of the last
 * frame are kept (a line not drawn for a whole frame is dropped, so the cache stays a frame's
 * size), blank cells share one object, character widths are remembered, and a row whose cells are
 * the same objects as last frame's reuses last frame's string. The result is the same string,
 * character for character (test/views/frame-cache.test.tsx checks it against Ink's own `get` on
 * every frame of the live app). It is installed only over the Ink version it was written against;
 * any other version keeps Ink's own `get`.
 */

type Transformer = (line: string, index: number) => string;
type Write = {readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[]};
type Operation = Write | {readonly type: 'clip' | 'unclip'};
/** Ink's per-frame caches (its OutputCaches): the tokenizer and the width function, as Ink calls them. */
type InkCaches = {
	readonly styledChars: Map<string, StyledChar[]>;
	readonly widths: Map<string, number>;
	getStyledChars(line: string): StyledChar[];
	getStringWidth(text: string): number;
};
/** The parts of an Ink 6.8 `Output` this file relies on. */
export type InkOutput = {readonly width: number; readonly height: number; readonly operations: readonly Operation[]; readonly caches: InkCaches};
export type Frame = {readonly output: string; readonly height: number};
export type InkOutputClass = {
	new (options: {width: number; height: number}): InkOutput & {write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void};
	readonly prototype: {get(this: InkOutput): Frame};
};

/** The Ink versions whose `Output` this was written against and tested with. */
const inkVersions = /^6\.8\./;
/** Distinct characters whose width is remembered before the table starts again. */
const widthLimit = 10_000;
const blank: StyledChar = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) as unknown as AnsiCode[]});

const sameCells = (a: readonly StyledChar[], b: readonly StyledChar[] | undefined): boolean => {
	if (b === undefined || a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
};

export class FrameCache {
	/** Lines tokenized for the frame being drawn, and for the one before. */
	private current: InkCaches;
	private previous: InkCaches;
	private widths: InkCaches;
	private rows: StyledChar[][] = [];
	private strings: string[] = [];

	/** `newCaches` makes one of Ink's own per-frame caches; `original` is Ink's `get`, used for what this does not handle (clipping). */
	constructor(private readonly newCaches: () => InkCaches, private readonly original: (this: InkOutput) => Frame) {
		this.current = newCaches();
		this.previous = newCaches();
		this.widths = newCaches();
	}

	get(output: InkOutput): Frame {
		const writes = output.operations.filter((operation): operation is Write => operation.type === 'write');
		if (writes.length !== output.operations.length) return this.original.call(output);
		const {width, height} = output;
		const grid: StyledChar[][] = [];
		for (let y = 0; y < height; y++) grid.push(new Array<StyledChar>(width).fill(blank));
		// The same walk as Ink's: a line above or below the grid is skipped without moving down.
		for (const {x, y, text, transformers} of writes) {
			const lines = text.split('\n');
			let offsetY = 0;
			for (let index = 0; index < lines.length; index++) {
				const row = grid[y + offsetY];
				if (!row) continue;
				let line = lines[index]!;
				for (const transform of transformers) line = transform(line, index);
				let offsetX = x;
				for (const character of this.styledChars(line)) {
					row[offsetX] = character;
					const columns = this.width(character.value);
					for (let extra = 1; extra < columns; extra++) row[offsetX + extra] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
					offsetX += columns;
				}
				offsetY++;
			}
		}
		const strings = grid.map((row, y) => (sameCells(row, this.rows[y]) ? this.strings[y]! : styledCharsToString(row.length === width ? row : row.filter(cell => cell !== undefined)).trimEnd()));
		this.rows = grid;
		this.strings = strings;
		this.previous = this.current;
		this.current = this.newCaches();
		return {output: strings.join('\n'), height: grid.length};
	}

	private styledChars(line: string): StyledChar[] {
		const {current, previous} = this;
		let chars = current.styledChars.get(line);
		if (chars !== undefined) return chars;
		chars = previous.styledChars.get(line);
		if (chars === undefined) return current.getStyledChars(line);
		current.styledChars.set(line, chars);
		return chars;
	}

	private width(character: string): number {
		if (this.widths.widths.size > widthLimit) this.widths = this.newCaches();
		return Math.max(1, this.widths.getStringWidth(character));
	}
}

/** Ink's `Output` class, when the installed Ink is one this was written for. */
export async function inkOutputClass(): Promise<InkOutputClass | undefined> {
	const entry = pathToFileURL(createRequire(import.meta.url).resolve('ink'));
	const {version} = JSON.parse(readFileSync(new URL('../package.json', entry), 'utf8')) as {version?: string};
	if (!inkVersions.test(version ?? '')) return undefined;
	// The same URL Ink itself imports, so the same class.
	const {default: Output} = (await import(new URL('output.js', entry).href)) as {default: InkOutputClass};
	return typeof Output?.prototype?.get === 'function' ? Output : undefined;
}

export const newCachesOf = (Output: InkOutputClass) => (): InkCaches => new Output({width: 0, height: 0}).caches;

const installed = Symbol.for('redtop.frameCache');

/**
 * Puts a FrameCache behind Ink's `Output.get` for this process. Returns false (and changes nothing)
 * when the installed Ink is not one it was written for; the app then draws with Ink's own `get`.
 */
export async function installFrameCache(): Promise<boolean> {
	const Output = await inkOutputClass().catch(() => undefined);
	if (Output === undefined) return false;
	const prototype = Output.prototype as {get(this: InkOutput): Frame; [installed]?: true};
	if (prototype[installed]) return true;
	const cache = new FrameCache(newCachesOf(Output), prototype.get);
	prototype.get = function (this: InkOutput) {
		return cache.get(this);
	};
	prototype[installed] = true;
	return true;
}
