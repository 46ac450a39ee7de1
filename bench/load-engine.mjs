#!/usr/bin/env node
// The load engine against redis-benchmark on the same sandbox server, in the same run:
//  1. the engine writing one fixed value (what redis-benchmark does): the transport alone;
//  2. the engine writing generated Jetstream events: what capacity and pressure get;
//  3. redis-benchmark -t set -P 16 -d <mean event size>;
//  4. the event generator alone.
// BENCH_EVENTS (default 500000) per measurement; BENCH_CAPACITY=1 also times a default capacity run.
import {execFileSync} from 'node:child_process';
import {startSandbox} from '../dist/sandbox/sandbox.js';
import {loadEvents} from '../dist/scenarios/load/engine.js';
import {generatedFeed} from '../dist/scenarios/events/source.js';
import {defaultMix} from '../dist/scenarios/events/jetstream.js';

const events = Number(process.env.BENCH_EVENTS ?? 500_000);
const feed = generatedFeed({seed: 1, mix: defaultMix, ingestRate: 93.75});
let bytes = 0;
const genStarted = performance.now();
for (let i = 0; i < events; i++) bytes += Buffer.byteLength(feed.event(i));
const generatorPerSec = events / ((performance.now() - genStarted) / 1000);
const meanBytes = Math.round(bytes / events);

// The repo's redis.conf (AOF everysec included), as operators run it.
const sandbox = await startSandbox();
const cli = (...args) => execFileSync('redis-cli', ['-p', String(sandbox.port), ...args], {encoding: 'utf8'});
/** Empty server, compacted AOF, no rewrite running: every measurement starts from the same state. */
const flush = () => {
	cli('FLUSHALL');
	cli('BGREWRITEAOF');
	for (let i = 0; i < 200; i++) {
		const info = cli('INFO', 'persistence');
		if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) break;
		execFileSync('sleep', ['0.05']);
	}
};
const fixed = 'x'.repeat(meanBytes);
try {
	const run = async (event, prefix) => {
		flush();
		return loadEvents({target: sandbox.target, prefix, layout: 'key', from: 0, to: events, batch: 1000, connections: Number(process.env.BENCH_CONNECTIONS ?? 2), event, signal: new AbortController().signal});
	};
	const benchmark = () => {
		flush();
		const output = execFileSync('redis-benchmark', ['-p', String(sandbox.port), '-t', 'set', '-P', '16', '-c', '8', '-d', String(meanBytes), '-n', String(events), '-r', String(events), '-q'], {encoding: 'utf8'});
		return Number(/SET: ([\d.]+) requests per second/.exec(output)[1]);
	};
	// Interleaved, best of two each: the machine is noisy, and order must not decide the ratio.
	const rounds = [];
	for (let round = 0; round < 2; round++) rounds.push({benchmark: benchmark(), transport: await run(() => fixed, 'bench:fixed:'), generated: await run(feed.event, 'bench:events:')});
	const benchmarkPerSec = Math.max(...rounds.map(r => r.benchmark));
	const transport = rounds.map(r => r.transport).sort((a, b) => b.eventsPerSec - a.eventsPerSec)[0];
	const generated = rounds.map(r => r.generated).sort((a, b) => b.eventsPerSec - a.eventsPerSec)[0];
	flush();
	const result = {
		events, meanEventBytes: meanBytes,
		redisBenchmarkSetPerSec: Math.round(benchmarkPerSec),
		engineFixedValuePerSec: Math.round(transport.eventsPerSec),
		engineGeneratedEventsPerSec: Math.round(generated.eventsPerSec),
		generatorAlonePerSec: Math.round(generatorPerSec),
		ratioFixed: Number((transport.eventsPerSec / benchmarkPerSec).toFixed(2)),
		ratioGenerated: Number((generated.eventsPerSec / benchmarkPerSec).toFixed(2)),
	};
	if (process.env.BENCH_CAPACITY) {
		const started = performance.now();
		execFileSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'run', 'capacity', sandbox.url, '--report-dir', '/tmp/redtop-bench-reports'], {stdio: 'ignore'});
		result.defaultCapacityRunSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
	}
	console.log(JSON.stringify(result, null, 2));
	console.log(`${result.ratioFixed >= 0.9 ? 'meets' : 'MISSES'} target: load engine >= 0.9 x redis-benchmark (fixed value: ${result.ratioFixed}, generated events: ${result.ratioGenerated})`);
} finally {
	await sandbox.stop();
}
