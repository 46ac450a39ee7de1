import {readFileSync} from 'node:fs';
import {errorMessage, UsageError} from '../errors.js';

/**
 * The Slack webhook: REDTOP_SLACK_WEBHOOK or a file (--slack-webhook-file), never a flag value that
 * `ps` would show. It is a secret: no message here ever contains it.
 */
export function slackWebhook(env: NodeJS.ProcessEnv, file: string | undefined): string | undefined {
	let url: string | undefined;
	if (file !== undefined) {
		try {
			url = readFileSync(file, 'utf8').trim();
		} catch (error) {
			throw new UsageError(`cannot read the Slack webhook file ${file}: ${errorMessage(error).replace(/^.*?: /, '')}`);
		}
		if (url === '') throw new UsageError(`the Slack webhook file ${file} is empty`);
	} else if (env['REDTOP_SLACK_WEBHOOK']) url = env['REDTOP_SLACK_WEBHOOK'].trim();
	if (url === undefined) return undefined;
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new UsageError(`the Slack webhook${file ? ` in ${file}` : ' in REDTOP_SLACK_WEBHOOK'} is not an http(s) URL`);
	}
	return url;
}
