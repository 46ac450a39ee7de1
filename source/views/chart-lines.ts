import asciichart from 'asciichart';

export type ChartOptions = {
	readonly width: number;
	readonly height: number;
	readonly format: (value: number) => string;
	/** The y axis reaches at least this, so an idle server draws a flat line at the bottom, not noise. */
	readonly floor: number;
	/** Indexes into `values` where a scenario started or ended: a `┊` down the chart. */
	readonly markers?: readonly number[];
};

const labelWidth = 9;
const offset = 3;

/** How many points fit in a chart `width` columns wide. */
export const chartPoints = (width: number): number => Math.max(2, width - labelWidth - offset + 1);

/**
 * asciichart lines for a series with gaps. A gap (a failed poll) is drawn as an empty column with
 * a `·` on the axis, never as a drop to zero. Pure: values in, strings out.
 */
export function chartLines(values: readonly (number | undefined)[], o: ChartOptions): string[] {
	const points = values.slice(-chartPoints(o.width));
	const known = points.filter((v): v is number => v !== undefined);
	if (known.length === 0) return [];
	let carry = known[0]!;
	const filled = points.map(v => (v === undefined ? carry : (carry = v)));
	const top = Math.max(o.floor, ...known);
	const plot = asciichart.plot(filled, {
		height: Math.max(1, o.height - 1),
		min: 0,
		max: top,
		offset,
		format: (x: number) => o.format(x).padStart(labelWidth).slice(-labelWidth),
	});
	const lines = plot.split('\n');
	const dataStart = labelWidth + offset - 1;
	const gapColumns = points.flatMap((v, x) => (v === undefined || points[x + 1] === undefined) && x < points.length - 1 ? [x] : []);
	const hidden = values.length - points.length;
	const markerColumns = (o.markers ?? []).map(index => index - hidden).filter(x => x >= 0 && x < points.length);
	if (gapColumns.length === 0 && markerColumns.length === 0) return lines.map(line => line.trimEnd());
	return lines.map((line, row) => {
		const chars = [...line];
		while (chars.length < dataStart + points.length) chars.push(' ');
		for (const x of gapColumns) chars[dataStart + x] = row === lines.length - 1 ? '·' : ' ';
		for (const x of markerColumns) if (chars[dataStart + x] === ' ') chars[dataStart + x] = '┊';
		return chars.join('').trimEnd();
	});
}
