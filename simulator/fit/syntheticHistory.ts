/**
 * A contact history made by slalab itself, from known parameters: the test
 * bed for recovering them with `slalab fit`, for backtests, and for the
 * benchmark.
 *
 * How: `recordContacts` (simulator/model/replicate.ts) gives the sample path
 * a replication draws — every arrival, from the scenario's time-varying and
 * overdispersed rates, with its channel, priority, bot outcome, handle time,
 * wrap-up, patience, escalation and reopen draws from slalab's own named
 * streams. On top of it each channel runs its own first-come-first-served
 * queue with a fixed number of agents: the earliest-free agent takes the next
 * contact in queue order (a chat or messaging agent has one slot per
 * session it may hold, without slowdown); a contact whose wait would exceed its patience
 * leaves at entry + patience (taking no agent), so the waits and abandonment
 * times are exactly those of an FCFS multi-server queue with reneging.
 * Escalated work and reopens are served at once (no second queue). Warm-up
 * arrivals load the queues but are not written; horizon arrivals are.
 *
 * Why not the support model itself: the model measures aggregates per
 * interval and keeps no per-contact record (measurement outside the model);
 * an observer hook in `supportModel.ts` would have been the only way to get
 * one out. This small generator needs none, and its queue is simple enough to
 * trust by reading — which is what a test bed for estimators wants.
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { PRIORITIES } from '../../scenarios/schema/types.js';
import { recordContacts } from '../model/replicate.js';
import { COLUMN_NAMES, type ColumnName } from './columns.js';
import { TimeZoneClock } from './timestamps.js';

export interface SyntheticOptions {
  seed: number | string;
  replication?: number;
  /** Agents per channel name (FCFS servers of that channel's queue); default 1. */
  agents: Record<string, number>;
}

/** One contact; every time in scenario seconds from the horizon start. */
export interface SyntheticContact {
  created: number;
  channel: string;
  priority: string;
  queued?: number;
  firstReply?: number;
  serviceStart?: number;
  serviceEnd?: number;
  handleTime?: number;
  acw?: number;
  resolved?: number;
  firstResolved?: number;
  reopened: boolean;
  reopenedAt?: number;
  abandoned: boolean;
  abandonedAt?: number;
  agent?: string;
  tier: number;
  escalated: boolean;
  l2HandleTime?: number;
  bot: boolean;
  botOutcome?: 'contained' | 'handoff';
  botHandleTime?: number;
}

/** The horizon's contacts of replication `replication`, in creation order. */
export function syntheticContacts(
  scenario: Scenario,
  options: SyntheticOptions,
): SyntheticContact[] {
  const horizon = scenario.horizonIntervals * scenario.interval;
  const recorded = recordContacts(scenario, options.seed, options.replication ?? 0);
  const channels = scenario.channels;
  const escalates = scenario.escalation !== undefined;
  const out: Array<SyntheticContact | undefined> = new Array(recorded.length);
  // Queue entries per channel: (entry time, index of the contact).
  const entries: Array<Array<[number, number]>> = channels.map(() => []);
  recorded.forEach((r, k) => {
    const d = r.draws;
    const channel = channels[d.channel];
    const contact: SyntheticContact = {
      created: r.time,
      channel: channel.name,
      priority: PRIORITIES[d.priority],
      reopened: false,
      abandoned: false,
      tier: 1,
      escalated: false,
      bot: d.botRouted,
    };
    if (d.botRouted) {
      contact.botHandleTime = d.botHandleTime;
      contact.botOutcome = d.botContained ? 'contained' : 'handoff';
      if (d.botContained) {
        contact.resolved = r.time + d.botHandleTime;
        out[k] = contact;
        return;
      }
      contact.queued = r.time + d.botHandleTime;
    }
    out[k] = contact;
    entries[d.channel].push([contact.queued ?? r.time, k]);
  });
  channels.forEach((channel, c) => {
    // Each agent has `concurrency` session slots (one for all but chat and messaging).
    const slots = channel.concurrency;
    const servers = new Float64Array(Math.max(1, options.agents[channel.name] ?? 1) * slots).fill(
      Number.NEGATIVE_INFINITY,
    );
    const list = entries[c].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const [entry, k] of list) {
      const d = recorded[k].draws;
      const contact = out[k]!;
      let best = 0;
      for (let s = 1; s < servers.length; s++) if (servers[s] < servers[best]) best = s;
      const start = Math.max(entry, servers[best]);
      if (start - entry > d.patience) {
        contact.abandoned = true;
        contact.abandonedAt = entry + d.patience;
        continue;
      }
      const end = start + d.handleTime;
      servers[best] = end + d.afterContactWork;
      contact.firstReply = start;
      contact.serviceStart = start;
      contact.serviceEnd = end;
      contact.handleTime = d.handleTime;
      contact.acw = d.afterContactWork;
      contact.agent = `${channel.name}-${Math.floor(best / slots) + 1}`;
      let resolved = end;
      if (escalates && !d.firstContactResolution) {
        contact.escalated = true;
        contact.l2HandleTime = d.escalationHandleTime;
        resolved += d.escalationHandleTime;
      }
      if (scenario.reopen && d.reopens) {
        contact.reopened = true;
        contact.firstResolved = resolved;
        contact.reopenedAt = resolved + d.reopenDelay;
        resolved = contact.reopenedAt + d.reopenHandleTime;
      }
      contact.resolved = resolved;
    }
  });
  return out.filter(
    (c): c is SyntheticContact => c !== undefined && c.created >= 0 && c.created < horizon,
  );
}

