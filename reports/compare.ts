/**
 * Predicted against observed: what the simulator said a trace would do
 * (results.json from `slalab simulate --trace`, or any results.json) against
 * what the real helpdesk recorded when the trace was replayed
 * (observed.json from `slalab replay`, with the k6 side beside it).
 *
 * For each SLA target, a verdict:
 * - "prediction held": the observed attainment is inside the tolerance;
 * - "diverged: the helpdesk is the bottleneck": outside it, and the
 *   helpdesk's own figures (latency, errors, tickets it never created, work
 *   it could not finish) account for the gap;
 * - "diverged: the model": outside it, and they do not;
 * - "not measurable": the target's threshold, replayed at this speed-up, is
 *   finer than the helpdesk's clock can tell (see `measurable`).
 *
 * The tolerance, and why. A prediction made on the replayed trace
 * (`simulate --trace`) is one sample path: its confidence interval is
 * degenerate (one replication), so it says nothing about how far a replay
 * of the same path may land. The replay differs from that path in two ways,
 * and the tolerance is the sum of both:
 * 1. Sampling: which agent takes which ticket, and small timing jitter,
 *    reshuffle which tickets fall just inside or outside the threshold; each
 *    ticket is a Bernoulli trial of the same attainment, so the observed
 *    proportion carries binomial error. We use the 95% Wilson interval of
 *    the observed hits over the eligible tickets (it stays honest at 0/n and
 *    n/n, where the Wald interval collapses), widened to the upper end by the
 *    tickets that were still undecided when the replay stopped (open, with
 *    less time elapsed than the threshold: they may yet hit).
 * 2. The helpdesk's clock and latency: every observed time is the
 *    difference of two helpdesk timestamps, taken to the whole second (one
 *    wall second is `speedup` scenario seconds) and delayed by the calls on
 *    the way (the poll that finds the ticket, the take, the reply; for the
 *    bot its poll and reply), each at its measured p95, plus the wait for
 *    the next poll: a group's agents poll about once per period P between
 *    them at random phases, so that wait is close to exponential with mean
 *    P, and its p95 is 3P. That delay δ, in scenario seconds, is how far any observed time
 *    may sit from the simulated one; the share of observed tickets whose time
 *    lies within δ of the threshold is how far the attainment may move
 *    because of it.
 * A multi-replication prediction adds its own confidence interval.
 * Abandonment has no threshold to shift: there the helpdesk is blamed when
 * the callers who ran out of patience within its own time to answer (from
 * the trace's patience draws) account for the excess.
 * "Held" means the predicted interval and the widened observed interval
 * overlap. When the helpdesk did not keep up (its k6 thresholds failed,
 * calls failed, tickets were lost or the run hit its bound), its latency
 * widens the tolerance only up to the budget those thresholds allow it (a
 * quarter of the target's threshold, never less than one tick of its
 * clock): a helpdesk slower than that is not noise to absorb but the
 * finding, and the gap is put on it.
 *
 * Bottleneck or model: a helpdesk that is the bottleneck shows it in its
 * figures. The gap is put on the helpdesk when the replay lost tickets (not
 * created, or calls failing above 1%), was stopped at its time bound, when
 * its delay δ is over the target's latency budget, or when forgiving the
 * helpdesk its measured delay — counting a ticket as a hit
 * when its time is within the threshold plus the p95 delay of the whole call
 * chain, schedule lag included, times the speed-up — brings the observed
 * attainment back within tolerance of the prediction. Otherwise it is the
 * model's.
 *
 * Percentiles: for first response and resolution per channel, the observed
 * q-quantile's 95% interval from order statistics (ranks nq ± 1.96√(nq(1−q)))
 * widened by δ and by the simulator's sketch accuracy (1%), against the
 * predicted value. Tickets with no time yet when the replay stopped are
 * censored: they count at their elapsed time for the lower end and as
 * unbounded for the upper end.
 */
import type { ObservedRun, ObservedTicket } from '../scenarios/helpdesks/observe.js';
import type { K6Summary, OpFigures } from '../scenarios/k6/lib/summary.js';
import type {
  CellResult,
  Estimate,
  Percentiles,
  Results,
  TargetResult,
} from '../simulator/model/results.js';
import { proportionInterval } from '../simulator/stats/confidence.js';
import { normalQuantile } from '../simulator/stats/normalQuantile.js';
import { formatDuration, formatPercent } from './format.js';
import { escapeHtml, renderPage } from './render/html.js';
import { renderSvg } from './render/svg.js';
import { firstResponseSpec } from './specs/firstResponse.js';
import { flowSpec } from './specs/flow.js';
import { scorecardSpec } from './specs/scorecard.js';
import {
  firstResponseRows,
  firstResponseTargetRows,
  flowRows,
  lowerIsBetter,
  type SeriesResults,
  scorecardRows,
} from './tables.js';

/** observed.json as `slalab replay` writes it (the k6 side and replay facts are optional). */
export interface ObservedInput extends ObservedRun {
  k6?: K6Summary;
  replay?: {
    speedup?: number;
    pollMs?: number;
    timestampResolutionMs?: number;
    trace?: { tickets?: number };
    stopped?: boolean;
    graceSeconds?: number;
    wallSeconds?: number;
    exitCode?: number;
  };
}

