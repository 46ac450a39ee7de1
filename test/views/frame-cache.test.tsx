import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {TargetMonitor} from '../../source/collectors/monitor.js';
import {met001} from '../../source/profiles/met-001.js';
import {FrameCache, inkOutputClass, newCachesOf, type Frame, type InkOutput, type InkOutputClass} from '../../source/views/frame-cache.js';
import {startRedis, waitFor, type TestRedis} from '../helpers/redis.js';
import {keys, stripAnsi} from '../helpers/views.js';

let Output: InkOutputClass;
let inkGet: (this: InkOutput) => Frame;

beforeAll(async () => {
	const found = await inkOutputClass();
	// A newer Ink turns the cache off: this test then says so instead of passing quietly.
	expect(found, 'FrameCache supports the installed Ink').toBeDefined();
	Output = found!;
	inkGet = Output.prototype.get;
});

type Write = readonly [x: number, y: number, text: string, transformers?: Array<(line: string, index: number) => string>];

function output(width: number, height: number, writes: readonly Write[]) {
	const o = new Output({width, height});
	for (const [x, y, text, transformers = []] of writes) o.write(x, y, text, {transformers});
	return o;
}

const red = (s: string) => `\u001B[31m${s}\u001B[39m`;
const bold = (s: string) => `\u001B[1m${s}\u001B[22m`;

describe('FrameCache draws what Ink draws', () => {
	const frames: Array<{name: string; width: number; height: number; writes: readonly Write[]}> = [
		{name: 'plain text and blank rows', width: 20, height: 4, writes: [[0, 0, 'hello'], [3, 2, 'world']]},
		{name: 'colours and nested styles', width: 30, height: 3, writes: [[0, 0, `${red('err')} ok ${bold(red('both'))}`], [0, 1, `a${bold('b')}c`]]},
		{name: 'later writes over earlier ones', width: 10, height: 2, writes: [[0, 0, 'aaaaaaaaaa'], [2, 0, red('XY')], [8, 0, 'Z']]},
		{name: 'wide characters, also at and past the right edge', width: 8, height: 3, writes: [[0, 0, '漢字ab'], [6, 1, '漢字'], [7, 2, '🚀x'], [0, 1, '🚀|'], [4, 1, 'Z']]},
		{name: 'text wider than the frame', width: 5, height: 2, writes: [[2, 0, 'abcdefgh'], [9, 1, 'far']]},
		{name: 'text taller than the frame, and above it', width: 6, height: 3, writes: [[0, 1, 'a\nb\nc\nd'], [0, -1, 'x\ny']]},
		{name: 'transformers get each line and its index', width: 12, height: 3, writes: [[1, 0, '   \n   \n   ', [(line, index) => red(`${index}${line.length}#`)]]]},
		{name: 'box drawing and trailing spaces', width: 12, height: 2, writes: [[0, 0, '╭─ t ─╮   '], [0, 1, `│${red('░░')}│  `]]},
	];
	for (const frame of frames) {
		it(frame.name, () => {
			const cache = new FrameCache(newCachesOf(Output), inkGet);
			const o = output(frame.width, frame.height, frame.writes);
			expect(cache.get(o)).toEqual(inkGet.call(o));
			// Again, now from the previous frame's lines and rows.
			const again = output(frame.width, frame.height, frame.writes);
			expect(cache.get(again)).toEqual(inkGet.call(again));
		});
	}

	it('keeps no stale row or line when frames change and change back', () => {
		const cache = new FrameCache(newCachesOf(Output), inkGet);
		const sequence: Array<readonly Write[]> = [
			[[0, 0, 'abc'], [0, 1, red('same')]],
			[[0, 0, 'abd'], [0, 1, red('same')]],
			[[0, 0, 'abc'], [0, 1, 'same']],
			[[1, 0, 'abc'], [0, 1, red('same')]],
			[],
			[[0, 0, 'abc'], [0, 1, red('same')]],
		];
		for (const writes of sequence) {
			const o = output(10, 2, writes);
			expect(cache.get(o)).toEqual(inkGet.call(o));
		}
	});

	it('leaves clipped frames to Ink', () => {
		let calls = 0;
		const cache = new FrameCache(newCachesOf(Output), function (this: InkOutput) {
			calls++;
			return inkGet.call(this);
		});
		const o = new Output({width: 10, height: 2}) as InkOutput & {clip(clip: object): void; unclip(): void; write(x: number, y: number, text: string, options: object): void};
		o.clip({x1: 2, x2: 5, y1: 0, y2: 1});
		o.write(0, 0, 'abcdefgh', {transformers: []});
		o.unclip();
		expect(cache.get(o)).toEqual(inkGet.call(o));
		expect(calls).toBe(1);
	});
});

