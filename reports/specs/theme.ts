/**
 * What every chart shares: the look (a vega-lite `config`), the colours, and
 * axis helpers for durations and for time across the horizon. Axis ticks are
 * computed here from the data, in seconds or hours from the horizon start, so
 * nothing goes through `Date` and the charts read the same in any time zone.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** The page's system font stack; SVG text carries it so inline charts match the page. */
export const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

export const INK = '#0f172a';
export const MUTED = '#64748b';
export const GRID = '#e2e8f0';
/** The colour of goals and thresholds. */
export const GOAL = '#b91c1c';

/** Series colours in order: predicted (blue), observed (orange), then others. */
export const SERIES_COLORS = ['#2563eb', '#ea580c', '#059669', '#7c3aed', '#db2777'];

export const VERDICT_COLORS: Record<string, string> = {
  met: '#15803d',
  'at risk': '#b45309',
  missed: '#b91c1c',
};

export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelColor: '#475569',
    labelFontSize: 12,
    titleColor: '#334155',
    titleFontSize: 12,
    titleFontWeight: 600,
    titlePadding: 8,
    gridColor: GRID,
    domainColor: '#cbd5e1',
    tickColor: '#cbd5e1',
  },
  legend: {
    labelColor: '#334155',
    labelFontSize: 12,
    titleColor: '#334155',
    titleFontSize: 12,
    titleFontWeight: 600,
    orient: 'top',
    direction: 'horizontal',
  },
  header: {
    labelColor: '#334155',
    labelFontSize: 13,
    labelFontWeight: 600,
    titleFontSize: 13,
  },
  title: {
    anchor: 'start',
    color: INK,
    fontSize: 15,
    fontWeight: 600,
    subtitleColor: MUTED,
    subtitleFontSize: 12,
    subtitlePadding: 4,
    offset: 8,
  },
  concat: { spacing: 24 },
};

/** An ordinal colour scale for the series present, in order (predicted blue, observed orange). */
export function seriesScale(series: readonly string[]): { domain: string[]; range: string[] } {
  return {
    domain: [...series],
    range: series.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]),
  };
}

const NICE_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
  172_800, 604_800,
];

/**
 * Tick values in seconds at a readable step (1 s … 1 week), about `count` of
 * them, from 0 to the first tick at or past `max` (so the axis ends on a tick).
 */
export function durationTicks(max: number, count = 6): number[] {
  const step = NICE_SECONDS.find((s) => max / s <= count) ?? NICE_SECONDS[NICE_SECONDS.length - 1];
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** A vega expression labelling a seconds axis as people read durations: 45 s, 5 min, 2 h, 1.5 d. */
export const DURATION_LABEL_EXPR =
  "datum.value < 120 ? format(datum.value, '~r') + ' s' : datum.value < 7200 ? format(datum.value / 60, '.3~r') + ' min' : datum.value < 172800 ? format(datum.value / 3600, '.3~r') + ' h' : format(datum.value / 86400, '.3~r') + ' d'";

/**
 * A time axis over the horizon, in hours from its start: a tick and grid line
 * at each midnight labelled with the weekday (every 3 hours with the clock
 * time on a horizon of two days or less).
 */
export function hoursAxis(maxHours: number): {
  values: number[];
  labelExpr: string;
  labelAlign: 'left' | 'center';
} {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => `'${d}'`).join(', ');
  const weekday = `[${days}][floor(datum.value / 24) % 7]`;
  const week = "(datum.value >= 168 ? 'w' + (floor(datum.value / 168) + 1) + ' ' : '')";
  if (maxHours <= 48) {
    const values: number[] = [];
    for (let h = 0; h <= maxHours + 1e-9; h += 3) values.push(h);
    return {
      values,
      labelExpr: `datum.value % 24 === 0 ? ${weekday} : pad(datum.value % 24, 2, '0', 'left') + ':00'`,
      labelAlign: 'center',
    };
  }
  const values: number[] = [];
  for (let h = 0; h < maxHours - 1e-9; h += 24) values.push(h);
  return { values, labelExpr: `${week} + ${weekday}`, labelAlign: 'left' };
}

/** A chart inside a concatenation (derived from the public `TopLevelSpec`). */
export type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
/** One layer of a layered chart. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** The interval length: the smallest gap between distinct start times (900 s with fewer than two). */
export function intervalStep(rows: ReadonlyArray<{ start: number }>): number {
  const starts = [...new Set(rows.map((r) => r.start))].sort((a, b) => a - b);
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < starts.length; i++) step = Math.min(step, starts[i] - starts[i - 1]);
  return Number.isFinite(step) ? step : 900;
}

/** Hours from the horizon start to the end of the last interval (at least a day). */
export function horizonHours(rows: ReadonlyArray<{ start: number }>): number {
  const last = rows.reduce((m, r) => Math.max(m, r.start), 0);
  return Math.max(24, (last + intervalStep(rows)) / 3600);
}

/**
 * Breaks text into lines of at most `width` characters at spaces. Headless
 * vega has no font metrics and estimates a text's width as 0.8 em per
 * character, so one long subtitle would make an SVG far wider than its plot.
 */
export function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
