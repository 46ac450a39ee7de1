import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {ClientsPanel} from '../../source/views/clients-panel.js';
import {EvictionsPanel} from '../../source/views/evictions-panel.js';
import {ExporterPanel} from '../../source/views/exporter-panel.js';
import {KeyspacePanel} from '../../source/views/keyspace-panel.js';
import {LatencyPanel} from '../../source/views/latency-panel.js';
import {MemoryPanel} from '../../source/views/memory-panel.js';
import {OpsPanel} from '../../source/views/ops-panel.js';
import {Panel} from '../../source/views/panel.js';
import {PersistencePanel} from '../../source/views/persistence-panel.js';
import {ThemeProvider} from '../../source/views/theme.js';
import {hasColor, makeStatus, stripAnsi} from '../helpers/views.js';

const mib = 1024 * 1024;
const history = [10, 20, undefined, 30, 40];

function frame(element: React.ReactElement, isColor = true) {
	const {lastFrame, unmount} = render(<ThemeProvider isColor={isColor}>{element}</ThemeProvider>);
	const raw = lastFrame() ?? '';
	unmount();
	return {raw, text: stripAnsi(raw)};
}

describe('MemoryPanel', () => {
	it.each([
		['ok', 100, '✓ OK', 'green'],
		['warn', 1700, '▲ WARN', 'yellow'],
		['critical', 1900, '✖ CRIT', 'red'],
	] as const)('%s: level in words and in colour', (_level, usedMib, word, colour) => {
		const s = makeStatus({usedMemoryBytes: usedMib * mib, usedMemoryRssBytes: usedMib * mib});
		const {raw, text} = frame(<MemoryPanel memory={s.memory} history={history} width={60} variant="wide" chartHeight={4} />);
		expect(text).toContain(word);
		expect(text).toContain(`${((usedMib / 2048) * 100).toFixed(1)}%`);
		expect(text).toContain('/ 2.00 GiB');
		expect(text).toContain('allkeys-lru');
		expect(hasColor(raw)).toBe(true);
		const sgr = {green: '\u001B[32m', yellow: '\u001B[33m', red: '\u001B[31m'}[colour];
		expect(raw).toContain(`${sgr}╭─`);
		// The top border is the panel's width, with the title and the level set into it.
		const top = text.split('\n')[0]!;
		expect(top).toMatch(new RegExp(`^╭─ Memory ─+ ${word} ─╮$`));
		expect(top).toHaveLength(60);
		// The chart is drawn in the level's colour too, each line whole.
		expect(raw).toMatch(new RegExp(`${sgr.replace('[', '\\[')} +[\\d.]+% [┼┤][^\n]*\u001B\\[39m`));
		expect(text).toMatch(/\d+% ┼/);
	});

	it('says "no limit" for maxmemory 0 and draws bytes', () => {
		const s = makeStatus({maxMemoryBytes: 0});
		const {text} = frame(<MemoryPanel memory={s.memory} history={[mib, 2 * mib]} width={60} variant="wide" chartHeight={3} />);
		expect(text).toContain('no limit (maxmemory 0)');
		expect(text).toContain('▲ WARN');
		expect(text).not.toContain('NaN');
	});

	it('waits without data', () => {
		const s = makeStatus({}, {state: {kind: 'connecting', sinceMs: 0}});
		const {text} = frame(<MemoryPanel memory={{...s.memory, usedBytes: undefined, level: 'unknown'}} history={[]} width={60} variant="wide" chartHeight={3} />);
		expect(text).toContain('waiting…');
		expect(text).toContain('? N/A');
	});

	it('NO_COLOR: no colour codes, the level still in words', () => {
		const s = makeStatus({usedMemoryBytes: 1900 * mib, usedMemoryRssBytes: 1900 * mib});
		const {raw, text} = frame(<MemoryPanel memory={s.memory} history={history} width={60} variant="wide" chartHeight={4} />, false);
		expect(hasColor(raw)).toBe(false);
		expect(text).toContain('✖ CRIT');
	});
});

