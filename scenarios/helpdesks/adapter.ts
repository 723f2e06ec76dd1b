/**
 * The helpdesk seen by slalab's replay and `observe`: a small, product-neutral interface.
 *
 * An adapter maps these calls onto one real helpdesk's API (see `rt/adapter.ts` for Request
 * Tracker 5). Everything here is expressed in support terms (tickets, queues, agents,
 * requesters), never in one product's vocabulary, so the replay and the observers can be
 * pointed at any adapter that passes the same tests against its real product.
 *
 * Conventions:
 * - Ticket ids are opaque strings.
 * - An `agent` is the helpdesk login of a human agent or of a bot user; the adapter holds the
 *   credentials for each and acts *as* that agent.
 * - Timestamps are ISO 8601 strings in UTC, at whatever resolution the helpdesk records
 *   (Request Tracker: whole seconds).
 * - Every ticket is tagged with the run id that created it, so a run can be listed and
 *   removed without touching anything else.
 */

/** Priority classes, most urgent first (routing serves P1 before P2, and so on). */
export type PriorityClass = 'P1' | 'P2' | 'P3' | 'P4';

export const PRIORITY_CLASSES: readonly PriorityClass[] = ['P1', 'P2', 'P3', 'P4'];

/** Ticket life-cycle states, product-neutral. */
export type TicketStatus = 'new' | 'open' | 'pending' | 'resolved' | 'closed' | 'deleted';

export interface Requester {
  name: string;
  email: string;
  company?: string;
}

export interface NewTicket {
  /** Contact channel, e.g. `phone`, `chat`, `email`, `messaging`; selects the first-line queue. */
  channel: string;
  priority: PriorityClass;
  requester: Requester;
  subject: string;
  body: string;
  /** The run that creates the ticket; see {@link assertRunId} for the allowed characters. */
  runId: string;
}

export interface TicketRef {
  id: string;
}

export interface WaitingQuery {
  /** Only tickets in this queue (e.g. `chat`, `L2`). */
  queue?: string;
  /** Only tickets from this channel, in whatever queue they now are. */
  channel?: string;
  /** Only tickets of this run. */
  runId?: string;
  /** At most this many tickets (1–100). */
  limit: number;
  /** Poll as this agent (what that agent may see); default: the adapter's operator account. */
  as?: string;
}

/** A ticket as it appears in a queue: unowned and still active. */
export interface WaitingTicket {
  id: string;
  queue: string;
  channel?: string;
  priority: PriorityClass;
  status: TicketStatus;
  createdAt: string;
  subject: string;
  runId?: string;
}

export interface RunTicket extends WaitingTicket {
  /** Login of the owning agent, or undefined when unowned. */
  owner?: string;
}

export type TakeResult = { ok: true } | { ok: false; reason: 'taken'; by: string };

export type ActorKind = 'requester' | 'agent' | 'bot';

export interface Actor {
  kind: ActorKind;
  /** Agent or bot login, or the requester's e-mail address. */
  name: string;
}

interface EventBase {
  /** The helpdesk's id for the event (ordered like the events). */
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  actor: Actor;
  /**
   * True when the helpdesk did it by itself in reaction to the previous event (e.g. a reply
   * that moved a ticket from new to open); `actor` is then the author of that previous event.
   */
  automatic: boolean;
}

export type TicketEvent =
  | (EventBase & { type: 'create' })
  | (EventBase & { type: 'reply' })
  | (EventBase & { type: 'comment' })
  | (EventBase & { type: 'status'; from: TicketStatus; to: TicketStatus })
  | (EventBase & { type: 'queue'; from: string; to: string })
  | (EventBase & { type: 'owner'; from?: string; to?: string });

export type TicketEventType = TicketEvent['type'];

/** What every helpdesk adapter offers. All methods reject with a {@link HelpdeskError}. */
export interface Helpdesk {
  /** Short product name for logs and reports, e.g. `rt`. */
  readonly kind: string;
  /** Base URL of the helpdesk (never carries credentials). */
  readonly baseUrl: string;

