/**
 * Input checks shared by the analytic formulas. Each check throws a RangeError
 * whose message names the function, the parameter, the bad value and the fix,
 * so a caller several layers up can show it to a user unchanged. The formulas
 * validate once at their boundary and trust their inputs afterwards.
 */

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A rate (events per unit time) that may be zero, e.g. an arrival rate.
 * @throws {RangeError} if `value` is not a finite number ≥ 0.
 */
export function checkNonNegativeRate(fn: string, name: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) {
    throw new RangeError(
      `${fn}: ${name} must be a finite number ≥ 0 (events per unit time), got ${show(value)}; ` +
        `pass a non-negative rate in the same time unit as the other rates`,
    );
  }
  return value;
}

/**
 * A rate that must be strictly positive, e.g. a service rate 1/AHT.
 * @throws {RangeError} if `value` is not a finite number > 0.
 */
export function checkPositiveRate(fn: string, name: string, value: unknown, hint = ''): number {
  if (!isFiniteNumber(value) || value <= 0) {
    throw new RangeError(
      `${fn}: ${name} must be a finite number > 0 (events per unit time), got ${show(value)}; ` +
        `pass a positive rate in the same time unit as the other rates${hint}`,
    );
  }
  return value;
}

/**
 * A count of servers (agents, trunks, slots): a whole number ≥ `min`.
 * @throws {RangeError} if `value` is not an integer ≥ `min`.
 */
export function checkCount(fn: string, name: string, value: unknown, min = 1): number {
  if (!isFiniteNumber(value) || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${fn}: ${name} must be a whole number ≥ ${min}, got ${show(value)}; ` +
        `pass an integer such as ${Math.max(min, 1)}`,
    );
  }
  return value;
}

/**
 * An offered load in Erlangs (λ/μ): a finite number ≥ 0.
 * @throws {RangeError} if `value` is not a finite number ≥ 0.
 */
export function checkLoad(fn: string, name: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) {
    throw new RangeError(
      `${fn}: ${name} must be a finite number ≥ 0 (Erlangs = arrival rate × mean handling time), ` +
        `got ${show(value)}`,
    );
  }
  return value;
}

/**
 * A time threshold (service-level target t, ASA target): finite and ≥ 0.
 * @throws {RangeError} if `value` is not a finite number ≥ 0.
 */
export function checkTime(fn: string, name: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) {
    throw new RangeError(
      `${fn}: ${name} must be a finite time ≥ 0 in the rates' time unit, got ${show(value)}; ` +
        `pass e.g. 20 for "answered within 20 seconds" when rates are per second`,
    );
  }
  return value;
}

/**
 * A fraction strictly inside (0, 1), such as a service-level goal of 0.8.
 * @throws {RangeError} if `value` is not a number with 0 < value < 1.
 */
export function checkFraction(fn: string, name: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0 || value >= 1) {
    throw new RangeError(
      `${fn}: ${name} must be a fraction strictly between 0 and 1, got ${show(value)}; ` +
        `pass e.g. 0.8 for 80%`,
    );
  }
  return value;
}
