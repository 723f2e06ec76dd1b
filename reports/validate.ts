/**
 * Checks, at the report's boundary, that a parsed JSON value is slalab
 * results the report can draw: the format and version first (the usual
 * mistake is handing over some other JSON file), then the shape of every
 * part the report reads, all problems at once with their dotted paths.
 */
import { z } from 'zod';
import { RESULTS_FORMAT, RESULTS_VERSION, type Results } from '../simulator/model/results.js';

const num = z.number();
const estimate = z.object({ mean: num.nullable(), lo: num.nullable(), hi: num.nullable() });
const percentiles = z.object({
  p50: estimate,
  p80: estimate,
  p90: estimate,
  p95: estimate,
  p99: estimate,
});
const cell = z.object({
  channel: z.string(),
  priority: z.string(),
  arrivals: estimate,
  botContained: estimate,
  handled: estimate,
  abandoned: estimate,
  escalated: estimate,
  reopened: estimate,
  firstResponse: percentiles.optional(),
});
const period = z.object({
  cells: z.array(cell),
  groups: z.array(z.object({ group: z.string(), staffed: estimate, busy: estimate })),
  targets: z.array(z.object({ target: z.string(), eligible: estimate, hits: estimate })),
  queues: z.record(z.string(), estimate).optional(),
});
const resultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  generator: z.object({ name: z.string(), version: z.string() }),
  scenario: z.object({
    name: z.string(),
    description: z.string(),
    timezone: z.string(),
    interval: num.positive(),
    horizonIntervals: z.number().int().positive(),
    warmupIntervals: z.number().int().nonnegative(),
    cooldownIntervals: z.number().int().nonnegative(),
    channels: z.array(
      z.object({ name: z.string(), kind: z.string(), concurrency: num, bot: z.boolean() }),
    ),
    groups: z.array(z.object({ name: z.string(), tier: num })),
  }),
  run: z.object({
    seed: z.union([num, z.string()]),
    replications: z.number().int().positive(),
    contacts: num,
    events: num,
  }),
  definitions: z.record(z.string(), z.string()),
  targets: z.array(
    z.object({
      name: z.string(),
      metric: z.string(),
      channel: z.string(),
      priority: z.string(),
      within: num.nullable(),
      clock: z.enum(['calendar', 'business']),
      goal: num,
      attainment: estimate,
      probabilityMet: z.object({ estimate: num, lo: num, hi: num }),
      verdict: z.enum(['met', 'at risk', 'missed']),
    }),
  ),
  horizon: period,
  days: z.array(period.extend({ day: num, label: z.string() })),
  intervals: z.array(period.extend({ interval: num, start: num, label: z.string() })),
});

/** At most this many shape problems are listed; the rest are counted. */
const MAX_ISSUES = 12;

const describe = (value: unknown) =>
  value === undefined ? 'missing' : `${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;

/**
 * Every reason `value` is not results a report can be made from; empty when
 * it is. Each issue reads `path: what is wrong`.
 */
export function resultsIssues(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`expected a JSON object with "format": "${RESULTS_FORMAT}", got ${describe(value)}`];
  }
  const record = value as Record<string, unknown>;
  if (record.format !== RESULTS_FORMAT) {
    return [
      `format: expected "${RESULTS_FORMAT}" (a results.json written by \`slalab simulate --out\`), got ${describe(record.format)}`,
    ];
  }
  if (record.version !== RESULTS_VERSION) {
    return [
      `version: this slalab reads ${RESULTS_FORMAT} version ${RESULTS_VERSION}, got ${describe(record.version)}`,
    ];
  }
  const parsed = resultsSchema.safeParse(value);
  if (parsed.success) return [];
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
    return `${path.join('').replace(/^\./, '') || '(root)'}: ${issue.message}`;
  });
  return issues.length > MAX_ISSUES
    ? [...issues.slice(0, MAX_ISSUES), `… and ${issues.length - MAX_ISSUES} more`]
    : issues;
}

/** Narrows a parsed JSON value to Results. */
export function isResults(value: unknown): value is Results {
  return resultsIssues(value).length === 0;
}
