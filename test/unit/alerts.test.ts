import {describe, expect, it} from 'vitest';
import {AlertEngine, type AlertEvent} from '../../source/alerts/engine.js';
import {slackPayload} from '../../source/alerts/slack-message.js';
import {met001} from '../../source/profiles/met-001.js';
import type {Profile} from '../../source/profiles/profile.js';
import {makeStatus} from '../helpers/views.js';

const mib = 1024 * 1024;
/** Memory at a given % of a 100 MiB maxmemory; `down` for an unreachable server. */
const at = (percent: number | 'down') => percent === 'down'
	? makeStatus({}, {state: {kind: 'down', sinceMs: 0, reason: 'connection refused'}})
	: makeStatus({usedMemoryBytes: percent * mib, usedMemoryRssBytes: percent * mib, maxMemoryBytes: 100 * mib});

const holds = (forSeconds: number, resolveSeconds: number): Profile =>
	({...met001, alertHolds: Object.fromEntries(Object.entries(met001.alertHolds).map(([k]) => [k, {forSeconds, resolveSeconds}])) as Profile['alertHolds']});

/** Feeds one status per second; returns "second:kind:severity" for every memory event. */
function run(profile: Profile, sequence: ReadonlyArray<number | 'down'>): string[] {
	const engine = new AlertEngine(profile);
	const out: string[] = [];
	sequence.forEach((value, second) => {
		for (const e of engine.update(at(value), second * 1000)) if (e.alert.metric === 'memory' || e.alert.metric === 'connection') out.push(`${second}:${e.kind}:${e.alert.metric}:${e.alert.severity}`);
	});
	return out;
}

describe('AlertEngine', () => {
	it.each([
		['fires after the hold time at the paging threshold (90%), not the panel one (80%)', holds(3, 3), [50, 85, 85, 85, 85, 92, 92, 92, 92], ['8:firing:memory:warn']],
		['a value that hovers at the threshold never fires', holds(3, 3), [92, 50, 92, 50, 92, 50, 92, 50], []],
		['escalates from warn to critical, once', holds(0, 3), [92, 96, 96, 92, 96], ['0:firing:memory:warn', '1:escalated:memory:critical']],
		['resolves only after the resolve time of ok', holds(0, 3), [96, 50, 50, 96, 50, 50, 50, 50], ['0:firing:memory:critical', '7:resolved:memory:critical']],
		['no flapping while hovering after firing', holds(0, 5), [96, 50, 96, 50, 96, 50, 96], ['0:firing:memory:critical']],
		['down fires the connection alert', holds(0, 0), ['down', 'down', 50], ['0:firing:connection:critical', '2:resolved:connection:critical']],
	] as const)('%s', (_name, profile, sequence, expected) => {
		expect(run(profile, sequence)).toEqual(expected);
	});

	it('keeps what the alert needs: value, threshold, target, since, hint', () => {
		const engine = new AlertEngine(holds(0, 0));
		engine.update(at(50), 0);
		const [event] = engine.update(at(97), 5000).filter(e => e.alert.metric === 'memory');
		expect(event!.alert).toMatchObject({target: 'redis://127.0.0.1:6379', severity: 'critical', value: 'memory 97.0% of maxmemory',
			threshold: '90% warn / 95% critical', sinceMs: 5000});
		expect(event!.alert.hint).toMatch(/consume faster/);
		expect(engine.active().map(a => a.metric)).toContain('memory');
	});

	it('uses the met-001 hold times', () => {
		const engine = new AlertEngine(met001);
		const fired = (seconds: number) => engine.update(at(96), seconds * 1000).filter(e => e.alert.metric === 'memory');
		expect(fired(0)).toEqual([]);
		expect(fired(60)).toEqual([]);
		expect(fired(120)).toHaveLength(1);
	});
});

describe('Slack message', () => {
	const event = (kind: AlertEvent['kind'], severity: 'warn' | 'critical'): AlertEvent => ({kind, atMs: 60_000, alert: {id: 'x', target: 'redis://h:6379', metric: 'memory',
		severity, value: 'memory 96.0% of maxmemory', threshold: '90% warn / 95% critical', sinceMs: 0, hint: 'consume faster'}});

	it.each([
		['firing', 'critical', 'danger', ':rotating_light: CRITICAL: memory on redis://h:6379'],
		['firing', 'warn', 'warning', ':warning: WARNING: memory on redis://h:6379'],
		['escalated', 'critical', 'danger', ':rotating_light: CRITICAL (escalated): memory on redis://h:6379'],
		['resolved', 'critical', 'good', ':white_check_mark: RESOLVED: memory on redis://h:6379'],
	] as const)('%s %s', (kind, severity, color, title) => {
		const payload = slackPayload([event(kind, severity)], 60_000);
		expect(payload.attachments[0]).toMatchObject({color, title});
		expect(payload.text).toBe(title);
		if (kind !== 'resolved') expect(payload.attachments[0]!.text).toContain('memory 96.0% of maxmemory* (threshold: 90% warn / 95% critical)\nSince 1970-01-01T00:00:00.000Z (1m00s)\nCheck: consume faster');
	});

	it('groups several events into one message', () => {
		const payload = slackPayload([event('firing', 'critical'), event('firing', 'warn'), event('resolved', 'warn')], 0);
		expect(payload.text).toBe('redtop: 2 alert(s) firing, 1 resolved');
		expect(payload.attachments).toHaveLength(3);
	});
});
