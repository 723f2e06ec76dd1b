/**
 * The report's HTML blocks that are tables rather than charts: the SLA
 * scorecard with colour-coded verdicts, the verdict banner, and the inputs
 * needed to reproduce the run. Every value from the results is escaped.
 */
import type { Results } from '../../simulator/model/results.js';
import { formatDuration, formatPercent } from '../format.js';
import type { InputRow, ScorecardRow } from '../tables.js';
import { escapeHtml as e, type Page, type Tone } from './html.js';

const percent = formatPercent;

const verdictClass = (verdict: string) => verdict.replace(/\s+/g, '-');

/** The goal as a sentence fragment: `80% within 60s`, `at most 5% abandon`. */
export function goalText(row: Pick<ScorecardRow, 'metric' | 'goal' | 'within' | 'clock'>): string {
  if (row.metric === 'abandonment') return `at most ${percent(row.goal, 1)} abandon`;
  const within = row.within === null ? '' : ` within ${formatDuration(row.within)}`;
  return `${percent(row.goal, 0)}${within}${row.clock === 'business' ? ' (business hours)' : ''}`;
}

const METRIC_NAMES: Record<string, string> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
  serviceLevel: 'service level',
  abandonment: 'abandonment',
};

function scope(row: ScorecardRow): string {
  const channel = row.channel === 'all' ? 'all channels' : row.channel;
  const priority = row.priority === 'all' ? '' : ` · ${row.priority}`;
  return `${METRIC_NAMES[row.metric] ?? row.metric} · ${channel}${priority}`;
}

/** The scorecard table: one row per target (and series), verdicts colour-coded. */
export function scorecardTable(rows: readonly ScorecardRow[]): string {
  const multi = new Set(rows.map((r) => r.series)).size > 1;
  const head = [
    '<th>SLA target</th>',
    multi ? '<th>Series</th>' : '',
    '<th>Goal</th>',
    '<th class="num">Predicted</th>',
    '<th class="num">95% interval</th>',
    '<th class="num">P(goal met)</th>',
    '<th>Verdict</th>',
  ].join('');
  const body = rows
    .map((r) => {
      const v = verdictClass(r.verdict);
      const ci = r.lo === null || r.hi === null ? '—' : `${percent(r.lo)} – ${percent(r.hi)}`;
      const width = Math.round(100 * Math.min(1, Math.max(0, r.probabilityMet)));
      return `<tr class="${e(v)}">
<td><span class="target">${e(r.target)}</span><span class="scope">${e(scope(r))}</span></td>
${multi ? `<td>${e(r.series)}</td>` : ''}
<td>${e(goalText(r))}</td>
<td class="num"><strong>${e(percent(r.attainment))}</strong></td>
<td class="num ci">${e(ci)}</td>
<td class="num">${e(percent(r.probabilityMet, 0))}<span class="bar" aria-hidden="true"><i class="${e(v)}" style="width:${width}%"></i></span></td>
<td><span class="pill ${e(v)}">${e(r.verdict)}</span></td>
</tr>`;
    })
    .join('\n');
  return `<table class="scorecard">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** The banner over the report: the overall verdict in one line, and which targets are short. */
export function verdictBanner(
  rows: readonly ScorecardRow[],
  /** What one replication simulates, plural: `weeks`, `runs`. */
  periods = 'runs',
): Page['banner'] {
  const n = rows.length;
  const missed = rows.filter((r) => r.verdict === 'missed');
  const atRisk = rows.filter((r) => r.verdict === 'at risk');
  const names = (list: readonly ScorecardRow[]) => list.map((r) => r.target).join(', ');
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (n === 0) {
    return {
      tone: 'warn',
      headline: 'No SLA targets were set.',
      detail: 'Add targets to the scenario’s sla section to get a verdict.',
    };
  }
  let tone: Tone = 'good';
  let headline = `All ${plural(n, 'SLA target')} are predicted to be met.`;
  if (n === 1 && missed.length + atRisk.length === 0)
    headline = 'The SLA target is predicted to be met.';
  const detail: string[] = [];
  if (missed.length > 0) {
    tone = 'bad';
    headline = `The promise breaks: ${missed.length} of ${plural(n, 'target')} predicted missed${atRisk.length ? `, ${atRisk.length} at risk` : ''}.`;
    detail.push(`Missed: ${names(missed)}.`);
  } else if (atRisk.length > 0) {
    tone = 'warn';
    headline = `${atRisk.length} of ${plural(n, 'target')} at risk; none predicted missed.`;
  }
  if (atRisk.length > 0) detail.push(`At risk: ${names(atRisk)}.`);
  if (tone === 'good') {
    detail.push(`Each is met in at least 90% of the simulated ${periods}.`);
  } else {
    detail.push(`A target is met when its goal holds in at least 90% of the simulated ${periods}.`);
  }
  return { tone, headline, detail: detail.join(' ') };
}

const SECTION_TITLES: Record<string, string> = {
  run: 'Run',
  scenario: 'Scenario',
  channel: 'Channels',
  group: 'Agent groups',
};

/** The inputs and provenance, grouped, with the command that reproduces the results. */
export function inputsBlock(rows: readonly InputRow[], results: Results): string {
  const sections = [...new Set(rows.map((r) => r.section))];
  const groups = sections
    .map((section) => {
      const items = rows
        .filter((r) => r.section === section)
        .map((r) => `<dt>${e(r.key)}</dt><dd>${e(r.value)}</dd>`)
        .join('');
      return `<div><h3>${e(SECTION_TITLES[section] ?? section)}</h3><dl>${items}</dl></div>`;
    })
    .join('\n');
  const seed = String(results.run.seed);
  const quotedSeed = /^[\w.-]+$/.test(seed) ? seed : `'${seed.replaceAll("'", `'\\''`)}'`;
  const command = `slalab simulate <scenario file> --replications ${results.run.replications} --seed ${quotedSeed} --out results.json`;
  const glossary = Object.entries(results.definitions ?? {})
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join('');
  return `<div class="inputs">
${groups}
</div>
<pre class="command">${e(command)}</pre>
${glossary ? `<details class="glossary"><summary>How each figure is defined</summary><dl>${glossary}</dl></details>` : ''}`;
}

/** A muted note standing in for a chart that cannot be drawn from these results. */
export function note(text: string): string {
  return `<p class="note">${e(text)}</p>`;
}