export interface CsvOptions {
  /** Local date of scenario time 0 (a Monday), `YYYY-MM-DD`; default 2024-01-01. */
  start?: string;
  /** Time zone the scenario's wall-clock times are in; default UTC. */
  timeZone?: string;
  /** Columns to leave out (to test fitting without them). */
  omit?: readonly ColumnName[];
}

/**
 * The history as CSV lines (header first), timestamps as UTC ISO 8601 with
 * milliseconds, passed one by one to `onLine` (so a million rows need not be
 * one string).
 */
export function writeHistoryCsv(
  contacts: Iterable<SyntheticContact>,
  onLine: (line: string) => void,
  options: CsvOptions = {},
): void {
  const clock = new TimeZoneClock(options.timeZone ?? 'UTC');
  const origin = Date.parse(`${options.start ?? '2024-01-01'}T00:00:00Z`) / 1000;
  const omit = new Set(options.omit ?? []);
  const columns = COLUMN_NAMES.filter((c) => !omit.has(c) && c !== 'group');
  onLine(columns.join(','));
  const time = (t: number | undefined) =>
    t === undefined ? '' : new Date(Math.round(clock.fromLocal(origin + t) * 1000)).toISOString();
  const num = (x: number | undefined) =>
    x === undefined ? '' : String(Math.round(x * 1000) / 1000);
  let id = 0;
  for (const c of contacts) {
    id++;
    const value: Record<ColumnName, string> = {
      created: time(c.created),
      channel: c.channel,
      id: `C${id}`,
      priority: c.priority,
      queued: time(c.queued),
      first_reply: time(c.firstReply),
      service_start: time(c.serviceStart),
      service_end: time(c.serviceEnd),
      handle_time: num(c.handleTime),
      acw: num(c.acw),
      resolved: time(c.resolved),
      first_resolved: time(c.firstResolved),
      reopened: String(c.reopened),
      reopened_at: time(c.reopenedAt),
      abandoned: String(c.abandoned),
      abandoned_at: time(c.abandonedAt),
      agent: c.agent ?? '',
      group: '',
      tier: String(c.tier),
      escalated: String(c.escalated),
      l2_handle_time: num(c.l2HandleTime),
      bot: String(c.bot),
      bot_outcome: c.botOutcome ?? '',
      bot_handle_time: num(c.botHandleTime),
    };
    onLine(columns.map((k) => value[k]).join(','));
  }
}

/** The whole CSV as one string. */
export function historyCsv(contacts: Iterable<SyntheticContact>, options: CsvOptions = {}): string {
  const lines: string[] = [];
  writeHistoryCsv(contacts, (l) => lines.push(l), options);
  return `${lines.join('\n')}\n`;
}

/**
 * The benchmark's history: a two-channel desk (phone with lognormal handle
 * times and abandonment, e-mail with gamma handle times, escalations and
 * reopens) over 13 weeks with about `contacts` contacts, written as CSV to
 * `path` in chunks.
 */
export function benchmarkScenarioText(contacts: number): string {
  const weeks = 13;
  const weekly = Math.round(contacts / weeks);
  const agents = Math.max(2, Math.ceil(weekly / 500));
  return `
version: 1
name: fit benchmark
timezone: UTC
horizon: ${weeks}w
interval: 15m
warmup: 1d
arrivals:
  weeklyVolume: ${weekly}
  dayOfWeek: [1.2, 1.1, 1.1, 1.0, 1.0, 0.4, 0.3]
  timeOfDay: business
  overdispersion: 0.05
channels:
  phone:
    kind: realtime
    share: 0.6
    handleTime: { dist: lognormal, mean: 5m, cv: 0.8 }
    afterContactWork: { dist: exponential, mean: 30s }
    patience: { dist: exponential, mean: 2m }
    priorities: { P2: 0.3, P3: 0.7 }
  email:
    kind: deferred
    share: 0.4
    handleTime: { dist: gamma, mean: 10m, cv: 0.6 }
    timeOfDay: flat
groups:
  L1: { channels: [phone, email], staffing: { constant: ${agents} } }
  L2: { tier: 2, takesEscalations: true, staffing: { constant: ${Math.ceil(agents / 4)} } }
work:
  firstContactResolution: 0.85
  escalation: { to: L2, handleTime: { dist: lognormal, mean: 30m, cv: 1 } }
  reopen: { probability: 0.05, delay: { dist: exponential, mean: 1d }, handleTime: 5m }
`;
}

/** Agents per channel of the benchmark's FCFS queues for about `contacts` contacts. */
export function benchmarkAgents(contacts: number): Record<string, number> {
  const weekly = contacts / 13;
  return {
    phone: Math.max(2, Math.ceil(weekly / 1000)),
    email: Math.max(2, Math.ceil(weekly / 1500)),
  };
}
