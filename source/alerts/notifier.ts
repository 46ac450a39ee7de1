import {appendFile} from 'node:fs/promises';
import {sleep} from '../collectors/sleep.js';
import {errorMessage} from '../errors.js';
import type {AlertEvent} from './engine.js';
import {slackPayload, type SlackPayload} from './slack-message.js';

export type DeliveryResult = {readonly ok: boolean; readonly status: number | undefined; readonly detail: string};

/** One POST to a Slack incoming webhook; never throws. */
export async function postToSlack(webhookUrl: string, payload: SlackPayload, timeoutMs = 10_000): Promise<DeliveryResult & {retryAfterMs: number | undefined}> {
	try {
		const response = await fetch(webhookUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs)});
		const body = (await response.text().catch(() => '')).slice(0, 200);
		const retryAfter = Number(response.headers.get('retry-after'));
		return {ok: response.ok, status: response.status, detail: `HTTP ${response.status}${body ? ` ${body}` : ''}`, retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined};
	} catch (error) {
		const cause = (error as {cause?: {code?: string}}).cause?.code;
		return {ok: false, status: undefined, detail: cause === 'ECONNREFUSED' ? 'connection refused' : errorMessage(error), retryAfterMs: undefined};
	}
}

export type NotifierOptions = {
	readonly webhookUrl?: string | undefined;
	readonly alertLog?: string | undefined;
	/** Do not send the same alert again within this time, unless it escalated. */
	readonly repeatIntervalMs?: number;
	/** Events that arrive within this window go out as one message. */
	readonly groupWindowMs?: number;
	readonly maxAttempts?: number;
	readonly backoffMs?: number;
	readonly now?: () => number;
};

/**
 * Delivers alert events to Slack and an optional JSON-lines log, in the background: `notify`
 * returns at once, so neither the UI nor the poll loop ever waits on Slack. 429 honours
 * Retry-After; 5xx and network errors retry with backoff, then give up, and the error is kept in
 * `lastError` for the UI to show. Nothing here throws.
 */
export class Notifier {
	lastError: string | undefined;
	delivered = 0;
	private pending: AlertEvent[] = [];
	private timer: NodeJS.Timeout | undefined;
	private readonly lastSentMs = new Map<string, number>();
	private chain: Promise<void> = Promise.resolve();
	private readonly o: Required<Omit<NotifierOptions, 'webhookUrl' | 'alertLog'>> & NotifierOptions;

	constructor(options: NotifierOptions, private readonly signal?: AbortSignal) {
		this.o = {repeatIntervalMs: 3_600_000, groupWindowMs: 2000, maxAttempts: 5, backoffMs: 1000, now: Date.now, ...options};
	}

	get isSlackConfigured(): boolean {
		return this.o.webhookUrl !== undefined;
	}

	notify(events: readonly AlertEvent[]): void {
		if (events.length === 0) return;
		if (this.o.alertLog) {
			const lines = events.map(e => JSON.stringify({kind: e.kind, at: new Date(e.atMs).toISOString(), ...e.alert, since: new Date(e.alert.sinceMs).toISOString()})).join('\n');
			appendFile(this.o.alertLog, `${lines}\n`).catch(error => {
				this.lastError = `alert log: ${errorMessage(error)}`;
			});
		}
		if (!this.o.webhookUrl) return;
		const now = this.o.now();
		for (const event of events) {
			const last = this.lastSentMs.get(event.alert.id);
			const isRepeat = event.kind === 'firing' && last !== undefined && now - last < this.o.repeatIntervalMs;
			if (isRepeat) continue;
			if (event.kind !== 'resolved') this.lastSentMs.set(event.alert.id, now);
			this.pending.push(event);
		}
		if (this.pending.length > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.o.groupWindowMs);
	}

	/** Waits for everything queued so far (for tests and a clean exit), at most `timeoutMs`. */
	async drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.flush();
		}
		if (!Number.isFinite(timeoutMs)) return this.chain;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([this.chain, new Promise(resolve => {
			timer = setTimeout(resolve, timeoutMs);
		})]);
		clearTimeout(timer);
	}

	private flush(): void {
		this.timer = undefined;
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		this.chain = this.chain.then(() => this.deliver(batch));
	}

	private async deliver(batch: readonly AlertEvent[]): Promise<void> {
		const payload = slackPayload(batch, this.o.now());
		for (let attempt = 1; attempt <= this.o.maxAttempts && !this.signal?.aborted; attempt++) {
			const result = await postToSlack(this.o.webhookUrl!, payload);
			if (result.ok) {
				this.delivered++;
				this.lastError = undefined;
				return;
			}
			this.lastError = `Slack: ${result.detail}${attempt < this.o.maxAttempts ? ', retrying' : ', gave up'}`;
			const isRetryable = result.status === undefined || result.status === 429 || result.status >= 500;
			if (!isRetryable) return;
			const waitMs = result.status === 429 && result.retryAfterMs !== undefined ? result.retryAfterMs : Math.min(30_000, this.o.backoffMs * 2 ** (attempt - 1));
			await sleep(waitMs, this.signal);
		}
	}
}
