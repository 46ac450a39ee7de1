import {spawn, type ChildProcess} from 'node:child_process';
import {execFileSync} from 'node:child_process';

export const hasCommand = (name: string): boolean => {
	try {
		execFileSync('sh', ['-c', `command -v ${name}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};

/** Runs a command to completion; returns its exit code and output, never throws. */
export function run(command: string, args: readonly string[], options: {cwd?: string} = {}): {code: number; output: string} {
	try {
		const output = execFileSync(command, args, {cwd: options.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		return {code: 0, output};
	} catch (error) {
		const e = error as {status?: number; stdout?: string; stderr?: string};
		return {code: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}`};
	}
}

/** A long-running process the test owns; `stop` ends it and waits. */
export function startProcess(command: string, args: readonly string[]): {process: ChildProcess; log: () => string; stop: () => Promise<void>} {
	const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
	let log = '';
	child.stdout?.on('data', chunk => {
		log += chunk;
	});
	child.stderr?.on('data', chunk => {
		log += chunk;
	});
	return {
		process: child,
		log: () => log,
		stop: () => new Promise(resolve => {
			if (child.exitCode !== null || child.signalCode !== null) {
				resolve();
				return;
			}
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 5000).unref();
		}),
	};
}

export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {signal: AbortSignal.timeout(1000)});
			await response.body?.cancel();
			if (response.ok) return;
		} catch {}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
