/**
 * The staffing plan of a scenario, end to end: interval requirements
 * (simulation on common random numbers, seeded by Erlang C/A) → the cheapest
 * weekly shift plan covering them (integer program, HiGHS) → headcount per
 * group (FTE ÷ (1 − shrinkage)) → the scenario simulated with that schedule,
 * on fresh replications, for the probability each SLA target is met.
 *
 * The plan's JSON form is `staffing.json` (format `slalab-staffing`, version 1).
 */
import { WEEK } from '../../scenarios/schema/duration.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import type { Estimate } from '../model/results.js';
import { simulateScenario } from '../model/simulate.js';
import { type Headcount, headcount } from './headcount.js';
import type { StaffingRules } from './patterns.js';
import { computeRequirements, gridStaffing, type Requirements } from './requirements.js';
import { withStaffing } from './runner.js';
import { type GroupShiftPlan, planShifts } from './shifts.js';

export const STAFFING_FORMAT = 'slalab-staffing';
export const STAFFING_VERSION = 1;

export interface StaffingOptions {
  seed: number | string;
  /** Replications per search round, and of the final check (default 20). */
  replications?: number;
  /** Worker threads for simulation (compiled code only; default 1). */
  workers?: number;
  /** Search rounds before stopping unconverged (default 40). */
  maxRounds?: number;
  /** HiGHS time limit per group, seconds (default 30). */
  timeLimit?: number;
  /** slalab's version, recorded in the plan. */
  version?: string;
  onProgress?: (progress: {
    phase: 'requirements' | 'evaluation';
    done: number;
    total: number;
  }) => void;
}

export interface PredictedTarget {
  name: string;
  metric: string;
  /** The share to reach; for abandonment the highest acceptable rate. */
  goal: number;
  within: number | null;
  attainment: Estimate;
  probabilityMet: { estimate: number; lo: number; hi: number };
  verdict: 'met' | 'at risk' | 'missed';
}

export interface StaffingPlan {
  format: typeof STAFFING_FORMAT;
  version: typeof STAFFING_VERSION;
  generator: { name: 'slalab'; version: string };
  scenario: { name: string; interval: number; horizonIntervals: number; timezone: string };
  run: {
    seed: number | string;
    replications: number;
    rounds: number;
    converged: boolean;
    seconds: {
      total: number;
      analytic: number;
      simulation: number;
      solver: number;
      evaluation: number;
    };
  };
  definitions: Record<string, string>;
  requirements: Omit<
    Requirements,
    'rounds' | 'converged' | 'replications' | 'seconds' | 'groups'
  > & {
    groups: Array<
      Requirements['groups'][number] & { peak: number; agentHours: number; analyticPeak: number }
    >;
  };
  shifts: Array<GroupShiftPlan & { group: string; source: string }>;
  headcount: { contractWeekHours: number; groups: Array<Headcount & { group: string }> };
  predicted: { replications: number; firstReplication: number; targets: PredictedTarget[] };
}

export const STAFFING_DEFINITIONS: Record<string, string> = {
  required:
    'Agents on duty (after shrinkage) per horizon interval: the fewest with which the contacts created in the interval meet every SLA target, pooled over the replications of a simulation round.',
  analytic:
    'The Erlang C (patient) or Erlang A (exponential patience) agents per interval in steady state: the search’s starting point.',
  confidence:
    'Per interval: the share of replications in which the interval met every goal (relaxed where unreachable) on its own with the required staffing.',
  unreachable:
    'Interval checks missed even with far more agents (2 × analytic + ¼ × peak + 3): staffing cannot reach them, so their goal was relaxed to the attainment reached there less 2 points (abandonment: plus 2 points).',
  requirement:
    'Per week position (interval from Monday 00:00): the largest requirement of any simulated interval at that position.',
  coverage: 'Agents on duty per week position with the chosen shifts (breaks off duty).',
  paidHours: 'Shift length less unpaid breaks, per day worked, summed over the week.',
  headcount:
    'FTE = paid hours per week ÷ contract week; headcount = ⌈FTE / (1 − shrinkage)⌉, shrinkage being the paid time lost off the roster.',
  predicted:
    'The scenario simulated with the shift plan’s coverage on replications the search never saw; probabilityMet is the share of them in which the target is met over the horizon (95% Wilson interval).',
};

/** Per group, the largest requirement at each week position (Monday 00:00 = 0). */
export function weeklyRequirement(scenario: Scenario, required: number[][]): number[][] {
  const positions = WEEK / scenario.interval;
  const W = scenario.warmupIntervals;
  return gridStaffing(scenario, required).map((grid) => {
    const out = new Array<number>(positions).fill(0);
    grid.forEach((n, k) => {
      const p = (((k - W) % positions) + positions) % positions;
      out[p] = Math.max(out[p], n);
    });
    return out;
  });
}

