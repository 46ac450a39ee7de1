import {formatDuration} from '../metrics/format.js';
import type {AlertEvent} from './engine.js';

export type SlackPayload = {
	readonly text: string;
	readonly attachments: ReadonlyArray<{readonly color: string; readonly title: string; readonly text: string; readonly footer: string}>;
};

const look = {
	critical: {color: 'danger', emoji: ':rotating_light:', word: 'CRITICAL'},
	warn: {color: 'warning', emoji: ':warning:', word: 'WARNING'},
	resolved: {color: 'good', emoji: ':white_check_mark:', word: 'RESOLVED'},
} as const;

/** One Slack incoming-webhook message for one or more alert events (grouped when many fire at once). */
export function slackPayload(events: readonly AlertEvent[], nowMs: number): SlackPayload {
	const attachments = events.map(event => {
		const a = event.alert;
		const style = event.kind === 'resolved' ? look.resolved : look[a.severity];
		const lasted = formatDuration((nowMs - a.sinceMs) / 1000);
		const text = event.kind === 'resolved'
			? `${a.metric} is back to normal after ${lasted}.`
			: `*${a.value}* (threshold: ${a.threshold})\nSince ${new Date(a.sinceMs).toISOString()} (${lasted})\nCheck: ${a.hint}`;
		return {color: style.color, title: `${style.emoji} ${style.word}${event.kind === 'escalated' ? ' (escalated)' : ''}: ${a.metric} on ${a.target}`, text, footer: 'redtop'};
	});
	const firing = events.filter(e => e.kind !== 'resolved').length;
	const resolved = events.length - firing;
	const text = events.length === 1
		? attachments[0]!.title
		: `redtop: ${firing > 0 ? `${firing} alert(s) firing` : ''}${firing > 0 && resolved > 0 ? ', ' : ''}${resolved > 0 ? `${resolved} resolved` : ''}`;
	return {text, attachments};
}
