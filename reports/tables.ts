/**
 * The tables behind the report's charts: plain rows taken from one or more
 * result sets, each row tagged with its `series` ('predicted', 'observed', …)
 * so two result sets can share one chart. Pure functions, no I/O; the chart
 * builders in `specs/` take these rows, and `csv.ts` exports them.
 *
 * Times are seconds from the horizon start (Monday 00:00 scenario-local) and
 * labels are computed from them by arithmetic, never through `Date`, so the
 * tables do not depend on the machine's time zone.
 */
import type {
  CellResult,
  Estimate,
  Percentiles,
  Results,
  TargetResult,
} from '../simulator/model/results.js';
import type { Columns } from './csv.js';
import { formatCount, formatSpan } from './format.js';

/** One result set with the name it goes by in charts and tables. */
export interface SeriesResults {
  series: string;
  results: Results;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const DAY = 86_400;

/** Metrics whose heatmap makes sense: a share answered within a threshold. */
export const HEATMAP_METRICS: readonly string[] = ['firstResponse', 'serviceLevel'];

/** The series names present in rows, in order of first appearance. */
export function seriesOf(rows: ReadonlyArray<{ series: string }>): string[] {
  return [...new Set(rows.map((r) => r.series))];
}

/** A day of the horizon as people read it: `Mon`, or `w2 Mon` after the first week. */
export function dayLabel(day: number): string {
  const week = Math.floor(day / 7);
  return `${week > 0 ? `w${week + 1} ` : ''}${WEEKDAYS[((day % 7) + 7) % 7]}`;
}

/** Seconds from midnight as `HH:MM`. */
export function clockLabel(secondsInDay: number): string {
  const hh = String(Math.floor(secondsInDay / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secondsInDay % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}`;
}

const mean = (e: Estimate | undefined): number | null => e?.mean ?? null;

/** Whether lower attainment is better (abandonment: the rate must stay under the goal). */
export const lowerIsBetter = (metric: string): boolean => metric === 'abandonment';

// ------------------------------------------------------------------ scorecard

export interface ScorecardRow {
  series: string;
  target: string;
  metric: string;
  channel: string;
  priority: string;
  /** Threshold in seconds; null for abandonment. */
  within: number | null;
  clock: string;
  /** Share that must meet `within` (abandonment: the highest acceptable rate). */
  goal: number;
  lowerIsBetter: boolean;
  attainment: number | null;
  lo: number | null;
  hi: number | null;
  probabilityMet: number;
  probabilityLo: number;
  probabilityHi: number;
  verdict: string;
}

const clamp01 = (x: number | null): number | null =>
  x === null ? null : Math.min(1, Math.max(0, x));

export function scorecardRows(sets: readonly SeriesResults[]): ScorecardRow[] {
  return sets.flatMap(({ series, results }) =>
    results.targets.map((t: TargetResult) => ({
      series,
      target: t.name,
      metric: t.metric,
      channel: t.channel,
      priority: t.priority,
      within: t.within,
      clock: t.clock,
      goal: t.goal,
      lowerIsBetter: lowerIsBetter(t.metric),
      attainment: clamp01(t.attainment.mean),
      lo: clamp01(t.attainment.lo),
      hi: clamp01(t.attainment.hi),
      probabilityMet: t.probabilityMet.estimate,
      probabilityLo: t.probabilityMet.lo,
      probabilityHi: t.probabilityMet.hi,
      verdict: t.verdict,
    })),
  );
}

// ------------------------------------------------------------------ heatmap

export interface HeatmapRow {
  series: string;
  target: string;
  goal: number;
  /** Day of the horizon, 0 = the first Monday. */
  day: number;
  dayLabel: string;
  /** Start of the time-of-day slot, seconds from midnight. */
  slot: number;
  slotLabel: string;
  /** Contacts the target applied to in this slot (mean over replications). */
  eligible: number;
  hits: number;
  /** hits ÷ eligible; null when no contact was eligible. */
  attainment: number | null;
}

/**
 * The heatmap's target: the one named, or else the first first-response or
 * service-level target; undefined when the results have none.
 *
 * @throws Error when `name` is given but is no such target, or not one a heatmap can show.
 */
export function heatmapTarget(results: Results, name?: string): TargetResult | undefined {
  if (name === undefined) return results.targets.find((t) => HEATMAP_METRICS.includes(t.metric));
  const target = results.targets.find((t) => t.name === name);
  if (!target) {
    const names = results.targets.map((t) => JSON.stringify(t.name)).join(', ');
    throw new Error(
      `no SLA target named ${JSON.stringify(name)}; the results have ${names || 'none'}`,
    );
  }
  if (!HEATMAP_METRICS.includes(target.metric)) {
    throw new Error(
      `target ${JSON.stringify(name)} measures ${target.metric}: the heatmap maps a firstResponse or serviceLevel target`,
    );
  }
  return target;
}

/**
 * Attainment of one target by day × time of day. Intervals are pooled into
 * slots of `slotSeconds` (default: the scenario interval, at least an hour,
 * so a slot holds enough contacts to mean something); the slot's attainment
 * is its hits over its eligible contacts.
 */
export function heatmapRows(
  sets: readonly SeriesResults[],
  target: string,
  slotSeconds?: number,
): HeatmapRow[] {
  return sets.flatMap(({ series, results }) => {
    const index = results.targets.findIndex((t) => t.name === target);
    if (index < 0) return [];
    const goal = results.targets[index].goal;
    const slot = slotSeconds ?? Math.max(results.scenario.interval, 3600);
    const cells = new Map<string, HeatmapRow>();
    for (const iv of results.intervals) {
      const day = Math.floor(iv.start / DAY);
      const inDay = iv.start - day * DAY;
      const s = Math.floor(inDay / slot) * slot;
      const key = `${day}:${s}`;
      let row = cells.get(key);
      if (!row) {
        row = {
          series,
          target,
          goal,
          day,
          dayLabel: dayLabel(day),
          slot: s,
          slotLabel: clockLabel(s),
          eligible: 0,
          hits: 0,
          attainment: null,
        };
        cells.set(key, row);
      }
      const t = iv.targets.find((x) => x.target === target);
      row.eligible += t?.eligible.mean ?? 0;
      row.hits += t?.hits.mean ?? 0;
    }
    return [...cells.values()].map((row) => ({
      ...row,
      attainment: row.eligible > 0 ? Math.min(1, row.hits / row.eligible) : null,
    }));
  });
}

// ------------------------------------------------------------------ first response CDF

export interface QuantileRow {
  series: string;
  channel: string;
  /** The cumulative share: 0.5 for the median, … */
  quantile: number;
  /** First-response time at that quantile, seconds (mean over replications). */
  seconds: number;
  lo: number | null;
  hi: number | null;
}

export interface TargetMarkRow {
  series: string;
  target: string;
  metric: string;
  channel: string;
  within: number;
  goal: number;
  /**
   * The share of answered contacts that must get a first response within
   * `within` for the goal to hold: the goal itself for a first-response
   * target; for a service-level target, which counts abandoned contacts as
   * misses, goal ÷ (1 − the channel's abandonment rate). Above 1: the goal
   * cannot be reached at this abandonment rate.
   */
  required: number;
}

const QUANTILE_KEYS: ReadonlyArray<[keyof Percentiles, number]> = [
  ['p50', 0.5],
  ['p80', 0.8],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
];

const horizonChannelCells = (results: Results): CellResult[] =>
  results.horizon.cells.filter((c) => c.priority === 'all' && c.channel !== 'all');

/** Horizon first-response percentiles per channel, negative interval ends clamped to 0. */
export function firstResponseRows(sets: readonly SeriesResults[]): QuantileRow[] {
  const nonNegative = (x: number | null) => (x === null ? null : Math.max(0, x));
  return sets.flatMap(({ series, results }) =>
    horizonChannelCells(results).flatMap((cell) =>
      QUANTILE_KEYS.flatMap(([key, quantile]) => {
        const e = cell.firstResponse?.[key];
        if (!e || e.mean === null) return [];
        return [
          {
            series,
            channel: cell.channel,
            quantile,
            seconds: Math.max(0, e.mean),
            lo: nonNegative(e.lo),
            hi: nonNegative(e.hi),
          },
        ];
      }),
    ),
  );
}

/**
 * The thresholds to mark on each channel's CDF: every first-response or
 * service-level target on that channel or on all channels (any priority),
 * with the share of answered contacts it requires within its threshold.
 */
export function firstResponseTargetRows(sets: readonly SeriesResults[]): TargetMarkRow[] {
  return sets.flatMap(({ series, results }) => {
    const cells = horizonChannelCells(results);
    const channels = results.scenario.channels.map((c) => c.name);
    const answeredShare = (channel: string) => {
      const cell = cells.find((c) => c.channel === channel);
      const arrivals = mean(cell?.arrivals) ?? 0;
      return arrivals > 0 ? 1 - (mean(cell?.abandoned) ?? 0) / arrivals : 1;
    };
    return results.targets
      .filter((t) => HEATMAP_METRICS.includes(t.metric) && t.within !== null)
      .flatMap((t) =>
        (t.channel === 'all' ? channels : [t.channel]).map((channel) => {
          const share = answeredShare(channel);
          return {
            series,
            target: t.name,
            metric: t.metric,
            channel,
            within: t.within as number,
            goal: t.goal,
            required:
              t.metric === 'serviceLevel'
                ? share > 0
                  ? t.goal / share
                  : Number.POSITIVE_INFINITY
                : t.goal,
          };
        }),
      );
  });
}

// ------------------------------------------------------------------ arrivals and agents

export interface ArrivalRow {
  series: string;
  interval: number;
  /** Seconds from the horizon start. */
  start: number;
  hours: number;
  arrivals: number;
}

export interface AgentRow {
  series: string;
  interval: number;
  start: number;
  hours: number;
  group: string;
  staffed: number;
  busy: number;
  /** busy ÷ staffed; null when nobody was staffed. */
  occupancy: number | null;
}

export function arrivalRows(sets: readonly SeriesResults[]): ArrivalRow[] {
  return sets.flatMap(({ series, results }) =>
    results.intervals.map((iv) => {
      const all = iv.cells.find((c) => c.channel === 'all' && c.priority === 'all');
      return {
        series,
        interval: iv.interval,
        start: iv.start,
        hours: iv.start / 3600,
        arrivals: mean(all?.arrivals) ?? 0,
      };
    }),
  );
}

export function agentRows(sets: readonly SeriesResults[]): AgentRow[] {
  return sets.flatMap(({ series, results }) =>
    results.intervals.flatMap((iv) =>
      iv.groups.map((g) => {
        const staffed = mean(g.staffed) ?? 0;
        const busy = mean(g.busy) ?? 0;
        return {
          series,
          interval: iv.interval,
          start: iv.start,
          hours: iv.start / 3600,
          group: g.group,
          staffed,
          busy,
          occupancy: staffed > 0 ? busy / staffed : null,
        };
      }),
    ),
  );
}

// ------------------------------------------------------------------ backlog

export interface BacklogRow {
  series: string;
  interval: number;
  start: number;
  hours: number;
  /** A channel name, or 'escalations' for contacts waiting for the escalation group. */
  queue: string;
  /** Mean contacts waiting over the interval. */
  waiting: number;
}

export function backlogRows(sets: readonly SeriesResults[]): BacklogRow[] {
  return sets.flatMap(({ series, results }) =>
    results.intervals.flatMap((iv) =>
      Object.entries(iv.queues ?? {}).map(([queue, e]) => ({
        series,
        interval: iv.interval,
        start: iv.start,
        hours: iv.start / 3600,
        queue,
        waiting: Math.max(0, e.mean ?? 0),
      })),
    ),
  );
}

// ------------------------------------------------------------------ where contacts go

/** Outcomes in the order they stack; all but 'reopened' partition the arrivals. */
export const OUTCOMES = [
  'bot-contained',
  'resolved by L1',
  'escalated to L2',
  'abandoned',
  'unanswered at end',
  'reopened',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface FlowRow {
  series: string;
  channel: string;
  outcome: Outcome;
  /** Position in the stack (OUTCOMES order). */
  order: number;
  /** 'outcome' rows partition the arrivals; 'afterwards' (reopened) comes on top of them. */
  stage: 'outcome' | 'afterwards';
  /** Contacts over the horizon (mean over replications). */
  count: number;
  /** count ÷ arrivals of the channel. */
  share: number;
}

/**
 * Where each channel's contacts end up over the horizon. Every arrival is
 * contained by the bot, handled by an agent or abandoned (or still unanswered
 * when the run ends); of the handled, the escalated ones went on to the
 * escalation tier and the rest were resolved at first contact. Reopened
 * contacts come back after a resolution, so they are shown apart.
 */
export function flowRows(sets: readonly SeriesResults[]): FlowRow[] {
  return sets.flatMap(({ series, results }) => {
    const cells = [
      ...horizonChannelCells(results),
      ...results.horizon.cells.filter((c) => c.channel === 'all' && c.priority === 'all'),
    ];
    return cells.flatMap((cell) => {
      const arrivals = mean(cell.arrivals) ?? 0;
      if (arrivals <= 0) return [];
      const contained = mean(cell.botContained) ?? 0;
      const handled = mean(cell.handled) ?? 0;
      const abandoned = mean(cell.abandoned) ?? 0;
      const escalated = Math.min(handled, mean(cell.escalated) ?? 0);
      const counts: Record<Outcome, number> = {
        'bot-contained': contained,
        'resolved by L1': handled - escalated,
        'escalated to L2': escalated,
        abandoned,
        'unanswered at end': Math.max(0, arrivals - contained - handled - abandoned),
        reopened: mean(cell.reopened) ?? 0,
      };
      return OUTCOMES.map((outcome, order) => ({
        series,
        channel: cell.channel,
        outcome,
        order,
        stage: outcome === 'reopened' ? ('afterwards' as const) : ('outcome' as const),
        count: counts[outcome],
        share: counts[outcome] / arrivals,
      }));
    });
  });
}

// ------------------------------------------------------------------ inputs

export interface InputRow {
  series: string;
  section: string;
  key: string;
  value: string;
}

/** The scenario's key inputs and the run's provenance, as key/value rows. */
export function inputRows(sets: readonly SeriesResults[]): InputRow[] {
  return sets.flatMap(({ series, results }) => {
    const s = results.scenario;
    const rows: InputRow[] = [];
    const add = (section: string, key: string, value: string) =>
      rows.push({ series, section, key, value });
    add('run', 'slalab version', results.generator.version);
    add('run', 'results format', `${results.format} v${results.version}`);
    add('run', 'seed', String(results.run.seed));
    add('run', 'replications', String(results.run.replications));
    add('run', 'contacts simulated', formatCount(results.run.contacts));
    add('run', 'events processed', formatCount(results.run.events));
    add('scenario', 'name', s.name);
    if (s.description) add('scenario', 'description', s.description);
    add('scenario', 'time zone', s.timezone);
    const span = (n: number) =>
      `${formatSpan(n * s.interval)} (${n} interval${n === 1 ? '' : 's'})`;
    add('scenario', 'interval', formatSpan(s.interval));
    add('scenario', 'horizon', span(s.horizonIntervals));
    add('scenario', 'warm-up', span(s.warmupIntervals));
    add('scenario', 'cool-down', span(s.cooldownIntervals));
    const cells = horizonChannelCells(results);
    for (const c of s.channels) {
      const cell = cells.find((x) => x.channel === c.name);
      const parts = [
        c.kind,
        c.concurrency > 1 ? `concurrency ${c.concurrency}` : '',
        c.bot ? 'bot' : '',
        cell ? `${formatCount(mean(cell.arrivals) ?? 0)} arrivals` : '',
      ].filter(Boolean);
      add('channel', c.name, parts.join(', '));
    }
    for (const g of s.groups) {
      const fig = results.horizon.groups.find((x) => x.group === g.name);
      const staffed = mean(fig?.staffed);
      add(
        'group',
        g.name,
        `tier ${g.tier}${staffed === null ? '' : `, ${staffed.toFixed(1)} agents on average`}`,
      );
    }
    return rows;
  });
}

// ------------------------------------------------------------------ CSV columns

/** Column types of every table, in CSV column order. */
export const COLUMNS = {
  scorecard: {
    series: 'string',
    target: 'string',
    metric: 'string',
    channel: 'string',
    priority: 'string',
    within: 'number?',
    clock: 'string',
    goal: 'number',
    lowerIsBetter: 'boolean',
    attainment: 'number?',
    lo: 'number?',
    hi: 'number?',
    probabilityMet: 'number',
    probabilityLo: 'number',
    probabilityHi: 'number',
    verdict: 'string',
  } satisfies Columns<ScorecardRow>,
  heatmap: {
    series: 'string',
    target: 'string',
    goal: 'number',
    day: 'number',
    dayLabel: 'string',
    slot: 'number',
    slotLabel: 'string',
    eligible: 'number',
    hits: 'number',
    attainment: 'number?',
  } satisfies Columns<HeatmapRow>,
  firstResponse: {
    series: 'string',
    channel: 'string',
    quantile: 'number',
    seconds: 'number',
    lo: 'number?',
    hi: 'number?',
  } satisfies Columns<QuantileRow>,
  firstResponseTargets: {
    series: 'string',
    target: 'string',
    metric: 'string',
    channel: 'string',
    within: 'number',
    goal: 'number',
    required: 'number',
  } satisfies Columns<TargetMarkRow>,
  arrivals: {
    series: 'string',
    interval: 'number',
    start: 'number',
    hours: 'number',
    arrivals: 'number',
  } satisfies Columns<ArrivalRow>,
  agents: {
    series: 'string',
    interval: 'number',
    start: 'number',
    hours: 'number',
    group: 'string',
    staffed: 'number',
    busy: 'number',
    occupancy: 'number?',
  } satisfies Columns<AgentRow>,
  backlog: {
    series: 'string',
    interval: 'number',
    start: 'number',
    hours: 'number',
    queue: 'string',
    waiting: 'number',
  } satisfies Columns<BacklogRow>,
  flow: {
    series: 'string',
    channel: 'string',
    outcome: 'string',
    order: 'number',
    stage: 'string',
    count: 'number',
    share: 'number',
  } satisfies Columns<FlowRow>,
  inputs: {
    series: 'string',
    section: 'string',
    key: 'string',
    value: 'string',
  } satisfies Columns<InputRow>,
} as const;