export type Verdict =
  | 'prediction held'
  | 'diverged: the helpdesk is the bottleneck'
  | 'diverged: the model'
  | 'not measurable';

export interface TargetComparison {
  name: string;
  metric: string;
  channel: string;
  priority: string;
  within: number | null;
  goal: number;
  lowerIsBetter: boolean;
  predicted: { attainment: number | null; lo: number | null; hi: number | null };
  observed: {
    eligible: number;
    hits: number;
    /** Tickets still open at the end with less elapsed than the threshold. */
    undecided: number;
    attainment: number | null;
    /** Wilson 95% interval, the upper end including the undecided tickets as hits. */
    lo: number | null;
    hi: number | null;
  };
  /** How far the helpdesk's clock and latency may move the attainment. */
  shift: number;
  /**
   * The observed attainment when the helpdesk's full measured delay is
   * forgiven; for abandonment, the rate without the callers who gave up
   * before the helpdesk could answer anyone (needs the trace's patience).
   */
  forgiven: number | null;
  verdict: Verdict;
  reason: string;
}

export interface PercentileComparison {
  channel: string;
  metric: 'firstResponse' | 'resolution';
  quantile: number;
  predicted: number | null;
  observed: number | null;
  /** The observed quantile's interval, widened by δ and the sketch accuracy. */
  lo: number | null;
  hi: number | null;
  n: number;
  held: boolean | null;
}

export interface HelpdeskFigures {
  speedup: number;
  /** δ: the delay the helpdesk adds to a response, scenario seconds (see the file comment). */
  responseDelaySeconds: number;
  /** The full chain's p95, schedule lag included, scenario seconds (for forgiving). */
  chainDelaySeconds: number;
  timestampResolutionMs: number;
  ops: Record<string, OpFigures>;
  /** Failed calls ÷ calls, over every call. */
  errorRate: number | null;
  calls: number;
  lag: { p50: number | null; p95: number | null; max: number | null };
  thresholdsOk: boolean | null;
  /** Trace tickets the helpdesk never got. */
  missingTickets: number;
  stopped: boolean;
  /** The latency budget of the tightest measurable target, scenario seconds (null: none). */
  budgetSeconds: number | null;
  /** Whether the helpdesk kept up with the replay, and if not, why (with its figures). */
  keptUp: boolean;
  bottleneck: string[];
}

export interface Comparison {
  scenario: string;
  targets: TargetComparison[];
  percentiles: PercentileComparison[];
  helpdesk: HelpdeskFigures;
  notes: string[];
  /** Targets per verdict. */
  counts: Record<Verdict, number>;
  /** Any target diverged, or any percentile fell outside its tolerance. */
  diverged: boolean;
}

const Z = 1.96;
/** The share of a threshold the helpdesk's latency may take (as lib/thresholds.ts). */
const LATENCY_SHARE = 0.25;
const SKETCH_ACCURACY = 0.01;
/** A threshold must span this many helpdesk clock steps to be measurable (as the replay's thresholds). */
const MIN_RESOLUTIONS = 4;

/** Whether a metric's observed value per ticket is a duration (so censoring and shifts apply). */
const TIMED = new Set([
  'firstResponse',
  'serviceLevel',
  'resolution',
  'requesterWaitTime',
  'agentWorkTime',
]);

function ticketTime(k: ObservedTicket, metric: string): number | null {
  switch (metric) {
    case 'firstResponse':
    case 'serviceLevel':
      return k.firstResponse ?? k.resolution;
    case 'resolution':
      return k.resolution;
    case 'requesterWaitTime':
    case 'agentWorkTime':
      return k.resolution === null ? null : k.resolution - (k.solvedSpell ?? 0);
    default:
      return null;
  }
}

function applies(k: ObservedTicket, t: TargetResult): boolean {
  return (
    (t.channel === 'all' || k.channel === t.channel) &&
    (t.priority === 'all' || k.priority === t.priority)
  );
}

/** The observed tickets a target counts (abandoned ones only for serviceLevel and abandonment). */
function eligibleTickets(tickets: readonly ObservedTicket[], t: TargetResult): ObservedTicket[] {
  return tickets.filter(
    (k) =>
      applies(k, t) && (t.metric === 'serviceLevel' || t.metric === 'abandonment' || !k.abandoned),
  );
}

/**
 * Attainment counting a ticket a hit when its time is at most `within + extra`
 * (calendar targets); null when nothing is eligible.
 */
function attainmentAt(
  tickets: readonly ObservedTicket[],
  t: TargetResult,
  extra: number,
): number | null {
  const mine = eligibleTickets(tickets, t);
  if (mine.length === 0 || t.within === null) return null;
  let hits = 0;
  for (const k of mine) {
    if (k.abandoned && t.metric === 'serviceLevel') continue;
    const x = ticketTime(k, t.metric);
    if (x !== null && x <= t.within + extra) hits++;
  }
  return hits / mine.length;
}

const p95 = (f: OpFigures | undefined) => f?.p95 ?? 0;

