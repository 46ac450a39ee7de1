import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {poll} from '../../source/collectors/poll.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('poll', () => {
	it('collects once per interval, never two at a time, and stops on abort', async () => {
		const controller = new AbortController();
		let active = 0;
		let maxActive = 0;
		const samples: number[] = [];
		const collect = async () => {
			active++;
			maxActive = Math.max(maxActive, active);
			await new Promise(resolve => setTimeout(resolve, 300));
			active--;
			return Date.now();
		};
		const done = poll(collect, {signal: controller.signal, intervalMs: () => 1000, onSample: s => samples.push(s), onError: () => {}});
		await vi.advanceTimersByTimeAsync(3500);
		expect(samples).toHaveLength(4);
		expect(samples[1]! - samples[0]!).toBe(1000);
		expect(maxActive).toBe(1);
		controller.abort();
		await done;
		await vi.advanceTimersByTimeAsync(5000);
		expect(samples).toHaveLength(4);
	});

	it('reports errors and keeps going', async () => {
		const controller = new AbortController();
		const errors: unknown[] = [];
		let calls = 0;
		const done = poll(async () => {
			calls++;
			if (calls === 2) throw new Error('boom');
			return calls;
		}, {signal: controller.signal, intervalMs: () => 100, onSample: () => {}, onError: error => errors.push(error)});
		await vi.advanceTimersByTimeAsync(350);
		expect(calls).toBe(4);
		expect(errors).toHaveLength(1);
		controller.abort();
		await done;
	});

	it('picks up a new interval at the next wait', async () => {
		const controller = new AbortController();
		let interval = 1000;
		const times: number[] = [];
		const done = poll(async () => Date.now(), {signal: controller.signal, intervalMs: () => interval, onSample: t => times.push(t), onError: () => {}});
		await vi.advanceTimersByTimeAsync(10);
		interval = 100;
		await vi.advanceTimersByTimeAsync(1300);
		controller.abort();
		await done;
		expect(times[2]! - times[1]!).toBe(100);
	});
});
