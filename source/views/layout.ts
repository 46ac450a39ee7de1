/** Where the panels go for a terminal size. Pure, so every size can be tested as a table. */
export type Layout =
	| {readonly kind: 'too-small'; readonly minColumns: number; readonly minRows: number}
	| {readonly kind: 'compact'; readonly width: number; readonly memoryChart: number; readonly opsChart: number; readonly latencyChart: number}
	| {readonly kind: 'wide'; readonly width: number; readonly columnWidth: number; readonly chartHeight: number; readonly keyspaceRows: number; readonly bottomRowHeight: number};

export const minColumns = 60;
export const minRows = 16;

/** Header 2 + rule 1 + seven panel lines + footer 1 + one spare row so Ink never scrolls. */
const compactFixedRows = 12;
/**
 * Header 2 + footer 1 + two chart rows of (border 2 + text 2) + clients/persistence row (border 2 + 4)
 * + keyspace (border 2) + one spare row: Ink redraws the whole screen when a frame fills it.
 */
const wideFixedRows = 2 + 1 + 2 * 4 + 6 + 2 + 1;

/** With an exporter, the bottom row holds Keyspace and Exporter side by side (2 lines of content at least). */
export function chooseLayout(columns: number, rows: number, keyspaceDbs: number, hasExporter = false): Layout {
	if (columns < minColumns || rows < minRows) return {kind: 'too-small', minColumns, minRows};
	const keyspaceRows = Math.min(3, Math.max(hasExporter ? 2 : 1, keyspaceDbs));
	const wideCharts = Math.floor((rows - wideFixedRows - keyspaceRows) / 2);
	if (columns >= 100 && wideCharts >= 4) {
		return {kind: 'wide', width: columns, columnWidth: Math.floor(columns / 2), chartHeight: Math.min(14, wideCharts), keyspaceRows, bottomRowHeight: keyspaceRows + 2};
	}
	const spare = rows - compactFixedRows - (hasExporter ? 1 : 0);
	const memoryChart = spare >= 18 ? Math.min(6, spare - 12) : 0;
	const rest = spare - memoryChart;
	const opsChart = Math.min(10, Math.ceil(rest / 2));
	const latencyChart = Math.min(8, rest - opsChart);
	return {kind: 'compact', width: columns, memoryChart, opsChart: Math.max(0, opsChart), latencyChart: Math.max(0, latencyChart)};
}
