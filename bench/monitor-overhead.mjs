#!/usr/bin/env node
// What the live monitor costs the host it watches: redtop's CPU (% of one core), peak RSS and time
// to first frame, for BENCH_SECONDS (default 60) in a BENCH_SIZE terminal (default 120x40) at a 1 s interval against a busy sandbox Redis,
// next to `redis-cli --stat` watching the same server. Needs the built CLI (npm run build) and tmux.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startSandbox} from '../dist/sandbox/sandbox.js';
import {cpuSeconds, peakRssMb, privateTmux} from './process.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const [columns, rows] = (process.env.BENCH_SIZE ?? '120x40').split('x');
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tmux = privateTmux();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const sandbox = await startSandbox();
const load = process.env.BENCH_LOAD === 'off' ? {kill() {}} : spawn('redis-benchmark', ['-p', String(sandbox.port), '-t', 'set,get', '-n', '1000000000', '-c', '2', '-d', '482', '-q'], {stdio: 'ignore'});
const stat = spawn('redis-cli', ['-p', String(sandbox.port), '--stat', '-i', '1'], {stdio: 'ignore'});
try {
	await sleep(1000);
	const startedMs = performance.now();
	tmux('new-session', '-d', '-s', 'bench', '-x', columns, '-y', rows, `exec ${cli} ${sandbox.url} --interval 1s`);
	const pid = Number(tmux('list-panes', '-t', 'bench', '-F', '#{pane_pid}').trim());
	let firstFrameMs;
	let firstDataMs;
	while (firstDataMs === undefined && performance.now() - startedMs < 10_000) {
		const screen = tmux('capture-pane', '-p', '-t', 'bench');
		if (firstFrameMs === undefined && screen.includes('redtop')) firstFrameMs = performance.now() - startedMs;
		if (screen.includes('● UP') && /\d+(\.\d+)?k? now/.test(screen)) firstDataMs = performance.now() - startedMs;
		await sleep(10);
	}
	const warmCpu = cpuSeconds(pid);
	const statCpu0 = cpuSeconds(stat.pid);
	const warmAt = performance.now();
	await sleep(seconds * 1000);
	const elapsed = (performance.now() - warmAt) / 1000;
	const redtopCpu = ((cpuSeconds(pid) - warmCpu) / elapsed) * 100;
	const statCpu = ((cpuSeconds(stat.pid) - statCpu0) / elapsed) * 100;
	const screen = tmux('capture-pane', '-p', '-t', 'bench');
	const ops = /Ops\/sec[^\n]*\n[^\n]*?([\d.,]+k?) now/.exec(screen)?.[1] ?? /([\d.,]+k?) now/.exec(screen)?.[1];
	const result = {
		terminal: `${columns}x${rows}`,
		seconds: Number(elapsed.toFixed(1)),
		serverOpsPerSecShown: ops,
		redtopCpuPercentOfOneCore: Number(redtopCpu.toFixed(2)),
		redtopPeakRssMb: Number(peakRssMb(pid).toFixed(1)),
		timeToFirstFrameMs: firstFrameMs === undefined ? null : Math.round(firstFrameMs),
		timeToFirstDataMs: firstDataMs === undefined ? null : Math.round(firstDataMs),
		redisCliStatCpuPercent: Number(statCpu.toFixed(2)),
		redisCliStatPeakRssMb: Number(peakRssMb(stat.pid).toFixed(1)),
	};
	console.log(JSON.stringify(result, null, 2));
	const verdict = (name, ok) => console.log(`${ok ? 'meets' : 'MISSES'} target: ${name}`);
	verdict('CPU < 2% of one core', result.redtopCpuPercentOfOneCore < 2);
	verdict('peak RSS < 120 MB', result.redtopPeakRssMb < 120);
	verdict('first frame < 1 s', (result.timeToFirstFrameMs ?? Infinity) < 1000);
} finally {
	try {
		tmux('kill-server');
	} catch {}
	load.kill();
	stat.kill();
	await sandbox.stop();
}
