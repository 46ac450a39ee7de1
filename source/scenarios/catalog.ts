import type {Scenario, ScenarioId} from './types.js';

/** What the menu shows of a scenario; the modules that run them load only when one starts. */
export type ScenarioInfo = Pick<Scenario<unknown>, 'id' | 'title' | 'description' | 'objective' | 'destructive'>;

export const catalog: readonly ScenarioInfo[] = [
	{
		id: 'audit',
		title: 'Configuration audit',
		description: 'CONFIG GET + INFO against the profile: what to change, why, and the exact fix',
		objective: 'Check the server\'s configuration against the profile for an event buffer: memory bound and policy, durability, connection handling, security.',
		destructive: false,
	},
	{
		id: 'baseline',
		title: 'Baseline SET/GET',
		description: 'SET then GET event-sized values, unpipelined: ops/s and latency percentiles',
		objective: 'Measure what one client (or a few) gets from this server: throughput and P50/P95/P99 latency of SET and GET against the profile.',
		destructive: false,
	},
	{
		id: 'capacity',
		title: 'Buffer capacity',
		description: 'load Jetstream-shaped events, verify them, project hours of buffer for this maxmemory',
		objective: 'Answer the operator\'s question: how many hours of firehose does this Redis hold, with every acknowledged event intact?',
		destructive: true,
	},
	{
		id: 'pressure',
		title: 'Memory pressure',
		description: 'fill toward 95% of maxmemory, hold and watch evictions and latency, then recover',
		objective: 'See how the buffer behaves when full: whether it holds at the target without evicting, what latency does, what evicts first past 100%, and that memory comes back.',
		destructive: true,
	},
	{
		id: 'restart',
		title: 'Restart and persistence recovery',
		description: 'write, rewrite the AOF, restart (or crash) Redis, verify every acknowledged event',
		objective: 'Prove what AOF keeps: after a clean restart every acknowledged event must come back intact; after a crash, measure what appendfsync everysec loses.',
		destructive: true,
	},
	{
		id: 'throughput',
		title: 'Sustained / concurrent throughput',
		description: 'single client, a held rate, and many clients: rate, spread, latency over time, scaling',
		objective: 'Show that the server holds the ingest rate for minutes without latency creeping up, and how throughput scales with clients.',
		destructive: false,
	},
];

export function scenarioInfo(id: ScenarioId): ScenarioInfo {
	return catalog.find(info => info.id === id)!;
}
