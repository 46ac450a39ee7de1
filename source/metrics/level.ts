export type Level = 'ok' | 'warn' | 'critical' | 'unknown';

export const levels: readonly Level[] = ['ok', 'unknown', 'warn', 'critical'];

const rank: Record<Level, number> = {ok: 0, unknown: 1, warn: 2, critical: 3};

/** The most severe level; an unknown part does not hide a warning, nor make an all-ok set ok. */
export function worst(...values: readonly Level[]): Level {
	let result: Level = 'ok';
	for (const value of values) if (rank[value] > rank[result]) result = value;
	return result;
}

/** Words and symbols carry the level without colour (NO_COLOR, --no-color, colour-blind readers). */
export const levelLabels: Record<Level, string> = {ok: '✓ OK', warn: '▲ WARN', critical: '✖ CRIT', unknown: '? N/A'};