  createTicket(ticket: NewTicket): Promise<TicketRef>;
  /** Unowned, active tickets in routing order: priority (P1 first), then oldest first. */
  listWaiting(query: WaitingQuery): Promise<WaitingTicket[]>;
  /** Assigns an unowned ticket to `agent`; reports cleanly when another agent was first. */
  take(ticketId: string, agent: string): Promise<TakeResult>;
  /** A public reply, visible to the requester. */
  reply(ticketId: string, agent: string, text: string): Promise<void>;
  /** An internal note, not visible to the requester. */
  comment(ticketId: string, agent: string, text: string): Promise<void>;
  resolve(ticketId: string, agent: string): Promise<void>;
  /** Moves the ticket to `toQueue` and releases it (unowned) for that queue's agents. */
  escalate(ticketId: string, toQueue: string, agent?: string): Promise<void>;
  /**
   * Reopens a resolved ticket. With a requester, the requester writes back (`text`, or a
   * default message) and the helpdesk reopens it as it does for any customer follow-up;
   * without, the operator account sets it open.
   */
  reopen(ticketId: string, requester?: Requester | string, text?: string): Promise<void>;
  /** The ticket's events in order, oldest first. */
  history(ticketId: string): Promise<TicketEvent[]>;
  /** Every (non-deleted) ticket tagged with `runId`, oldest first. */
  listRunTickets(runId: string): Promise<RunTicket[]>;
  /** Deletes exactly the tickets tagged with `runId`; returns how many. */
  deleteRun(runId: string): Promise<number>;
}

/** Any failure of a helpdesk call: names the operation and, when known, the HTTP status. */
export class HelpdeskError extends Error {
  readonly operation: string;
  readonly status: number | undefined;

  constructor(
    message: string,
    opts: { operation: string; status?: number; cause?: unknown } = { operation: 'unknown' },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HelpdeskError';
    this.operation = opts.operation;
    this.status = opts.status;
  }
}

/** The credentials were refused (invalid, expired or revoked token). Never retried. */
export class HelpdeskAuthError extends HelpdeskError {
  constructor(message: string, opts: { operation: string; status?: number; cause?: unknown }) {
    super(message, opts);
    this.name = 'HelpdeskAuthError';
  }
}

/** The helpdesk could not be reached or did not answer in time (after bounded retries). */
export class HelpdeskUnavailableError extends HelpdeskError {
  constructor(message: string, opts: { operation: string; status?: number; cause?: unknown }) {
    super(message, opts);
    this.name = 'HelpdeskUnavailableError';
  }
}

/** A non-loopback target was refused because the caller did not pass `allowRemote: true`. */
export class HelpdeskRemoteRefusedError extends HelpdeskError {
  constructor(message: string) {
    super(message, { operation: 'connect' });
    this.name = 'HelpdeskRemoteRefusedError';
  }
}

/** True for a loopback host name as it appears in a URL: 127.0.0.0/8, [::1], localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}

/**
 * Returns the parsed base URL, or throws unless it is http(s) on a loopback address.
 * Load goes to loopback only unless the user names a remote target explicitly.
 *
 * @throws {HelpdeskRemoteRefusedError} for a non-loopback host without `allowRemote`.
 * @throws {HelpdeskError} for a malformed URL, credentials in the URL, or a non-http scheme.
 * @example
 * assertLoopbackUrl('http://127.0.0.1:8080').host; // '127.0.0.1:8080'
 * assertLoopbackUrl('http://rt.example.com'); // throws HelpdeskRemoteRefusedError
 */
export function assertLoopbackUrl(baseUrl: string, allowRemote = false): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new HelpdeskError(`helpdesk base URL is not a URL: ${JSON.stringify(baseUrl)}`, {
      operation: 'connect',
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HelpdeskError(`helpdesk base URL must be http or https, got ${url.protocol}`, {
      operation: 'connect',
    });
  }
  if (url.username || url.password) {
    throw new HelpdeskError(
      'helpdesk base URL must not carry credentials; pass tokens through the environment',
      { operation: 'connect' },
    );
  }
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new HelpdeskRemoteRefusedError(
      `refusing non-loopback helpdesk ${url.origin}: load goes to 127.0.0.1, [::1] or localhost ` +
        'unless the caller passes allowRemote: true',
    );
  }
  return url;
}

/**
 * Run ids end up inside helpdesk queries, so they are restricted to a safe alphabet:
 * 1–100 characters from letters, digits, `.`, `_`, `:` and `-`.
 *
 * @throws {HelpdeskError} naming the bad value.
 */
export function assertRunId(runId: string, operation: string): string {
  if (typeof runId !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(runId)) {
    throw new HelpdeskError(
      `run id must be 1-100 characters of letters, digits, '.', '_', ':' or '-'; got ${JSON.stringify(runId)}`,
      { operation },
    );
  }
  return runId;
}
