/** A bounded time series. A failed poll is stored as a gap (undefined), never as a zero. */
export class Series {
	private readonly times: Float64Array;
	private readonly values: Float64Array;
	private start = 0;
	private size = 0;

	constructor(readonly capacity: number) {
		this.times = new Float64Array(capacity);
		this.values = new Float64Array(capacity);
	}

	push(atMs: number, value: number | undefined): void {
		const index = (this.start + this.size) % this.capacity;
		this.times[index] = atMs;
		this.values[index] = value === undefined || !Number.isFinite(value) ? Number.NaN : value;
		if (this.size < this.capacity) this.size++;
		else this.start = (this.start + 1) % this.capacity;
	}

	get length(): number {
		return this.size;
	}

	/** The newest `count` values, oldest first; gaps are undefined. */
	last(count = this.size): Array<number | undefined> {
		const n = Math.min(count, this.size);
		const result: Array<number | undefined> = [];
		for (let i = this.size - n; i < this.size; i++) {
			const value = this.values[(this.start + i) % this.capacity]!;
			result.push(Number.isNaN(value) ? undefined : value);
		}
		return result;
	}

	/** Timestamps matching `last(count)`. */
	lastTimes(count = this.size): number[] {
		const n = Math.min(count, this.size);
		const result: number[] = [];
		for (let i = this.size - n; i < this.size; i++) result.push(this.times[(this.start + i) % this.capacity]!);
		return result;
	}
}
