/**
 * The shift plan: how many agents work each allowed weekly schedule so that
 * every interval's requirement is covered at the least paid time, as an
 * integer program solved by HiGHS (the `highs` package: HiGHS compiled to
 * WebAssembly, so it needs no native build and runs wherever Node does).
 *
 * Model (one per agent group; Dantzig's set-covering formulation of shift
 * scheduling, 1954):
 *
 *   minimise   Σ_v cost_v · x_v + M · Σ_p u_p
 *   subject to Σ_{v on duty at p} x_v + u_p ≥ r_p      every week position p with r_p > 0
 *              min_P ≤ Σ_{v of P working day d} x_v ≤ max_P   every pattern P, day d of P
 *              x_v ∈ ℤ≥0,  u_p ≥ 0
 *
 * x_v: agents on variant v (a pattern × start time × its days, patterns.ts);
 * cost_v: paid intervals per week (so the objective is whole and any solution
 * within 1 of the bound is optimal: `mip_abs_gap` 0.999); r_p: agents on duty
 * required at week position p; u_p: requirement left uncovered, priced at
 * M = 100 × the dearest variant + 1 so the solver leaves a gap only where no
 * allowed schedule can fill it (e.g. a `max` too low), and reports it instead
 * of failing.
 */
import highsModule, { type Highs, type InitOptions } from 'highs';
import { WEEK } from '../../scenarios/schema/duration.js';
import { expandPatterns, type Pattern, type Variant } from './patterns.js';

export interface ShiftAssignment {
  pattern: string;
  /** Seconds after midnight. */
  start: number;
  /** Days worked (0 = Monday). */
  days: number[];
  agents: number;
  /** Paid hours of one agent on this schedule per week. */
  paidHoursEach: number;
}

export interface GroupShiftPlan {
  /** Agents on duty required per week position (interval from Monday 00:00). */
  requirement: number[];
  /** Agents on duty the plan gives per week position. */
  coverage: number[];
  /** Week positions where coverage is below the requirement. */
  uncovered: number[];
  /** Schedules with at least one agent. */
  assignments: ShiftAssignment[];
  /** Paid hours per week. */
  paidHours: number;
  solver: {
    status: string;
    /** Paid intervals + penalty, as HiGHS reports it. */
    objective: number;
    seconds: number;
    variables: number;
    constraints: number;
  };
}

export interface ShiftOptions {
  /** HiGHS time limit per group, seconds (default 30). */
  timeLimit?: number;
}

// `highs` declares its types as CommonJS but serves Node's `import` an ES
// module whose default export is the loader; TypeScript (NodeNext) then types
// the default import as the whole module. Take the function whichever it is.
type Loader = (options?: InitOptions) => Promise<Highs>;
const imported = highsModule as unknown as Loader | { default: Loader };
const loadHighs: Loader = typeof imported === 'function' ? imported : imported.default;
let highsPromise: Promise<Highs> | undefined;

/** The HiGHS runtime, loaded once per process. */
function highs(): Promise<Highs> {
  highsPromise ??= loadHighs();
  return highsPromise;
}

/** Terms `c x` joined for the LP format, a few per line. */
function sum(terms: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 8) lines.push(terms.slice(i, i + 8).join(' + '));
  return lines.join('\n   + ');
}

/**
 * The CPLEX LP text of the covering program, and the variants it chooses from.
 */
