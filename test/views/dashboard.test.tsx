import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {met001} from '../../source/profiles/met-001.js';
import {Dashboard} from '../../source/views/dashboard.js';
import {FleetTable, sortFleet} from '../../source/views/fleet-table.js';
import {Header} from '../../source/views/header.js';
import {HelpOverlay} from '../../source/views/help-overlay.js';
import {chooseLayout} from '../../source/views/layout.js';
import {ThemeProvider} from '../../source/views/theme.js';
import {hasColor, makeStatus, stripAnsi} from '../helpers/views.js';

const history = {memory: [1, 2, 3], ops: [10, 20, undefined, 30], evictions: [0, 0, 0], p99: [0.2, 0.3, 0.25], markers: []};

function show(element: React.ReactElement, isColor = true) {
	const {lastFrame, unmount} = render(<ThemeProvider isColor={isColor}>{element}</ThemeProvider>);
	const raw = lastFrame() ?? '';
	unmount();
	return {raw, text: stripAnsi(raw), lines: stripAnsi(raw).split('\n')};
}

describe('Dashboard at 80x24', () => {
	const layout = chooseLayout(80, 24, 2);
	if (layout.kind === 'too-small') throw new Error('80x24 must fit');

	it('shows every panel within 80 columns and under 24 rows with the header and footer', () => {
		const s = makeStatus();
		const {lines, text} = show(<Dashboard status={s} history={history} layout={layout} />);
		for (const title of ['Memory', 'Evictions', 'Ops/sec', 'Latency', 'Clients', 'Persist', 'Keyspace']) expect(text).toContain(title);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		expect(lines.length + 2 + 1).toBeLessThan(24);
	});

	it('keeps the levels in words without colour', () => {
		const s = makeStatus({usedMemoryBytes: 1900 * 1024 * 1024, aofLastWriteStatus: 'err'});
		const {raw, text} = show(<Dashboard status={s} history={history} layout={layout} />, false);
		expect(hasColor(raw)).toBe(false);
		expect(text).toMatch(/Memory\s+✖ CRIT/);
		expect(text).toMatch(/Persist\s+✖ CRIT/);
		expect(text).toMatch(/Latency\s+✓ OK/);
	});
});

describe('Dashboard wide', () => {
	it('lays the panels out in two columns at 120x40', () => {
		const layout = chooseLayout(120, 40, 2);
		if (layout.kind !== 'wide') throw new Error('120x40 is wide');
		const {lines} = show(<Dashboard status={makeStatus()} history={history} layout={layout} />);
		expect(lines.some(line => line.includes('Memory') && line.includes('Ops/sec'))).toBe(true);
		expect(lines.some(line => line.includes('Latency') && line.includes('Evictions'))).toBe(true);
		expect(lines.length + 3).toBeLessThan(40);
	});
});

describe('Header', () => {
	it.each([
		[{kind: 'up', sinceMs: 0}, 'UP'],
		[{kind: 'down', sinceMs: 1_764_100_000_000 - 42_000, reason: 'connection refused'}, 'DOWN 42s: connection refused · reconnecting'],
		[{kind: 'stalled', sinceMs: 1_764_100_000_000 - 3000, reason: 'no reply within 900 ms'}, 'STALLED 3s: no reply within 900 ms'],
		[{kind: 'connecting', sinceMs: 0}, 'CONNECTING'],
	] as const)('connection %o', (state, expected) => {
		const s = makeStatus({}, {state});
		const {text} = show(<Header status={s} intervalMs={1000} isPaused={false} targetIndex={0} targetCount={1} width={100} />);
		expect(text).toContain(expected);
		expect(text).toContain('redis://127.0.0.1:6379');
		expect(text).toContain('every 1s');
	});

	it('shows version, role, the worst problem, pause and which target', () => {
		const s = makeStatus({usedMemoryBytes: 1900 * 1024 * 1024});
		const {text} = show(<Header status={s} intervalMs={500} isPaused targetIndex={1} targetCount={3} width={120} />);
		expect(text).toContain('Redis 7.0.15 master');
		expect(text).toContain('[2/3]');
		expect(text).toContain('PAUSED');
		expect(text).toContain('every 500ms');
		expect(text).toContain('memory 92.8% of maxmemory > 90%');
		expect(text).toContain('overall ✖ CRIT');
	});
});

describe('HelpOverlay', () => {
	it('lists keys and the profile thresholds', () => {
		const {text} = show(<HelpOverlay profile={met001} intervalMs={1000} width={100} />);
		for (const key of ['?', 'Esc', 'p', '+ / -', 'q, Ctrl-C']) expect(text).toContain(key);
		expect(text).toContain('memory > 80% warn, > 90% critical');
		expect(text).toContain('MET-001');
	});

	it.each([
		[100, 22, true, true],
		[19, 19, true, false],
		[16, 13, false, false],
	])('in %i rows it takes %i, thresholds %s, spacing %s', (maxRows, height, hasThresholds, isRoomy) => {
		const {text} = show(<HelpOverlay profile={met001} intervalMs={1000} width={100} maxRows={maxRows} />);
		expect(text.split('\n')).toHaveLength(height);
		expect(text.includes('memory > 80% warn')).toBe(hasThresholds);
		expect(text.includes('Levels are shown as words')).toBe(isRoomy);
		expect(text).toContain('q, Ctrl-C');
	});
});

describe('FleetTable', () => {
	const up = makeStatus();
	const full = {...makeStatus({usedMemoryBytes: 1900 * 1024 * 1024}), target: 'redis://10.0.0.2:6379'};
	const down = {...makeStatus({}, {state: {kind: 'down', sinceMs: 0, reason: 'connection refused'}}), target: 'redis://10.0.0.3:6379'};

	it('sorts worst first by default, and by other columns', () => {
		expect(sortFleet([up, full, down], 'worst').map(s => s.target)).toEqual(['redis://10.0.0.2:6379', 'redis://10.0.0.3:6379', 'redis://127.0.0.1:6379']);
		expect(sortFleet([up, full, down], 'memory').map(s => s.target)[0]).toBe('redis://10.0.0.2:6379');
		expect(sortFleet([full, up, down], 'target').map(s => s.target)).toEqual(['redis://10.0.0.2:6379', 'redis://10.0.0.3:6379', 'redis://127.0.0.1:6379']);
	});

	it('shows one row per target with its state and levels in words', () => {
		const {text, lines} = show(<FleetTable statuses={sortFleet([up, full, down], 'worst')} selected={1} sortKey="worst" width={120} maxRows={10} />, false);
		expect(lines[0]).toMatch(/TARGET\s+STATE\s+ROLE\s+VERSION\s+MEM\s+OPS\/S\s+EVICT\/S\s+P99\s+PERSIST\s+OVERALL/);
		expect(text).toMatch(/redis:\/\/10\.0\.0\.3:6379\s+down\s+—/);
		expect(text).toMatch(/redis:\/\/10\.0\.0\.2:6379\s+up\s+master\s+7\.0\.15\s+93%.*✖ CRIT/);
		expect(lines[2]).toMatch(/^› redis:\/\/10\.0\.0\.3/);
		expect(text).toContain('sorted by worst');
	});
});
