import {UsageError} from '../errors.js';
import {audit} from './audit.js';
import {baseline} from './baseline.js';
import {capacity} from './capacity.js';
import {pressure} from './pressure.js';
import {restart} from './restart.js';
import {throughput} from './throughput.js';
import type {AnyScenario, ScenarioId} from './types.js';

/** The scenarios this version can run, in the MET-001 validation order. */
export const scenarios: readonly AnyScenario[] = [audit, baseline, capacity, pressure, restart, throughput];

/** The full MET-001 validation; the ones not in `scenarios` are reported as skipped. */
export const validationOrder: readonly ScenarioId[] = ['audit', 'baseline', 'capacity', 'pressure', 'restart', 'throughput'];

export function scenarioById(id: string): AnyScenario {
	const scenario = scenarios.find(s => s.id === id);
	if (!scenario) {
		const known = validationOrder.includes(id as ScenarioId) ? ` (${id} is not available in this version)` : '';
		throw new UsageError(`unknown scenario "${id}"${known}: one of ${scenarios.map(s => s.id).join(', ')}, or all`);
	}
	return scenario;
}
