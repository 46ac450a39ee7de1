import {useCallback, useEffect, useRef, useState} from 'react';
import {errorMessage} from '../errors.js';
import type {Profile} from '../profiles/profile.js';
import {isLoopback, type Target} from '../redis/target.js';
import {catalog, type ScenarioInfo} from '../scenarios/catalog.js';
import type {ScenarioOutcome} from '../scenarios/runner.js';
import type {Progress} from '../scenarios/types.js';

export type ScenarioState =
	| {readonly kind: 'idle'}
	| {readonly kind: 'menu'; readonly selected: number}
	| {readonly kind: 'confirm'; readonly scenario: ScenarioInfo}
	| {readonly kind: 'running'; readonly scenario: ScenarioInfo; readonly startedMs: number; readonly progress: Progress | undefined; readonly isAborting: boolean}
	| {readonly kind: 'done'; readonly outcome: ScenarioOutcome; readonly reportPath: string | undefined}
	| {readonly kind: 'failed'; readonly scenario: ScenarioInfo; readonly message: string};

/** Options for runs started from the UI: the CLI's defaults, with throughput phases and the pressure hold shortened. */
export const uiOptions: Record<string, Record<string, unknown>> = {throughput: {duration: '30s'}, pressure: {hold: '60s'}};

export type ScenarioControls = {
	readonly state: ScenarioState;
	readonly openMenu: () => void;
	readonly close: () => void;
	readonly move: (delta: number) => void;
	readonly choose: (index?: number) => void;
	readonly confirm: (isYes: boolean) => void;
	readonly abort: () => void;
};

/**
 * Starting, watching and aborting a scenario from the UI. The run uses the same runner as
 * `redtop run`, on its own connections; `onMark` puts start and end markers on the charts.
 */
export function useScenario(target: Target, profile: Profile, reportDir: string, onMark: (label: string) => void, restartServer?: (mode: 'graceful' | 'crash') => Promise<void>, clusterSeed?: Target): ScenarioControls {
	const [state, setState] = useState<ScenarioState>({kind: 'idle'});
	const controller = useRef<AbortController | undefined>(undefined);
	useEffect(() => () => controller.current?.abort(), []);

	const start = useCallback((scenario: ScenarioInfo) => {
		const abort = new AbortController();
		controller.current = abort;
		const startedMs = Date.now();
		setState({kind: 'running', scenario, startedMs, progress: undefined, isAborting: false});
		onMark(`▶ ${scenario.id}`);
		let lastMs = 0;
		const onProgress = (progress: Progress) => {
			const now = performance.now();
			if (now - lastMs < 250) return;
			lastMs = now;
			setState(current => (current.kind === 'running' ? {...current, progress} : current));
		};
		// The scenario modules, the load engine and the report writer load only when a scenario starts.
		const options = uiOptions[scenario.id] ?? {};
		const run = {signal: abort.signal, isConfirmed: true, onProgress, restartServer};
		// On a cluster the scenario goes through the cluster client to every master, whichever node is on screen.
		const running = clusterSeed
			? Promise.all([import('../scenarios/cluster/registry.js'), import('../scenarios/cluster/cluster-runner.js')])
				.then(async ([{clusterScenarioById}, {runClusterScenario}]) => runClusterScenario(await clusterScenarioById(scenario.id), clusterSeed, profile, options, run))
			: Promise.all([import('../scenarios/registry.js'), import('../scenarios/runner.js')])
				.then(([{scenarioById}, {runScenario}]) => runScenario(scenarioById(scenario.id), target, profile, options, run));
		running
			.then(async outcome => {
				const {writeReports} = await import('../reports/report.js');
				const paths = await writeReports(reportDir, `redtop-${scenario.id}-${outcome.runId}`, [outcome]).catch(() => undefined);
				setState({kind: 'done', outcome, reportPath: paths?.markdown});
			})
			.catch((error: unknown) => setState({kind: 'failed', scenario, message: errorMessage(error)}))
			.finally(() => onMark(`■ ${scenario.id}`));
	}, [target, profile, reportDir, onMark, restartServer, clusterSeed]);

	const choose = useCallback((index?: number) => {
		setState(current => {
			if (current.kind !== 'menu') return current;
			const scenario = catalog[index ?? current.selected];
			if (!scenario) return current;
			if (scenario.destructive && !isLoopback(clusterSeed ?? target)) return {kind: 'confirm', scenario};
			queueMicrotask(() => start(scenario));
			return current;
		});
	}, [start, target, clusterSeed]);

	return {
		state,
		openMenu: () => setState(current => (current.kind === 'running' ? current : {kind: 'menu', selected: 0})),
		close: () => setState(current => (current.kind === 'running' ? current : {kind: 'idle'})),
		move: delta => setState(current => (current.kind === 'menu' ? {...current, selected: (current.selected + delta + catalog.length) % catalog.length} : current)),
		choose,
		confirm: isYes => setState(current => {
			if (current.kind !== 'confirm') return current;
			if (isYes) queueMicrotask(() => start(current.scenario));
			return isYes ? current : {kind: 'idle'};
		}),
		abort: () => {
			controller.current?.abort();
			setState(current => (current.kind === 'running' ? {...current, isAborting: true} : current));
		},
	};
}