class Terminal extends EventEmitter {
	isTTY = true;
	constructor(public columns: number, public rows: number) {
		super();
	}

	write() {
		return true;
	}

	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class Keyboard extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};

	press(data: string) {
		this.data = data;
		this.emit('readable');
	}

	setEncoding() {}
	setRawMode() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
}

describe('FrameCache on the live app against a real redis-server', () => {
	let redis: TestRedis;
	beforeAll(async () => {
		redis = await startRedis({});
	});
	afterAll(async () => {
		Output.prototype.get = inkGet;
		await redis?.stop();
	});

	for (const isColor of [true, false]) {
		it(`gives Ink's frame on every redraw (${isColor ? 'colour' : 'NO_COLOR'}), through resizes, help and pause`, async () => {
			const cache = new FrameCache(newCachesOf(Output), inkGet);
			const mismatches: Array<{expected: string; actual: string}> = [];
			let compared = 0;
			// The frames as drawn, not as written: Ink writes nothing until the end when it sees CI=true.
			let lastFrame = '';
			Output.prototype.get = function (this: InkOutput) {
				const expected = inkGet.call(this);
				const actual = cache.get(this);
				compared++;
				lastFrame = expected.output;
				if (actual.output !== expected.output || actual.height !== expected.height) mismatches.push({expected: expected.output, actual: actual.output});
				return expected;
			};
			const terminal = new Terminal(120, 40);
			const keyboard = new Keyboard();
			const controller = new AbortController();
			const monitor = new TargetMonitor(redis.sandbox.target, met001, {intervalMs: 100});
			const running = monitor.run(controller.signal);
			// Traffic, so numbers and charts move from frame to frame.
			let writing = true;
			const traffic = (async () => {
				for (let i = 0; writing; i++) await redis.client.set(`frame-cache:${i % 500}`, 'x'.repeat(i % 300));
			})();
			const app = render(<App monitors={[monitor]} profile={met001} isColor={isColor} />, {stdout: terminal as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false});
			try {
				const drawn = (what: string, accept: (frame: string) => boolean) => waitFor(() => stripAnsi(lastFrame), accept, 10_000, what);
				const framesAfter = async (what: string, count = 5) => {
					const target = compared + count;
					await waitFor(() => compared, n => n >= target, 10_000, what);
				};
				await drawn('live panels', frame => frame.includes('● UP'));
				await framesAfter('frames at 120x40');
				keyboard.press('?');
				await drawn('help', frame => frame.includes('redtop keys'));
				keyboard.press(keys.escape);
				await drawn('help closed', frame => !frame.includes('redtop keys'));
				terminal.resize(80, 24);
				await drawn('the compact layout', frame => /^Memory +\S/m.test(frame) && !frame.includes('╭─ Memory'));
				await framesAfter('frames at 80x24');
				keyboard.press('p');
				await drawn('paused', frame => frame.includes('PAUSED'));
				keyboard.press('p');
				terminal.resize(60, 12);
				await drawn('too small', frame => frame.includes('Terminal too small'));
				terminal.resize(160, 50);
				await drawn('the wide layout', frame => frame.includes('╭─ Memory'));
				await framesAfter('frames at 160x50');
			} finally {
				writing = false;
				app.unmount();
				controller.abort();
				await Promise.all([running, traffic]);
				Output.prototype.get = inkGet;
			}
			expect(mismatches.slice(0, 1)).toEqual([]);
			expect(compared).toBeGreaterThanOrEqual(15);
		});
	}
});
