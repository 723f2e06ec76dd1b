/**
 * What the helpdesk itself recorded for a run, rebuilt from each ticket's
 * history (Request Tracker keeps one due date per ticket, not the times an SLA
 * needs): created, first public reply by an agent (or by the bot where the
 * scenario counts it), resolved, reopened, resolved again. Times are given in
 * scenario seconds: wall-clock durations × the replay's speed-up.
 *
 * The SLA aggregates use the simulator's definitions (see results.json
 * `definitions`), so observed and predicted figures compare like for like.
 */

import { BusinessClock } from '../../simulator/model/businessHours.js';
import { QuantileSketch } from '../../simulator/stats/quantileSketch.js';
import type { Scenario } from '../schema/types.js';
import type { Helpdesk, RunTicket, TicketEvent } from './adapter.js';

export const OBSERVED_FORMAT = 'slalab-observed';
export const OBSERVED_VERSION = 1;

export interface ObservedTicket {
  ticketId: string;
  /** The trace ticket id, read from the `[T…]` subject prefix the replay writes. */
  traceId: string | null;
  channel: string;
  priority: string;
  /** Creation, in scenario seconds from the horizon start. */
  created: number;
  /** Seconds (scenario time) from creation to the first counted public reply. */
  firstResponse: number | null;
  firstResponder: 'agent' | 'bot' | null;
  /** Seconds from creation to the final resolution (after any reopen). */
  resolution: number | null;
  /** Seconds spent solved before a reopen (excluded from requester wait and agent work time). */
  solvedSpell: number;
  escalated: boolean;
  reopened: boolean;
  /** Closed by the customer before any counted reply (a caller hanging up). */
  abandoned: boolean;
  /** Next-response instances: seconds from each reopen or escalation to the next agent reply (null: none). */
  nextResponses: Array<number | null>;
}

export interface ObservedTarget {
  name: string;
  metric: string;
  eligible: number;
  hits: number;
  attainment: number | null;
  goal: number;
  met: boolean | null;
}

export interface ObservedRun {
  format: typeof OBSERVED_FORMAT;
  version: typeof OBSERVED_VERSION;
  runId: string;
  helpdesk: string;
  speedup: number;
  /** Wall-clock instant of scenario time `origin`. */
  startedAt: string;
  origin: number;
  tickets: ObservedTicket[];
  targets: ObservedTarget[];
  /** Percentiles of first response and resolution (scenario seconds) per channel and 'all'. */
  percentiles: Record<
    string,
    { firstResponse: Record<string, number | null>; resolution: Record<string, number | null> }
  >;
  counts: {
    tickets: number;
    resolved: number;
    abandoned: number;
    open: number;
    escalated: number;
    reopened: number;
  };
}

export interface ObserveOptions {
  runId: string;
  /** Scenario seconds per wall-clock second. */
  speedup: number;
  /** Wall-clock time (ms since the epoch) at which scenario time `origin` was replayed. */
  startedAt: number;
  origin: number;
  /** Login of the bot user, whose replies count as first responses only where `botCounts` says. */
  botUser?: string;
  /** Per channel: whether a bot reply fulfils the first response. */
  botCounts?: (channel: string) => boolean;
}

const TRACE_PREFIX = /^\[(T\d+)\]/;

/** Rebuilds one ticket's SLA times from its history. Pure: tested on hand-written histories. */
export function ticketTimes(
  ticket: Pick<RunTicket, 'id' | 'subject' | 'channel' | 'priority'>,
  events: readonly TicketEvent[],
  options: ObserveOptions,
): ObservedTicket {
  const toScenario = (iso: string) =>
    options.origin + ((Date.parse(iso) - options.startedAt) / 1000) * options.speedup;
  const create = events.find((e) => e.type === 'create');
  const created = toScenario(create ? create.at : events[0].at);
  const isBot = (e: TicketEvent) =>
    e.actor.kind === 'bot' || (options.botUser !== undefined && e.actor.name === options.botUser);
  const botCounts = options.botCounts?.(ticket.channel ?? '') ?? false;

  let firstResponse: number | null = null;
  let firstResponder: 'agent' | 'bot' | null = null;
  let resolvedAt: number | null = null;
  let escalated = false;
  let reopened = false;
  let abandoned = false;
  const nextResponses: Array<number | null> = [];
  let waitingSince: number | null = null; // an unanswered escalation or reopen
  let solvedSpell = 0;

  for (const e of events) {
    const t = toScenario(e.at);
    if (e.type === 'reply' && !e.automatic) {
      const bot = isBot(e);
      const agent = e.actor.kind === 'agent' && !bot;
      if (firstResponse === null && (agent || (bot && botCounts))) {
        firstResponse = t - created;
        firstResponder = bot ? 'bot' : 'agent';
      }
      if (agent && waitingSince !== null) {
        nextResponses.push(t - waitingSince);
        waitingSince = null;
      }
    } else if (e.type === 'queue') {
      escalated = true;
      waitingSince = t;
    } else if (e.type === 'status') {
      if (e.to === 'resolved') {
        resolvedAt = t;
        if (firstResponse === null && e.actor.kind === 'requester') abandoned = true;
      } else if (
        (e.from === 'resolved' || e.from === 'closed') &&
        (e.to === 'open' || e.to === 'new')
      ) {
        reopened = true;
        if (resolvedAt !== null) solvedSpell += t - resolvedAt;
        resolvedAt = null;
        abandoned = false;
        waitingSince = t;
      }
    }
  }
  if (waitingSince !== null) nextResponses.push(null);
  const prefix = TRACE_PREFIX.exec(ticket.subject ?? '');
  return {
    ticketId: ticket.id,
    traceId: prefix ? prefix[1] : null,
    channel: ticket.channel ?? 'unknown',
    priority: ticket.priority,
    created,
    firstResponse,
    firstResponder,
    resolution: resolvedAt === null || abandoned ? null : resolvedAt - created,
    solvedSpell,
    escalated,
    reopened,
    abandoned,
    nextResponses,
  };
}

