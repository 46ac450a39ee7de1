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
	/** Every key the scenario writes starts with this: `redtop:<scenario>:<runId>:`. */
	readonly keyPrefix: string;
	readonly runId: string;
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
};

export type ScenarioResult = {
	readonly id: ScenarioId;
	readonly passed: boolean;
	readonly criteria: readonly Criterion[];
	readonly figures: Readonly<Record<string, unknown>>;
};

export type Scenario<O> = {
	readonly id: ScenarioId;
	readonly title: string;
	/** Destructive scenarios ask for confirmation off loopback. */
	readonly destructive: boolean;
	/** Throws a UsageError with a clear message. */
	parseOptions(raw: Record<string, unknown>): O;
	run(ctx: ScenarioContext, options: O, signal: AbortSignal): AsyncGenerator<Progress, ScenarioResult>;
};
