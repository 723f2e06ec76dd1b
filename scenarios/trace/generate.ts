/**
 * Makes a trace from a scenario: the sample path replication `replication`
 * of `seed` draws (so simulating the trace reproduces that replication), with
 * customers and texts added, restricted to a window of scheduled times.
 */

import { recordContacts } from '../../simulator/model/replicate.js';
import type { TraceContact } from '../../simulator/model/supportModel.js';
import type { Scenario } from '../schema/types.js';
import { PRIORITIES } from '../schema/types.js';
import {
  TRACE_FORMAT,
  TRACE_VERSION,
  type TraceHeader,
  type TraceTicket,
  ticketDraws,
} from './format.js';
import { TicketText, type TraceLocale } from './text.js';

export interface TraceOptions {
  seed: number | string;
  replication?: number;
  locale?: TraceLocale;
  /** Window of scheduled times, seconds from the horizon start; default the whole simulated run. */
  from?: number;
  to?: number;
}

export function generateTrace(
  scenario: Scenario,
  options: TraceOptions,
): { header: TraceHeader; tickets: TraceTicket[] } {
  const replication = options.replication ?? 0;
  const locale = options.locale ?? 'en';
  const start = -scenario.warmupIntervals * scenario.interval;
  const end = (scenario.horizonIntervals + scenario.cooldownIntervals) * scenario.interval;
  const from = options.from ?? start;
  const to = options.to ?? end;
  const text = new TicketText(locale, options.seed);
  const contacts = recordContacts(scenario, options.seed, replication);
  const tickets: TraceTicket[] = [];
  contacts.forEach((c, k) => {
    if (c.time < from || c.time >= to) return;
    const id = `T${String(k + 1).padStart(7, '0')}`;
    const channel = scenario.channels[c.draws.channel].name;
    const d = c.draws;
    tickets.push({
      id,
      time: c.time,
      channel,
      priority: PRIORITIES[d.priority],
      ...text.for(id, channel),
      botRouted: d.botRouted,
      botHandleTime: d.botHandleTime,
      botContained: d.botContained,
      handleTime: d.handleTime,
      afterContactWork: d.afterContactWork,
      patience: Number.isFinite(d.patience) ? d.patience : null,
      firstContactResolution: d.firstContactResolution,
      escalationHandleTime: d.escalationHandleTime,
      reopens: d.reopens,
      reopenDelay: d.reopenDelay,
      reopenHandleTime: d.reopenHandleTime,
    });
  });
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario: scenario.name,
    seed: options.seed,
    replication,
    locale,
    from,
    to,
    interval: scenario.interval,
    channels: scenario.channels.map((c) => c.name),
    tickets: tickets.length,
  };
  return { header, tickets };
}

/** The simulator's view of a trace, checked against the scenario's channels. */
export function traceContacts(scenario: Scenario, tickets: readonly TraceTicket[]): TraceContact[] {
  const index = new Map(scenario.channels.map((c, i) => [c.name, i]));
  for (const t of tickets) {
    if (!index.has(t.channel)) {
      throw new RangeError(
        `trace ticket ${t.id}: channel "${t.channel}" is not in scenario "${scenario.name}" (${[...index.keys()].join(', ')})`,
      );
    }
  }
  return tickets.map((t) => ({ time: t.time, draws: ticketDraws(t, index) }));
}
