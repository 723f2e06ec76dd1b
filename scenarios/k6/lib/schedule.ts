/**
 * The customers' side of the replay schedule: reading the trace in the k6
 * init context, how long each customer's iteration holds its VU, and how
 * many VUs the customers scenario needs so that no ticket starts late for
 * want of a VU.
 *
 * Why a VU count matters (semantics.md §5.7): the customers scenario is
 * `shared-iterations`, one iteration per trace ticket, taken by free VUs in
 * index order. A VU takes the next ticket as soon as it is free and waits
 * until that ticket is due, so with too few VUs a ticket is only picked up
 * after its due time and starts late (schedule lag). `customerVUs` finds the
 * fewest VUs for which every ticket is picked up by its due time, given how
 * long each iteration holds its VU.
 *
 * Pure, no imports: k6 and Node both load it.
 */

/** The trace ticket fields the replay uses (a subset of scenarios/trace/format.ts). */
export interface ReplayTicket {
  id: string;
  time: number;
  channel: string;
  priority: string;
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

export interface ReplayTraceHeader {
  format: string;
  version: number;
  scenario: string;
  from: number;
  to: number;
  interval: number;
  channels: string[];
  tickets: number;
}

/**
 * Splits an NDJSON trace into its header and tickets. The CLI validated the
 * file already (scenarios/trace/format.ts `parseTrace`); this only checks
 * what the script relies on, and says which line is wrong.
 *
 * @throws Error naming the line of the first problem.
 */
export function parseTraceText(text: string): {
  header: ReplayTraceHeader;
  tickets: ReplayTicket[];
} {
  const lines = text.split('\n');
  const parse = (i: number): Record<string, unknown> => {
    try {
      return JSON.parse(lines[i]!) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`trace line ${i + 1}: not JSON (${(e as Error).message})`);
    }
  };
  if (!lines[0] || lines[0].trim() === '') throw new Error('trace: empty file');
  const header = parse(0);
  if (header.format !== 'slalab-trace') {
    throw new Error(`trace line 1: not a slalab trace (format ${JSON.stringify(header.format)})`);
  }
  const tickets: ReplayTicket[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const t = parse(i);
    if (typeof t.id !== 'string' || typeof t.time !== 'number' || typeof t.channel !== 'string') {
      throw new Error(`trace line ${i + 1}: a ticket needs id, time and channel`);
    }
    tickets.push(t as unknown as ReplayTicket);
  }
  return { header: header as unknown as ReplayTraceHeader, tickets };
}

/**
 * How long (wall ms after its due time) a customer's iteration holds its VU:
 * sending the ticket (`sendMs`, a budget for the helpdesk's latency), then,
 * for a customer with patience, waiting until that patience runs out (from
 * the bot hand-off when the bot had it first), and for a customer who will
 * write back, until the end of the run (`untilEndMs`).
 */
export function customerHoldMs(
  t: Pick<ReplayTicket, 'patience' | 'botRouted' | 'botContained' | 'botHandleTime' | 'reopens'>,
  speedup: number,
  sendMs: number,
  untilEndMs: number,
): number {
  if (t.reopens) return untilEndMs;
  let hold = sendMs;
  if (t.patience !== null && !(t.botRouted && t.botContained)) {
    const queuedFrom = t.botRouted ? t.botHandleTime : 0;
    hold += ((queuedFrom + t.patience) / speedup) * 1000;
  }
  return hold;
}

/** A binary min-heap of numbers (VU free times). */
class MinHeap {
  private readonly a: number[] = [];
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Whether `vus` VUs taking tickets in order (each takes the next ticket as
 * soon as it is free, at time 0 all are free) pick every ticket up by its
 * due time. `dues` ascending, ms from the start; `holds` ms after each due.
 */
export function pickedUpOnTime(dues: readonly number[], holds: readonly number[], vus: number) {
  if (vus <= 0) return dues.length === 0;
  const free = new MinHeap();
  for (let v = 0; v < vus; v++) free.push(0);
  for (let j = 0; j < dues.length; j++) {
    const at = free.pop();
    if (at > dues[j]!) return false;
    free.push(dues[j]! + holds[j]!);
  }
  return true;
}

/**
 * The fewest VUs (at least 1, at most one per ticket) that pick every ticket
 * up by its due time, times `margin` and plus `extra` for the helpdesk being
 * slower than the hold budget, capped at the number of tickets.
 *
 * @example customerVUs([0, 1000, 2000], [500, 500, 500]) // 1 × 1.25 + 2 → 3 (capped)
 */
export function customerVUs(
  dues: readonly number[],
  holds: readonly number[],
  margin = 1.25,
  extra = 2,
): number {
  const n = dues.length;
  if (n === 0) return 1;
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pickedUpOnTime(dues, holds, mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.min(n, Math.ceil(lo * margin) + extra);
}

/**
 * The work a ticket brings once it arrives, scenario seconds, if it never
 * waited: the bot's conversation, the agent's handling and wrap-up, and the
 * escalation tier's handling when it is escalated (reopens come a day or so
 * later and are left out).
 */
export function ticketWorkSeconds(
  t: Pick<
    ReplayTicket,
    | 'botRouted'
    | 'botContained'
    | 'botHandleTime'
    | 'handleTime'
    | 'afterContactWork'
    | 'firstContactResolution'
    | 'escalationHandleTime'
  >,
  escalation: boolean,
): number {
  if (t.botRouted && t.botContained) return t.botHandleTime;
  return (
    (t.botRouted ? t.botHandleTime : 0) +
    t.handleTime +
    t.afterContactWork +
    (escalation && !t.firstContactResolution ? t.escalationHandleTime : 0)
  );
}

/**
 * A default grace (wall seconds) long enough for most tickets of the window
 * to finish after the last one arrives: 1.5 × the 90th percentile of the
 * tickets' work at this speed-up, plus 5 s for the helpdesk's own latency,
 * within [10, 600] s. The tickets still open when the run ends are reported
 * as such (compare treats them as undecided where their target had not yet
 * passed).
 *
 * @example autoGraceSeconds([], 60) // 10
 */
export function autoGraceSeconds(
  tickets: ReadonlyArray<Parameters<typeof ticketWorkSeconds>[0]>,
  speedup: number,
  escalation = true,
): number {
  if (tickets.length === 0) return 10;
  const work = tickets.map((t) => ticketWorkSeconds(t, escalation)).sort((a, b) => a - b);
  const p90 = work[Math.min(work.length - 1, Math.floor(0.9 * (work.length - 1) + 0.5))]!;
  return Math.min(600, Math.max(10, Math.ceil((1.5 * p90) / speedup + 5)));
}
