import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runConfig} from '../../source/commands/config.js';
import {openSettingsStore, rememberTarget} from '../../source/settings/conf-store.js';
import {parseDurationMs, parseIntervalMs, stepInterval} from '../../source/settings/duration.js';
import {parseThresholdFlags, resolveSettings} from '../../source/settings/settings.js';

const dirs: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'redtop-conf-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

describe('durations', () => {
	it.each([
		['500ms', 500],
		['1s', 1000],
		['2.5s', 2500],
		['5m', 300_000],
		[' 90s ', 90_000],
		['1h', 3_600_000],
	])('%s = %s ms', (text, ms) => {
		expect(parseDurationMs(text)).toBe(ms);
	});

	it.each(['5', '', 'fast', '1x', '-1s', '1.s'])('rejects %j', text => {
		expect(() => parseDurationMs(text)).toThrow(/bad duration/);
	});

	it('limits the interval', () => {
		expect(() => parseIntervalMs('50ms')).toThrow(/at least 100ms/);
		expect(() => parseIntervalMs('2h')).toThrow(/too long/);
		expect(parseIntervalMs('100ms')).toBe(100);
	});

	it.each([
		[1000, 1, 2000],
		[1000, -1, 500],
		[100, -1, 100],
		[60_000, 1, 60_000],
		[1500, 1, 2000],
		[1500, -1, 1000],
	] as const)('stepInterval(%s, %s) = %s', (from, direction, to) => {
		expect(stepInterval(from, direction)).toBe(to);
	});
});

describe('resolveSettings: flags > env > conf store > profile defaults', () => {
	it('uses the defaults', () => {
		const s = resolveSettings([], {}, {}, {});
		expect(s).toMatchObject({intervalMs: 1000, targetInputs: ['redis://127.0.0.1:6379'], isColor: true, useSandbox: false});
		expect(s.profile.id).toBe('met-001');
		expect(s.profile.thresholds.memoryPercent.warn).toBe(80);
	});

	it('takes conf over defaults, env over conf, flags over env', () => {
		const stored = {intervalMs: 2000, thresholds: {memoryPercent: {warn: 70}}};
		expect(resolveSettings([], {}, {}, stored).intervalMs).toBe(2000);
		expect(resolveSettings([], {}, {REDTOP_INTERVAL: '5s'}, stored).intervalMs).toBe(5000);
		expect(resolveSettings([], {interval: '250ms'}, {REDTOP_INTERVAL: '5s'}, stored).intervalMs).toBe(250);
		const thresholds = resolveSettings([], {threshold: ['memoryPercent.critical=95']}, {}, stored).profile.thresholds.memoryPercent;
		expect(thresholds).toMatchObject({warn: 70, critical: 95});
		expect(resolveSettings([], {threshold: ['memoryPercent.warn=85']}, {}, stored).profile.thresholds.memoryPercent.warn).toBe(85);
	});

	it('targets: arguments, then REDIS_URL, then the saved fleet, then the default', () => {
		const stored = {targets: ['redis://s:1', 'redis://s:2']};
		expect(resolveSettings([], {}, {REDIS_URL: 'redis://env:1'}, stored).targetInputs).toEqual(['redis://env:1']);
		expect(resolveSettings(['a:1', 'b:2'], {}, {REDIS_URL: 'redis://env:1'}, stored).targetInputs).toEqual(['a:1', 'b:2']);
		expect(resolveSettings([], {}, {}, stored).targetInputs).toEqual(['redis://s:1', 'redis://s:2']);
		expect(resolveSettings([], {}, {}, {}).targetInputs).toEqual(['redis://127.0.0.1:6379']);
	});

	it('NO_COLOR and --no-color turn colour off', () => {
		expect(resolveSettings([], {}, {NO_COLOR: '1'}, {}).isColor).toBe(false);
		expect(resolveSettings([], {color: false}, {}, {}).isColor).toBe(false);
		expect(resolveSettings([], {}, {NO_COLOR: ''}, {}).isColor).toBe(true);
	});

	it.each([
		[{threshold: ['memory.warn=1']}, /unknown threshold/],
		[{threshold: ['memoryPercent=1']}, /bad --threshold/],
		[{profile: 'nope'}, /unknown profile/],
		[{interval: '10'}, /bad interval/],
		[{window: '2m'}, /out of range/],
	])('rejects %o', (flags, message) => {
		expect(() => resolveSettings([], flags, {}, {})).toThrow(message);
	});

	it('--sandbox takes no URL', () => {
		expect(() => resolveSettings(['h:1'], {sandbox: true}, {}, {})).toThrow(/--sandbox/);
	});

	it('parses threshold flags', () => {
		expect(parseThresholdFlags(['latencyP99Ms.warn=1.5', 'latencyP99Ms.critical=4'])).toEqual({latencyP99Ms: {warn: 1.5, critical: 4}});
	});
});

