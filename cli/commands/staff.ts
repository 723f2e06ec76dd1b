/**
 * `slalab staff <scenario>`: sizes a scenario's staffing — agents required per
 * interval (simulation on common random numbers, seeded by Erlang C/A), the
 * cheapest shift plan covering them (HiGHS), headcount per group, and the SLAs
 * the plan is predicted to meet. Prints a summary; writes staffing.json with
 * --out.
 */
import { availableParallelism } from 'node:os';
import { parse } from 'yaml';
import type { Argv, CommandModule } from 'yargs';
import { staffingReport } from '../../reports/staffingReport.js';
import { WEEKDAYS } from '../../scenarios/schema/duration.js';
import { loadScenario, ScenarioError } from '../../scenarios/schema/validate.js';
import { staffingRules } from '../../simulator/staffing/patterns.js';
import { planStaffing, type StaffingPlan } from '../../simulator/staffing/plan.js';
import { requireNumber, UsageError } from '../errors.js';
import { formatSeconds } from '../format.js';
import { packageVersion, progressBar, readInput, writeOutput } from '../output.js';

interface StaffArgs {
  scenario: string;
  patterns?: string;
  out?: string;
  report?: string;
  force: boolean;
  replications: number;
  seed: string;
  workers: number;
  'max-rounds': number;
  quiet: boolean;
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

/** `07:00` from seconds after midnight. */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** `Mon-Fri`, `Sat-Sun`, `Mon,Wed`, `daily` from sorted day indices. */
export function dayLabel(days: readonly number[]): string {
  if (days.length === 7) return 'daily';
  const runs: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    runs.push(
      j === i
        ? WEEKDAYS[days[i]]
        : `${WEEKDAYS[days[i]]}${j === i + 1 ? ',' : '-'}${WEEKDAYS[days[j]]}`,
    );
    i = j;
  }
  return runs.join(',');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

/** The readable summary of a staffing plan. */
export function staffingSummary(plan: StaffingPlan): string {
  const out: string[] = [];
  const iv = formatSeconds(plan.scenario.interval);
  const run = plan.run;
  out.push(
    `${plan.scenario.name}: staffing plan, seed ${run.seed}, ${run.replications} replications per round`,
    '',
    `Requirements — agents on duty per ${iv} interval (${plan.scenario.horizonIntervals} intervals; ` +
      `${run.rounds} simulation rounds, ${run.converged ? 'converged' : 'stopped at the round limit'})`,
  );
  const req = plan.requirements;
  const meanConfidence =
    req.confidence.reduce((s, c) => s + c, 0) / Math.max(1, req.confidence.length);
  out.push(
    ...table([
      ['group', 'Erlang peak', 'required peak', 'agent-hours', 'intervals'],
      ...req.groups.map((g) => [
        g.group,
        String(g.analyticPeak),
        String(g.peak),
        g.agentHours.toFixed(0),
        String(g.required.length),
      ]),
    ]),
    `Every goal met (pooled over replications) in ${req.met.filter(Boolean).length} of ${req.met.length} intervals; ` +
      `mean confidence (share of replications meeting all goals per interval) ${pct(meanConfidence)}.`,
  );
  if (req.unreachable.length > 0) {
    const names = [...new Set(req.unreachable.map((u) => u.target))];
    out.push(
      `${req.unreachable.length} interval checks no staffing reached (${names.join(', ')}): see requirements.unreachable.`,
    );
  }

  out.push('', 'Shifts — agents per schedule (least paid hours, HiGHS)');
  for (const s of plan.shifts) {
    out.push(
      `${s.group} (patterns from ${s.source}; ${s.paidHours.toFixed(0)} paid h/week; solver ${s.solver.status.toLowerCase()}, ${s.solver.seconds.toFixed(2)} s)`,
    );
    const byPattern = new Map<string, string[]>();
    for (const a of s.assignments) {
      const key = `${a.pattern} ${clock(a.start)}`;
      const list = byPattern.get(key) ?? [];
      list.push(`${dayLabel(a.days)} ${a.agents}`);
      byPattern.set(key, list);
    }
    if (byPattern.size === 0) out.push('  (no agents needed)');
    for (const [key, list] of byPattern) out.push(`  ${key}: ${list.join(' · ')}`);
    const hours = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) * plan.scenario.interval) / 3600;
    const needed = hours(s.requirement);
    if (needed > 0) {
      const onDuty = hours(s.coverage);
      const over = onDuty / needed - 1;
      out.push(
        `  on duty ${onDuty.toFixed(0)} agent-hours for ${needed.toFixed(0)} required ` +
          (over >= 0
            ? `(${pct(over)} over, from the patterns’ shapes)`
            : `(${pct(-over)} short, where no pattern reaches)`),
      );
    }
    if (s.uncovered.length > 0) {
      out.push(
        `  ${s.uncovered.length} week intervals left short: no allowed pattern covers them (see shifts[].uncovered)`,
      );
    }
  }

  const hc = plan.headcount;
  out.push(
    '',
    `Headcount — FTE = paid hours ÷ ${hc.contractWeekHours} h; heads = ⌈FTE / (1 − shrinkage)⌉`,
    ...table([
      ['group', 'paid h/week', 'FTE', 'shrinkage', 'headcount'],
      ...hc.groups.map((g) => [
        g.group,
        g.paidHours.toFixed(0),
        g.fte.toFixed(1),
        pct(g.shrinkage),
        String(g.headcount),
      ]),
      [
        'total',
        hc.groups.reduce((s, g) => s + g.paidHours, 0).toFixed(0),
        hc.groups.reduce((s, g) => s + g.fte, 0).toFixed(1),
        '',
        String(hc.groups.reduce((s, g) => s + g.headcount, 0)),
      ],
    ]),
  );

  const p = plan.predicted;
  out.push(
    '',
    `Predicted SLAs with this schedule (${p.replications} fresh replications)`,
    ...table([
      ['SLA target', 'goal', 'predicted', 'P(met)', 'verdict'],
      ...p.targets.map((t) => [
        t.name,
        t.metric === 'abandonment'
          ? `≤ ${pct(t.goal)}`
          : `${pct(t.goal)} in ${formatSeconds(t.within ?? 0)}`,
        pct(t.attainment.mean),
        pct(t.probabilityMet.estimate),
        t.verdict.toUpperCase(),
      ]),
    ]),
  );
  const sec = run.seconds;
  out.push(
    '',
    `${sec.total.toFixed(1)} s: simulation ${sec.simulation.toFixed(1)} s (search), ` +
      `${sec.evaluation.toFixed(1)} s (check), solver ${sec.solver.toFixed(2)} s, Erlang ${sec.analytic.toFixed(2)} s`,
  );
  return out.join('\n');
}

