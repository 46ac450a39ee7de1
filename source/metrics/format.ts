/** Human formatting, one place for every view and every headless line. Undefined reads as "—". */

export const missing = '—';

// One formatter for every number: toLocaleString builds a new one per call, which showed up in profiles.
const grouped = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined) return missing;
	let value = Math.abs(bytes);
	let unit = 0;
	while (value >= 1024 && unit < byteUnits.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
	return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${byteUnits[unit]}`;
}

export function formatCount(value: number | undefined): string {
	if (value === undefined) return missing;
	return grouped.format(Math.round(value));
}

/** Rates: 0.4/s shows one decimal, big ones get k/M. */
export function formatRate(perSec: number | undefined): string {
	if (perSec === undefined) return missing;
	if (perSec >= 1_000_000) return `${(perSec / 1_000_000).toFixed(2)}M`;
	if (perSec >= 99_950) return `${(perSec / 1000).toFixed(0)}k`;
	if (perSec >= 10_000) return `${(perSec / 1000).toFixed(1)}k`;
	if (perSec >= 10 || perSec === 0) return grouped.format(Math.round(perSec));
	return perSec.toFixed(1);
}

export function formatPercent(percent: number | undefined, digits = 1): string {
	if (percent === undefined) return missing;
	return `${percent.toFixed(digits)}%`;
}

export function formatMs(ms: number | undefined): string {
	if (ms === undefined) return missing;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	if (ms >= 100) return `${ms.toFixed(0)} ms`;
	if (ms >= 10) return `${ms.toFixed(1)} ms`;
	return `${ms.toFixed(2)} ms`;
}

/** 3d4h, 2h13m, 5m07s, 42s */
export function formatDuration(seconds: number | undefined): string {
	if (seconds === undefined || seconds < 0) return missing;
	const s = Math.floor(seconds);
	const days = Math.floor(s / 86_400);
	const hours = Math.floor((s % 86_400) / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const secs = s % 60;
	if (days > 0) return `${days}d${hours}h`;
	if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
	if (minutes > 0) return `${minutes}m${String(secs).padStart(2, '0')}s`;
	return `${secs}s`;
}

export function formatInterval(ms: number): string {
	return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))}s` : `${ms}ms`;
}

export function formatRatio(ratio: number | undefined): string {
	return ratio === undefined ? missing : ratio.toFixed(2);
}

export function formatClock(epochMs: number): string {
	const d = new Date(epochMs);
	return [d.getHours(), d.getMinutes(), d.getSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}
