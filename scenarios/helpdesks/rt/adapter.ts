/**
 * The {@link Helpdesk} interface on Request Tracker 5's REST 2 API, as seeded by `seed.sh`.
 *
 * Mapping (see `rt-seed.pl`):
 * - channel → queue (`phone`, `chat`, `email`, `messaging` by default); escalation queue `L2`;
 * - priority class → RT's numeric Priority (P1 100, P2 75, P3 50, P4 25);
 * - channel and run id → the ticket custom fields `Channel` and `SlalabRun`;
 * - agents and bots act with their own tokens; tickets are opened, and requesters' follow-ups
 *   written, by the `portal` account for the requester (RT records the requester as watcher);
 * - the operator (root) token reads, polls, escalates without an agent and cleans up.
 *
 * RT quirks handled here: take/steal and field updates fail with HTTP 200 and a message, so
 * the messages are checked; TicketSQL hides deleted tickets, so "delete" (status `deleted`,
 * RT's own notion) removes a ticket from every listing; timestamps are whole seconds.
 */
import {
  type ActorKind,
  assertRunId,
  type Helpdesk,
  HelpdeskError,
  type NewTicket,
  PRIORITY_CLASSES,
  type PriorityClass,
  type Requester,
  type RunTicket,
  type TakeResult,
  type TicketEvent,
  type TicketRef,
  type TicketStatus,
  type WaitingQuery,
  type WaitingTicket,
} from '../adapter.js';
import { RtClient, type RtClientOptions } from './client.js';
import { loadRtCredentials, type RtCredentials } from './credentials.js';

export interface RtHelpdeskOptions {
  /** Default: loaded with {@link loadRtCredentials} (environment, then `~/.slalab/rt.env`). */
  credentials?: RtCredentials;
  /** Overrides the credentials' URL. */
  baseUrl?: string;
  /** Allow a non-loopback RT. Off by default. */
  allowRemote?: boolean;
  /** channel → first-line queue; default each seeded channel to the queue of the same name. */
  queues?: Record<string, string>;
  /** Client tuning (timeouts, retries, an injected fetch). */
  client?: Omit<RtClientOptions, 'baseUrl' | 'allowRemote'>;
}

export const DEFAULT_CHANNEL_QUEUES: Readonly<Record<string, string>> = {
  phone: 'phone',
  chat: 'chat',
  email: 'email',
  messaging: 'messaging',
};

const RT_PRIORITY: Record<PriorityClass, number> = { P1: 100, P2: 75, P3: 50, P4: 25 };

/** RT's numeric priority → class, by the midpoints between the seeded values. */
export function priorityFromRt(value: unknown): PriorityClass {
  const n = Number(value);
  if (!Number.isFinite(n)) return 'P3';
  if (n >= 88) return 'P1';
  if (n >= 63) return 'P2';
  if (n >= 38) return 'P3';
  return 'P4';
}

const STATUS: Record<string, TicketStatus> = {
  new: 'new',
  open: 'open',
  stalled: 'pending',
  resolved: 'resolved',
  rejected: 'closed',
  deleted: 'deleted',
};

export function statusFromRt(value: unknown): TicketStatus {
  return STATUS[String(value)] ?? 'open';
}

/** RFC 5322 address with a display name, quoted when needed (so "Doe, Jane" stays one). */
export function formatAddress(name: string, email: string): string {
  const clean = name.replace(/[\r\n]/g, ' ').trim();
  if (clean === '') return email;
  if (/^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(clean) && !clean.startsWith(' ')) {
    return `${clean} <${email}>`;
  }
  return `"${clean.replace(/(["\\])/g, '\\$1')}" <${email}>`;
}

