/**
 * Request Tracker 5 REST 2 as the replay script speaks it: request bodies,
 * TicketSQL queries and how to read RT's answers. The shapes are those of
 * scenarios/helpdesks/rt/adapter.ts (which the Node side uses), re-stated
 * here because a k6 script cannot import Node code; see /work/shared/rt5.md
 * §6 and rt5-errata.md §6 for the calls and their answers.
 *
 * RT quirks that matter here:
 * - take, steal and field updates answer HTTP 200 even when they fail; the
 *   message text says what happened (`takeOutcome`, `updateFailures`);
 * - a take by the user who already owns the ticket answers "That user already
 *   owns that ticket": with several virtual agents sharing one login, that
 *   means a sibling was first;
 * - unset dates read `1970-01-01T00:00:00Z`; timestamps are whole seconds.
 *
 * Pure, no imports: k6 and Node both load it. k6 has no URLSearchParams, so
 * query strings are built with encodeURIComponent.
 */

/** Where REST 2 lives under the helpdesk's base URL. */
export const REST2 = '/REST/2.0';

/** The subject the replay gives a trace ticket: observe reads the trace id back from it. */
export function ticketSubject(traceId: string, subject: string): string {
  return `[${traceId}] ${subject}`;
}

/** The trace id of a ticket the replay created, from its subject; null for any other. */
export function traceIdOf(subject: unknown): string | null {
  if (typeof subject !== 'string') return null;
  const m = /^\[(T\d+)\]/.exec(subject);
  return m ? m[1]! : null;
}

/** RFC 5322 address with a display name, quoted when needed (the adapter's rule). */
export function formatAddress(name: string, email: string): string {
  const clean = name.replace(/[\r\n]/g, ' ').trim();
  if (clean === '') return email;
  if (/^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(clean) && !clean.startsWith(' ')) {
    return `${clean} <${email}>`;
  }
  return `"${clean.replace(/(["\\])/g, '\\$1')}" <${email}>`;
}

/** The trace fields ticket creation needs. */
export interface TicketToCreate {
  id: string;
  channel: string;
  /** P1 … P4. */
  priority: string;
  customer: { name: string; email: string };
  subject: string;
  body: string;
}

/**
 * The body of `POST /ticket`, opened by the portal account for the requester,
 * tagged with the channel and run id. `owner` routes the ticket at intake
 * (the bot user for tickets the trace sends to the bot).
 */
export function createTicketBody(
  t: TicketToCreate,
  opts: { queue: string; runId: string; priority: number; owner?: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Queue: opts.queue,
    Subject: ticketSubject(t.id, t.subject),
    Requestor: formatAddress(t.customer.name, t.customer.email),
    Content: t.body,
    ContentType: 'text/plain',
    Priority: opts.priority,
    CustomFields: { Channel: t.channel, SlalabRun: opts.runId },
  };
  if (opts.owner !== undefined) body.Owner = opts.owner;
  return body;
}

/** A message body (`POST /ticket/:id/correspond`), optionally changing the status too. */
export function messageBody(text: string, status?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { Content: text, ContentType: 'text/plain' };
  if (status !== undefined) body.Status = status;
  return body;
}