function parseFile(path: string, flag: string): unknown {
  const text = readInput(path, flag);
  try {
    return parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: not YAML or JSON: ${(error as Error).message}`);
  }
}

export const staffCommand: CommandModule<object, StaffArgs> = {
  command: 'staff <scenario>',
  describe:
    'Size the staffing: agents per interval, the cheapest shift plan, headcount, predicted SLAs',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', {
        type: 'string',
        describe: 'Scenario file (YAML or JSON)',
        demandOption: true,
      })
      .options({
        patterns: {
          alias: 'p',
          type: 'string',
          describe:
            'Shift patterns file (a `staffing` section); groups it does not list use the scenario’s shifts',
        },
        out: { alias: 'o', type: 'string', describe: 'Write staffing.json here' },
        report: {
          type: 'string',
          describe:
            'Write the HTML page: required vs scheduled agents, shifts, headcount, predicted SLAs',
        },
        force: {
          type: 'boolean',
          default: false,
          describe: 'Overwrite --out and --report if they exist',
        },
        replications: {
          alias: 'r',
          type: 'number',
          default: 20,
          describe: 'Replications per simulation round, and of the final check',
        },
        seed: {
          alias: 's',
          type: 'string',
          default: '1',
          describe: 'Seed: the same seed gives the same plan',
        },
        workers: {
          alias: 'w',
          type: 'number',
          default: availableParallelism(),
          describe: 'Worker threads (the plan does not depend on it)',
        },
        'max-rounds': {
          type: 'number',
          default: 40,
          describe: 'Simulation rounds of the requirement search before it stops',
        },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress bar' },
      }) as unknown as Argv<StaffArgs>,
  handler: async (args) => {
    const replications = requireNumber('--replications', args.replications, {
      min: 2,
      integer: true,
    });
    const workers = requireNumber('--workers', args.workers, { min: 1, integer: true });
    const maxRounds = requireNumber('--max-rounds', args['max-rounds'], { min: 1, integer: true });
    const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    let plan: StaffingPlan;
    const labels = { requirements: 'requirements', evaluation: 'checking plan' };
    let bar = progressBar(labels.requirements, args.quiet);
    try {
      const scenario = loadScenario(args.scenario);
      const scenarioFile = parseFile(args.scenario, 'scenario');
      const patterns = args.patterns ? parseFile(args.patterns, '--patterns') : undefined;
      const rules = staffingRules(patterns, scenario, scenarioFile, args.patterns);
      let phase: keyof typeof labels = 'requirements';
      plan = await planStaffing(scenario, rules, {
        seed,
        replications,
        workers,
        maxRounds,
        version: packageVersion(),
        onProgress: (p) => {
          if (p.phase !== phase) {
            bar.stop();
            phase = p.phase;
            bar = progressBar(labels[phase], args.quiet);
          }
          bar.update(p.done, p.total);
        },
      });
    } catch (error) {
      if (error instanceof ScenarioError) {
        const n = error.issues.length;
        throw new UsageError(
          `${error.source ?? args.scenario}: ${n} problem${n === 1 ? '' : 's'}\n${error.format()}`,
        );
      }
      throw error;
    } finally {
      bar.stop();
    }
    if (args.out) writeOutput(args.out, `${JSON.stringify(plan)}\n`, args.force);
    if (args.report) writeOutput(args.report, await staffingReport(plan), args.force);
    process.stdout.write(`${staffingSummary(plan)}\n`);
    if (args.out) process.stdout.write(`Plan written to ${args.out}\n`);
    if (args.report) process.stdout.write(`Report written to ${args.report}\n`);
  },
};
