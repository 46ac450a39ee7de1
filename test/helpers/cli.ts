import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll} from 'vitest';

export const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** Each test file's own settings dir: the CLI under test never reads the user's settings. */
export const configDir = mkdtempSync(path.join(tmpdir(), 'redtop-e2e-conf-'));
afterAll(() => rmSync(configDir, {recursive: true, force: true}));

export type Run = {code: number; stdout: string; stderr: string};

/** Runs the built CLI to completion with a clean environment (PATH, the test settings dir, and `env`). */
export function redtop(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {env: {PATH: process.env['PATH'], REDTOP_CONFIG_DIR: configDir, ...env}, timeout: 30_000}, (error, stdout, stderr) => {
			const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
			resolve({code, stdout, stderr});
		});
	});
}