/** δ and the full chain delay, scenario seconds, from the k6 side of the run. */
export function helpdeskDelays(
  k6: K6Summary | undefined,
  speedup: number,
  pollMs: number,
  resolutionMs: number,
): { response: number; chain: number } {
  if (!k6)
    return { response: (resolutionMs / 1000) * speedup, chain: (resolutionMs / 1000) * speedup };
  const ops = k6.ops;
  const agent = 3 * pollMs + p95(ops.poll) + p95(ops.take) + p95(ops.reply);
  const bot = 3 * pollMs + p95(ops.bot_poll) + p95(ops.bot_reply);
  const responseMs = Math.max(agent, bot) + resolutionMs;
  const chainMs = responseMs + p95(ops.create) + (k6.lag.p95 ?? 0) + p95(ops.resolve);
  return { response: (responseMs / 1000) * speedup, chain: (chainMs / 1000) * speedup };
}

function undecidedCount(
  tickets: readonly ObservedTicket[],
  t: TargetResult,
  runEnd: number | null,
): number {
  if (runEnd === null || t.within === null || !TIMED.has(t.metric) || t.clock !== 'calendar')
    return 0;
  let n = 0;
  for (const k of eligibleTickets(tickets, t)) {
    if (k.abandoned) continue;
    if (ticketTime(k, t.metric) === null && runEnd - k.created < t.within) n++;
  }
  return n;
}

function overlaps(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  return aLo <= bHi + 1e-12 && bLo <= aHi + 1e-12;
}

/**
 * Scenario seconds from a ticket's due time to the earliest agent reply the
 * helpdesk can give: creating it, the schedule lag, and the response delay δ
 * (poll wait, poll, take, reply), each at its p95.
 */
function answerDelaySeconds(h: HelpdeskFigures): number {
  return h.responseDelaySeconds + ((p95(h.ops.create) + (h.lag.p95 ?? 0)) * h.speedup) / 1000;
}

/**
 * Abandonment with the callers the helpdesk could not have reached taken
 * out: those whose patience (from the trace) ran out within the helpdesk's
 * own time to answer. Null without patience figures for the abandoned.
 */
function abandonmentForgiven(
  tickets: readonly ObservedTicket[],
  t: TargetResult,
  patience: ReadonlyMap<string, number | null>,
  delay: number,
): { rate: number; excused: number; abandoned: number } | null {
  const mine = eligibleTickets(tickets, t);
  const gaveUp = mine.filter((k) => k.abandoned);
  if (mine.length === 0 || gaveUp.some((k) => k.traceId === null || !patience.has(k.traceId)))
    return null;
  const excused = gaveUp.filter((k) => (patience.get(k.traceId!) ?? Infinity) <= delay).length;
  return { rate: (gaveUp.length - excused) / mine.length, excused, abandoned: gaveUp.length };
}

