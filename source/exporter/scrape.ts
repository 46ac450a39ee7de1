import {UsageError} from '../errors.js';
import {redactInput} from '../redis/target.js';
import {toExporterSample, type ExporterSample} from './exporter-sample.js';
import {parsePrometheusText} from './parse-prometheus.js';

/** Checks an `--exporter` URL: http(s) only, with /metrics added when no path is given. */
export function parseExporterUrl(input: string): string {
	let url: URL;
	try {
		url = new URL(/^[a-z]+:\/\//i.test(input) ? input : `http://${input}`);
	} catch {
		throw new UsageError(`not an exporter URL: ${redactInput(input)} (expected e.g. http://127.0.0.1:9121/metrics)`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`exporter URL must be http:// or https://, got ${redactInput(input)}`);
	}
	if (url.pathname === '/' || url.pathname === '') url.pathname = '/metrics';
	return url.toString();
}

function describeFetchError(error: unknown, timeoutMs: number): string {
	const cause = (error as {cause?: {code?: string; message?: string}} | undefined)?.cause;
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
	if (cause?.code === 'ECONNREFUSED') return 'connection refused';
	if (cause?.code === 'ENOTFOUND') return 'host not found';
	if (cause?.code === 'ECONNRESET') return 'connection reset';
	return (cause?.message ?? (error instanceof Error ? error.message : String(error))).split('\n')[0]!.slice(0, 200);
}

/** One scrape of an exporter's /metrics, bounded by `timeoutMs`; throws an Error with a one-line reason. */
export async function scrapeExporter(url: string, timeoutMs: number, signal?: AbortSignal): Promise<ExporterSample> {
	const timeout = AbortSignal.timeout(timeoutMs);
	const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
	let response: Response;
	try {
		response = await fetch(url, {signal: combined, headers: {accept: 'text/plain'}});
	} catch (error) {
		throw new Error(describeFetchError(error, timeoutMs));
	}
	if (!response.ok) {
		await response.body?.cancel();
		throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
	}
	let text: string;
	try {
		text = await response.text();
	} catch (error) {
		throw new Error(describeFetchError(error, timeoutMs));
	}
	const parsed = parsePrometheusText(text);
	if (parsed.samples.length === 0) throw new Error('no metrics in the answer: is this a Prometheus endpoint?');
	return toExporterSample(parsed, Date.now());
}
