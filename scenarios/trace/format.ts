/**
 * The trace file (format `slalab-trace`, version 1): newline-delimited JSON,
 * a header line then one ticket per line in time order. Each ticket carries
 * what a helpdesk needs to create it (channel, priority, customer, subject,
 * body) and every random outcome the simulator draws for that contact, so the
 * simulator and the load test share one sample path.
 *
 * Times are seconds from the horizon start (Monday 00:00 scenario time);
 * warm-up contacts have negative times. `patience: null` means the customer
 * never abandons.
 */
import type { ContactDraws } from '../../simulator/model/contactDraws.js';
import type { ReplayTicket } from '../k6/lib/schedule.js';
import type { Priority } from '../schema/types.js';
import { PRIORITIES } from '../schema/types.js';

export const TRACE_FORMAT = 'slalab-trace';
export const TRACE_VERSION = 1;

export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  scenario: string;
  seed: number | string;
  replication: number;
  locale: string;
  /** Window of scheduled times included, seconds from the horizon start. */
  from: number;
  to: number;
  interval: number;
  channels: string[];
  tickets: number;
}

export interface TraceTicket {
  id: string;
  /** Scheduled creation time, seconds from the horizon start. */
  time: number;
  channel: string;
  priority: Priority;
  customer: { name: string; email: string; company: string };
  subject: string;
  body: string;
  botRouted: boolean;
  botHandleTime: number;
  botContained: boolean;
  handleTime: number;
  afterContactWork: number;
  patience: number | null;
  firstContactResolution: boolean;
  escalationHandleTime: number;
  reopens: boolean;
  reopenDelay: number;
  reopenHandleTime: number;
}

/**
 * The k6 replay reads tickets through its own import-free copy of these
 * fields (`ReplayTicket`); this fails to compile if the two drift apart.
 */
const replayReadsTraceTickets: TraceTicket extends ReplayTicket ? true : never = true;
void replayReadsTraceTickets;

export class TraceError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`trace line ${line}${field ? `, ${field}` : ''}: ${problem}`);
    this.name = 'TraceError';
  }
}

export function encodeTrace(header: TraceHeader, tickets: readonly TraceTicket[]): string {
  const lines = [JSON.stringify(header)];
  for (const t of tickets) lines.push(JSON.stringify(t));
  return `${lines.join('\n')}\n`;
}

const NUMBER_FIELDS = [
  'time',
  'botHandleTime',
  'handleTime',
  'afterContactWork',
  'escalationHandleTime',
  'reopenDelay',
  'reopenHandleTime',
] as const;
const BOOLEAN_FIELDS = ['botRouted', 'botContained', 'firstContactResolution', 'reopens'] as const;

/** Parses a trace, naming the line and field of the first problem. */
export function parseTrace(text: string): { header: TraceHeader; tickets: TraceTicket[] } {
  const lines = text.split('\n');
  const parse = (i: number): Record<string, unknown> => {
    try {
      const value = JSON.parse(lines[i]);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error('not an object');
      return value as Record<string, unknown>;
    } catch (e) {
      throw new TraceError(i + 1, '', `not a JSON object (${(e as Error).message})`);
    }
  };
  if (lines[0] === undefined || lines[0].trim() === '')
    throw new TraceError(1, '', 'empty file: expected a slalab trace header');
  const header = parse(0);
  if (header.format !== TRACE_FORMAT) {
    throw new TraceError(
      1,
      'format',
      `expected "${TRACE_FORMAT}", got ${JSON.stringify(header.format)}: is this a slalab trace?`,
    );
  }
  if (header.version !== TRACE_VERSION) {
    throw new TraceError(
      1,
      'version',
      `this slalab reads version ${TRACE_VERSION}, got ${JSON.stringify(header.version)}`,
    );
  }
  if (!Array.isArray(header.channels) || !header.channels.every((c) => typeof c === 'string')) {
    throw new TraceError(1, 'channels', 'must be a list of channel names');
  }
  const channels = new Set(header.channels as string[]);
  const tickets: TraceTicket[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const t = parse(i);
    const line = i + 1;
    if (typeof t.id !== 'string' || t.id === '')
      throw new TraceError(line, 'id', 'must be a non-empty string');
    for (const f of NUMBER_FIELDS) {
      const v = t[f];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new TraceError(line, f, `must be a finite number, got ${JSON.stringify(v)}`);
      if (f !== 'time' && v < 0) throw new TraceError(line, f, `must be ≥ 0, got ${v}`);
    }
    for (const f of BOOLEAN_FIELDS) {
      if (typeof t[f] !== 'boolean')
        throw new TraceError(line, f, `must be true or false, got ${JSON.stringify(t[f])}`);
    }
    if (t.patience !== null && (typeof t.patience !== 'number' || !(t.patience >= 0))) {
      throw new TraceError(
        line,
        'patience',
        `must be a number ≥ 0 or null (never abandons), got ${JSON.stringify(t.patience)}`,
      );
    }
    if (typeof t.channel !== 'string' || !channels.has(t.channel)) {
      throw new TraceError(
        line,
        'channel',
        `must be one of the header's channels (${[...channels].join(', ')}), got ${JSON.stringify(t.channel)}`,
      );
    }
    if (!PRIORITIES.includes(t.priority as Priority)) {
      throw new TraceError(
        line,
        'priority',
        `must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(t.priority)}`,
      );
    }
    const c = t.customer as Record<string, unknown> | undefined;
    if (
      !c ||
      typeof c !== 'object' ||
      typeof c.name !== 'string' ||
      typeof c.email !== 'string' ||
      typeof c.company !== 'string'
    ) {
      throw new TraceError(
        line,
        'customer',
        'must be an object with name, email and company strings',
      );
    }
    for (const f of ['subject', 'body'] as const) {
      if (typeof t[f] !== 'string') throw new TraceError(line, f, 'must be a string');
    }
    const time = t.time as number;
    if (time < previous)
      throw new TraceError(
        line,
        'time',
        `tickets must be in time order: ${time} comes after ${previous}`,
      );
    previous = time;
    tickets.push(t as unknown as TraceTicket);
  }
  return { header: header as unknown as TraceHeader, tickets };
}

/** The simulator's draws for one ticket, given the scenario's channel order. */
export function ticketDraws(
  ticket: TraceTicket,
  channelIndex: ReadonlyMap<string, number>,
): ContactDraws {
  return {
    channel: channelIndex.get(ticket.channel)!,
    priority: PRIORITIES.indexOf(ticket.priority),
    botRouted: ticket.botRouted,
    botHandleTime: ticket.botHandleTime,
    botContained: ticket.botContained,
    handleTime: ticket.handleTime,
    afterContactWork: ticket.afterContactWork,
    patience: ticket.patience === null ? Number.POSITIVE_INFINITY : ticket.patience,
    firstContactResolution: ticket.firstContactResolution,
    escalationHandleTime: ticket.escalationHandleTime,
    reopens: ticket.reopens,
    reopenDelay: ticket.reopenDelay,
    reopenHandleTime: ticket.reopenHandleTime,
  };
}
