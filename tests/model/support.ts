/**
 * Shared checks for model-vs-theory tests.
 *
 * Tolerance: each replication gives one independent estimate of a long-run
 * measure; across R replications the Student-t interval at level 1 − α/k holds
 * the true value with probability 1 − α/k. We test k measures per file at a
 * family-wise α = 0.001 (Bonferroni), so a correct model fails a given seed's
 * check with probability below 0.1%. The warm-up (2 h, dozens of handle
 * times) makes the start-empty bias negligible against that width, and we
 * also require the interval to be narrow enough that the check can fail.
 */
import { expect } from 'vitest';
import type { Scenario } from '../../scenarios/schema/types.js';
import { compileScenario } from '../../simulator/model/compile.js';
import type { ReplicationOutput } from '../../simulator/model/layout.js';
import { CELL, CELL_FIELDS, GROUP_FIELDS, TARGET_FIELDS } from '../../simulator/model/layout.js';
import { runReplication } from '../../simulator/model/replicate.js';
import { studentTQuantile } from '../../simulator/stats/studentT.js';

export const FAMILY_ALPHA = 0.001;

/**
 * Replications 0..n−1 of `s`. SLALAB_TEST_SEED_SUFFIX appends to the seed, to
 * check that the width checks hold on other sample paths (see
 * tests/queue/oracle.test.ts).
 */
export function runReplications(
  s: Scenario,
  replications: number,
  seed: number | string = 1,
): ReplicationOutput[] {
  return Array.from({ length: replications }, (_, r) =>
    runReplication(s, `${seed}${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}`, r),
  );
}

/** Sum of a cell field over the whole horizon. */
export function total(out: ReplicationOutput, field: number): number {
  let sum = 0;
  for (let i = field; i < out.cells.length; i += CELL_FIELDS) sum += out.cells[i];
  return sum;
}

export function targetAttainment(
  out: ReplicationOutput,
  target: number,
  intervals: number,
): number {
  let e = 0;
  let h = 0;
  for (let i = 0; i < intervals; i++) {
    e += out.targets[(target * intervals + i) * TARGET_FIELDS];
    h += out.targets[(target * intervals + i) * TARGET_FIELDS + 1];
  }
  return h / e;
}

export function meanFirstResponse(out: ReplicationOutput): number {
  return total(out, CELL.firstResponseSum) / total(out, CELL.firstResponseCount);
}

export function occupancy(out: ReplicationOutput, group = 0, groups = 1): number {
  let s = 0;
  let b = 0;
  for (let i = group * GROUP_FIELDS; i < out.groups.length; i += groups * GROUP_FIELDS) {
    s += out.groups[i];
    b += out.groups[i + 1];
  }
  return b / s;
}

/**
 * Asserts `theory` lies within the (1 − α/k) Student-t interval of the
 * replication values, and that the interval is informative (half-width at most
 * `maxHalfWidth`, so the check has the power to fail).
 */
export function expectAgrees(
  label: string,
  values: number[],
  theory: number,
  checks: number,
  maxHalfWidth: number,
): void {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const t = studentTQuantile(1 - FAMILY_ALPHA / checks / 2, n - 1);
  const halfWidth = t * Math.sqrt(variance / n);
  const detail = `${label}: simulated ${mean.toPrecision(5)} ± ${halfWidth.toPrecision(3)} (n=${n}), theory ${theory.toPrecision(5)}`;
  expect(Math.abs(mean - theory), detail).toBeLessThanOrEqual(halfWidth);
  expect(halfWidth, `${detail}: interval too wide to test`).toBeLessThanOrEqual(maxHalfWidth);
}

export const compiled = compileScenario;