/** Values that go inside a TicketSQL string literal: refuse quotes and control characters. */
function sqlValue(value: string, what: string, operation: string): string {
  if (!/^[^'"\\\p{Cc}]{1,200}$/u.test(value)) {
    throw new HelpdeskError(
      `${what} ${JSON.stringify(value)} contains characters RT cannot query`,
      {
        operation,
      },
    );
  }
  return value;
}

interface RtRef {
  id: string | number;
  type?: string;
}
interface RtCf {
  name: string;
  values?: string[];
}
interface RtTicketItem {
  id: string | number;
  Queue?: RtRef;
  Owner?: RtRef;
  Priority?: string | number;
  Status?: string;
  Created?: string;
  Subject?: string;
  CustomFields?: RtCf[];
}
interface RtCollection<T> {
  count: number;
  page: number;
  pages?: number | null;
  per_page: number;
  total?: number | null;
  items: T[];
}
interface RtTransaction {
  id: string;
  Type: string;
  Field?: string;
  OldValue?: string;
  NewValue?: string;
  Created: string;
  Creator?: RtRef | string;
}

const TICKET_FIELDS = 'Queue,Owner,Priority,Status,Created,Subject,CustomFields';
const DEFAULT_REOPEN_TEXT = 'Hello again: the problem is back, please have another look.';

/** Messages RT returns with HTTP 200 that still mean success. */
const OK_MESSAGE = /changed from|already the current value|^\s*$/i;

export class RtHelpdesk implements Helpdesk {
  readonly kind = 'rt';
  readonly baseUrl: string;
  readonly client: RtClient;
  private readonly creds: RtCredentials;
  private readonly queues: Record<string, string>;
  private readonly queueNames = new Map<string, string>();
  private readonly userNames = new Map<string, string>();
  private readonly knownRequesters = new Set<string>();

  constructor(opts: RtHelpdeskOptions = {}) {
    this.creds = opts.credentials ?? loadRtCredentials();
    this.client = new RtClient({
      ...opts.client,
      baseUrl: opts.baseUrl ?? this.creds.url,
      allowRemote: opts.allowRemote ?? false,
    });
    this.baseUrl = this.client.baseUrl;
    this.queues = { ...(opts.queues ?? DEFAULT_CHANNEL_QUEUES) };
  }

  /** Logins this adapter holds a token for (agents and bots). */
  get agents(): string[] {
    return [...this.creds.agentTokens.keys()];
  }

  async createTicket(ticket: NewTicket): Promise<TicketRef> {
    const op = 'createTicket';
    assertRunId(ticket.runId, op);
    const queue = this.queues[ticket.channel];
    if (!queue) {
      throw new HelpdeskError(
        `unknown channel ${JSON.stringify(ticket.channel)}; known: ${Object.keys(this.queues).join(', ')}`,
        { operation: op },
      );
    }
    if (!PRIORITY_CLASSES.includes(ticket.priority)) {
      throw new HelpdeskError(`priority must be one of ${PRIORITY_CLASSES.join(', ')}`, {
        operation: op,
      });
    }
    const { requester } = ticket;
    if (!/^[^\s<>@",]+@[^\s<>@",]+$/.test(requester.email)) {
      throw new HelpdeskError(`requester e-mail ${JSON.stringify(requester.email)} is not valid`, {
        operation: op,
      });
    }
    if (requester.company) await this.ensureRequester(requester, op);
    const res = await this.client.request<RtRef>(op, this.portalToken, 'POST', '/ticket', {
      Queue: queue,
      Subject: ticket.subject,
      Requestor: formatAddress(requester.name, requester.email),
      Content: ticket.body,
      ContentType: 'text/plain',
      Priority: RT_PRIORITY[ticket.priority],
      CustomFields: { Channel: ticket.channel, SlalabRun: ticket.runId },
    });
    return { id: String(res.body.id) };
  }

  async listWaiting(query: WaitingQuery): Promise<WaitingTicket[]> {
    const op = 'listWaiting';
    const limit = Math.trunc(query.limit);
    if (!(limit >= 1 && limit <= 100)) {
      throw new HelpdeskError(`limit must be 1-100, got ${query.limit}`, { operation: op });
    }
    const clauses = ["Owner = 'Nobody'", "Status = '__Active__'"];
    if (query.queue !== undefined) clauses.push(`Queue = '${sqlValue(query.queue, 'queue', op)}'`);
    if (query.channel !== undefined) {
      clauses.push(`'CF.{Channel}' = '${sqlValue(query.channel, 'channel', op)}'`);
    }
    if (query.runId !== undefined) {
      clauses.push(`'CF.{SlalabRun}' = '${assertRunId(query.runId, op)}'`);
    }
    const params = new URLSearchParams({ query: clauses.join(' AND ') });
    for (const [field, order] of [
      ['Priority', 'DESC'],
      ['Created', 'ASC'],
      ['id', 'ASC'],
    ]) {
      params.append('orderby', field);
      params.append('order', order);
    }
    params.set('per_page', String(limit));
    params.set('fields', TICKET_FIELDS);
    const token = query.as === undefined ? this.creds.adminToken : this.agentToken(query.as, op);
    const res = await this.client.request<RtCollection<RtTicketItem>>(
      op,
      token,
      'GET',
      `/tickets?${params}`,
    );
    const out: WaitingTicket[] = [];
    for (const item of res.body.items) out.push(await this.toTicket(item, op));
    return out;
  }

  async take(ticketId: string, agent: string): Promise<TakeResult> {
    const op = 'take';
    const id = this.ticketId(ticketId, op);
    const token = this.agentToken(agent, op);
    const res = await this.client.request<string[]>(op, token, 'PUT', `/ticket/${id}/take`);
    const text = messages(res.body).join(' | ');
    if (/Owner changed from/i.test(text) || /already owns that ticket/i.test(text)) {
      return { ok: true };
    }
    if (/only take tickets that are unowned/i.test(text)) {
      const by = await this.ownerOf(id, op);
      if (by === agent) return { ok: true };
      return { ok: false, reason: 'taken', by: by ?? 'unknown' };
    }
    throw new HelpdeskError(`take: ${agent} could not take ticket ${id}: ${text || 'no answer'}`, {
      operation: op,
      status: /permission/i.test(text) ? 403 : res.status,
    });
  }

  async reply(ticketId: string, agent: string, text: string): Promise<void> {
    await this.message('reply', 'correspond', ticketId, this.agentToken(agent, 'reply'), text);
  }

  async comment(ticketId: string, agent: string, text: string): Promise<void> {
    await this.message('comment', 'comment', ticketId, this.agentToken(agent, 'comment'), text);
  }

  async resolve(ticketId: string, agent: string): Promise<void> {
    await this.update('resolve', ticketId, this.agentToken(agent, 'resolve'), {
      Status: 'resolved',
    });
  }

  async escalate(ticketId: string, toQueue: string, agent?: string): Promise<void> {
    const op = 'escalate';
    sqlValue(toQueue, 'queue', op);
    const token = agent === undefined ? this.creds.adminToken : this.agentToken(agent, op);
    // RT applies Owner before Queue, so an agent can release the ticket, then move it.
    await this.update(op, ticketId, token, { Owner: 'Nobody', Queue: toQueue });
  }

  async reopen(ticketId: string, requester?: Requester | string, text?: string): Promise<void> {
    const op = 'reopen';
    if (requester === undefined) {
      await this.update(op, ticketId, this.creds.adminToken, { Status: 'open' });
      return;
    }
    // A requester's follow-up: RT's "On Correspond Open Inactive Tickets" scrip reopens it.
    await this.message(op, 'correspond', ticketId, this.portalToken, text ?? DEFAULT_REOPEN_TEXT);
  }

  async history(ticketId: string): Promise<TicketEvent[]> {
    const op = 'history';
    const id = this.ticketId(ticketId, op);
    const ticket = await this.client.request<{ Requestor?: RtRef[] }>(
      op,
      this.creds.adminToken,
      'GET',
      `/ticket/${id}`,
    );
    const requestors = (ticket.body.Requestor ?? []).map((r) => String(r.id));
    const txns: RtTransaction[] = [];
    for (let page = 1; ; page++) {
      const res = await this.client.request<RtCollection<RtTransaction>>(
        op,
        this.creds.adminToken,
        'GET',
        `/ticket/${id}/history?per_page=100&page=${page}&fields=Type,Created,Creator,Field,OldValue,NewValue`,
      );
      txns.push(...res.body.items);
      if (res.body.items.length < 100) break;
    }
    txns.sort((a, b) => Number(a.id) - Number(b.id));

    const events: TicketEvent[] = [];
    let lastActor: { kind: ActorKind; name: string } | undefined;
    for (const t of txns) {
      const creator = typeof t.Creator === 'string' ? t.Creator : String(t.Creator?.id ?? '');
      const automatic = creator === 'RT_System';
      let actor: { kind: ActorKind; name: string };
      if (automatic) {
        actor = lastActor ?? { kind: 'bot', name: 'RT_System' };
      } else if (creator === 'portal' || requestors.includes(creator)) {
        actor = {
          kind: 'requester',
          name: creator === 'portal' ? (requestors[0] ?? creator) : creator,
        };
      } else if (this.creds.botNames.has(creator)) {
        actor = { kind: 'bot', name: creator };
      } else {
        actor = { kind: 'agent', name: creator };
      }
      if (!automatic) lastActor = actor;
      const base = { id: String(t.id), at: t.Created, actor, automatic };
      const field = t.Field ?? '';
      if (t.Type === 'Create') events.push({ ...base, type: 'create' });
      else if (t.Type === 'Correspond') events.push({ ...base, type: 'reply' });
      else if (t.Type === 'Comment') events.push({ ...base, type: 'comment' });
      else if (t.Type === 'Status' || (t.Type === 'Set' && field === 'Status')) {
        events.push({
          ...base,
          type: 'status',
          from: statusFromRt(t.OldValue),
          to: statusFromRt(t.NewValue),
        });
      } else if (t.Type === 'Set' && field === 'Queue') {
        events.push({
          ...base,
          type: 'queue',
          from: await this.queueName(String(t.OldValue), op),
          to: await this.queueName(String(t.NewValue), op),
        });
      } else if (
        field === 'Owner' &&
        ['Set', 'Take', 'Untake', 'Steal', 'Give', 'Force'].includes(t.Type)
      ) {
        events.push({
          ...base,
          type: 'owner',
          from: await this.userName(t.OldValue, op),
          to: await this.userName(t.NewValue, op),
        });
      }
    }
    return events;
  }

  async listRunTickets(runId: string): Promise<RunTicket[]> {
    const op = 'listRunTickets';
    const items = await this.searchRun(runId, op);
    const out: RunTicket[] = [];
    for (const item of items) {
      const owner = item.Owner ? String(item.Owner.id) : undefined;
      out.push({
        ...(await this.toTicket(item, op)),
        owner: owner && owner !== 'Nobody' ? owner : undefined,
      });
    }
    return out;
  }

  async deleteRun(runId: string): Promise<number> {
    const op = 'deleteRun';
    const ids = (await this.searchRun(runId, op)).map((t) => String(t.id));
    let deleted = 0;
    const failed: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const res = await this.client.request<[string, ...string[]][]>(
        op,
        this.creds.adminToken,
        'PUT',
        '/tickets/bulk',
        batch.map((id) => ({ id, Status: 'deleted' })),
      );
      for (const [id, ...msgs] of res.body) {
        const text = msgs.join(' | ');
        // RT says "Ticket N: Ticket deleted" (or "Status changed from 'x' to 'deleted'").
        if (/deleted|already the current value/i.test(text)) deleted++;
        else failed.push(`${id}: ${text}`);
      }
    }
    if (failed.length > 0) {
      throw new HelpdeskError(
        `deleteRun: deleted ${deleted} ticket(s) of run ${runId}, but not ${failed.length}: ${failed.slice(0, 5).join('; ')}`,
        { operation: op },
      );
    }
    return deleted;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private get portalToken(): string {
    return this.creds.portalToken ?? this.creds.adminToken;
  }

  private agentToken(agent: string, operation: string): string {
    const token = this.creds.agentTokens.get(agent);
    if (!token) {
      throw new HelpdeskError(
        `no token for agent ${JSON.stringify(agent)} (known: ${this.agents.join(', ') || 'none'}); ` +
          `see ${this.creds.source}`,
        { operation },
      );
    }
    return token;
  }

  private ticketId(ticketId: string, operation: string): string {
    if (!/^\d{1,12}$/.test(String(ticketId))) {
      throw new HelpdeskError(`ticket id must be a number, got ${JSON.stringify(ticketId)}`, {
        operation,
      });
    }
    return String(ticketId);
  }

  private async message(
    op: string,
    kind: 'correspond' | 'comment',
    ticketId: string,
    token: string,
    text: string,
  ): Promise<void> {
    const id = this.ticketId(ticketId, op);
    await this.client.request(op, token, 'POST', `/ticket/${id}/${kind}`, {
      Content: text,
      ContentType: 'text/plain',
    });
  }

  private async update(
    op: string,
    ticketId: string,
    token: string,
    fields: Record<string, string>,
  ): Promise<void> {
    const id = this.ticketId(ticketId, op);
    const res = await this.client.request<unknown>(op, token, 'PUT', `/ticket/${id}`, fields);
    const failed = messages(res.body)
      .map((m) => m.replace(/^Ticket \d+: /, ''))
      .filter((m) => !OK_MESSAGE.test(m));
    if (failed.length > 0) {
      throw new HelpdeskError(`${op}: ticket ${id}: ${failed.join(' | ')}`, {
        operation: op,
        status: failed.some((m) => /permission|not permitted|may not/i.test(m)) ? 403 : 409,
      });
    }
  }

  private async ensureRequester(requester: Requester, op: string): Promise<void> {
    const key = requester.email.toLowerCase();
    if (this.knownRequesters.has(key)) return;
    try {
      await this.client.request(op, this.creds.adminToken, 'POST', '/user', {
        Name: requester.email,
        EmailAddress: requester.email,
        RealName: requester.name,
        Organization: requester.company,
        Privileged: 0,
      });
    } catch (error) {
      // An existing user is fine: RT answers 409 or 400 "Name in use".
      const exists =
        error instanceof HelpdeskError &&
        (error.status === 409 || (error.status === 400 && /in use|exists/i.test(error.message)));
      if (!exists) throw error;
    }
    this.knownRequesters.add(key);
  }

  private async ownerOf(id: string, op: string): Promise<string | undefined> {
    const res = await this.client.request<{ Owner?: RtRef }>(
      op,
      this.creds.adminToken,
      'GET',
      `/ticket/${id}`,
    );
    const owner = res.body.Owner ? String(res.body.Owner.id) : undefined;
    return owner && owner !== 'Nobody' ? owner : undefined;
  }

  private async searchRun(runId: string, op: string): Promise<RtTicketItem[]> {
    assertRunId(runId, op);
    const items: RtTicketItem[] = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({
        query: `'CF.{SlalabRun}' = '${runId}'`,
        orderby: 'id',
        order: 'ASC',
        per_page: '100',
        page: String(page),
        fields: TICKET_FIELDS,
      });
      const res = await this.client.request<RtCollection<RtTicketItem>>(
        op,
        this.creds.adminToken,
        'GET',
        `/tickets?${params}`,
      );
      items.push(...res.body.items);
      if (res.body.items.length < 100) return items;
    }
  }

  private async toTicket(item: RtTicketItem, op: string): Promise<WaitingTicket> {
    const cf = (name: string) => item.CustomFields?.find((f) => f.name === name)?.values?.[0];
    return {
      id: String(item.id),
      queue: item.Queue ? await this.queueName(String(item.Queue.id), op) : '',
      channel: cf('Channel'),
      priority: priorityFromRt(item.Priority),
      status: statusFromRt(item.Status),
      createdAt: item.Created ?? '',
      subject: item.Subject ?? '',
      runId: cf('SlalabRun'),
    };
  }

  private async queueName(id: string, op: string): Promise<string> {
    if (!this.queueNames.has(id)) {
      const res = await this.client.request<RtCollection<{ id: string; Name: string }>>(
        op,
        this.creds.adminToken,
        'GET',
        '/queues/all?per_page=100&fields=Name',
      );
      for (const q of res.body.items) this.queueNames.set(String(q.id), q.Name);
    }
    return this.queueNames.get(id) ?? id;
  }

  private async userName(id: string | undefined, op: string): Promise<string | undefined> {
    if (id === undefined || id === '' || id === '0') return undefined;
    let name = this.userNames.get(id);
    if (name === undefined) {
      const res = await this.client.request<{ Name?: string }>(
        op,
        this.creds.adminToken,
        'GET',
        `/user/${encodeURIComponent(id)}`,
      );
      name = res.body.Name ?? id;
      this.userNames.set(id, name);
    }
    return name === 'Nobody' ? undefined : name;
  }
}

function messages(body: unknown): string[] {
  if (Array.isArray(body)) return body.map((m) => String(m));
  if (typeof body === 'string') return [body];
  return [];
}

/** Convenience: an adapter with the credentials of this machine's `slalab helpdesk up`. */
export function createRtHelpdesk(opts: RtHelpdeskOptions = {}): RtHelpdesk {
  return new RtHelpdesk(opts);
}