function compareTarget(
  t: TargetResult,
  observed: ObservedInput,
  helpdesk: HelpdeskFigures,
  runEnd: number | null,
  patience: ReadonlyMap<string, number | null> | undefined,
): TargetComparison {
  const o = observed.targets.find((x) => x.name === t.name);
  const lower = lowerIsBetter(t.metric);
  const predicted = {
    attainment: t.attainment.mean,
    lo: t.attainment.lo ?? t.attainment.mean,
    hi: t.attainment.hi ?? t.attainment.mean,
  };
  const base: Omit<TargetComparison, 'observed' | 'shift' | 'forgiven' | 'verdict' | 'reason'> = {
    name: t.name,
    metric: t.metric,
    channel: t.channel,
    priority: t.priority,
    within: t.within,
    goal: t.goal,
    lowerIsBetter: lower,
    predicted,
  };
  if (!o || o.eligible === 0) {
    return {
      ...base,
      observed: { eligible: 0, hits: 0, undecided: 0, attainment: null, lo: null, hi: null },
      shift: 0,
      forgiven: null,
      verdict: 'not measurable',
      reason: 'no observed ticket was eligible for this target',
    };
  }
  const undecided = undecidedCount(observed.tickets, t, runEnd);
  const low = proportionInterval(o.hits, o.eligible);
  const high = proportionInterval(Math.min(o.eligible, o.hits + undecided), o.eligible);
  const obs = {
    eligible: o.eligible,
    hits: o.hits,
    undecided,
    attainment: o.attainment,
    lo: low.lo,
    hi: high.hi,
  };
  const S = helpdesk.speedup;
  const stepSeconds = (helpdesk.timestampResolutionMs / 1000) * S;
  if (t.within !== null && TIMED.has(t.metric) && t.within < MIN_RESOLUTIONS * stepSeconds) {
    return {
      ...base,
      observed: obs,
      shift: 0,
      forgiven: null,
      verdict: 'not measurable',
      reason: `${formatDuration(t.within)} is under ${MIN_RESOLUTIONS} ticks of the helpdesk's clock at speed-up ${S} (one tick = ${formatDuration(stepSeconds)} of scenario time); replay slower to judge it`,
    };
  }
  const delta =
    helpdesk.responseDelaySeconds +
    (t.metric === 'resolution' ? (p95(helpdesk.ops.resolve) * S) / 1000 : 0);
  // The helpdesk's delay widens the tolerance up to its budget only (see the file comment).
  const budget = t.within === null ? delta : Math.max(stepSeconds, LATENCY_SHARE * t.within);
  const used = helpdesk.keptUp ? delta : Math.min(delta, budget);
  const slow = TIMED.has(t.metric) && delta > budget && !helpdesk.keptUp;
  let shift = 0;
  if (TIMED.has(t.metric) && t.within !== null && t.clock === 'calendar') {
    const up = attainmentAt(observed.tickets, t, used);
    const down = attainmentAt(observed.tickets, t, -Math.min(used, t.within));
    const at = attainmentAt(observed.tickets, t, 0);
    if (up !== null && down !== null && at !== null) shift = Math.max(up - at, at - down);
  }
  const pLo = predicted.lo ?? Number.NaN;
  const pHi = predicted.hi ?? Number.NaN;
  const answerDelay = answerDelaySeconds(helpdesk);
  const unreachable =
    t.metric === 'abandonment' && patience
      ? abandonmentForgiven(observed.tickets, t, patience, answerDelay)
      : null;
  const forgiven =
    TIMED.has(t.metric) && t.within !== null && t.clock === 'calendar'
      ? attainmentAt(observed.tickets, t, helpdesk.chainDelaySeconds)
      : (unreachable?.rate ?? null);
  const pct = (x: number | null) => formatPercent(x);
  const figures = `observed ${pct(o.attainment)} (${o.hits}/${o.eligible}${undecided ? `, ${undecided} undecided` : ''}) vs predicted ${pct(predicted.attainment)}`;
  if (Number.isNaN(pLo) || Number.isNaN(pHi)) {
    return {
      ...base,
      observed: obs,
      shift,
      forgiven,
      verdict: 'not measurable',
      reason: 'the prediction has no attainment for this target',
    };
  }
  if (overlaps(pLo, pHi, obs.lo - shift, obs.hi + shift)) {
    return {
      ...base,
      observed: obs,
      shift,
      forgiven,
      verdict: 'prediction held',
      reason: `${figures}: inside the tolerance ${pct(Math.max(0, obs.lo - shift))}–${pct(Math.min(1, obs.hi + shift))} (Wilson 95% ± ${pct(shift)} for the helpdesk's clock and latency, δ = ${formatDuration(used)}${slow ? `, capped: the helpdesk's delay of ${formatDuration(delta)} is over a quarter of the threshold` : ''})`,
    };
  }
  // Outside the tolerance: does the helpdesk's own record explain the gap?
  const worse = lower ? obs.lo - shift > pHi : obs.hi + shift < pLo;
  const evidence: string[] = [];
  if (helpdesk.missingTickets > 0)
    evidence.push(`${helpdesk.missingTickets} trace ticket(s) never created`);
  if (helpdesk.errorRate !== null && helpdesk.errorRate > 0.01) {
    evidence.push(`${formatPercent(helpdesk.errorRate)} of ${helpdesk.calls} calls failed`);
  }
  if (helpdesk.stopped) evidence.push('the replay was stopped at its time bound');
  if (slow) {
    evidence.push(
      `its delay δ = ${formatDuration(delta)} of scenario time (p95 latencies × speed-up ${S}) is over a quarter of the ${formatDuration(t.within!)} threshold`,
    );
  }
  let forgivenHeld = false;
  if (forgiven !== null) {
    const fLo = proportionInterval(Math.round(forgiven * o.eligible), o.eligible).lo;
    const fHi = proportionInterval(
      Math.min(o.eligible, Math.round(forgiven * o.eligible) + undecided),
      o.eligible,
    ).hi;
    forgivenHeld = overlaps(pLo, pHi, fLo - shift, fHi + shift);
    if (forgivenHeld && unreachable) {
      evidence.push(
        `${unreachable.excused} of the ${unreachable.abandoned} who gave up had run out of patience within ${formatDuration(answerDelay)}, the helpdesk's own time to answer at best (p95 of create, schedule lag, poll wait, poll, take and reply × speed-up ${S}), so no agent could have reached them; without them abandonment is ${pct(forgiven)}`,
      );
    } else if (forgivenHeld) {
      evidence.push(
        `forgiving its measured delay of ${formatDuration(helpdesk.chainDelaySeconds)} (p95 of the call chain and schedule lag × speed-up ${S}) brings attainment to ${pct(forgiven)}`,
      );
    }
  }
  if (undecided > 0 && obs.hi + shift >= pLo && !lower) {
    evidence.push(`${undecided} ticket(s) were still open when the replay ended`);
  }
  const latency = latencyText(helpdesk);
  if (worse && evidence.length > 0) {
    return {
      ...base,
      observed: obs,
      shift,
      forgiven,
      verdict: 'diverged: the helpdesk is the bottleneck',
      reason: `${figures}: ${evidence.join('; ')}. ${latency}`,
    };
  }
  return {
    ...base,
    observed: obs,
    shift,
    forgiven,
    verdict: 'diverged: the model',
    reason: `${figures}, outside the tolerance ${pct(Math.max(0, obs.lo - shift))}–${pct(Math.min(1, obs.hi + shift))}, and the helpdesk's figures do not explain it${worse ? '' : ' (the helpdesk did better than predicted)'}. ${latency}`,
  };
}