describe('other panels', () => {
	it('evictions: rate, total, streak', () => {
		const s = makeStatus({evictedKeys: 1500}, {before: {evictedKeys: 1000}});
		const {text} = frame(<EvictionsPanel evictions={{...s.evictions, evictingForSeconds: 12, level: 'critical'}} expired={s.expired} history={history} width={60} variant="wide" chartHeight={3} />);
		expect(text).toContain('500/s for 12s');
		expect(text).toContain('total 1,500');
		expect(text).toContain('✖ CRIT');
	});

	it('ops: now, avg and peak of what is drawn', () => {
		const s = makeStatus({totalCommands: 12_000}, {before: {totalCommands: 10_000}});
		const {text} = frame(<OpsPanel ops={s.ops} history={[1000, 3000, undefined, 2000]} width={60} variant="wide" chartHeight={4} />);
		expect(text).toMatch(/2,000 now\s+·\s+avg 2,000\s+·\s+peak 3,000/);
	});

	it.each([
		[0.3, '✓ OK'],
		[3, '▲ WARN'],
		[9, '✖ CRIT'],
	])('latency p99 %s ms shows %s', (p99Ms, word) => {
		const s = makeStatus({}, {latency: {p50Ms: 0.1, p95Ms: 0.2, p99Ms, maxMs: p99Ms, samples: 100}});
		const {text} = frame(<LatencyPanel latency={s.latency} history={[0.1, p99Ms]} width={70} variant="wide" chartHeight={3} />);
		expect(text).toContain(word);
		expect(text).toContain('p50 0.10 ms');
	});

	it('clients: connected of max, rejected, hit ratio', () => {
		const s = makeStatus({connectedClients: 9500, maxClients: 10_000, keyspaceHits: 190, keyspaceMisses: 20}, {before: {keyspaceHits: 100, keyspaceMisses: 10}});
		const {text} = frame(<ClientsPanel clients={s.clients} hitRatio={s.hitRatio} network={s.network} width={60} variant="wide" />);
		expect(text).toContain('9,500 / 10,000 (95.0%)');
		expect(text).toContain('hits 90.0%');
		expect(text).toContain('✖ CRIT');
	});

	it.each([
		[{aofLastWriteStatus: 'err'}, 'AOF write err', '✖ CRIT'],
		[{isLoading: true, loadingPercent: 42}, 'loading 42.0%', '▲ WARN'],
		[{aofEnabled: false}, 'AOF off', '▲ WARN'],
		[{}, 'AOF on everysec', '✓ OK'],
	] as const)('persistence %o', (change, expected, word) => {
		const s = makeStatus(change);
		const {text} = frame(<PersistencePanel persistence={s.persistence} atMs={s.atMs} width={70} variant="wide" />);
		expect(text).toContain(expected);
		expect(text).toContain(word);
	});

	it('keyspace lists dbs', () => {
		const s = makeStatus();
		const {text} = frame(<KeyspacePanel keyspace={s.keyspace} isKnown width={80} variant="wide" />);
		expect(text).toContain('db0 50 keys (0 with TTL)');
		expect(text).toContain('db2 1 key (1 with TTL)');
	});
});

describe('Panel', () => {
	it('truncates a top border wider than the panel instead of overflowing it', () => {
		const {text} = frame(<Panel title="Clients & hits" level="critical" width={16} variant="wide"><Text>x</Text></Panel>);
		const lines = text.split('\n');
		expect(lines[0]!.startsWith('╭─ Clients & h')).toBe(true);
		expect(lines[0]!.length).toBeLessThanOrEqual(16);
		expect(lines[1]).toMatch(/^│ x +│$/);
	});
});

describe('ExporterPanel', () => {
	it('shows the scrape and flags a disagreement with INFO', () => {
		const exporter = {
			url: 'http://127.0.0.1:9121/metrics', reachable: true, reason: undefined, up: true, scrapeDurationSeconds: 0.004, lastScrapeError: '', version: '1.45.0',
			crossCheck: [
				{metric: 'usedMemoryBytes', info: 100 * mib, exporter: 101 * mib, disagreementPercent: 1, isDisagreeing: false},
				{metric: 'opsPerSec', info: 10_000, exporter: 5000, disagreementPercent: 50, isDisagreeing: true},
			],
			level: 'warn', problems: ['exporter disagrees on opsPerSec'],
		} as const;
		const {text} = frame(<ExporterPanel exporter={exporter} width={80} variant="wide" />);
		expect(text).toContain('redis_up 1 · scrape 4.00 ms · v1.45.0');
		expect(text).toContain('mem = 101 MiB');
		expect(text).toContain('ops/s ≠ 5,000');
		expect(text).toContain('▲ WARN');
	});

	it('says when the exporter cannot be reached', () => {
		const exporter = {url: 'u', reachable: false, reason: 'connection refused', up: undefined, scrapeDurationSeconds: undefined, lastScrapeError: undefined,
			version: undefined, crossCheck: [], level: 'warn', problems: []} as const;
		const {text} = frame(<ExporterPanel exporter={exporter} width={80} variant="compact" />);
		expect(text).toMatch(/Exporter\s+▲ WARN\s+unreachable: connection refused/);
	});
});