/** Per group, staffing over the whole grid from coverage per week position. */
export function staffingFromCoverage(scenario: Scenario, coverage: number[][]): number[][] {
  const positions = WEEK / scenario.interval;
  const W = scenario.warmupIntervals;
  const total = W + scenario.horizonIntervals + scenario.cooldownIntervals;
  return coverage.map((c) =>
    Array.from({ length: total }, (_, k) => c[(((k - W) % positions) + positions) % positions]),
  );
}

/**
 * Requirements, shifts, headcount and the predicted SLAs of a scenario.
 *
 * @example
 * const plan = await planStaffing(scenario, staffingRules(undefined, scenario, file), { seed: 1 });
 * plan.headcount.groups.map((g) => g.headcount); // [41, 12, 16]
 */
export async function planStaffing(
  scenario: Scenario,
  rules: StaffingRules,
  options: StaffingOptions,
): Promise<StaffingPlan> {
  const started = performance.now();
  const R = options.replications ?? 20;
  const maxRounds = options.maxRounds ?? 40;
  const searchTotal = (maxRounds + 11) * R;
  const requirements = await computeRequirements(scenario, {
    seed: options.seed,
    replications: R,
    workers: options.workers,
    maxRounds,
    onProgress: (p) =>
      options.onProgress?.({ phase: 'requirements', done: p.replications, total: searchTotal }),
  });

  const required = requirements.groups.map((g) => g.required);
  const weekly = weeklyRequirement(scenario, required);
  const shifts: StaffingPlan['shifts'] = [];
  for (let g = 0; g < scenario.groups.length; g++) {
    const rule = rules.groups[g];
    const plan = await planShifts(weekly[g], rule.patterns, scenario.interval, {
      timeLimit: options.timeLimit,
    });
    shifts.push({ group: scenario.groups[g].name, source: rule.source, ...plan });
  }
  const solverSeconds = shifts.reduce((s, p) => s + p.solver.seconds, 0);

  const contractWeekHours = rules.contractWeek / 3600;
  const heads = scenario.groups.map((g, gi) => ({
    group: g.name,
    ...headcount(shifts[gi].paidHours, contractWeekHours, g.shrinkage),
  }));

  const evaluationStarted = performance.now();
  options.onProgress?.({ phase: 'evaluation', done: 0, total: R });
  const scheduled = withStaffing(
    scenario,
    staffingFromCoverage(
      scenario,
      shifts.map((s) => s.coverage),
    ),
  );
  const results = await simulateScenario(scheduled, {
    replications: R,
    seed: options.seed,
    // Fresh replications: the search tuned the requirements on 0…R−1.
    indices: Array.from({ length: R }, (_, i) => R + i),
    workers: options.workers,
    version: options.version ?? 'unknown',
    detail: 'horizon',
    onProgress: (done, total) => options.onProgress?.({ phase: 'evaluation', done, total }),
  });
  const evaluationSeconds = (performance.now() - evaluationStarted) / 1000;

  const H = scenario.horizonIntervals;
  return {
    format: STAFFING_FORMAT,
    version: STAFFING_VERSION,
    generator: { name: 'slalab', version: options.version ?? 'unknown' },
    scenario: {
      name: scenario.name,
      interval: scenario.interval,
      horizonIntervals: H,
      timezone: scenario.timezone,
    },
    run: {
      seed: options.seed,
      replications: R,
      rounds: requirements.rounds,
      converged: requirements.converged,
      seconds: {
        total: (performance.now() - started) / 1000,
        analytic: requirements.seconds.analytic,
        simulation: requirements.seconds.simulation,
        solver: solverSeconds,
        evaluation: evaluationSeconds,
      },
    },
    definitions: STAFFING_DEFINITIONS,
    requirements: {
      groups: requirements.groups.map((g) => ({
        ...g,
        peak: Math.max(0, ...g.required),
        analyticPeak: Math.max(0, ...g.analytic),
        agentHours: (g.required.reduce((s, n) => s + n, 0) * scenario.interval) / 3600,
      })),
      confidence: requirements.confidence,
      met: requirements.met,
      targets: requirements.targets,
      unreachable: requirements.unreachable,
      replicationsRun: requirements.replicationsRun,
      contactsRun: requirements.contactsRun,
    },
    shifts,
    headcount: { contractWeekHours, groups: heads },
    predicted: {
      replications: R,
      firstReplication: R,
      targets: results.targets.map((t) => ({
        name: t.name,
        metric: t.metric,
        goal: t.goal,
        within: t.within,
        attainment: t.attainment,
        probabilityMet: t.probabilityMet,
        verdict: t.verdict,
      })),
    },
  };
}
