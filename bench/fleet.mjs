#!/usr/bin/env node
// Polling scales: BENCH_TARGETS (default 50) local redis-servers, redtop's fleet view on all of them
// at a 1 s interval for BENCH_SECONDS (default 30) in tmux: CPU % of one core and peak RSS; then
// `redtop watch --json` for 10 s to check every target's sample stays fresh (none falls behind).
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startSandbox} from '../dist/sandbox/sandbox.js';
import {cpuSeconds, peakRssMb, privateTmux} from './process.mjs';

const count = Number(process.env.BENCH_TARGETS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tmux = privateTmux();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const servers = [];
for (let i = 0; i < count; i++) servers.push(await startSandbox({configFile: null, extraConfig: ['save ""', 'maxmemory 64mb']}));
const urls = servers.map(s => s.url);
try {
	tmux('new-session', '-d', '-s', 'fleet', '-x', '160', '-y', '60', `exec ${cli} ${urls.join(' ')} --interval 1s`);
	const pid = Number(tmux('list-panes', '-t', 'fleet', '-F', '#{pane_pid}').trim());
	await sleep(5000);
	const before = cpuSeconds(pid);
	await sleep(seconds * 1000);
	const cpuPercent = ((cpuSeconds(pid) - before) / seconds) * 100;
	const rssMb = peakRssMb(pid);
	const screen = tmux('capture-pane', '-p', '-t', 'fleet');
	tmux('kill-server');

	const watch = spawn(process.execPath, [cli, 'watch', ...urls, '--json', '--interval', '1s', '--status-every', '1s'], {stdio: ['ignore', 'pipe', 'ignore']});
	let out = '';
	watch.stdout.on('data', chunk => {
		out += chunk;
	});
	await sleep(10_000);
	watch.kill('SIGTERM');
	await new Promise(resolve => watch.once('exit', resolve));
	const byTarget = new Map();
	for (const line of out.trim().split('\n')) {
		const status = JSON.parse(line);
		if (status.type !== 'status') continue;
		const list = byTarget.get(status.target) ?? [];
		list.push({printed: list.length, at: Date.parse(status.at), up: status.status === 'up'});
		byTarget.set(status.target, list);
	}
	// The sample each status line shows should be at most ~2 intervals old when printed; compare the
	// newest sample times across targets at the end: a target that fell behind lags the others.
	const newest = [...byTarget.values()].map(list => list.at(-1).at);
	const lagMs = Math.max(...newest) - Math.min(...newest);
	const allUp = [...byTarget.values()].every(list => list.at(-1).up);
	const result = {targets: count, seconds, cpuPercentOfOneCore: Number(cpuPercent.toFixed(2)), peakRssMb: Number(rssMb.toFixed(1)),
		fleetHeader: screen.split('\n')[0].replace(/\s+/g, ' ').trim(), targetsSeenByWatch: byTarget.size, allUp, spreadOfNewestSampleMs: lagMs};
	console.log(JSON.stringify(result, null, 2));
	console.log(`${byTarget.size === count && allUp && lagMs <= 1500 ? 'meets' : 'MISSES'} target: ${count} targets at 1 s without falling behind`);
} finally {
	try {
		tmux('kill-server');
	} catch {}
	await Promise.all(servers.map(s => s.stop()));
}