/** `k=v&k=v` with every key and value percent-encoded. */
export function encodeQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** A value inside a TicketSQL string literal: no quotes, backslashes or control characters. */
export function sqlLiteral(value: string): string {
  if (!/^[^'"\\\p{Cc}]{1,200}$/u.test(value)) {
    throw new RangeError(`${JSON.stringify(value)} cannot go into a TicketSQL query`);
  }
  return `'${value}'`;
}

/** Fields a poll asks for: enough to classify and order without custom fields (costly in RT). */
export const POLL_FIELDS = 'Queue,Priority,Status,Subject,LastUpdated,Resolved';

/**
 * The query string of an agent's poll: the run's unowned, active tickets in
 * the given queues, oldest first (the script re-orders by routing rules).
 */
export function waitingQuery(runId: string, queues: readonly string[], limit: number): string {
  const inQueues = queues.map((q) => `Queue = ${sqlLiteral(q)}`).join(' OR ');
  const query = `'CF.{SlalabRun}' = ${sqlLiteral(runId)} AND Owner = 'Nobody' AND Status = '__Active__'${
    queues.length > 0 ? ` AND (${inQueues})` : ''
  }`;
  return encodeQuery([
    ['query', query],
    ['orderby', 'LastUpdated'],
    ['order', 'ASC'],
    ['per_page', String(Math.max(1, Math.min(100, Math.trunc(limit))))],
    ['fields', POLL_FIELDS],
  ]);
}

/** The bot's poll: tickets routed to it that it has not answered yet (still `new`). */
export function botQuery(runId: string, bot: string, limit: number): string {
  return encodeQuery([
    [
      'query',
      `'CF.{SlalabRun}' = ${sqlLiteral(runId)} AND Owner = ${sqlLiteral(bot)} AND Status = 'new'`,
    ],
    ['orderby', 'Created'],
    ['order', 'ASC'],
    ['per_page', String(Math.max(1, Math.min(100, Math.trunc(limit))))],
    ['fields', 'Subject,Created'],
  ]);
}

/**
 * A count of the run's tickets (`total` of a one-item page): all of them, the
 * active ones (new, open, stalled), or the resolved ones.
 */
export function runCountQuery(runId: string, status?: 'active' | 'resolved'): string {
  const clause =
    status === 'active'
      ? " AND Status = '__Active__'"
      : status === 'resolved'
        ? " AND Status = 'resolved'"
        : '';
  return encodeQuery([
    ['query', `'CF.{SlalabRun}' = ${sqlLiteral(runId)}${clause}`],
    ['per_page', '1'],
    ['fields', 'Status'],
  ]);
}

/** The run's resolved tickets with their subject and resolve time (to see which may reopen). */
export function resolvedQuery(runId: string, page: number): string {
  return encodeQuery([
    ['query', `'CF.{SlalabRun}' = ${sqlLiteral(runId)} AND Status = 'resolved'`],
    ['orderby', 'id'],
    ['order', 'ASC'],
    ['per_page', '100'],
    ['page', String(page)],
    ['fields', 'Subject,Resolved'],
  ]);
}

/** RT's message list (or single message) as strings. */
export function messagesOf(body: unknown): string[] {
  if (Array.isArray(body)) return body.map((m) => String(m));
  if (typeof body === 'string') return body.trim() === '' ? [] : [body];
  if (body && typeof body === 'object' && 'message' in body) {
    return [String((body as { message: unknown }).message)];
  }
  return [];
}

export type TakeOutcome = 'won' | 'sibling' | 'taken' | 'failed';

/**
 * What a `PUT /ticket/:id/take` answer means for the agent `me`:
 * - `won`: "Owner changed from Nobody to me" — this agent has it;
 * - `sibling`: "That user already owns that ticket" — another virtual agent
 *   with the same login took it first (an agent never re-takes its own);
 * - `taken`: "You can only take tickets that are unowned" — another login won;
 * - `failed`: anything else (permission, missing ticket, …).
 */
export function takeOutcome(body: unknown, me: string): TakeOutcome {
  const text = messagesOf(body).join(' | ');
  const changed = /Owner changed from (\S+) to (\S+)/i.exec(text);
  if (changed) return changed[2] === me ? 'won' : 'taken';
  if (/already owns that ticket/i.test(text)) return 'sibling';
  if (/only take tickets that are unowned/i.test(text)) return 'taken';
  return 'failed';
}

/** Messages of a 2xx answer that still mean failure (RT answers 200 with the reason). */
export function updateFailures(body: unknown): string[] {
  return messagesOf(body)
    .map((m) => m.replace(/^Ticket \d+: /, ''))
    .filter(
      (m) =>
        !/changed from|already the current value|Correspondence added|Comments added|^\s*$/i.test(
          m,
        ),
    );
}

/** Unix ms of an RT date, or null when unset (`1970-01-01T00:00:00Z`) or unreadable. */
export function rtDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** The id of a REST 2 reference (`{ id, type, _url }`) or a bare value, as a string. */
export function refId(value: unknown): string {
  if (value && typeof value === 'object' && 'id' in value) {
    return String((value as { id: unknown }).id);
  }
  return value === undefined || value === null ? '' : String(value);
}

/** `agent-l1-01` → `SLALAB_RT_AGENT_TOKEN_AGENT_L1_01`, the variable holding its token. */
export function agentTokenVar(login: string): string {
  return `SLALAB_RT_AGENT_TOKEN_${login.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Whether an HTTP answer (status 0 = no answer) is worth trying again: no answer, or 5xx. */
export function retryable(status: number): boolean {
  return status === 0 || status >= 500;
}
