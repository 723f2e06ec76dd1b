import { deterministic } from './deterministic.js';
import type { Distribution } from './distribution.js';
import { empirical } from './empirical.js';
import { erlang } from './erlang.js';
import { exponential } from './exponential.js';
import { gamma } from './gamma.js';
import { lognormal } from './lognormal.js';
import { DistributionParameterError, type ParameterIssue, showValue } from './parameters.js';
import { uniform } from './uniform.js';

/** The families a scenario file can name. */
export type DistributionName =
  | 'exponential'
  | 'gamma'
  | 'lognormal'
  | 'erlang'
  | 'uniform'
  | 'deterministic'
  | 'empirical';

/**
 * A distribution as written in a scenario file. Which fields apply depends on
 * `dist` (see {@link SPEC_FIELDS}); any other field is an error.
 */
export interface DistributionSpec {
  readonly dist: DistributionName;
  readonly mean?: number;
  readonly cv?: number;
  readonly k?: number;
  readonly min?: number;
  readonly max?: number;
  readonly value?: number;
  readonly samples?: readonly number[];
  readonly interpolate?: boolean;
}

/** The fields each family takes, besides `dist`. All are required except `interpolate`. */
export const SPEC_FIELDS: Readonly<Record<DistributionName, readonly string[]>> = {
  exponential: ['mean'],
  gamma: ['mean', 'cv'],
  lognormal: ['mean', 'cv'],
  erlang: ['mean', 'k'],
  uniform: ['min', 'max'],
  deterministic: ['value'],
  empirical: ['samples', 'interpolate'],
};

const NAMES = Object.keys(SPEC_FIELDS) as DistributionName[];

/**
 * Builds a distribution from its plain-object spec, e.g. a scenario's
 * `handleTime: { dist: gamma, mean: 300, cv: 0.8 }`.
 *
 * Why: scenario files are data; this is the one place that maps them to
 * factories, so the factories' rules (mean > 0, cv >= 0, integer k...) apply
 * unchanged. Every problem is reported at once — an unknown `dist`, fields
 * that do not belong to the family (a `cv` on an exponential is a mistake, not
 * something to ignore), and every bad or missing parameter — each with its
 * dotted path under `path`, so a scenario validator can point at the line.
 *
 * @param spec the plain object, typically parsed from YAML or JSON
 * @param path where the spec sits in its file, prefixed to issue paths
 * @throws {RangeError} (`DistributionParameterError`) listing every issue
 * @example
 * fromSpec({ dist: 'gamma', mean: 300, cv: 0.8 }).describe(); // 'gamma(mean=300, cv=0.8)'
 * fromSpec({ dist: 'exponential', mean: -1, cv: 1 }, 'handleTime');
 * // DistributionParameterError (a RangeError): invalid distribution spec:
 * //   handleTime.cv must be absent (exponential takes only dist, mean), got 1;
 * //   handleTime.mean must be a finite number > 0, got -1
 */
export function fromSpec(spec: DistributionSpec, path?: string): Distribution {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    fail([
      {
        path: path ?? '(spec)',
        expected: "an object such as { dist: 'exponential', mean: 300 }",
        received: showValue(spec),
      },
    ]);
  }
  const name = spec.dist;
  if (!NAMES.includes(name)) {
    fail([{ path: at('dist'), expected: `one of ${NAMES.join(', ')}`, received: showValue(name) }]);
  }

  const allowed = SPEC_FIELDS[name];
  const required = ['dist', ...allowed.filter((field) => field !== 'interpolate')].join(', ');
  const takes = allowed.includes('interpolate')
    ? `${required} and optionally interpolate`
    : required;
  const issues: ParameterIssue[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'dist' || allowed.includes(key)) continue;
    issues.push({
      path: at(key),
      expected: `absent (${name} takes only ${takes})`,
      received: showValue(value),
    });
  }
  try {
    const dist = build(spec);
    if (issues.length === 0) return dist;
  } catch (error) {
    if (!(error instanceof DistributionParameterError)) throw error;
    for (const issue of error.issues) issues.push({ ...issue, path: at(issue.path) });
  }
  return fail(issues);
}

function fail(issues: readonly ParameterIssue[]): never {
  throw new DistributionParameterError('distribution spec', issues);
}

function build(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case 'exponential':
      return exponential(spec.mean as number);
    case 'gamma':
      return gamma(spec.mean as number, spec.cv as number);
    case 'lognormal':
      return lognormal(spec.mean as number, spec.cv as number);
    case 'erlang':
      return erlang(spec.mean as number, spec.k as number);
    case 'uniform':
      return uniform(spec.min as number, spec.max as number);
    case 'deterministic':
      return deterministic(spec.value as number);
    case 'empirical':
      return empirical(spec.samples as readonly number[], { interpolate: spec.interpolate });
  }
}
