/**
 * The terminal SLA scorecard: one line per target with the prediction, its
 * 95% interval, the probability it is met and a verdict.
 */
import type { Estimate, Results } from '../simulator/model/results.js';
import { formatSeconds } from './format.js';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

function interval(e: Estimate): string {
  if (e.mean === null) return 'no contacts';
  if (e.lo === null || e.hi === null) return pct(e.mean);
  return `${pct(e.mean)} [${pct(Math.max(0, e.lo))}–${pct(Math.min(1, e.hi))}]`;
}

export function scorecard(results: Results): string {
  const rows = results.targets.map((t) => {
    const goal =
      t.metric === 'abandonment'
        ? `≤ ${pct(t.goal)} abandon`
        : `${pct(t.goal)} within ${formatSeconds(t.within ?? 0)}${t.clock === 'business' ? ' (business)' : ''}`;
    return [
      t.name,
      goal,
      interval(t.attainment),
      pct(t.probabilityMet.estimate),
      t.verdict.toUpperCase(),
    ];
  });
  const header = ['SLA target', 'goal', 'predicted [95% CI]', 'P(met)', 'verdict'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  const c = results.conservation;
  const reps = results.run.replications;
  return [
    `${results.scenario.name}: ${reps} replication${reps === 1 ? '' : 's'}, seed ${results.run.seed}, ${Math.round(c.created / reps)} contacts per replication`,
    '',
    line(header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