export function shiftProgram(
  requirement: readonly number[],
  patterns: readonly Pattern[],
  interval: number,
): { lp: string; variants: Variant[]; rows: number } {
  const variants = expandPatterns(patterns, interval);
  const positions = WEEK / interval;
  const covering: number[][] = Array.from({ length: positions }, () => []);
  variants.forEach((v, i) => {
    for (const p of v.cover) covering[p].push(i);
  });
  const cost = variants.map((v) => Math.round(v.paidSeconds / interval));
  const penalty = 100 * Math.max(1, ...cost) + 1;
  const needed = requirement.flatMap((r, p) => (r > 0 ? [p] : []));

  const objective = [
    ...variants.map((_, i) => `${cost[i]} x${i}`),
    ...needed.map((p) => `${penalty} u${p}`),
  ];
  const rows: string[] = [];
  for (const p of needed) {
    const terms = [...covering[p].map((i) => `x${i}`), `u${p}`];
    rows.push(` cover${p}: ${sum(terms)} >= ${requirement[p]}`);
  }
  patterns.forEach((pattern, pi) => {
    if (pattern.min <= 0 && !Number.isFinite(pattern.max)) return;
    for (const d of pattern.days) {
      const terms = variants.flatMap((v, i) =>
        v.pattern === pi && v.days.includes(d) ? [`x${i}`] : [],
      );
      if (terms.length === 0) continue;
      if (pattern.min > 0) rows.push(` min${pi}d${d}: ${sum(terms)} >= ${pattern.min}`);
      if (Number.isFinite(pattern.max))
        rows.push(` max${pi}d${d}: ${sum(terms)} <= ${pattern.max}`);
    }
  });
  const bounds = [
    ...variants.map((v, i) =>
      Number.isFinite(patterns[v.pattern].max)
        ? ` 0 <= x${i} <= ${patterns[v.pattern].max}`
        : ` x${i} >= 0`,
    ),
    ...needed.map((p) => ` u${p} >= 0`),
  ];
  const lp = [
    'Minimize',
    ` obj: ${objective.length > 0 ? sum(objective) : '0 x0'}`,
    'Subject To',
    ...(rows.length > 0 ? rows : [' none: 0 x0 >= 0']),
    'Bounds',
    ...bounds,
    ...(variants.length > 0 ? ['Generals', ` ${variants.map((_, i) => `x${i}`).join(' ')}`] : []),
    'End',
  ].join('\n');
  return { lp, variants, rows: rows.length };
}

/**
 * The cheapest plan covering `requirement` (agents on duty per week position)
 * with the given patterns.
 *
 * @throws {Error} when HiGHS ends without a solution (it cannot: the program is
 *   always feasible thanks to the slack, so this means a solver failure)
 * @example
 * const plan = await planShifts(requirement, rules.groups[0].patterns, 900);
 * plan.assignments; // [{ pattern: 'early', start: 25200, days: [0], agents: 4, paidHoursEach: 8 }, …]
 */
export async function planShifts(
  requirement: readonly number[],
  patterns: readonly Pattern[],
  interval: number,
  options: ShiftOptions = {},
): Promise<GroupShiftPlan> {
  const positions = WEEK / interval;
  const { lp, variants, rows } = shiftProgram(requirement, patterns, interval);
  const solver = await highs();
  const started = performance.now();
  const counts = new Array<number>(variants.length).fill(0);
  let status = 'Empty';
  let objective = 0;
  if (variants.length > 0) {
    const result = solver.solve(lp, {
      output_flag: false,
      time_limit: options.timeLimit ?? 30,
      mip_rel_gap: 0,
      mip_abs_gap: 0.999,
    });
    status = result.Status;
    const first = result.Columns.x0 as { Primal?: number } | undefined;
    const usable =
      status === 'Optimal' || (status === 'Time limit reached' && first?.Primal !== undefined);
    if (!usable) throw new Error(`HiGHS could not solve the shift program: ${status}`);
    objective = result.ObjectiveValue;
    variants.forEach((_, i) => {
      const column = result.Columns[`x${i}`] as { Primal?: number } | undefined;
      counts[i] = Math.max(0, Math.round(column?.Primal ?? 0));
    });
  }
  const seconds = (performance.now() - started) / 1000;

  const coverage = new Array<number>(positions).fill(0);
  variants.forEach((v, i) => {
    if (counts[i] > 0) for (const p of v.cover) coverage[p] += counts[i];
  });
  const paidSeconds = variants.reduce((s, v, i) => s + v.paidSeconds * counts[i], 0);
  return {
    requirement: [...requirement],
    coverage,
    uncovered: requirement.flatMap((r, p) => (coverage[p] < r ? [p] : [])),
    assignments: variants.flatMap((v, i) =>
      counts[i] > 0
        ? [
            {
              pattern: patterns[v.pattern].name,
              start: v.start,
              days: v.days,
              agents: counts[i],
              paidHoursEach: v.paidSeconds / 3600,
            },
          ]
        : [],
    ),
    paidHours: paidSeconds / 3600,
    solver: {
      status,
      objective,
      seconds,
      variables: variants.length + requirement.filter((r) => r > 0).length,
      constraints: rows,
    },
  };
}
