import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {cli, configDir} from '../helpers/cli.js';
import {waitFor} from '../helpers/redis.js';

/**
 * The real binary in a real terminal (tmux), as an operator runs it: what is on screen, the keys,
 * and that quitting gives the shell back its screen.
 */
// A tmux server of its own per test: a new session on a socket whose server is still shutting
// down fails with "server exited unexpectedly". The sockets live in a temp dir removed after the
// run (tmux leaves a killed server's socket file behind).
const sockets = mkdtempSync(path.join(tmpdir(), 'redtop-tmux-'));
afterAll(() => rmSync(sockets, {recursive: true, force: true}));
let socket = '';
let sessions = 0;
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'ui');

function start(columns: number, rows: number, env = '') {
	socket = path.join(sockets, `ui-${++sessions}`);
	const command = `${env} REDTOP_CONFIG_DIR=${configDir} node ${cli} --sandbox --interval 250ms; echo "EXITED rc=$?"; sleep 30`;
	tmux('new-session', '-d', '-s', 'ui', '-x', String(columns), '-y', String(rows), command);
}

afterEach(() => {
	try {
		tmux('kill-server');
	} catch {}
});

describe('the live monitor in a terminal', () => {
	it('fits 80x24 without colour and quits on q, restoring the screen', async () => {
		start(80, 24, 'NO_COLOR=1');
		const frame = await waitFor(screen, s => s.includes('● UP') && s.includes('AOF on everysec'), 15_000, 'live panels');
		const lines = frame.split('\n');
		expect(lines[0]).toMatch(/^redtop redis:\/\/127\.0\.0\.1:\d+/);
		for (const title of ['Memory', 'Evictions', 'Ops/sec', 'Latency', 'Clients', 'Persist', 'Keyspace']) expect(frame).toContain(title);
		expect(frame).toContain('q quit');
		tmux('send-keys', '-t', 'ui', 'q');
		const after = await waitFor(screen, s => s.includes('EXITED rc=0'), 10_000, 'exit');
		expect(after).not.toContain('Memory');
	});

	it('draws two columns on a big screen, follows a resize, and quits on Ctrl-C', async () => {
		start(140, 45);
		const frame = await waitFor(screen, s => s.includes('● UP'), 15_000, 'live panels');
		expect(frame.split('\n').some(line => line.includes('Memory') && line.includes('Ops/sec'))).toBe(true);
		tmux('resize-window', '-t', 'ui', '-x', '80', '-y', '24');
		await waitFor(screen, s => /^Memory +(✓ OK|▲ WARN|✖ CRIT|\? N\/A)/m.test(s) && !s.includes('╭─ Memory'), 20_000, 'the compact layout');
		tmux('send-keys', '-t', 'ui', 'C-c');
		await waitFor(screen, s => s.includes('EXITED rc=0'), 20_000, 'exit');
	});

	it('tells a too-small terminal what it needs', async () => {
		start(50, 12);
		await waitFor(screen, s => s.includes('Terminal too small (50x12)'), 15_000, 'the notice');
		tmux('send-keys', '-t', 'ui', 'q');
		await waitFor(screen, s => s.includes('EXITED rc=0'), 10_000, 'exit');
	});
});
