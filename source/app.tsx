import {useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput} from 'ink';
import type {TargetMonitor} from './collectors/monitor.js';
import type {ClusterMonitor} from './cluster/cluster-monitor.js';
import type {SentinelMonitor} from './sentinel/sentinel-monitor.js';
import {SentinelStrip, sentinelStripRows} from './views/sentinel-view.js';
import {clusterTotals} from './cluster/summary.js';
import {targetAt} from './redis/target.js';
import {TargetStore} from './store/target-store.js';
import {useGroupMonitors} from './hooks/use-group.js';
import {ClusterHeader, clusterRows, ClusterTable} from './views/cluster-view.js';
import type {AlertWatcher} from './alerts/watcher.js';
import {useAlerts} from './hooks/use-alerts.js';
import {useFleet} from './hooks/use-fleet.js';
import {useScenario} from './hooks/use-scenario.js';
import {useTargetView} from './hooks/use-target-view.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import type {Profile} from './profiles/profile.js';
import {stepInterval} from './settings/duration.js';
import {Dashboard} from './views/dashboard.js';
import {FleetHeader, fleetSortKeys, FleetTable, sortFleet, type FleetSortKey} from './views/fleet-table.js';
import {Footer} from './views/footer.js';
import {Header} from './views/header.js';
import {HelpOverlay} from './views/help-overlay.js';
import {chooseLayout} from './views/layout.js';
import {catalog} from './scenarios/catalog.js';
import {clusterScenarioIds, notOnCluster} from './scenarios/cluster/registry.js';
import {ScenarioConfirm, ScenarioFailed, ScenarioMenu, ScenarioProgress, ScenarioResultView} from './views/scenario-views.js';
import {AlertHistory, AlertsStrip} from './views/alerts-views.js';
import {ThemeProvider} from './views/theme.js';

export type AppProps = {
	readonly monitors: readonly TargetMonitor[];
	/** `--cluster`: the nodes come and go with the topology; the overview is the cluster's shards. */
	readonly cluster?: ClusterMonitor | undefined;
	/** `--sentinel`: the master Sentinel names first, then its replicas; the master's panels by default. */
	readonly sentinel?: SentinelMonitor | undefined;
	readonly profile: Profile;
	readonly isColor: boolean;
	/** Called with the new interval after `+` / `-`, e.g. to remember it. */
	readonly onIntervalChange?: (intervalMs: number) => void;
	/** `--read-only`: no scenarios, not even the menu. */
	readonly isReadOnly?: boolean;
	readonly reportDir?: string;
	/** redtop's own alerts (engine + notifiers); the strip shows when given. */
	readonly alerts?: AlertWatcher | undefined;
	/** `--sandbox`: the restart scenario can restart the server redtop started. */
	readonly restartServer?: ((mode: 'graceful' | 'crash') => Promise<void>) | undefined;
};