function latencyText(h: HelpdeskFigures): string {
  const ms = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : `${Math.round(x)} ms`;
  const op = (name: string) => {
    const f = h.ops[name];
    return f ? `${name} p95 ${ms(f.p95)}` : null;
  };
  const parts = ['create', 'poll', 'take', 'reply', 'bot_reply'].map(op).filter(Boolean);
  return `Helpdesk: ${parts.join(', ')}; schedule lag p95 ${ms(h.lag.p95)}; errors ${formatPercent(h.errorRate)}.`;
}

/** The observed q-quantile with its order-statistics interval (95% unless `z` says otherwise). */
export function quantileInterval(
  sorted: readonly number[],
  q: number,
  z = Z,
): { value: number; lo: number; hi: number } | null {
  const n = sorted.length;
  if (n === 0) return null;
  const at = (i: number) => sorted[Math.min(n - 1, Math.max(0, i))]!;
  const pos = q * (n - 1);
  const value =
    at(Math.floor(pos)) + (at(Math.ceil(pos)) - at(Math.floor(pos))) * (pos - Math.floor(pos));
  const half = z * Math.sqrt(n * q * (1 - q));
  return { value, lo: at(Math.floor(n * q - half) - 1), hi: at(Math.ceil(n * q + half)) };
}

const QUANTILES: Array<[keyof Percentiles, number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
];

function comparePercentiles(
  predicted: Results,
  observed: ObservedInput,
  helpdesk: HelpdeskFigures,
  runEnd: number | null,
  z: number,
): PercentileComparison[] {
  const out: PercentileComparison[] = [];
  const cells = predicted.horizon.cells.filter((c) => c.priority === 'all');
  for (const cell of cells) {
    for (const metric of ['firstResponse', 'resolution'] as const) {
      const mine = observed.tickets.filter(
        (k) => !k.abandoned && (cell.channel === 'all' || k.channel === cell.channel),
      );
      const values: number[] = [];
      const censored: number[] = [];
      for (const k of mine) {
        const x = metric === 'firstResponse' ? (k.firstResponse ?? k.resolution) : k.resolution;
        if (x !== null) values.push(x);
        else if (runEnd !== null) censored.push(Math.max(0, runEnd - k.created));
      }
      values.sort((a, b) => a - b);
      const low = [...values, ...censored].sort((a, b) => a - b);
      const high = [...values, ...censored.map(() => Number.POSITIVE_INFINITY)];
      const full =
        helpdesk.responseDelaySeconds +
        (metric === 'resolution' ? (p95(helpdesk.ops.resolve) * helpdesk.speedup) / 1000 : 0);
      const step = (helpdesk.timestampResolutionMs / 1000) * helpdesk.speedup;
      const delta =
        helpdesk.keptUp || helpdesk.budgetSeconds === null
          ? full
          : Math.min(full, Math.max(step, helpdesk.budgetSeconds));
      for (const [key, q] of QUANTILES) {
        const pred = cell[metric]?.[key]?.mean ?? null;
        const obs = quantileInterval(values, q, z);
        const lower = quantileInterval(low, q, z);
        const upper = quantileInterval(high, q, z);
        if (pred === null && obs === null) continue;
        const slack = pred === null ? 0 : SKETCH_ACCURACY * Math.abs(pred);
        const lo = lower ? Math.max(0, lower.lo - delta - slack) : null;
        const hi = upper ? upper.hi + delta + slack : null;
        out.push({
          channel: cell.channel,
          metric,
          quantile: q,
          predicted: pred,
          observed: obs?.value ?? null,
          lo,
          hi: hi === null || Number.isFinite(hi) ? hi : null,
          n: values.length,
          held: pred === null || lo === null ? null : pred >= lo && (hi === null || pred <= hi),
        });
      }
    }
  }
  return out;
}

export interface CompareOptions {
  /** Trace tickets replayed (default: observed.replay.trace.tickets, else the observed count). */
  traceTickets?: number;
  /**
   * Each trace ticket's patience, scenario seconds (null: never gives up), from
   * the replayed trace: lets an abandonment target excuse callers who gave up
   * before the helpdesk could answer anyone.
   */
  patience?: ReadonlyMap<string, number | null>;
  /**
   * Confidence of each percentile's interval (default 0.95). A caller that
   * requires many percentiles to hold at once lowers each one's false-alarm
   * rate here, e.g. Bonferroni: 1 − 0.05 / (number of percentiles).
   */
  percentileConfidence?: number;
}

