// What the benches that run redtop in a terminal share: a private tmux server, and a process's CPU
// time and peak RSS from /proc.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/**
 * `tmux(...args)` on a server of this bench's own. tmux leaves a killed server's socket file
 * behind, so the socket lives in a temp dir removed when the bench exits.
 */
export function privateTmux() {
	const socketDir = mkdtempSync(path.join(tmpdir(), 'redtop-tmux-'));
	const socket = path.join(socketDir, 'bench');
	process.on('exit', () => rmSync(socketDir, {recursive: true, force: true}));
	return (...args) => execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'});
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

/** CPU seconds (user + system, all threads) `pid` has used so far. */
export function cpuSeconds(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The most resident memory `pid` has had, in MB. */
export const peakRssMb = pid => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
