/**
 * Errors the user can fix. The CLI prints their message (no stack trace) and
 * exits with `exitCode`: 2 for bad input, 1 for a failed check.
 */
export class UsageError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/** Throws a UsageError naming `field` unless `value` is a finite number within bounds. */
export function requireNumber(
  field: string,
  value: unknown,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    // yargs hands a number flag given as text over as NaN, which JSON shows as null.
    const shown =
      typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
    throw new UsageError(`${field}: must be a finite number, got ${shown}`);
  }
  if (opts.integer && !Number.isInteger(n)) {
    throw new UsageError(`${field}: must be a whole number, got ${n}`);
  }
  if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) {
    throw new UsageError(
      `${field}: must be ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}, got ${n}`,
    );
  }
  if (opts.max !== undefined && n > opts.max) {
    throw new UsageError(`${field}: must be ≤ ${opts.max}, got ${n}`);
  }
  return n;
}