/** SLA aggregates over observed tickets, with the simulator's definitions. */
export function observedTargets(
  scenario: Scenario,
  tickets: readonly ObservedTicket[],
): ObservedTarget[] {
  const clock = new BusinessClock(scenario.businessHours);
  return scenario.sla.map((t) => {
    let eligible = 0;
    let hits = 0;
    const elapsed = (ticket: ObservedTicket, seconds: number, from = ticket.created) =>
      t.clock === 'business' ? clock.elapsed(from, from + seconds) : seconds;
    for (const k of tickets) {
      if (t.channel !== undefined && k.channel !== t.channel) continue;
      if (t.priority !== undefined && k.priority !== t.priority) continue;
      // Solving fulfils the reply targets, as in the simulator.
      const replied = k.firstResponse ?? k.resolution;
      switch (t.metric) {
        case 'abandonment':
          eligible++;
          if (k.abandoned) hits++;
          break;
        case 'serviceLevel':
          eligible++;
          if (!k.abandoned && replied !== null && elapsed(k, replied) <= t.within!) hits++;
          break;
        case 'firstResponse':
          if (k.abandoned) break;
          eligible++;
          if (replied !== null && elapsed(k, replied) <= t.within!) hits++;
          break;
        case 'resolution':
          if (k.abandoned) break;
          eligible++;
          if (k.resolution !== null && elapsed(k, k.resolution) <= t.within!) hits++;
          break;
        case 'requesterWaitTime':
        case 'agentWorkTime':
          if (k.abandoned) break;
          eligible++;
          if (k.resolution !== null && elapsed(k, k.resolution - k.solvedSpell) <= t.within!)
            hits++;
          break;
        case 'nextResponse':
          for (const n of k.nextResponses) {
            eligible++;
            if (n !== null && n <= t.within!) hits++;
          }
          break;
      }
    }
    const attainment = eligible > 0 ? hits / eligible : null;
    const met =
      attainment === null
        ? null
        : t.metric === 'abandonment'
          ? attainment <= t.attainment
          : attainment >= t.attainment;
    return { name: t.name, metric: t.metric, eligible, hits, attainment, goal: t.attainment, met };
  });
}

function percentiles(values: number[]): Record<string, number | null> {
  const sketch = new QuantileSketch();
  for (const v of values) sketch.add(Math.max(0, v));
  const out: Record<string, number | null> = {};
  for (const q of [50, 80, 90, 95, 99])
    out[`p${q}`] = sketch.count > 0 ? sketch.quantile(q / 100) : null;
  return out;
}

/** Reads every ticket of a run back from the helpdesk and rebuilds its times. */
export async function observeRun(
  helpdesk: Helpdesk,
  scenario: Scenario,
  options: ObserveOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<ObservedRun> {
  const runTickets = await helpdesk.listRunTickets(options.runId);
  const tickets: ObservedTicket[] = [];
  for (const t of runTickets) {
    tickets.push(ticketTimes(t, await helpdesk.history(t.id), options));
    onProgress?.(tickets.length, runTickets.length);
  }
  tickets.sort((a, b) => a.created - b.created || a.ticketId.localeCompare(b.ticketId));
  const channels = [...new Set(tickets.map((t) => t.channel))].sort();
  const pct: ObservedRun['percentiles'] = {};
  for (const c of [...channels, 'all']) {
    const mine = tickets.filter((t) => c === 'all' || t.channel === c);
    pct[c] = {
      firstResponse: percentiles(
        mine.flatMap((t) => (t.firstResponse === null ? [] : [t.firstResponse])),
      ),
      resolution: percentiles(mine.flatMap((t) => (t.resolution === null ? [] : [t.resolution]))),
    };
  }
  return {
    format: OBSERVED_FORMAT,
    version: OBSERVED_VERSION,
    runId: options.runId,
    helpdesk: helpdesk.kind,
    speedup: options.speedup,
    startedAt: new Date(options.startedAt).toISOString(),
    origin: options.origin,
    tickets,
    targets: observedTargets(scenario, tickets),
    percentiles: pct,
    counts: {
      tickets: tickets.length,
      resolved: tickets.filter((t) => t.resolution !== null).length,
      abandoned: tickets.filter((t) => t.abandoned).length,
      open: tickets.filter((t) => t.resolution === null && !t.abandoned).length,
      escalated: tickets.filter((t) => t.escalated).length,
      reopened: tickets.filter((t) => t.reopened).length,
    },
  };
}