/** Compares a prediction and an observed replay; pure. */
export function compareRuns(
  predicted: Results,
  observed: ObservedInput,
  options: CompareOptions = {},
): Comparison {
  const k6 = observed.k6;
  const speedup = observed.speedup ?? observed.replay?.speedup ?? 1;
  const resolutionMs = observed.replay?.timestampResolutionMs ?? 1000;
  const pollMs = observed.replay?.pollMs ?? 0;
  const delays = helpdeskDelays(k6, speedup, pollMs, resolutionMs);
  const ops = k6?.ops ?? {};
  let calls = 0;
  let errors = 0;
  for (const f of Object.values(ops)) {
    calls += f.count;
    errors += f.errors;
  }
  const traceTickets =
    options.traceTickets ?? observed.replay?.trace?.tickets ?? observed.counts.tickets;
  const tracedIds = new Set(observed.tickets.map((t) => t.traceId).filter((x) => x !== null));
  const step = (resolutionMs / 1000) * speedup;
  const measurable = predicted.targets
    .filter((t) => t.within !== null && TIMED.has(t.metric) && t.within >= MIN_RESOLUTIONS * step)
    .map((t) => t.within as number);
  const budgetSeconds = measurable.length > 0 ? LATENCY_SHARE * Math.min(...measurable) : null;
  const missingTickets = Math.max(0, traceTickets - (tracedIds.size || observed.counts.tickets));
  const errorRate = calls > 0 ? errors / calls : null;
  const stopped = observed.replay?.stopped ?? false;
  const bottleneck: string[] = [];
  if (!k6 && budgetSeconds !== null && delays.response > budgetSeconds) {
    bottleneck.push(
      `its delay to a response, δ = ${formatDuration(delays.response)} of scenario time (p95 latencies × speed-up ${speedup}), is over the ${formatDuration(budgetSeconds)} budget (a quarter of the tightest measurable target)`,
    );
  }
  if (k6 && !k6.thresholdsOk) {
    const failed = Object.entries(k6.thresholds).flatMap(([m, byExpr]) =>
      Object.entries(byExpr)
        .filter(([, v]) => !v.ok)
        .map(([e]) => `${m} ${e}`),
    );
    bottleneck.push(`k6 thresholds failed: ${failed.join(', ')}`);
  }
  if (errorRate !== null && errorRate > 0.01) {
    bottleneck.push(`${formatPercent(errorRate)} of ${calls} calls failed`);
  }
  if (missingTickets > 0) bottleneck.push(`${missingTickets} trace ticket(s) never created`);
  if (stopped) bottleneck.push('the replay was stopped at its time bound');
  const helpdesk: HelpdeskFigures = {
    speedup,
    responseDelaySeconds: delays.response,
    chainDelaySeconds: delays.chain,
    timestampResolutionMs: resolutionMs,
    ops,
    errorRate,
    calls,
    lag: { p50: k6?.lag.p50 ?? null, p95: k6?.lag.p95 ?? null, max: k6?.lag.max ?? null },
    thresholdsOk: k6 ? k6.thresholdsOk : null,
    missingTickets,
    stopped,
    budgetSeconds,
    keptUp: bottleneck.length === 0,
    bottleneck,
  };
  // The replay's end in scenario time: its deadline (start + window ÷ speed-up + grace).
  const runSeconds = Number(k6?.extra?.runSeconds);
  const runEnd = Number.isFinite(runSeconds) ? observed.origin + runSeconds * speedup : null;
  const targets = predicted.targets.map((t) =>
    compareTarget(t, observed, helpdesk, runEnd, options.patience),
  );
  const notes: string[] = [];
  if (predicted.run.replications === 1) {
    notes.push(
      'The prediction is one sample path (simulate --trace, or one replication): its interval is degenerate, so the tolerance comes from the observed side alone.',
    );
  }
  const refused = k6?.tickets.abandon_refused ?? 0;
  if (refused > 0) {
    notes.push(
      `The helpdesk refused ${refused} requester close(s) of abandoned tickets: abandonment was not replayed (grant the portal account ModifyTicket).`,
    );
  }
  const beyond = k6?.tickets.reopen_beyond_run ?? 0;
  if (beyond > 0)
    notes.push(`${beyond} reopen(s) fell after the end of the replay and did not happen.`);
  for (const u of (k6?.extra?.unmeasurableTargets as Array<{ name: string }> | undefined) ?? []) {
    notes.push(`Not measurable at speed-up ${speedup}: ${u.name}.`);
  }
  const level = options.percentileConfidence;
  const z = level === undefined ? Z : normalQuantile((1 + level) / 2);
  const percentiles = comparePercentiles(predicted, observed, helpdesk, runEnd, z);
  const counts: Record<Verdict, number> = {
    'prediction held': 0,
    'diverged: the helpdesk is the bottleneck': 0,
    'diverged: the model': 0,
    'not measurable': 0,
  };
  for (const t of targets) counts[t.verdict]++;
  return {
    scenario: predicted.scenario.name,
    targets,
    percentiles,
    helpdesk,
    notes: [...new Set(notes)],
    counts,
    diverged:
      targets.some((t) => t.verdict.startsWith('diverged')) ||
      percentiles.some((p) => p.held === false),
  };
}

// ------------------------------------------------------------------ text

