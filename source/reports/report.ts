import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {ScenarioOutcome} from '../scenarios/runner.js';
import {redtopVersion} from '../version.js';
import {mark} from './mark.js';

export {mark};

export const reportSchema = 'redtop.report/1';

export type Skipped = {readonly scenario: string; readonly reason: string};

/** The stable JSON shape of one report: scenario outcomes plus what was skipped and why. */
export function reportJson(outcomes: readonly ScenarioOutcome[], skipped: readonly Skipped[] = []): Record<string, unknown> {
	return {
		schema: reportSchema,
		redtopVersion,
		generatedAt: new Date().toISOString(),
		target: outcomes[0]?.target,
		passed: outcomes.length > 0 && outcomes.every(o => o.result.passed && !o.aborted),
		scenarios: outcomes.map(o => ({
			id: o.scenario, title: o.title, runId: o.runId, startedAt: o.startedAt, finishedAt: o.finishedAt, aborted: o.aborted,
			passed: o.result.passed && !o.aborted, options: o.options, server: o.server, criteria: o.result.criteria, figures: o.result.figures,
			cleanup: o.cleanup,
		})),
		skipped,
	};
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function reportMarkdown(outcomes: readonly ScenarioOutcome[], skipped: readonly Skipped[] = []): string {
	const lines: string[] = [];
	const single = outcomes.length === 1 && skipped.length === 0 ? outcomes[0] : undefined;
	lines.push(single ? `# redtop: ${single.title}` : '# redtop: MET-001 validation', '');
	const first = outcomes[0];
	if (first) lines.push(`Target \`${first.target}\` · Redis ${first.server.version ?? '?'} (${first.server.role ?? '?'}) · redtop ${redtopVersion} · ${first.startedAt}`, '');
	for (const o of outcomes) {
		const verdict = o.aborted ? '⏹ ABORTED' : o.result.passed ? '✅ PASS' : '❌ FAIL';
		lines.push(`## ${single ? 'Result' : o.title}: ${verdict}`, '', `**Objective.** ${o.objective}`, '', '**What was done.**', '');
		for (const sentence of o.result.summary) lines.push(`- ${sentence}`);
		lines.push(`- Run id \`${o.runId}\`; keys under \`redtop:${o.scenario}:${o.runId}:\`, ${o.cleanup.deletedKeys.toLocaleString('en-US')} deleted afterwards in ${o.cleanup.seconds.toFixed(2)} s${o.cleanup.error ? ` (${o.cleanup.error})` : ''}.`);
		lines.push('', '**Findings.**', '', '| | criterion | target | measured |', '| --- | --- | --- | --- |');
		for (const c of o.result.criteria) lines.push(`| ${mark(c)} | ${cell(c.name)} | ${cell(c.target)} | ${cell(c.measured)} |`);
		const notes = o.result.criteria.filter(c => c.note);
		if (notes.length > 0) {
			lines.push('');
			for (const c of notes) lines.push(`- **${cell(c.name)}**: ${c.note}`);
		}
		lines.push('');
	}
	for (const s of skipped) lines.push(`## ${s.scenario}: ⏭ SKIPPED`, '', s.reason, '');
	const passed = outcomes.length > 0 && outcomes.every(o => o.result.passed && !o.aborted);
	lines.push(`## Verdict`, '', passed ? '✅ Every criterion met.' : '❌ Not every criterion met: see the findings above.', '');
	return lines.join('\n');
}

/** Writes `<dir>/redtop-<scenario>-<runId>.md` and `.json`; returns both paths. */
export async function writeReports(dir: string, name: string, outcomes: readonly ScenarioOutcome[], skipped: readonly Skipped[] = []): Promise<{markdown: string; json: string}> {
	await mkdir(dir, {recursive: true});
	const base = path.join(dir, name);
	const markdown = `${base}.md`;
	const json = `${base}.json`;
	await writeFile(markdown, reportMarkdown(outcomes, skipped));
	await writeFile(json, `${JSON.stringify(reportJson(outcomes, skipped), null, 2)}\n`);
	return {markdown, json};
}
