import {UsageError} from '../../errors.js';
import type {AnyClusterScenario} from './cluster-runner.js';

/** The scenarios that know about shards; the others run against one server. */
export const clusterScenarioIds: readonly string[] = ['capacity', 'pressure'];

/** Why a scenario cannot run on a cluster, for the menu and the error. */
export const notOnCluster = (id: string) => `${id} runs against one server: give a master's URL instead of --cluster`;

/** Loads a cluster scenario when one starts. */
export async function clusterScenarioById(id: string | undefined): Promise<AnyClusterScenario> {
	if (id === 'capacity') return (await import('./cluster-capacity.js')).clusterCapacity;
	if (id === 'pressure') return (await import('./cluster-pressure.js')).clusterPressure;
	throw new UsageError(`with --cluster, redtop runs ${clusterScenarioIds.join(' and ')} (per shard and in total); ${notOnCluster(id ?? 'no scenario')}`);
}
