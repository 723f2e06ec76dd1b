/**
 * Parameter checks shared by the distribution factories.
 *
 * Every factory validates at the boundary and reports every bad parameter at
 * once (habit 6, after zod's issue list): each issue carries the parameter's
 * path, what is allowed and what was received, so `fromSpec` can prefix the
 * path with where the spec sits in a scenario file. After the check the
 * factory trusts its input and the samplers carry no checks.
 */

/** One invalid parameter: `path` must be `expected`, got `received`. */
export interface ParameterIssue {
  readonly path: string;
  readonly expected: string;
  readonly received: string;
}

/** The sentence for one issue, e.g. 'cv must be a finite number >= 0, got -0.5'. */
export function issueText(issue: ParameterIssue): string {
  return `${issue.path} must be ${issue.expected}, got ${issue.received}`;
}

/**
 * Thrown by every factory and by `fromSpec` for bad parameters. A `RangeError`
 * so callers can catch the standard class; `issues` lists every problem found.
 *
 * @example
 * try { gamma(-1, -0.5); } catch (e) { e.message; }
 * // 'invalid gamma parameters: mean must be a finite number > 0, got -1;
 * //  cv must be a finite number >= 0 (0 means a constant), got -0.5'
 */
export class DistributionParameterError extends RangeError {
  readonly issues: readonly ParameterIssue[];

  constructor(subject: string, issues: readonly ParameterIssue[]) {
    super(`invalid ${subject}: ${issues.map(issueText).join('; ')}`);
    this.name = 'DistributionParameterError';
    this.issues = issues;
  }
}

/** How a received value is shown in a message: numbers as typed, `undefined` as missing. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return typeof value;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function check(
  issues: ParameterIssue[],
  ok: boolean,
  path: string,
  expected: string,
  value: unknown,
): void {
  if (!ok) issues.push({ path, expected, received: showValue(value) });
}

/** A finite number > 0 (means, scale factors). */
export function checkPositive(issues: ParameterIssue[], path: string, value: unknown): void {
  check(issues, isFiniteNumber(value) && value > 0, path, 'a finite number > 0', value);
}

/** A finite number >= 0 (coefficients of variation). */
export function checkCv(issues: ParameterIssue[], path: string, value: unknown): void {
  check(
    issues,
    isFiniteNumber(value) && value >= 0,
    path,
    'a finite number >= 0 (0 means a constant)',
    value,
  );
}

/** Any finite number (constants, bounds). */
export function checkFinite(issues: ParameterIssue[], path: string, value: unknown): void {
  check(issues, isFiniteNumber(value), path, 'a finite number', value);
}

/** An integer >= 1 (Erlang phases). */
export function checkPositiveInteger(issues: ParameterIssue[], path: string, value: unknown): void {
  check(
    issues,
    Number.isSafeInteger(value) && (value as number) >= 1,
    path,
    'an integer >= 1',
    value,
  );
}

/** Throws one {@link DistributionParameterError} listing every issue, if there is any. */
export function throwIfAny(subject: string, issues: readonly ParameterIssue[]): void {
  if (issues.length > 0) throw new DistributionParameterError(subject, issues);
}
