/**
 * Which waiting ticket a virtual agent takes next, with the simulator's rules
 * (simulator/model/supportModel.ts `pull`/`considerQueues`,
 * simulator/model/routing/priorityFifo.ts), applied to what a poll of the
 * helpdesk returns.
 *
 * - Work types: a channel's first contacts, a channel's reopened tickets, and
 *   escalations. A group works the first contacts and reopens of its
 *   channels, and escalations when it takes them.
 * - Capacity: a first contact of a channel with concurrency K takes 1/K of an
 *   agent; reopens and escalations take a whole agent. An agent holds several
 *   sessions only of one work type (chats with chats).
 * - Order: with `deferredWhenIdle`, live work (realtime, chat, messaging
 *   first contacts) before deferred work (e-mail, reopens, escalations);
 *   then priority class (P1 first); then first in, first out by the time the
 *   ticket joined the queue (RT's LastUpdated: creation, bot hand-off,
 *   escalation or reopen, whichever came last), ties by ticket id.
 *
 * Pure, no imports: k6 and Node both load it.
 */

export type WorkKind = 'first' | 'reopen' | 'escalation';

export interface WorkType {
  kind: WorkKind;
  /** The ticket's channel (for escalations too: it says where the ticket came from). */
  channel: string;
}

export interface ChannelRules {
  name: string;
  /** Sessions one agent holds at once (1 for all but chat and messaging). */
  concurrency: number;
  /** E-mail and web forms: waits for an agent with no live work, when `deferredWhenIdle`. */
  deferred: boolean;
}

/** A group's reach, as in the staffing table. */
export interface GroupRules {
  channels: readonly string[];
  takesEscalations: boolean;
}

/** What an agent holds right now. */
export interface AgentLoad {
  /** Σ shares of the sessions and wrap-ups in progress (0 … 1). */
  load: number;
  /** The work type key of what it holds (`workKey`), or null when free. */
  kind: string | null;
}

/** A ticket as a poll found it, already tied to its trace ticket. */
export interface WaitingItem {
  /** Helpdesk ticket id (numeric string). */
  id: string;
  work: WorkType;
  /** 0 = P1 … 3 = P4. */
  priority: number;
  /** When it joined the queue, ms since the epoch (whole seconds in RT). */
  enqueuedAt: number;
}

const EPS = 1e-9;

/** A stable string for a work type: `first:chat`, `reopen:chat`, `escalation`. */
export function workKey(w: WorkType): string {
  return w.kind === 'escalation' ? 'escalation' : `${w.kind}:${w.channel}`;
}

/**
 * The work type of a waiting ticket: an escalation when it sits in the
 * escalation queue (a ticket reopened after an escalation stays there and is
 * worked there again, by the escalation group); otherwise a reopen when it
 * was resolved before (RT keeps `Resolved` set after a reopen), else a first
 * contact.
 */
export function classify(
  ticket: { queue: string; resolvedBefore: boolean },
  channel: string,
  escalationQueue: string | null,
): WorkType {
  if (escalationQueue !== null && ticket.queue === escalationQueue) {
    return { kind: 'escalation', channel };
  }
  if (ticket.resolvedBefore) return { kind: 'reopen', channel };
  return { kind: 'first', channel };
}

/** The share of an agent a work type takes. */
export function share(w: WorkType, channels: readonly ChannelRules[]): number {
  if (w.kind !== 'first') return 1;
  const c = channels.find((x) => x.name === w.channel);
  return 1 / Math.max(1, c?.concurrency ?? 1);
}

/** Whether a group works this type of work. */
export function serves(group: GroupRules, w: WorkType): boolean {
  if (w.kind === 'escalation') return group.takesEscalations;
  return group.channels.includes(w.channel);
}

/** Whether an agent holding `agent` could take `w` now (capacity and same-kind rule). */
export function canTake(agent: AgentLoad, w: WorkType, channels: readonly ChannelRules[]): boolean {
  const need = share(w, channels);
  if (agent.load + need > 1 + EPS) return false;
  if (need >= 1 - EPS && agent.load > EPS) return false;
  if (agent.load > EPS && agent.kind !== workKey(w)) return false;
  return true;
}

/** Whether `w` is deferred work (yields to live work when `deferredWhenIdle`). */
export function isDeferred(w: WorkType, channels: readonly ChannelRules[]): boolean {
  if (w.kind !== 'first') return true;
  return channels.find((c) => c.name === w.channel)?.deferred ?? false;
}

/**
 * The tickets an agent of `group` holding `agent` may take, best first.
 * Tickets of other groups' work, or that do not fit the agent's capacity, are
 * left out.
 */
export function routingOrder(
  items: readonly WaitingItem[],
  group: GroupRules,
  agent: AgentLoad,
  channels: readonly ChannelRules[],
  deferredWhenIdle: boolean,
): WaitingItem[] {
  const eligible = items.filter((i) => serves(group, i.work) && canTake(agent, i.work, channels));
  return eligible
    .map((item) => ({ item, deferred: deferredWhenIdle && isDeferred(item.work, channels) }))
    .sort(
      (a, b) =>
        Number(a.deferred) - Number(b.deferred) ||
        a.item.priority - b.item.priority ||
        a.item.enqueuedAt - b.item.enqueuedAt ||
        Number(a.item.id) - Number(b.item.id),
    )
    .map((x) => x.item);
}

/** RT's numeric priority of a class (as the adapter seeds: P1 100, P2 75, P3 50, P4 25). */
export function rtPriority(priority: string): number {
  const values: Record<string, number> = { P1: 100, P2: 75, P3: 50, P4: 25 };
  return values[priority] ?? 50;
}

/** RT's numeric priority → 0 (P1) … 3 (P4), by the midpoints between the seeded values. */
export function priorityIndex(value: unknown): number {
  const n = Number(value);
  if (!Number.isFinite(n)) return 2;
  if (n >= 88) return 0;
  if (n >= 63) return 1;
  if (n >= 38) return 2;
  return 3;
}