/** The comparison as plain text for the terminal. */
export function comparisonText(c: Comparison): string {
  const lines: string[] = [`Predicted vs observed: ${c.scenario}`, ''];
  for (const t of c.targets) {
    lines.push(`  ${t.verdict.padEnd(40)} ${t.name}`);
    lines.push(`      ${t.reason}`);
  }
  lines.push('', '  First-response and resolution percentiles (scenario time):');
  for (const p of c.percentiles.filter((x) => x.quantile !== 0.9)) {
    const v = (x: number | null) => (x === null ? '–' : formatDuration(x));
    lines.push(
      `    ${p.held === null ? '  ' : p.held ? 'ok' : '!!'} ${p.channel.padEnd(10)} ${p.metric.padEnd(14)} p${Math.round(p.quantile * 100)}: predicted ${v(p.predicted)}, observed ${v(p.observed)} (tolerance ${v(p.lo)}–${v(p.hi)}, n=${p.n})`,
    );
  }
  const h = c.helpdesk;
  lines.push(
    '',
    h.keptUp
      ? `  The helpdesk kept up (speed-up ${h.speedup}; δ = ${formatDuration(h.responseDelaySeconds)} of scenario time):`
      : `  The helpdesk is the bottleneck: ${h.bottleneck.join('; ')}. ${latencyText(h)}`,
  );
  const ms = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : `${Math.round(x)} ms`;
  for (const [op, f] of Object.entries(h.ops)) {
    lines.push(
      `    ${op.padEnd(12)} ${String(f.count).padStart(6)} calls  p50 ${ms(f.p50).padStart(8)}  p95 ${ms(f.p95).padStart(8)}  p99 ${ms(f.p99).padStart(8)}  errors ${formatPercent(f.errorRate)}`,
    );
  }
  lines.push(
    `    errors ${formatPercent(h.errorRate)} of ${h.calls} calls; schedule lag p50 ${ms(h.lag.p50)}, p95 ${ms(h.lag.p95)}, max ${ms(h.lag.max)}; thresholds ${h.thresholdsOk === null ? '–' : h.thresholdsOk ? 'passed' : 'failed'}${h.missingTickets ? `; ${h.missingTickets} trace tickets missing` : ''}`,
  );
  for (const n of c.notes) lines.push(`  note: ${n}`);
  const held = c.counts['prediction held'];
  lines.push(
    '',
    `${held} held, ${c.counts['diverged: the helpdesk is the bottleneck']} diverged (helpdesk), ${c.counts['diverged: the model']} diverged (model), ${c.counts['not measurable']} not measurable.`,
  );
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ report

const estimate = (
  mean: number | null,
  lo: number | null = null,
  hi: number | null = null,
): Estimate => ({
  mean,
  lo,
  hi,
});

function observedPercentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => quantileInterval(sorted, p)?.value ?? null;
  return {
    p50: estimate(q(0.5)),
    p80: estimate(q(0.8)),
    p90: estimate(q(0.9)),
    p95: estimate(q(0.95)),
    p99: estimate(q(0.99)),
  };
}

/**
 * The observed run in the shape of results.json (horizon cells per channel,
 * targets), so the report's chart builders draw it as a second series.
 * `contained` says which trace tickets the bot resolved (the helpdesk's
 * history does not tell a contained bot ticket from one handed off).
 */
export function observedAsResults(
  predicted: Results,
  observed: ObservedInput,
  comparison: Comparison,
  contained: ReadonlySet<string> = new Set(),
): Results {
  const channels = predicted.scenario.channels.map((c) => c.name);
  const cell = (channel: string): CellResult => {
    const mine = observed.tickets.filter((k) => channel === 'all' || k.channel === channel);
    const n = (f: (k: ObservedTicket) => boolean) => estimate(mine.filter(f).length);
    const isContained = (k: ObservedTicket) => k.traceId !== null && contained.has(k.traceId);
    const fr = mine.map((k) => k.firstResponse).filter((x): x is number => x !== null);
    const res = mine.map((k) => k.resolution).filter((x): x is number => x !== null);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
    return {
      channel,
      priority: 'all',
      arrivals: estimate(mine.length),
      botRouted: n((k) => k.firstResponder === 'bot'),
      botContained: n(isContained),
      handled: n((k) => !isContained(k) && !k.abandoned && k.firstResponse !== null),
      answered: n((k) => k.firstResponse !== null),
      abandoned: n((k) => k.abandoned),
      escalated: n((k) => k.escalated),
      reopened: n((k) => k.reopened),
      resolved: n((k) => k.resolution !== null),
      openAtEnd: n((k) => k.resolution === null && !k.abandoned),
      firstResponseMean: estimate(mean(fr)),
      resolutionMean: estimate(mean(res)),
      firstResponse: observedPercentiles(fr),
      resolution: observedPercentiles(res),
    };
  };
  const targets: TargetResult[] = predicted.targets.map((t) => {
    const c = comparison.targets.find((x) => x.name === t.name);
    const a = c?.observed.attainment ?? null;
    const met = a === null ? null : lowerIsBetter(t.metric) ? a <= t.goal : a >= t.goal;
    return {
      ...t,
      attainment: estimate(a, c?.observed.lo ?? null, c?.observed.hi ?? null),
      probabilityMet: { estimate: met ? 1 : 0, lo: met ? 1 : 0, hi: met ? 1 : 0 },
      verdict: met === null ? 'at risk' : met ? 'met' : 'missed',
    };
  });
  return {
    ...predicted,
    run: { seed: 'observed', replications: 1, contacts: observed.counts.tickets, events: 0 },
    targets,
    horizon: { cells: [...channels, 'all'].map(cell), groups: [], targets: [] },
    days: [],
    intervals: [],
  };
}

const TONE: Record<Verdict, string> = {
  'prediction held': 'good',
  'diverged: the helpdesk is the bottleneck': 'warn',
  'diverged: the model': 'bad',
  'not measurable': 'muted',
};

