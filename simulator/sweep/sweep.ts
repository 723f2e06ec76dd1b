/**
 * What-if sweeps: vary one or more fields of a scenario file over a grid and
 * simulate every point on common random numbers (the same seed, so each point
 * sees the same customers and only the varied field differs). Answers "bot
 * containment 0–70% against SLA attainment", "volume growth against
 * occupancy" and the like.
 */
import { normaliseScenario } from '../../scenarios/schema/normalise.js';
import { ReplicationPool, workersAvailable } from '../model/replicationPool.js';
import type { Estimate, Results } from '../model/results.js';
import { simulateScenario } from '../model/simulate.js';

export const SWEEP_FORMAT = 'slalab-sweep';

export interface Variation {
  /** Dotted path into the scenario file, e.g. `channels.chat.bot.containment`. */
  path: string;
  values: number[];
}

export interface SweepPoint {
  values: Record<string, number>;
  targets: Array<{
    name: string;
    metric: string;
    goal: number;
    attainment: Estimate;
    probabilityMet: number;
    verdict: string;
  }>;
  groups: Array<{ group: string; staffed: Estimate; occupancy: Estimate }>;
  contacts: number;
}

export interface SweepResults {
  format: typeof SWEEP_FORMAT;
  version: 1;
  scenario: string;
  seed: number | string;
  replications: number;
  variations: Variation[];
  points: SweepPoint[];
}

/** `from:to:step` → the values, inclusive of `to` within rounding. */
export function parseRange(text: string): number[] {
  const parts = text.split(':').map((p) => Number(p.trim()));
  if (parts.length === 1 && Number.isFinite(parts[0])) return [parts[0]];
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
    throw new RangeError(`"${text}" is not from:to:step (e.g. 0:0.7:0.1) or a single number`);
  }
  const [from, to, step] = parts;
  if (step <= 0) throw new RangeError(`step must be > 0 in "${text}"`);
  if (to < from) throw new RangeError(`to must be ≥ from in "${text}"`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > 200)
    throw new RangeError(`"${text}" gives ${count} points; at most 200 per variation`);
  // Rounded to the step's decimals so 0.1 + 0.2 reads 0.3 in tables.
  const decimals = Math.min(
    12,
    (String(step).split('.')[1] ?? '').length + (String(from).split('.')[1] ?? '').length,
  );
  return Array.from({ length: count }, (_, k) => Number((from + k * step).toFixed(decimals)));
}

/** Sets `value` at a dotted path of a plain object (numeric segments index arrays). */
export function setPath(target: unknown, path: string, value: number): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (let k = 0; k < keys.length - 1; k++) {
    const next = node?.[keys[k]];
    if (next === null || typeof next !== 'object') {
      throw new RangeError(
        `--vary ${path}: "${keys.slice(0, k + 1).join('.')}" is not in the scenario file`,
      );
    }
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (!(last in node))
    throw new RangeError(
      `--vary ${path}: "${path}" is not in the scenario file (write it there first)`,
    );
  if (
    typeof node[last] !== 'number' &&
    !(typeof node[last] === 'string' && Number.isFinite(Number(node[last])))
  ) {
    throw new RangeError(
      `--vary ${path}: the value there is ${JSON.stringify(node[last])}, not a number`,
    );
  }
  node[last] = value;
}

/** Every combination of the variations' values (the last varies fastest). */
export function grid(variations: readonly Variation[]): Array<Record<string, number>> {
  let points: Array<Record<string, number>> = [{}];
  for (const v of variations)
    points = points.flatMap((p) => v.values.map((x) => ({ ...p, [v.path]: x })));
  return points;
}

export async function sweep(
  file: unknown,
  variations: readonly Variation[],
  options: {
    baseDir: string;
    seed: number | string;
    replications: number;
    workers: number;
    version: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<SweepResults> {
  const points = grid(variations);
  const out: SweepPoint[] = [];
  let name = '';
  // One set of worker threads for every point: starting them per point cost
  // more than the point's replications.
  const pool =
    options.workers > 1 && workersAvailable()
      ? new ReplicationPool(Math.min(options.workers, options.replications))
      : undefined;
  try {
    for (const [k, values] of points.entries()) {
      const copy = structuredClone(file);
      for (const [path, value] of Object.entries(values)) setPath(copy, path, value);
      const scenario = normaliseScenario(copy, { baseDir: options.baseDir });
      name = scenario.name;
      const results: Results = await simulateScenario(scenario, {
        replications: options.replications,
        seed: options.seed,
        workers: options.workers,
        pool,
        percentiles: false, // a point keeps targets, groups and contacts only
        version: options.version,
        detail: 'horizon',
      });
      out.push({
        values,
        targets: results.targets.map((t) => ({
          name: t.name,
          metric: t.metric,
          goal: t.goal,
          attainment: t.attainment,
          probabilityMet: t.probabilityMet.estimate,
          verdict: t.verdict,
        })),
        groups: results.horizon.groups.map((g) => ({
          group: g.group,
          staffed: g.staffed,
          occupancy: g.occupancy,
        })),
        contacts: results.run.contacts,
      });
      options.onProgress?.(k + 1, points.length);
    }
  } finally {
    await pool?.close();
  }
  return {
    format: SWEEP_FORMAT,
    version: 1,
    scenario: name,
    seed: options.seed,
    replications: options.replications,
    variations: [...variations],
    points: out,
  };
}
