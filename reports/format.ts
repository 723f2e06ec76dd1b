/**
 * How the report writes numbers for people: explicit rules rather than the
 * machine's locale, so a report reads the same wherever it is built.
 */

/**
 * Seconds as people read them, by the same rule as the axis labels: a unit
 * small enough that the number is at least 2 — `60 s`, `90 min`, `24 h`, `7 d`.
 */
export function formatDuration(seconds: number): string {
  const r = (x: number) => String(+x.toPrecision(3));
  if (seconds < 120) return `${r(seconds)} s`;
  if (seconds < 7200) return `${r(seconds / 60)} min`;
  if (seconds < 172_800) return `${r(seconds / 3600)} h`;
  return `${r(seconds / 86_400)} d`;
}

/** A whole count with thousands separators: 77,264. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as a percentage with `digits` decimals; an em dash for null. */
export function formatPercent(x: number | null, digits = 1): string {
  return x === null ? '—' : `${(100 * x).toFixed(digits)}%`;
}

/** A span in words, in the largest unit that divides it or else hours: `7 days`, `2 hours`, `15 minutes`. */
export function formatSpan(seconds: number): string {
  const unit = (n: number, word: string) => `${+n.toFixed(2)} ${word}${n === 1 ? '' : 's'}`;
  if (seconds >= 86_400 && seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds >= 3600) return unit(seconds / 3600, 'hour');
  if (seconds >= 60 && seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}
