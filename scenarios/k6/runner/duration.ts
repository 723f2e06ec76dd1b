/**
 * k6 durations: the option values `'30s'`, `'1m30s'`, `'500ms'`, `'2h'`,
 * `'1d'` (Go's `time.ParseDuration` units plus `d`), or a number, which k6
 * reads as milliseconds. Integer strings are milliseconds too.
 *
 * Reference: k6 `lib/types` (`ParseExtendedDuration`, `NullDuration`); the
 * options reference gives every duration option in this form
 * (https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/).
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const COMPONENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

/** Parses a k6 duration to milliseconds, or returns why it is not one. */
export function safeParseK6Duration(value: unknown): { ok: true; ms: number } | { ok: false } {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, ms: value } : { ok: false };
  }
  if (typeof value !== 'string') return { ok: false };
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return { ok: true, ms: Number(text) };
  let sign = 1;
  let rest = text;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, ms: 0 };
  if (rest === '') return { ok: false };
  let total = 0;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < rest.length) {
    const match = COMPONENT.exec(rest);
    if (!match) return { ok: false };
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return { ok: true, ms: sign * total };
}

/** Like {@link safeParseK6Duration} but throws a message naming `field`. */
export function parseK6Duration(value: unknown, field: string): number {
  const parsed = safeParseK6Duration(value);
  if (!parsed.ok) {
    throw new RangeError(
      `${field}: ${JSON.stringify(value)} is not a k6 duration (write e.g. '30s', '1m30s', '500ms', or a number of milliseconds)`,
    );
  }
  return parsed.ms;
}

/** Formats milliseconds the way Go prints a `time.Duration` (`1m30s`, `500ms`, `10m0s`). */
export function formatK6Duration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1) return `${sign}${round(rest * 1000)}µs`;
  if (rest < 1000) return `${sign}${round(rest)}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = round(rest / 1000);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
