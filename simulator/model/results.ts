/**
 * Across replications: turns each replication's raw figures into the
 * documented `results.json` (format `slalab-results`, version 1). Every figure
 * is a mean over replications with a 95% Student-t interval; every SLA target
 * gets its attainment and the probability (share of replications, Wilson
 * interval) that it is met over the horizon.
 *
 * Replications are combined in index order, so the output is bit-identical
 * whatever the number of workers that produced them.
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { PRIORITIES } from '../../scenarios/schema/types.js';
import { confidenceInterval, proportionInterval } from '../stats/confidence.js';
import { Moments } from '../stats/moments.js';
import type { CompiledScenario } from './compile.js';
import {
  CELL,
  CELL_FIELDS,
  type CellField,
  type Dimensions,
  GROUP_FIELDS,
  QUANTILES,
  type ReplicationOutput,
  TARGET_FIELDS,
} from './layout.js';

export const RESULTS_FORMAT = 'slalab-results';
export const RESULTS_VERSION = 1;

/** A figure across replications: mean and 95% interval (null with one replication). */
export interface Estimate {
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface Percentiles {
  p50: Estimate;
  p80: Estimate;
  p90: Estimate;
  p95: Estimate;
  p99: Estimate;
}

export interface ContactFigures {
  arrivals: Estimate;
  botRouted: Estimate;
  botContained: Estimate;
  handled: Estimate;
  answered: Estimate;
  abandoned: Estimate;
  escalated: Estimate;
  reopened: Estimate;
  resolved: Estimate;
  openAtEnd: Estimate;
  /** Mean seconds from creation to first response, of contacts that got one. */
  firstResponseMean: Estimate;
  /** Mean seconds from creation to final resolution, of resolved contacts. */
  resolutionMean: Estimate;
}

export interface CellResult extends ContactFigures {
  channel: string; // a channel name or 'all'
  priority: string; // 'P1'..'P4' or 'all'
  firstResponse?: Percentiles;
  resolution?: Percentiles;
}

export interface GroupResult {
  group: string;
  staffed: Estimate;
  busy: Estimate;
  occupancy: Estimate;
  /** Handlings (first contacts, escalations, reopens) the group's agents started. */
  handled: Estimate;
}

export interface TargetPeriodResult {
  target: string;
  /** Contacts (or response instances) the target applied to. */
  eligible: Estimate;
  hits: Estimate;
  /** hits ÷ eligible (for abandonment: the abandonment rate). */
  attainment: Estimate;
}

export interface TargetResult {
  name: string;
  metric: string;
  channel: string;
  priority: string;
  /** Threshold in seconds (null for abandonment). */
  within: number | null;
  clock: 'calendar' | 'business';
  /** The share that must meet `within`; for abandonment, the highest acceptable rate. */
  goal: number;
  attainment: Estimate;
  /** Share of replications in which the target was met over the horizon. */
  probabilityMet: { estimate: number; lo: number; hi: number };
  verdict: 'met' | 'at risk' | 'missed';
}

export interface PeriodResult {
  cells: CellResult[];
  groups: GroupResult[];
  targets: TargetPeriodResult[];
  /** Mean contacts waiting per channel ('escalations' for the escalation queue). */
  queues?: Record<string, Estimate>;
}

export interface Results {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  generator: { name: 'slalab'; version: string };
  scenario: {
    name: string;
    description: string;
    timezone: string;
    interval: number;
    horizonIntervals: number;
    warmupIntervals: number;
    cooldownIntervals: number;
    channels: Array<{ name: string; kind: string; concurrency: number; bot: boolean }>;
    groups: Array<{ name: string; tier: number }>;
  };
  run: { seed: number | string; replications: number; contacts: number; events: number };
  definitions: Record<string, string>;
  conservation: { created: number; resolved: number; abandoned: number; openAtEnd: number };
  targets: TargetResult[];
  horizon: PeriodResult;
  days: Array<PeriodResult & { day: number; label: string }>;
  intervals: Array<PeriodResult & { interval: number; start: number; label: string }>;
}

export const DEFINITIONS: Record<string, string> = {
  time: 'Seconds from the horizon start, Monday 00:00 scenario-local time. Contacts are attributed to the interval in which they were created.',
  estimate:
    'mean over replications, with lo/hi the 95% Student-t confidence interval (null with one replication).',
  firstResponse:
    'Creation → first public reply by an agent (or by the bot where the scenario counts it), as Zendesk first_reply_time. Abandoned contacts are excluded; a contact with no reply by the end of the run counts as a miss; one solved without any counted reply (e.g. by a bot whose replies do not count) meets the target at its resolution, since solving fulfils reply targets. Mean and percentiles of first response use actual replies only.',
  nextResponse:
    'The customer’s oldest unanswered message → next public reply by an agent (Zendesk next_reply_time): after an escalation, a reopen, or a bot hand-off when the bot’s reply counted as the first response. One instance each; an instance still unanswered at the end counts as a miss.',
  resolution:
    'Creation → final resolution (after any reopen), as Zendesk full_resolution_time. Abandoned contacts are excluded; a contact still open at the end counts as a miss.',
  requesterWaitTime:
    'Creation → final resolution less the time spent solved before a reopen: Zendesk requester_wait_time (new, open, on-hold). This model has no pending or on-hold status, so it equals agentWorkTime.',
  agentWorkTime:
    'Time in new and open until solved (Zendesk agent_work_time); equal to requesterWaitTime here, as the model has no pending or on-hold status.',
  serviceLevel:
    'Share of all contacts offered (abandoned ones included, as failures) that got a first response within the threshold: the contact-centre "X% answered within Y".',
  abandonment: 'Share of contacts offered that abandoned while waiting; met when at most the goal.',
  businessClock:
    'A target on business hours measures only the open time between the two instants (clock paused at night, weekends and holidays).',
  occupancy:
    'Busy agent-time ÷ staffed agent-time; a chat session takes 1/concurrency of an agent.',
  percentiles:
    'Per-replication percentiles from a quantile sketch (0.5% relative error per day and over the horizon, 1% per interval), averaged across replications; per-interval percentiles are kept up to 5 weeks of horizon.',
  probabilityMet:
    'Share of replications in which the horizon attainment meets the goal, with a 95% Wilson interval.',
  verdict:
    '"met" when the probability of meeting the goal is at least 0.9, "missed" when below 0.5, "at risk" between.',
};

const CELL_NAMES = Object.keys(CELL) as CellField[];

function estimate(values: number[]): Estimate {
  const finite = new Moments();
  for (const v of values) if (Number.isFinite(v)) finite.add(v);
  if (finite.count === 0) return { mean: null, lo: null, hi: null };
  const ci = confidenceInterval(finite);
  return { mean: ci.mean, lo: ci.lo, hi: ci.hi };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function timeLabel(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  const inDay = seconds - day * 86_400;
  const hh = String(Math.floor(inDay / 3600)).padStart(2, '0');
  const mm = String(Math.floor((inDay % 3600) / 60)).padStart(2, '0');
  const week = Math.floor(day / 7);
  return `${week > 0 ? `w${week + 1} ` : ''}${WEEKDAYS[((day % 7) + 7) % 7]} ${hh}:${mm}`;
}

/**
 * Sums cell fields over intervals [from, to) for every row at once: each
 * (channel, priority), each channel over all priorities, each priority over
 * all channels, and everything. Row (c, p), with −1 for "all", is at
 * `rowOffset(d, c, p)`. Each row receives its terms in the order a loop over
 * that row alone would add them (interval, then channel, then priority), so
 * the sums are bit for bit the same, in one pass instead of one per row.
 */
function rowSums(out: ReplicationOutput, d: Dimensions, from: number, to: number): Float64Array {
  const C = d.channels;
  const sums = new Float64Array((C + 1) * 5 * CELL_FIELDS);
  const cells = out.cells;
  for (let i = from; i < to; i++) {
    for (let c = 0; c < C; c++) {
      for (let p = 0; p < 4; p++) {
        const base = ((i * C + c) * 4 + p) * CELL_FIELDS;
        const own = rowOffset(d, c, p);
        const channel = rowOffset(d, c, -1);
        const priority = rowOffset(d, -1, p);
        const all = rowOffset(d, -1, -1);
        for (let f = 0; f < CELL_FIELDS; f++) {
          const v = cells[base + f];
          sums[own + f] += v;
          sums[channel + f] += v;
          sums[priority + f] += v;
          sums[all + f] += v;
        }
      }
    }
  }
  return sums;
}

function rowOffset(d: Dimensions, channel: number, priority: number): number {
  return ((channel < 0 ? d.channels : channel) * 5 + (priority < 0 ? 4 : priority)) * CELL_FIELDS;
}

function contactFigures(perRep: Float64Array[]): ContactFigures {
  const field = (f: number) => estimate(perRep.map((s) => s[f]));
  const ratio = (num: number, den: number) =>
    estimate(perRep.map((s) => (s[den] > 0 ? s[num] / s[den] : Number.NaN)));
  const figures = {} as ContactFigures;
  for (const name of CELL_NAMES) {
    if (name.endsWith('Sum') || name.endsWith('Count')) continue;
    (figures as unknown as Record<string, Estimate>)[name] = field(CELL[name]);
  }
  figures.firstResponseMean = ratio(CELL.firstResponseSum, CELL.firstResponseCount);
  figures.resolutionMean = ratio(CELL.resolutionSum, CELL.resolutionCount);
  return figures;
}

function percentiles(
  reps: ReplicationOutput[],
  pick: (r: ReplicationOutput, q: number) => number,
): Percentiles {
  const keys = ['p50', 'p80', 'p90', 'p95', 'p99'] as const;
  const result = {} as Percentiles;
  keys.forEach((k, qi) => {
    result[k] = estimate(reps.map((r) => pick(r, qi)));
  });
  return result;
}

export function buildResults(
  compiled: CompiledScenario,
  reps: ReplicationOutput[],
  run: { seed: number | string; version: string; detail?: 'interval' | 'day' | 'horizon' },
): Results {
  const scenario: Scenario = compiled.source;
  const C = compiled.channels.length;
  const G = compiled.groups.length;
  const T = compiled.targets.length;
  const H = scenario.horizonIntervals;
  const perDay = Math.round(86_400 / scenario.interval);
  const D = Math.ceil(H / perDay);
  const d: Dimensions = { intervals: H, days: D, channels: C, groups: G, targets: T };
  const Q = QUANTILES.length;
  const channelName = (c: number) => (c < 0 || c === C ? 'all' : compiled.channels[c].name);
  const priorityName = (p: number) => (p < 0 || p === 4 ? 'all' : PRIORITIES[p]);

  const period = (
    from: number,
    to: number,
    day: number | null,
    withPriorities: boolean,
  ): PeriodResult => {
    const cells: CellResult[] = [];
    const rows: Array<[number, number]> = [];
    for (let c = 0; c < C; c++) {
      rows.push([c, -1]);
      if (withPriorities) for (let p = 0; p < 4; p++) rows.push([c, p]);
    }
    rows.push([-1, -1]);
    if (withPriorities) for (let p = 0; p < 4; p++) rows.push([-1, p]);
    const sums = reps.map((r) => rowSums(r, d, from, to));
    for (const [c, p] of rows) {
      const at = rowOffset(d, c, p);
      const perRep = sums.map((s) => s.subarray(at, at + CELL_FIELDS));
      if (perRep.every((s) => s[CELL.arrivals] === 0) && !(c === -1 && p === -1)) continue;
      const cell: CellResult = {
        channel: channelName(c),
        priority: priorityName(p),
        ...contactFigures(perRep),
      };
      const ci = c < 0 ? C : c;
      const pi = p < 0 ? 4 : p;
      if (day === null && from === 0 && to === H) {
        cell.firstResponse = percentiles(
          reps,
          (r, q) => r.percentiles[((ci * 5 + pi) * 2 + 0) * Q + q],
        );
        cell.resolution = percentiles(
          reps,
          (r, q) => r.percentiles[((ci * 5 + pi) * 2 + 1) * Q + q],
        );
      } else if (day !== null && pi === 4) {
        cell.firstResponse = percentiles(
          reps,
          (r, q) => r.dayPercentiles[((day * (C + 1) + ci) * 2 + 0) * Q + q],
        );
        cell.resolution = percentiles(
          reps,
          (r, q) => r.dayPercentiles[((day * (C + 1) + ci) * 2 + 1) * Q + q],
        );
      } else if (to - from === 1 && pi === 4 && reps[0].intervalPercentiles.length > 0) {
        const row = (m: number, q: number) => ((from * (C + 1) + ci) * 2 + m) * Q + q;
        cell.firstResponse = percentiles(reps, (r, q) => r.intervalPercentiles[row(0, q)]);
        cell.resolution = percentiles(reps, (r, q) => r.intervalPercentiles[row(1, q)]);
      }
      cells.push(cell);
    }
    const groups: GroupResult[] = compiled.groups.map((g) => {
      const staffed: number[] = [];
      const busy: number[] = [];
      const occupancy: number[] = [];
      const handled: number[] = [];
      for (const r of reps) {
        let s = 0;
        let b = 0;
        let n = 0;
        for (let i = from; i < to; i++) {
          s += r.groups[(i * G + g.index) * GROUP_FIELDS];
          b += r.groups[(i * G + g.index) * GROUP_FIELDS + 1];
          n += r.groups[(i * G + g.index) * GROUP_FIELDS + 2];
        }
        staffed.push(s / (to - from));
        busy.push(b / (to - from));
        occupancy.push(s > 0 ? b / s : Number.NaN);
        handled.push(n);
      }
      return {
        group: g.name,
        staffed: estimate(staffed),
        busy: estimate(busy),
        occupancy: estimate(occupancy),
        handled: estimate(handled),
      };
    });
    const targets: TargetPeriodResult[] = compiled.targets.map((t) => {
      const eligible: number[] = [];
      const hits: number[] = [];
      const attainment: number[] = [];
      for (const r of reps) {
        let e = 0;
        let h = 0;
        for (let i = from; i < to; i++) {
          e += r.targets[(t.index * H + i) * TARGET_FIELDS];
          h += r.targets[(t.index * H + i) * TARGET_FIELDS + 1];
        }
        eligible.push(e);
        hits.push(h);
        attainment.push(e > 0 ? h / e : Number.NaN);
      }
      return {
        target: t.name,
        eligible: estimate(eligible),
        hits: estimate(hits),
        attainment: estimate(attainment),
      };
    });
    const queues: Record<string, Estimate> = {};
    for (let c = 0; c <= C; c++) {
      const name = c === C ? 'escalations' : compiled.channels[c].name;
      queues[name] = estimate(
        reps.map((r) => {
          let s = 0;
          for (let i = from; i < to; i++) s += r.queues[i * (C + 1) + c];
          return s / (to - from);
        }),
      );
    }
    return { cells, groups, targets, queues };
  };

  const horizon = period(0, H, null, true);
  const detail = run.detail ?? 'interval';
  const days =
    detail === 'horizon'
      ? []
      : Array.from({ length: D }, (_, day) => ({
          day,
          label: timeLabel(day * 86_400).replace(' 00:00', ''),
          ...period(day * perDay, Math.min(H, (day + 1) * perDay), day, false),
        }));
  const intervals =
    detail === 'interval'
      ? Array.from({ length: H }, (_, i) => ({
          interval: i,
          start: i * scenario.interval,
          label: timeLabel(i * scenario.interval),
          ...period(i, i + 1, null, true),
        }))
      : [];

  const targets: TargetResult[] = compiled.targets.map((t) => {
    const spec = scenario.sla[t.index];
    const perRep = horizon.targets[t.index];
    const met: boolean[] = reps.map((r) => {
      let e = 0;
      let h = 0;
      for (let i = 0; i < H; i++) {
        e += r.targets[(t.index * H + i) * TARGET_FIELDS];
        h += r.targets[(t.index * H + i) * TARGET_FIELDS + 1];
      }
      if (e === 0) return true;
      const a = h / e;
      return t.metric === 'abandonment' ? a <= t.attainment : a >= t.attainment;
    });
    const successes = met.filter(Boolean).length;
    const p = proportionInterval(successes, reps.length);
    const verdict = p.estimate >= 0.9 ? 'met' : p.estimate < 0.5 ? 'missed' : 'at risk';
    return {
      name: t.name,
      metric: t.metric,
      channel: spec.channel ?? 'all',
      priority: spec.priority ?? 'all',
      within: t.metric === 'abandonment' ? null : t.within,
      clock: spec.clock,
      goal: t.attainment,
      attainment: perRep.attainment,
      probabilityMet: { estimate: p.estimate, lo: p.lo, hi: p.hi },
      verdict,
    };
  });

  const conservation = { created: 0, resolved: 0, abandoned: 0, openAtEnd: 0 };
  let contacts = 0;
  let events = 0;
  for (const r of reps) {
    conservation.created += r.conservation.created;
    conservation.resolved += r.conservation.resolved;
    conservation.abandoned += r.conservation.abandoned;
    conservation.openAtEnd += r.conservation.openAtEnd;
    contacts += r.contacts;
    events += r.events;
  }

  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    generator: { name: 'slalab', version: run.version },
    scenario: {
      name: scenario.name,
      description: scenario.description,
      timezone: scenario.timezone,
      interval: scenario.interval,
      horizonIntervals: H,
      warmupIntervals: scenario.warmupIntervals,
      cooldownIntervals: scenario.cooldownIntervals,
      channels: compiled.channels.map((c) => ({
        name: c.name,
        kind: c.kind,
        concurrency: c.concurrency,
        bot: c.bot !== undefined,
      })),
      groups: compiled.groups.map((g) => ({ name: g.name, tier: g.tier })),
    },
    run: { seed: run.seed, replications: reps.length, contacts, events },
    definitions: DEFINITIONS,
    conservation,
    targets,
    horizon,
    days,
    intervals,
  };
}
