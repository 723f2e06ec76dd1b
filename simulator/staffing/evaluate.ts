/**
 * Reads one simulation round of the staffing search: per target and horizon
 * interval, the attainment pooled over replications (hits ÷ contacts it
 * applied to), which interval checks miss, and in how many replications each
 * interval met all its goals.
 */
import { TARGET_FIELDS } from '../model/layout.js';
import type { Check } from './checks.js';
import type { SearchOutput } from './runner.js';

const TOLERANCE = 1e-12;

export interface RoundEvaluation {
  /** Pooled attainment per simulated SLA index and interval: [s * H + h]; NaN when nobody was eligible. */
  attainment: Float64Array;
  /** Contacts the SLA index applied to, summed over replications: [s * H + h]. */
  eligible: Float64Array;
  /** Checks missed: [check index, interval] pairs. */
  misses: Array<[number, number]>;
  /** Per interval: replications in which every check was met (at its goal, or its relaxed goal). */
  replicationsMet: Int32Array;
  /** Mean contacts waiting per interval and queue column: [h * (C + 1) + q]. */
  queue: Float64Array;
  /** Busy ÷ staffed agent time per group and interval: [g * H + h]; 0 when nobody was staffed. */
  occupancy: Float64Array;
}

/** Whether an attainment meets a goal (at most the goal for abandonment, else at least). */
export function meets(check: Check, attainment: number, goal = check.goal): boolean {
  return check.atMost ? attainment <= goal + TOLERANCE : attainment >= goal - TOLERANCE;
}

/**
 * @param goals per check and interval ([c * H + h]) the goal to reach, when it
 *   differs from the check's own (relaxed where staffing cannot reach it); NaN = the check's
 */
export function evaluateRound(
  outputs: readonly SearchOutput[],
  checks: readonly Check[],
  dims: { intervals: number; slas: number; channels: number; groups: number },
  goals?: Float64Array,
): RoundEvaluation {
  const H = dims.intervals;
  const S = dims.slas;
  const Q = dims.channels + 1;
  const G = dims.groups;
  const eligible = new Float64Array(S * H);
  const hits = new Float64Array(S * H);
  const queue = new Float64Array(H * Q);
  const staffed = new Float64Array(G * H);
  const busy = new Float64Array(G * H);
  for (const out of outputs) {
    for (let k = 0; k < S * H; k++) {
      eligible[k] += out.targets[k * TARGET_FIELDS];
      hits[k] += out.targets[k * TARGET_FIELDS + 1];
    }
    for (let k = 0; k < H * Q; k++) queue[k] += out.queues[k] / outputs.length;
    for (let h = 0; h < H; h++) {
      for (let g = 0; g < G; g++) {
        staffed[g * H + h] += out.groups[(h * G + g) * 2];
        busy[g * H + h] += out.groups[(h * G + g) * 2 + 1];
      }
    }
  }
  const attainment = new Float64Array(S * H);
  for (let k = 0; k < S * H; k++)
    attainment[k] = eligible[k] > 0 ? hits[k] / eligible[k] : Number.NaN;
  const occupancy = new Float64Array(G * H);
  for (let k = 0; k < G * H; k++) occupancy[k] = staffed[k] > 0 ? busy[k] / staffed[k] : 0;

  const goalOf = (ci: number, h: number) => {
    const g = goals ? goals[ci * H + h] : Number.NaN;
    return Number.isNaN(g) ? checks[ci].goal : g;
  };
  const misses: Array<[number, number]> = [];
  checks.forEach((check, ci) => {
    for (let h = 0; h < H; h++) {
      const a = attainment[check.target * H + h];
      if (!Number.isNaN(a) && !meets(check, a, goalOf(ci, h))) misses.push([ci, h]);
    }
  });

  const replicationsMet = new Int32Array(H);
  for (const out of outputs) {
    for (let h = 0; h < H; h++) {
      let ok = true;
      for (let ci = 0; ci < checks.length && ok; ci++) {
        const base = (checks[ci].target * H + h) * TARGET_FIELDS;
        const e = out.targets[base];
        if (e > 0 && !meets(checks[ci], out.targets[base + 1] / e, goalOf(ci, h))) ok = false;
      }
      if (ok) replicationsMet[h]++;
    }
  }
  return { attainment, eligible, misses, replicationsMet, queue, occupancy };
}

/**
 * Standard error of a target's attainment in one interval across
 * replications (each replication's own hits ÷ eligible; replications with
 * nobody eligible left out): the simulation's confidence in the pooled figure.
 */
export function attainmentStandardError(
  outputs: readonly SearchOutput[],
  sla: number,
  h: number,
  H: number,
): number {
  const values: number[] = [];
  for (const out of outputs) {
    const base = (sla * H + h) * TARGET_FIELDS;
    if (out.targets[base] > 0) values.push(out.targets[base + 1] / out.targets[base]);
  }
  if (values.length < 2) return Number.NaN;
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1) / values.length);
}
