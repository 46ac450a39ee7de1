import type {Redis} from 'ioredis';
import type {Profile} from '../profiles/profile.js';
import type {Target} from '../redis/target.js';

/** The scenarios redtop knows; each lives in its own module under source/scenarios. */
export type ScenarioId = 'audit' | 'baseline' | 'capacity' | 'pressure' | 'restart' | 'throughput';

export type ScenarioContext = {
	readonly target: Target;
	readonly profile: Profile;
	/** A connection of the scenario's own, never the monitor's poll connection. */
	readonly client: Redis;
	/** More connections (load generators get their own); closed by the runner. */
	readonly newClient: () => Promise<Redis>;
	/** Every key the scenario writes starts with this: `redtop:<scenario>:<runId>:`. */
	readonly keyPrefix: string;
	readonly runId: string;
	/** The operator said yes to changes on a target that is not loopback (`--yes` or the UI's prompt). */
	readonly isConfirmed: boolean;
	/** Set when redtop owns the redis-server process (`--sandbox`): it can restart or kill it. */
	readonly restartServer?: ((mode: 'graceful' | 'crash') => Promise<void>) | undefined;
};

/** A moment in a running scenario: drives the progress bar and the live figures. */
export type Progress = {
	readonly phase: string;
	/** 0..1 when known. */
	readonly fraction: number | undefined;
	readonly figures: Readonly<Record<string, number | string>>;
};

export type Criterion = {
	readonly name: string;
	readonly target: string;
	readonly measured: string;
	readonly passed: boolean;
	/** For findings that are not pass/fail (the audit's warn and info). */
	readonly severity?: 'fail' | 'warn' | 'info';
	/** Context for the report: why it matters, how to fix it. */
	readonly note?: string;
};

export type ScenarioResult = {
	readonly passed: boolean;
	readonly criteria: readonly Criterion[];
	/** Every figure measured, for the JSON report. */
	readonly figures: Readonly<Record<string, unknown>>;
	/** What was done, in a few sentences, for the Markdown report. */
	readonly summary: readonly string[];
};

/**
 * What a write-heavy scenario returns when it is aborted after its load: no counting or
 * verifying (minutes with millions of keys); the runner's cleanup deletes what was written.
 */
export function abortedAfterLoad(loaded: number, requested: number, seconds: number): ScenarioResult {
	return {
		passed: false,
		criteria: [{name: 'events loaded', target: requested.toLocaleString('en-US'), measured: `${loaded.toLocaleString('en-US')} (aborted)`, passed: false}],
		figures: {requested, loaded, loadSeconds: seconds},
		summary: [`Aborted after loading ${loaded.toLocaleString('en-US')} of ${requested.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s; not verified.`],
	};
}

export type Scenario<O> = {
	readonly id: ScenarioId;
	readonly title: string;
	readonly description: string;
	readonly objective: string;
	/** Destructive scenarios ask for confirmation off loopback. */
	readonly destructive: boolean;
	/** Throws a UsageError with a clear message. */
	parseOptions(raw: Record<string, unknown>): O;
	run(ctx: ScenarioContext, options: O, signal: AbortSignal): AsyncGenerator<Progress, ScenarioResult>;
};

// Scenarios differ only in their options; the registry and runner treat them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScenario = Scenario<any>;