/** The comparison as a self-contained HTML page, charts drawn with the report's builders. */
export async function compareReport(
  predicted: Results,
  observed: ObservedInput,
  comparison: Comparison,
  contained: ReadonlySet<string> = new Set(),
): Promise<string> {
  const sets: SeriesResults[] = [
    { series: 'predicted', results: predicted },
    { series: 'observed', results: observedAsResults(predicted, observed, comparison, contained) },
  ];
  const scorecard = scorecardRows(sets);
  const quantiles = firstResponseRows(sets);
  const marks = firstResponseTargetRows(sets.slice(0, 1));
  const flow = flowRows(sets);
  const figure = async (name: string, spec: Parameters<typeof renderSvg>[0]) =>
    `<figure class="chart" data-chart="${name}">${await renderSvg(spec)}</figure>`;
  const e = escapeHtml;
  const pct = (x: number | null) => e(formatPercent(x));
  const verdictRows = comparison.targets
    .map(
      (t) =>
        `<tr><td>${e(t.name)}</td><td>${pct(t.predicted.attainment)}</td><td>${pct(t.observed.attainment)} <small>(${t.observed.hits}/${t.observed.eligible})</small></td><td>${pct(t.observed.lo === null ? null : Math.max(0, t.observed.lo - t.shift))}–${pct(t.observed.hi === null ? null : Math.min(1, t.observed.hi + t.shift))}</td><td><span class="pill ${TONE[t.verdict]}">${e(t.verdict)}</span><br><small>${e(t.reason)}</small></td></tr>`,
    )
    .join('\n');
  const ms = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : `${Math.round(x)} ms`;
  const opRows = Object.entries(comparison.helpdesk.ops)
    .map(
      ([op, f]) =>
        `<tr><td>${e(op)}</td><td>${f.count}</td><td>${ms(f.p50)}</td><td>${ms(f.p95)}</td><td>${ms(f.p99)}</td><td>${pct(f.errorRate)}</td></tr>`,
    )
    .join('\n');
  const h = comparison.helpdesk;
  const diverged = comparison.diverged;
  const bottleneck = comparison.counts['diverged: the helpdesk is the bottleneck'];
  const html = renderPage({
    title: `${comparison.scenario} — predicted vs observed`,
    eyebrow: 'slalab · prediction vs replay',
    heading: comparison.scenario,
    meta: [
      `speed-up ${h.speedup}`,
      `${observed.counts.tickets} tickets observed`,
      `run ${observed.runId}`,
      `helpdesk ${observed.helpdesk}`,
    ],
    banner: {
      tone: !diverged
        ? 'good'
        : bottleneck > 0 && comparison.counts['diverged: the model'] === 0
          ? 'warn'
          : 'bad',
      headline: !diverged
        ? 'The prediction held on the real helpdesk.'
        : comparison.counts['diverged: the model'] > 0
          ? 'The observed run diverged from the model.'
          : 'The helpdesk could not keep up: it is the bottleneck.',
      detail: `${comparison.counts['prediction held']} held, ${bottleneck} diverged because of the helpdesk, ${comparison.counts['diverged: the model']} because of the model, ${comparison.counts['not measurable']} not measurable at this speed-up.`,
    },
    sections: [
      {
        id: 'verdicts',
        title: 'Verdict per target',
        lead: 'Predicted attainment against what the helpdesk recorded, with the tolerance (95% binomial interval of the observed share, widened by the helpdesk’s clock and latency).',
        body: `<table class="scorecard"><thead><tr><th>target</th><th>predicted</th><th>observed</th><th>tolerance</th><th>verdict</th></tr></thead><tbody>${verdictRows}</tbody></table>\n${await figure('scorecard', scorecardSpec(scorecard))}`,
      },
      {
        id: 'first-response',
        title: 'First response time',
        lead: 'The first-response distribution per channel, predicted and observed (observed times are the helpdesk’s timestamps × the speed-up).',
        body:
          quantiles.length > 0
            ? await figure('first-response', firstResponseSpec(quantiles, marks))
            : '<p class="note">No first responses.</p>',
      },
      {
        id: 'flow',
        title: 'Where tickets went',
        lead: 'How the tickets ended, predicted and observed.',
        body:
          flow.length > 0
            ? await figure('flow', flowSpec(flow))
            : '<p class="note">No tickets.</p>',
      },
      {
        id: 'helpdesk',
        title: 'The helpdesk under the replay',
        lead: `Latency per call (wall time), errors and schedule lag, as k6 measured them. δ = ${formatDuration(h.responseDelaySeconds)} of scenario time is how much the helpdesk may delay a response.`,
        body: `<table class="scorecard"><thead><tr><th>call</th><th>count</th><th>p50</th><th>p95</th><th>p99</th><th>errors</th></tr></thead><tbody>${opRows}</tbody></table>
<p>Errors ${pct(h.errorRate)} of ${h.calls} calls; schedule lag p50 ${ms(h.lag.p50)}, p95 ${ms(h.lag.p95)}, max ${ms(h.lag.max)}; k6 thresholds ${h.thresholdsOk === null ? '–' : h.thresholdsOk ? 'passed' : 'failed'}.</p>
${comparison.notes.map((n) => `<p class="note">${e(n)}</p>`).join('\n')}`,
      },
    ],
    footer:
      'Generated by slalab compare. Observed times come from the helpdesk’s own records, in scenario time.',
  });
  return html;
}
