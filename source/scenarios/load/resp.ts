import {connect as tcpConnect, type Socket} from 'node:net';
import {connect as tlsConnect} from 'node:tls';
import type {Target} from '../../redis/target.js';

/** One command as RESP, appended to `parts` (no intermediate objects in the hot loop). */
export function encodeCommand(parts: string[], args: readonly string[]): void {
	parts.push(`*${args.length}\r\n`);
	for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n`, arg, '\r\n');
}

/**
 * Counts complete top-level RESP2 replies in a byte stream and keeps the first error. Replies may
 * be split across chunks; only what is needed to find reply boundaries is parsed.
 */
export class ReplyCounter {
	replies = 0;
	errors = 0;
	firstError: string | undefined;
	private buffer: Buffer = Buffer.alloc(0);

	push(chunk: Buffer): void {
		this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
		let offset = 0;
		for (;;) {
			const end = this.element(offset);
			if (end < 0) break;
			this.replies++;
			if (this.buffer[offset] === 45) {
				this.errors++;
				this.firstError ??= this.buffer.toString('utf8', offset + 1, this.buffer.indexOf('\r\n', offset));
			}
			offset = end;
		}
		this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
	}

	/** Where the element at `offset` ends, or -1 when it is not complete yet. */
	private element(offset: number): number {
		const b = this.buffer;
		if (offset >= b.length) return -1;
		const lineEnd = b.indexOf('\r\n', offset);
		if (lineEnd < 0) return -1;
		const type = b[offset];
		if (type === 36) {
			const length = Number(b.toString('latin1', offset + 1, lineEnd));
			if (length < 0) return lineEnd + 2;
			const end = lineEnd + 2 + length + 2;
			return end > b.length ? -1 : end;
		}
		if (type === 42) {
			const count = Number(b.toString('latin1', offset + 1, lineEnd));
			let at = lineEnd + 2;
			for (let i = 0; i < count; i++) {
				at = this.element(at);
				if (at < 0) return -1;
			}
			return at;
		}
		return lineEnd + 2;
	}
}

/** A raw connection for the load engine: AUTH and SELECT first, as redis-cli would. */
export async function openLoadSocket(target: Target): Promise<Socket> {
	const socket: Socket = target.isTls
		? tlsConnect({host: target.host, port: target.port, servername: target.host})
		: tcpConnect({host: target.host, port: target.port});
	socket.setNoDelay(true);
	await new Promise<void>((resolve, reject) => {
		socket.once(target.isTls ? 'secureConnect' : 'connect', () => resolve());
		socket.once('error', reject);
	});
	const setup: string[] = [];
	if (target.password !== undefined) encodeCommand(setup, target.username ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
	if (target.db !== 0) encodeCommand(setup, ['SELECT', String(target.db)]);
	if (setup.length > 0) {
		const counter = new ReplyCounter();
		const expected = (target.password !== undefined ? 1 : 0) + (target.db !== 0 ? 1 : 0);
		await new Promise<void>((resolve, reject) => {
			const onData = (chunk: Buffer) => {
				counter.push(chunk);
				if (counter.replies >= expected) {
					socket.off('data', onData);
					if (counter.errors > 0) reject(new Error(counter.firstError));
					else resolve();
				}
			};
			socket.on('data', onData);
			socket.write(setup.join(''));
		});
	}
	return socket;
}