describe('conf store', () => {
	it('round-trips settings through config set/get/reset', async () => {
		const dir = tempDir();
		const store = openSettingsStore({REDTOP_CONFIG_DIR: dir});
		expect(await runConfig(['path'], store)).toBe(path.join(dir, 'config.json'));
		expect(await runConfig(['set', 'interval', '2s'], store)).toBe('interval = 2s');
		expect(await runConfig(['set', 'thresholds.memoryPercent.warn', '75'], store)).toBe('thresholds.memoryPercent.warn = 75');
		const reopened = openSettingsStore({REDTOP_CONFIG_DIR: dir});
		expect(reopened.read()).toEqual({intervalMs: 2000, thresholds: {memoryPercent: {warn: 75}}});
		expect(await runConfig(['get', 'interval'], reopened)).toBe('2s');
		await runConfig(['reset'], reopened);
		expect(openSettingsStore({REDTOP_CONFIG_DIR: dir}).read()).toEqual({});
	});

	it('saves a fleet of targets as labels, refuses passwords, and clears it with ""', async () => {
		const dir = tempDir();
		const store = openSettingsStore({REDTOP_CONFIG_DIR: dir});
		expect(await runConfig(['set', 'targets', 'cache-1:6379, redis://cache-2:6380/2,cache-1:6379'], store)).toBe('targets = ["redis://cache-1:6379","redis://cache-2:6380/2"]');
		expect(openSettingsStore({REDTOP_CONFIG_DIR: dir}).read().targets).toEqual(['redis://cache-1:6379', 'redis://cache-2:6380/2']);
		await expect(runConfig(['set', 'targets', 'redis://u:hunter2@h:1'], store)).rejects.toThrow('saved targets never hold a password: save redis://u@h:1 and put the password in REDISCLI_AUTH');
		expect(JSON.stringify(openSettingsStore({REDTOP_CONFIG_DIR: dir}).read())).not.toContain('hunter2');
		expect(await runConfig(['set', 'targets', ''], store)).toBe('targets = (not set)');
		writeFileSync(path.join(dir, 'config.json'), JSON.stringify({targets: ['redis://u:hunter2@h:1']}));
		expect(openSettingsStore({REDTOP_CONFIG_DIR: dir}).warning).toMatch(/targets must not hold passwords/);
	});

	it.each([
		[['set', 'interval', '1'], /bad interval/],
		[['set', 'thresholds.memoryPercent.warn', 'high'], /must be a number/],
		[['set', 'colour', 'x'], /unknown setting/],
		[['set', 'recentTargets', 'x'], /kept by redtop/],
		[['frobnicate'], /usage/],
		[['set', 'profile', 'nope'], /unknown profile/],
	])('config %o fails with a clear message', async (args, message) => {
		await expect(runConfig(args, openSettingsStore({REDTOP_CONFIG_DIR: tempDir()}))).rejects.toThrow(message);
	});

	it.each([
		['not JSON', '{oops', /unreadable/],
		['wrong types', '{"intervalMs": "fast"}', /invalid settings.*intervalMs/],
		['unknown threshold', '{"thresholds": {"bogus": {"warn": 1}}}', /unknown threshold/],
	])('an unreadable file (%s) gives a warning and defaults', (_name, content, warning) => {
		const dir = tempDir();
		writeFileSync(path.join(dir, 'config.json'), content);
		const store = openSettingsStore({REDTOP_CONFIG_DIR: dir});
		expect(store.warning).toMatch(warning);
		expect(store.read()).toEqual({});
	});

	it('remembers targets by label only, newest first, without duplicates', () => {
		let settings = rememberTarget({}, 'redis://a:1');
		settings = rememberTarget(settings, 'redis://u:***@b:2');
		settings = rememberTarget(settings, 'redis://a:1');
		expect(settings.recentTargets).toEqual(['redis://a:1', 'redis://u:***@b:2']);
	});
});

describe('conf store never keeps a password', () => {
	it('drops a stored target that carries one', () => {
		const dir = tempDir();
		writeFileSync(path.join(dir, 'config.json'), JSON.stringify({recentTargets: ['redis://u:hunter2@h:1', 'redis://u:***@h:2', 'redis://h:3']}));
		expect(openSettingsStore({REDTOP_CONFIG_DIR: dir}).read().recentTargets).toEqual(['redis://u:***@h:2', 'redis://h:3']);
	});
});