/** The interactive monitor: the one container that reads stores; everything below gets props. */
export function App({monitors: fixedMonitors, cluster, sentinel, profile, isColor, onIntervalChange, isReadOnly = false, reportDir = 'redtop-reports', alerts, restartServer}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const group = cluster ?? sentinel;
	const {monitors} = useGroupMonitors(group, fixedMonitors);
	const [selectedLabel, setSelectedLabel] = useState<string | undefined>(undefined);
	const [isPaused, setPaused] = useState(false);
	const [isHelpOpen, setHelpOpen] = useState(false);
	const [isHistoryOpen, setHistoryOpen] = useState(false);
	const isFleet = monitors.length > 1 || cluster !== undefined;
	const hasScenarios = !isReadOnly;
	const [isFleetView, setFleetView] = useState(isFleet && !sentinel);
	const [fleetSort, setFleetSort] = useState<FleetSortKey>('worst');
	const [intervalMs, setIntervalMs] = useState(monitors[0]?.interval ?? cluster?.interval ?? sentinel?.interval ?? 1000);
	// A cluster or Sentinel has no node before its first read: the views get an empty store meanwhile.
	const placeholder = cluster?.seed ?? sentinel?.placeholder;
	const waiting = useMemo(() => (placeholder ? new TargetStore(placeholder, profile) : undefined), [placeholder, profile]);
	const monitor: Pick<TargetMonitor, 'store' | 'target'> = monitors.find(m => m.target.label === selectedLabel) ?? monitors[0] ?? {store: waiting!, target: placeholder!};
	const selected = Math.max(0, monitors.findIndex(m => m.target.label === monitor.target.label));
	const setSelected = (index: number) => setSelectedLabel(monitors[index]?.target.label);
	const view = useTargetView(monitor.store, isPaused);
	const fleet = useFleet(monitors, isPaused);
	const sortedFleet = sortFleet(fleet, fleetSort);
	const fleetRow = Math.max(0, sortedFleet.findIndex(s => s.target === monitor.store.status.target));
	const selectRow = (row: number) => {
		const target = sortedFleet[(row + sortedFleet.length) % sortedFleet.length]?.target;
		const index = monitors.findIndex(m => m.store.status.target === target);
		if (index >= 0) setSelected(index);
	};
	const clusterView = cluster?.state;
	const byLabel = new Map(fleet.map(status => [status.target, status]));
	const statusOfNode = (node: {readonly host: string; readonly port: number}) => (cluster ? byLabel.get(targetAt(cluster.seed, node.host, node.port).label) : undefined);
	const totals = useMemo(() => (cluster && clusterView?.topology ? clusterTotals(cluster.seed, clusterView.topology, label => byLabel.get(label)) : undefined), [cluster, clusterView, fleet]);
	const nodeRows = clusterView ? clusterRows(clusterView) : [];
	const nodeRow = Math.max(0, nodeRows.findIndex(r => statusOfNode(r.node)?.target === monitor.target.label));
	const selectNode = (row: number) => {
		const node = nodeRows[(row + nodeRows.length) % nodeRows.length]?.node;
		if (node && cluster) setSelectedLabel(targetAt(cluster.seed, node.host, node.port).label);
	};
	const scenario = useScenario(monitor.target, profile, reportDir, label => monitor.store.addMarker(label), restartServer, cluster?.seed);
	const s = scenario.state;
	// Keys read the state through a ref: a key pressed right after a frame appears must see the
	// state that frame shows, even before Ink has re-registered the input handler.
	const stateRef = useRef(s);
	stateRef.current = s;
	const alertsView = useAlerts(alerts, view.status.atMs);

	useInput((input, key) => {
		const s = stateRef.current;
		if (s.kind === 'menu') {
			if (key.escape || input === 's') scenario.close();
			else if (key.upArrow || input === 'k') scenario.move(-1);
			else if (key.downArrow || input === 'j') scenario.move(1);
			else if (key.return) scenario.choose();
			else if (/^[1-9]$/.test(input)) scenario.choose(Number(input) - 1);
			return;
		}
		if (s.kind === 'confirm') {
			scenario.confirm(input === 'y');
			return;
		}
		if ((s.kind === 'done' || s.kind === 'failed') && (key.escape || key.return)) {
			scenario.close();
			return;
		}
		if (isFleetView && !isHelpOpen && !isHistoryOpen) {
			const move = cluster ? (step: number) => selectNode(nodeRow + step) : (step: number) => selectRow(fleetRow + step);
			if (key.upArrow || input === 'k') return move(-1);
			if (key.downArrow || input === 'j') return move(1);
			if (key.return) return monitors.length > 0 ? setFleetView(false) : undefined;
			if (input === 'o') return setFleetSort(current => fleetSortKeys[(fleetSortKeys.indexOf(current) + 1) % fleetSortKeys.length]!);
		} else if (isFleet && key.escape && !isHelpOpen && !isHistoryOpen) {
			setFleetView(true);
			return;
		}
		if (s.kind === 'running' && input === 'x') scenario.abort();
		else if (input === 's' && hasScenarios) scenario.openMenu();
		else if (input === 'q') exit();
		else if (input === '?') setHelpOpen(open => !open);
		else if (input === 'a' && alerts) setHistoryOpen(open => !open);
		else if (key.escape) {
			setHelpOpen(false);
			setHistoryOpen(false);
		}
		else if (input === 'p') setPaused(paused => !paused);
		else if (input === '+' || input === '=' || input === '-' || input === '_') {
			const next = stepInterval(intervalMs, input === '+' || input === '=' ? 1 : -1);
			if (group) group.setIntervalMs(next);
			else for (const m of monitors) m.setIntervalMs(next);
			setIntervalMs(next);
			onIntervalChange?.(next);
		} else if (key.tab && monitors.length > 1) {
			setSelected((selected + (key.shift ? monitors.length - 1 : 1)) % monitors.length);
		}
	});

	const isRunning = s.kind === 'running';
	// The lines between the header and the body: the progress line, the alerts strip, the sentinels' lines.
	const stripRows = (isRunning ? 1 : 0) + (alerts ? 1 : 0) + (sentinel ? sentinelStripRows(sentinel.state) : 0);
	const layout = chooseLayout(columns, rows - stripRows, view.status.keyspace.length, view.status.exporter !== undefined);
	let body;
	if (layout.kind === 'too-small') {
		body = (
			<Text>
				Terminal too small ({columns}x{rows}): redtop needs at least {layout.minColumns}x{layout.minRows}. Resize, or press q to quit.
			</Text>
		);
	} else if (isHelpOpen) {
		body = <HelpOverlay profile={profile} intervalMs={intervalMs} width={columns} maxRows={rows - 3 - stripRows} />;
	} else if (isHistoryOpen) {
		body = <AlertHistory history={alertsView.history} width={columns} maxRows={rows - 4} />;
	} else if (s.kind === 'menu') {
		const unavailable: Record<string, string> = cluster
			? Object.fromEntries(catalog.filter(c => !clusterScenarioIds.includes(c.id)).map(c => [c.id, notOnCluster(c.id)]))
			: restartServer ? {} : {restart: 'needs redtop --sandbox (or redtop run restart --restart-cmd CMD)'};
		body = <ScenarioMenu scenarios={catalog} selected={s.selected} width={columns} unavailable={unavailable} />;
	} else if (s.kind === 'confirm') {
		body = <ScenarioConfirm scenario={s.scenario} target={cluster ? `cluster ${cluster.seed.label}` : monitor.target.label} />;
	} else if (s.kind === 'done') {
		body = <ScenarioResultView outcome={s.outcome} reportPath={s.reportPath} width={columns} maxRows={rows - 4} />;
	} else if (s.kind === 'failed') {
		body = <ScenarioFailed scenario={s.scenario} message={s.message} />;
	} else if (isFleetView && clusterView) {
		body = <ClusterTable cluster={clusterView} statusOf={statusOfNode} selected={nodeRows[nodeRow]?.node.address} width={columns} maxRows={rows - 5} />;
	} else if (isFleetView) {
		body = <FleetTable statuses={sortedFleet} selected={fleetRow} sortKey={fleetSort} width={columns} maxRows={rows - 4} />;
	} else {
		body = <Dashboard status={view.status} history={view.history} layout={layout} />;
	}
	return (
		<ThemeProvider isColor={isColor}>
			<Box flexDirection="column" width={columns}>
				{layout.kind === 'too-small' ? null : isFleetView && clusterView ? (
					<ClusterHeader cluster={clusterView} totals={totals} intervalMs={intervalMs} isPaused={isPaused} width={columns} />
				) : isFleetView ? (
					<FleetHeader statuses={fleet} intervalMs={intervalMs} isPaused={isPaused} width={columns} />
				) : (
					<Header status={view.status} intervalMs={intervalMs} isPaused={isPaused} targetIndex={selected} targetCount={monitors.length} width={columns} />
				)}
				{sentinel && layout.kind !== 'too-small' ? <SentinelStrip sentinel={sentinel.state} nowMs={view.status.atMs} /> : null}
				{alerts && layout.kind !== 'too-small' ? (
					<AlertsStrip active={alertsView.active} deliveryError={alertsView.deliveryError} nowMs={view.status.atMs} width={columns}
						recentlyResolved={alertsView.history.filter(e => e.kind === 'resolved' && view.status.atMs - e.atMs < 300_000 && !alertsView.active.some(a => a.id === e.alert.id))} />
				) : null}
				{isRunning && layout.kind !== 'too-small' ? (
					<ScenarioProgress scenario={s.scenario} progress={s.progress} elapsedMs={view.status.atMs - s.startedMs} isAborting={s.isAborting} width={columns} />
				) : null}
				{body}
				{layout.kind === 'too-small' ? null : <Footer hasManyTargets={isFleet} hasScenarios={hasScenarios} isRunning={isRunning} width={columns} overview={cluster ? 'shards' : sentinel ? 'nodes' : 'fleet'} />}
			</Box>
		</ThemeProvider>
	);
}
