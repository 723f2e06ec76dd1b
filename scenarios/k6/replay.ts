/**
 * Replays a slalab trace against a real helpdesk (Request Tracker 5, REST 2),
 * time-compressed, with virtual customers, a virtual bot and virtual agents,
 * so the simulator's prediction for the same trace can be checked against
 * what the helpdesk itself records (`slalab replay` runs this script, then
 * `slalab observe` and `slalab compare` read the helpdesk back).
 *
 * Runs unchanged on k6 1.x and on slalab's runner:
 *   k6 run scenarios/k6/replay.ts -e TRACE=/abs/trace.ndjson -e PLAN=/abs/plan.json
 *   slalab k6 run scenarios/k6/replay.ts -e TRACE=… -e PLAN=…
 * (`slalab replay` writes the plan, passes the tokens and does the rest).
 *
 * Three scenarios (semantics.md §5.7, "trace replay recipe"):
 * - customers: shared-iterations, one iteration per trace ticket, ticket
 *   `trace[exec.scenario.iterationInTest]`; waits until startAt + t/SPEEDUP,
 *   never earlier, and records the lag; opens the ticket through the portal
 *   account (subject `[<trace id>] <subject>`, tagged with the run id; tickets
 *   the trace routes to the bot are opened with the bot as owner). A customer
 *   with patience checks when it runs out (from the bot hand-off if the bot
 *   had the ticket first) and, if no agent has taken the ticket, closes it
 *   (abandoned, by the requester). A customer whose ticket reopens writes back
 *   reopenDelay/SPEEDUP after the ticket is resolved, if that falls in the run.
 * - bot: one VU polls the bot's new tickets, replies at once (the simulator
 *   counts the bot's reply at arrival when the scenario says it is a first
 *   response), converses for botHandleTime/SPEEDUP, then resolves contained
 *   tickets with a closing reply or hands the others to the human queue.
 * - agents: one VU per agent slot of the staffing table (per-vu-iterations,
 *   one iteration each, slot = iterationInTest); agent k of a group works
 *   while k < the group's staffing in the current interval (scenario time),
 *   polls its queues, takes the best ticket in routing order (coping with
 *   another agent being first: RT answers 200 with a message), replies at once
 *   (first or next response), works handleTime/SPEEDUP (chat sessions slow
 *   down with concurrency), then resolves or escalates per the trace, and
 *   holds its capacity for the after-contact work.
 *
 * Every loop is bounded in count and time: the run's deadline is startAt +
 * (trace window)/SPEEDUP + the plan's grace; `maxDuration` is that plus the
 * start lead. Retries are bounded (plan.tuning.retries, exponential backoff)
 * and only for no answer or 5xx.
 *
 * Environment (__ENV): TRACE and PLAN (paths, absolute or relative to this
 * file); TARGET (default http://127.0.0.1:8080; non-loopback refused unless
 * ALLOW_REMOTE=1); SLALAB_RT_PORTAL_TOKEN, SLALAB_RT_AGENT_TOKEN_<LOGIN> (never
 * printed); START_AT (Unix ms of the start, so distributed instances agree;
 * default: setup time + 1 s); SUMMARY_OUT (file for the JSON summary);
 * SUMMARY_STDOUT=1 (print it between markers, for `kubectl logs`);
 * PROGRESS=1 (one `slalab-progress` line per ticket, for the CLI);
 * CUSTOMER_VUS (override the computed count).
 */
import { fail } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';

/** k6's console (not in @types/k6's globals). */
declare const console: { log(...args: unknown[]): void; warn(...args: unknown[]): void };

// The .ts extensions: k6 resolves imports by exact path. TypeScript accepts
// them only with allowImportingTsExtensions in scenarios/k6/tsconfig.json;
// until that is set, each such import carries a @ts-expect-error (the types
// still resolve). Once it is set, delete those comments (tsc will point at them).
import type { PlanChannel, ReplayPlan } from './lib/plan.js';
import {
  canTake,
  classify,
  priorityIndex,
  routingOrder,
  rtPriority,
  share,
  type WaitingItem,
  type WorkType,
  workKey,
  // @ts-expect-error -- .ts extension (see above)
} from './lib/routing.ts';
import {
  agentTokenVar,
  botQuery,
  createTicketBody,
  messageBody,
  messagesOf,
  REST2,
  refId,
  resolvedQuery,
  retryable,
  rtDate,
  runCountQuery,
  takeOutcome,
  traceIdOf,
  updateFailures,
  waitingQuery,
  // @ts-expect-error -- .ts extension (see above)
} from './lib/rt.ts';
// @ts-expect-error -- .ts extension (see above)
import { customerHoldMs, customerVUs, parseTraceText, type ReplayTicket } from './lib/schedule.ts';
// @ts-expect-error -- .ts extension (see above)
import { advance, nextCompletion, type Session } from './lib/sessions.ts';
import {
  agentSlots,
  headcount,
  loginFor,
  nextBoundary,
  onDuty,
  staffedAt,
  // @ts-expect-error -- .ts extension (see above)
} from './lib/staffing.ts';
// @ts-expect-error -- .ts extension (see above)
import { buildSummary, type SummaryMetric } from './lib/summary.ts';
// @ts-expect-error -- .ts extension (see above)
import { checkTarget } from './lib/target.ts';
// @ts-expect-error -- .ts extension (see above)
import { deriveThresholds } from './lib/thresholds.ts';
import {
  dueAt,
  jittered,
  k6Seconds,
  maxDurationSeconds,
  scenarioAt,
  untilDue,
  wallMs,
  // @ts-expect-error -- .ts extension (see above)
} from './lib/timing.ts';

// ------------------------------------------------------------------ configuration (init context)

if (!__ENV.TRACE || !__ENV.PLAN) {
  throw new Error(
    'set the trace and the plan: -e TRACE=/path/trace.ndjson -e PLAN=/path/plan.json (slalab replay writes both)',
  );
}
const TARGET = checkTarget(__ENV.TARGET || 'http://127.0.0.1:8080', __ENV.ALLOW_REMOTE === '1');
const BASE = `${TARGET.origin}${REST2}`;

const trace = new SharedArray('trace', () => parseTraceText(open(__ENV.TRACE!)).tickets);
const plan = new SharedArray('plan', () => [JSON.parse(open(__ENV.PLAN!))])[0] as ReplayPlan;
if (plan.format !== 'slalab-replay-plan') throw new Error(`${__ENV.PLAN} is not a replay plan`);
if (trace.length === 0) throw new Error('the trace holds no tickets: choose a wider window');

const S = plan.speedup;
const WINDOW = plan.windowEnd - plan.origin;
/** The run's length after the start, wall seconds: the window replayed plus the grace. */
const RUN_SECONDS = maxDurationSeconds(WINDOW, S, plan.graceSeconds);
/** Wall ms between the end of setup() and scenario time `origin`. */
const LEAD_MS = 1000;
const T = plan.tuning;
const ABANDONING = ['new', 'open', 'stalled'];
const SEND_BUDGET_MS = 2000;

const channelByName: Record<string, PlanChannel> = {};
for (const c of plan.channels) channelByName[c.name] = c;
// A SharedArray supports length, index access and for-of only (each access copies the element).
const traceIndex: Record<string, number> = {};
const dues: number[] = [];
const holds: number[] = [];
let botTickets = 0;
for (let i = 0; i < trace.length; i++) {
  const t = trace[i] as ReplayTicket;
  traceIndex[t.id] = i;
  if (t.botRouted && channelByName[t.channel]?.bot === true) botTickets++;
  const due = wallMs(t.time - plan.origin, S);
  dues.push(due);
  holds.push(customerHoldMs(t, S, SEND_BUDGET_MS, RUN_SECONDS * 1000 - due));
}
const slots = agentSlots(plan.staffing);
const customerVus = Number(__ENV.CUSTOMER_VUS) || customerVUs(dues, holds);
const derived = deriveThresholds(plan.sla, S, { timeoutMs: T.requestTimeoutMs });
const maxDuration = k6Seconds(RUN_SECONDS + LEAD_MS / 1000 + 1);

const scenarios: NonNullable<Options['scenarios']> = {
  customers: {
    executor: 'shared-iterations',
    exec: 'customer',
    vus: customerVus,
    iterations: trace.length,
    maxDuration,
    gracefulStop: '5s',
  },
};
if (botTickets > 0) {
  scenarios.bot = {
    executor: 'per-vu-iterations',
    exec: 'bot',
    vus: 1,
    iterations: 1,
    maxDuration,
    gracefulStop: '5s',
  };
}
if (slots.length > 0) {
  scenarios.agents = {
    executor: 'per-vu-iterations',
    exec: 'agent',
    vus: slots.length,
    iterations: 1,
    maxDuration,
    gracefulStop: '5s',
  };
}

export const options: Options = {
  scenarios,
  thresholds: derived.thresholds,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
  setupTimeout: '30s',
  userAgent: 'slalab-replay/1',
};

// ------------------------------------------------------------------ metrics

/** How late each ticket was sent after it was due (the replay's schedule lag). */
const scheduleLag = new Trend('replay_schedule_lag', true);
/** How late customers' later actions ran (patience checks, write-backs). */
const followupLag = new Trend('replay_followup_lag', true);
const opLatency = new Trend('replay_op_latency', true);
const opFailed = new Rate('replay_op_failed');
const opErrors = new Counter('replay_op_errors');
const tickets = new Counter('replay_tickets');

// ------------------------------------------------------------------ helpers

interface SetupData {
  startAt: number;
  queueNames: Record<string, string>;
}

interface Reply {
  ok: boolean;
  status: number;
  json: unknown;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, Math.max(0, ms));
  });

/** Waits until `due` (Unix ms), never returning earlier, at most until `deadline`. */
async function waitUntil(due: number, deadline = Number.POSITIVE_INFINITY): Promise<void> {
  const end = Math.min(due, deadline);
  for (let i = 0; i < 10_000; i++) {
    const left = untilDue(end, Date.now());
    if (left <= 0) return;
    await sleep(left);
  }
}

function progress(line: string): void {
  if (__ENV.PROGRESS === '1') console.log(`slalab-progress ${line}`);
}

let warned = false;
/** One warning per VU (the CLI shows it once). */
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`slalab-warning ${message}`);
}

function tokenOf(login: string): string {
  return __ENV[agentTokenVar(login)] ?? '';
}

/**
 * One REST 2 call, measured: latency tagged by `op`, a failure counted when
 * there is no answer, a non-2xx status, or (`judge`) RT's 200-with-an-error.
 */
async function call(
  op: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  judge?: (json: unknown) => string | null,
): Promise<Reply> {
  const started = Date.now();
  const res: RefinedResponse<ResponseType | undefined> = await http.asyncRequest(
    method,
    `${BASE}${path}`,
    body === undefined ? null : JSON.stringify(body),
    {
      headers: {
        Authorization: `token ${token}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      tags: { op, name: `${method} ${op}` },
      timeout: `${T.requestTimeoutMs}ms`,
    },
  );
  opLatency.add(Date.now() - started, { op });
  let json: unknown = null;
  if (typeof res.body === 'string' && res.body !== '') {
    try {
      json = JSON.parse(res.body);
    } catch {
      json = res.body;
    }
  }
  let reason: string | null = null;
  if (res.status === 0) reason = 'no answer';
  else if (res.status < 200 || res.status >= 300) reason = `HTTP ${res.status}`;
  else if (judge) reason = judge(json);
  opFailed.add(reason !== null, { op });
  if (reason !== null) {
    opErrors.add(1, { op });
    if (__ENV.PROGRESS === '1') {
      console.warn(
        `slalab-error op=${op} status=${res.status} ${reason.slice(0, 120).replace(/\s+/g, ' ')}`,
      );
    }
  }
  return { ok: reason === null, status: res.status, json };
}

/** `call`, tried again (bounded, exponential backoff) while there is no answer or a 5xx. */
async function callRetry(
  op: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
  deadline: number,
  judge?: (json: unknown) => string | null,
): Promise<Reply> {
  let reply = await call(op, method, path, token, body, judge);
  for (let attempt = 0; attempt < T.retries; attempt++) {
    if (reply.ok || !retryable(reply.status)) return reply;
    const pause = 500 * 2 ** attempt;
    if (Date.now() + pause >= deadline) return reply;
    await sleep(pause);
    reply = await call(op, method, path, token, body, judge);
  }
  return reply;
}

const failures = (json: unknown): string | null => {
  const f = updateFailures(json);
  return f.length > 0 ? f.join(' | ') : null;
};

function clockOf(data: SetupData) {
  return { startAt: data.startAt, origin: plan.origin, speedup: S };
}

function deadlineOf(data: SetupData): number {
  return data.startAt + RUN_SECONDS * 1000;
}

/** The trace ticket a helpdesk subject names, if it is one of this trace's. */
function traceTicket(subject: unknown): ReplayTicket | undefined {
  const id = traceIdOf(subject);
  const i = id === null ? undefined : traceIndex[id];
  return i === undefined ? undefined : (trace[i] as ReplayTicket);
}

// ------------------------------------------------------------------ setup: fail fast

/** One authenticated read as the holder of `token`; fails the test when it is refused. */
function probeToken(token: string, who: string) {
  const res = http.get(`${BASE}/queues/all?fields=Name&per_page=100`, {
    headers: { Authorization: `token ${token}`, Accept: 'application/json' },
    tags: { op: 'setup', name: 'GET setup' },
    timeout: '10s',
  });
  if (res.status !== 200) {
    fail(
      `${TARGET.origin} refused ${who} (status ${res.status}${res.error ? `, ${res.error}` : ''}): is the helpdesk up and the token current?`,
    );
  }
  return res;
}

export function setup(): SetupData {
  const portal = __ENV.SLALAB_RT_PORTAL_TOKEN;
  if (!portal) fail('no portal token: set SLALAB_RT_PORTAL_TOKEN (slalab replay passes it)');
  const logins = new Set<string>();
  for (const slot of slots) {
    const g = plan.staffing.groups[slot.group]!;
    logins.add(loginFor(plan.logins[String(g.tier)] ?? [], slot, g.tier));
  }
  if (botTickets > 0) logins.add(plan.botLogin);
  const missing = [...logins].filter((l) => !tokenOf(l));
  if (missing.length > 0) {
    fail(`no token for ${missing.join(', ')}: set ${missing.map(agentTokenVar).join(', ')}`);
  }
  const res = probeToken(portal!, 'the portal account');
  // One agent login per tier and the bot: enough to catch a stale credentials file.
  const checked = new Set<string>();
  for (const slot of slots) {
    const tier = String(plan.staffing.groups[slot.group]!.tier);
    if (checked.has(tier)) continue;
    checked.add(tier);
    const login = loginFor(plan.logins[tier] ?? [], slot, Number(tier));
    probeToken(tokenOf(login), login);
  }
  if (botTickets > 0) probeToken(tokenOf(plan.botLogin), plan.botLogin);
  const queueNames: Record<string, string> = {};
  for (const q of ((res.json('items') as Array<{ id: string; Name: string }> | undefined) ??
    []) as Array<{ id: string; Name: string }>) {
    queueNames[String(q.id)] = q.Name;
  }
  const startAt = Number(__ENV.START_AT) || Date.now() + LEAD_MS;
  return { startAt, queueNames };
}

// ------------------------------------------------------------------ customers

export async function customer(data: SetupData): Promise<void> {
  const t = trace[exec.scenario.iterationInTest] as ReplayTicket | undefined;
  if (!t) return;
  const portal = __ENV.SLALAB_RT_PORTAL_TOKEN!;
  const clock = clockOf(data);
  const deadline = deadlineOf(data);
  const due = dueAt(clock, t.time);
  await waitUntil(due);
  const lag = Date.now() - due;
  scheduleLag.add(lag);
  const channel = channelByName[t.channel];
  if (!channel) {
    tickets.add(1, { outcome: 'create_failed' });
    return;
  }
  const toBot = t.botRouted && channel.bot;
  const created = await callRetry(
    'create',
    'POST',
    '/ticket',
    portal,
    createTicketBody(t, {
      queue: channel.queue,
      runId: plan.runId,
      priority: rtPriority(t.priority),
      owner: toBot ? plan.botLogin : undefined,
    }),
    deadline,
  );
  const id = refId((created.json as { id?: unknown } | null)?.id);
  progress(`ticket=${t.id} lag=${lag} ok=${created.ok && id !== '' ? 1 : 0}`);
  if (!created.ok || id === '') {
    tickets.add(1, { outcome: 'create_failed' });
    return;
  }
  tickets.add(1, { outcome: 'created' });
  if (toBot && t.botContained) return;

  // Patience: from the hand-off when the bot had the ticket first, else from creation.
  if (t.patience !== null) {
    const queuedAt = toBot ? dueAt(clock, t.time + t.botHandleTime) : due;
    const giveUp = queuedAt + wallMs(t.patience, S);
    if (giveUp < deadline) {
      await waitUntil(giveUp);
      followupLag.add(Date.now() - giveUp);
      const seen = await call('check', 'GET', `/ticket/${id}`, portal);
      const ticket = seen.json as { Owner?: unknown; Status?: string } | null;
      if (
        seen.ok &&
        refId(ticket?.Owner) === 'Nobody' &&
        ABANDONING.includes(ticket?.Status ?? '')
      ) {
        // RT refuses the requester's close when the portal account lacks ModifyTicket: a
        // policy of the helpdesk's set-up, not a failure under load, so not counted as one.
        let refused = false;
        const closed = await call(
          'abandon',
          'PUT',
          `/ticket/${id}`,
          portal,
          { Status: 'resolved' },
          (json) => {
            const f = updateFailures(json);
            refused = f.some((m) => /permission denied/i.test(m));
            return f.length > 0 && !refused ? f.join(' | ') : null;
          },
        );
        if (refused)
          warnOnce(
            'the helpdesk refused the requester closing an abandoned ticket (Permission Denied): grant the Portal group ModifyTicket on the channel queues to replay abandonment',
          );
        tickets.add(1, { outcome: closed.ok && !refused ? 'abandoned' : 'abandon_refused' });
        if (closed.ok && !refused) return;
      }
    }
  }

  // Reopen: write back reopenDelay after the resolution, if that is inside the run.
  if (t.reopens) {
    let resolvedAt: number | null = null;
    for (let i = 0; i < 100_000 && Date.now() < deadline; i++) {
      const seen = await call('check', 'GET', `/ticket/${id}`, portal);
      const status = (seen.json as { Status?: string } | null)?.Status;
      if (status === 'resolved') {
        resolvedAt = Date.now();
        break;
      }
      if (status === 'rejected' || status === 'deleted') return;
      await sleep(Math.max(250, T.pollMs));
    }
    const at = resolvedAt === null ? null : resolvedAt + wallMs(t.reopenDelay, S);
    if (at === null || at >= deadline - 2000) {
      tickets.add(1, { outcome: 'reopen_beyond_run' });
      return;
    }
    await waitUntil(at);
    followupLag.add(Date.now() - at);
    const wrote = await callRetry(
      'reopen',
      'POST',
      `/ticket/${id}/correspond`,
      portal,
      messageBody('Hello again: the problem is back, please have another look.'),
      deadline,
    );
    if (wrote.ok) tickets.add(1, { outcome: 'reopened' });
  }
}

// ------------------------------------------------------------------ bot

export async function bot(data: SetupData): Promise<void> {
  const token = tokenOf(plan.botLogin);
  const clock = clockOf(data);
  const deadline = deadlineOf(data);
  await waitUntil(data.startAt);
  const seen: Record<string, true> = {};
  let seenCount = 0;
  const inFlight = new Set<Promise<void>>();

  const converse = async (id: string, t: ReplayTicket) => {
    // The greeting: the first response when the scenario counts the bot's reply.
    const greeted = await callRetry(
      'bot_reply',
      'POST',
      `/ticket/${id}/correspond`,
      token,
      messageBody('Hello, I am the support assistant. Let me look into this for you.'),
      deadline,
    );
    if (!greeted.ok) return;
    await waitUntil(dueAt(clock, t.time + t.botHandleTime), deadline);
    if (Date.now() >= deadline) return;
    if (t.botContained) {
      const r = await callRetry(
        'bot_resolve',
        'POST',
        `/ticket/${id}/correspond`,
        token,
        messageBody('Glad that solved it. I am closing this ticket now.', 'resolved'),
        deadline,
        failures,
      );
      if (r.ok) tickets.add(1, { outcome: 'bot_contained' });
    } else {
      const r = await callRetry(
        'handoff',
        'PUT',
        `/ticket/${id}`,
        token,
        { Owner: 'Nobody' },
        deadline,
        failures,
      );
      if (r.ok) tickets.add(1, { outcome: 'bot_handoff' });
    }
  };

  for (let polls = 0; polls < 1_000_000 && Date.now() < deadline; polls++) {
    if (seenCount >= botTickets) break;
    const r = await call(
      'bot_poll',
      'GET',
      `/tickets?${botQuery(plan.runId, plan.botLogin, 100)}`,
      token,
    );
    const items = (r.json as { items?: Array<{ id: unknown; Subject?: string }> } | null)?.items;
    for (const item of r.ok && items ? items : []) {
      const id = refId(item.id);
      if (seen[id]) continue;
      const t = traceTicket(item.Subject);
      if (!t) continue;
      seen[id] = true;
      seenCount++;
      const p: Promise<void> = converse(id, t).finally(() => {
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await sleep(jittered(T.botPollMs, 0.25, Math.random));
  }
  await Promise.all([...inFlight]);
}

// ------------------------------------------------------------------ agents

interface Holding {
  session: Session;
  ticket: ReplayTicket;
  work: WorkType;
  share: number;
}

export async function agent(data: SetupData): Promise<void> {
  const slot = slots[exec.scenario.iterationInTest];
  if (!slot) return;
  const table = plan.staffing;
  const group = table.groups[slot.group]!;
  const login = loginFor(plan.logins[String(group.tier)] ?? [], slot, group.tier);
  const token = tokenOf(login);
  const portal = __ENV.SLALAB_RT_PORTAL_TOKEN!;
  const clock = clockOf(data);
  const deadline = deadlineOf(data);
  const queues = [
    ...group.channels.map((c) => channelByName[c]?.queue).filter((q): q is string => !!q),
    ...(group.takesEscalations && plan.escalationQueue ? [plan.escalationQueue] : []),
  ];
  // The last scenario time this agent is ever on duty (it may leave for good after it).
  let lastDuty = Number.NEGATIVE_INFINITY;
  group.staffing.forEach((n, i) => {
    if (slot.k < n) lastDuty = table.start + (i + 1) * table.interval;
  });

  const holding: Holding[] = [];
  const wrapUps: Array<{ until: number; share: number; kind: string }> = [];
  const pending = new Set<Promise<void>>();
  let load = 0;
  let kind: string | null = null;
  let lastAdvance = Date.now();
  let nextPoll = data.startAt;
  let nextDoneCheck = 0;

  const slowdownOf = (w: WorkType | undefined) =>
    w && w.kind === 'first' ? (channelByName[w.channel]?.slowdown ?? [1]) : [1];
  const advanceTo = (now: number) => {
    const dt = ((now - lastAdvance) / 1000) * S;
    lastAdvance = now;
    advance(
      holding.map((h) => h.session),
      dt,
      slowdownOf(holding[0]?.work),
    );
  };
  const track = (p: Promise<void>) => {
    const q: Promise<void> = p.finally(() => {
      pending.delete(q);
    });
    pending.add(q);
  };

  /** A conversation ends: the ticket's outcome now, the agent's wrap-up after. */
  const finish = (h: Holding, now: number) => {
    const acw = h.work.kind === 'first' ? h.ticket.afterContactWork : 0;
    if (acw > 0)
      wrapUps.push({ until: now + wallMs(acw, S), share: h.share, kind: workKey(h.work) });
    else load -= h.share;
    const escalate =
      h.work.kind === 'first' && !h.ticket.firstContactResolution && plan.escalationQueue !== null;
    const id = h.session.id;
    track(
      (async () => {
        const r = escalate
          ? await callRetry(
              'escalate',
              'PUT',
              `/ticket/${id}`,
              token,
              { Owner: 'Nobody', Queue: plan.escalationQueue },
              deadline,
              failures,
            )
          : await callRetry(
              'resolve',
              'PUT',
              `/ticket/${id}`,
              token,
              { Status: 'resolved' },
              deadline,
              failures,
            );
        if (r.ok) tickets.add(1, { outcome: escalate ? 'escalated' : 'resolved' });
      })(),
    );
  };

  const settle = (now: number) => {
    advanceTo(now);
    for (let i = holding.length - 1; i >= 0; i--) {
      if (holding[i]!.session.remaining <= 1e-6) {
        const [h] = holding.splice(i, 1);
        finish(h!, now);
      }
    }
    for (let i = wrapUps.length - 1; i >= 0; i--) {
      if (wrapUps[i]!.until <= now) {
        load -= wrapUps[i]!.share;
        wrapUps.splice(i, 1);
      }
    }
    if (load < 1e-9) {
      load = 0;
      kind = null;
    }
  };

  /** Polls this agent's queues and takes the best ticket it can; true when it took one. */
  const pollAndTake = async (): Promise<boolean> => {
    const r = await call('poll', 'GET', `/tickets?${waitingQuery(plan.runId, queues, 50)}`, token);
    const raw =
      (
        r.json as {
          items?: Array<{
            id: unknown;
            Queue?: unknown;
            Priority?: unknown;
            Subject?: string;
            LastUpdated?: string;
            Resolved?: string;
          }>;
        } | null
      )?.items ?? [];
    const items: Array<WaitingItem & { ticket: ReplayTicket; resolvedBefore: boolean }> = [];
    for (const item of r.ok ? raw : []) {
      const t = traceTicket(item.Subject);
      if (!t) continue;
      const queue = data.queueNames[refId(item.Queue)] ?? refId(item.Queue);
      const resolvedBefore = rtDate(item.Resolved) !== null;
      items.push({
        id: refId(item.id),
        work: classify({ queue, resolvedBefore }, t.channel, plan.escalationQueue),
        priority: priorityIndex(item.Priority),
        enqueuedAt: rtDate(item.LastUpdated) ?? 0,
        ticket: t,
        resolvedBefore,
      });
    }
    const order = routingOrder(items, group, { load, kind }, plan.channels, plan.deferredWhenIdle);
    // Agents polling the same queue would all try its head first and collide (every
    // failed take is a write). Each starts at its own offset into the routing order and
    // wraps around: k free agents take the k best tickets, as in the simulator.
    const offset = order.length > 0 ? slot.k % order.length : 0;
    const tries = [...order.slice(offset), ...order.slice(0, offset)].slice(0, 2);
    for (const choice of tries) {
      const item = items.find((x) => x.id === choice.id)!;
      const took = await call('take', 'PUT', `/ticket/${item.id}/take`, token, undefined, (json) =>
        takeOutcome(json, login) === 'failed'
          ? messagesOf(json).join(' | ') || 'take failed'
          : null,
      );
      if (!took.ok || takeOutcome(took.json, login) !== 'won') continue;
      tickets.add(1, { outcome: 'taken' });
      const now = Date.now();
      settle(now);
      const w = item.work;
      const solo =
        w.kind === 'first'
          ? item.ticket.handleTime
          : w.kind === 'reopen' || item.resolvedBefore
            ? item.ticket.reopenHandleTime
            : item.ticket.escalationHandleTime;
      const s = share(w, plan.channels);
      holding.push({
        session: { id: item.id, remaining: solo },
        ticket: item.ticket,
        work: w,
        share: s,
      });
      load += s;
      kind = workKey(w);
      // The reply: the first response (or the next one after a hand-off, escalation, reopen).
      await callRetry(
        'reply',
        'POST',
        `/ticket/${item.id}/correspond`,
        token,
        messageBody('Hello, thank you for your patience. I am looking into this now.'),
        deadline,
      );
      return true;
    }
    return false;
  };

  /** After the window, when idle: is there nothing left that any agent could do? */
  const allDone = async (now: number): Promise<boolean> => {
    const active = await call(
      'count',
      'GET',
      `/tickets?${runCountQuery(plan.runId, 'active')}`,
      portal,
    );
    if (!active.ok || Number((active.json as { total?: unknown }).total ?? 1) > 0) return false;
    const all = await call('count', 'GET', `/tickets?${runCountQuery(plan.runId)}`, portal);
    if (!all.ok || Number((all.json as { total?: unknown }).total ?? 0) < trace.length)
      return false;
    // A customer may still write back: wait while a resolved ticket's reopen falls in the run.
    for (let page = 1; page <= 1000; page++) {
      const r = await call('count', 'GET', `/tickets?${resolvedQuery(plan.runId, page)}`, portal);
      if (!r.ok) return false;
      const items =
        (r.json as { items?: Array<{ Subject?: string; Resolved?: string }> }).items ?? [];
      for (const item of items) {
        const t = traceTicket(item.Subject);
        const resolved = rtDate(item.Resolved);
        if (!t?.reopens || resolved === null) continue;
        const reopenAt = resolved + wallMs(t.reopenDelay, S);
        if (reopenAt > now && reopenAt < deadline) return false;
      }
      if (items.length < 100) break;
    }
    return true;
  };

  await waitUntil(data.startAt);
  for (let turn = 0; turn < 1_000_000; turn++) {
    const now = Date.now();
    if (now >= deadline) break;
    settle(now);
    const t = scenarioAt(clock, now);
    const duty = onDuty(table, slot.group, slot.k, t);
    const busy = holding.length > 0 || wrapUps.length > 0;
    if (!busy && t >= lastDuty && t >= plan.windowEnd) break;

    // The group polls about once per pollMs: each of its n agents every n × pollMs. An
    // agent that just took work polls again sooner (more may be waiting), later the more
    // sessions it holds (the simulator routes to the least-loaded agent first).
    const groupSize = Math.max(1, headcount(staffedAt(table, slot.group, t)));
    if (duty && now >= nextPoll && canTakeAny()) {
      const took = await pollAndTake();
      const period = took ? T.pollMinMs : T.pollMs * groupSize;
      nextPoll = Date.now() + jittered(period * (1 + holding.length), 0.25, Math.random);
      continue;
    }
    if (!busy && t >= plan.windowEnd && now >= nextDoneCheck) {
      nextDoneCheck = now + jittered(1000 * groupSize, 0.25, Math.random);
      if (await allDone(now)) break;
      continue;
    }
    // Sleep until the next thing: a conversation ends, a wrap-up ends, a poll, a shift change.
    let wake = Math.min(deadline, dueAt(clock, nextBoundary(table, t)));
    const next = nextCompletion(
      holding.map((h) => h.session),
      slowdownOf(holding[0]?.work),
    );
    if (next) wake = Math.min(wake, now + wallMs(next.after, S));
    for (const w of wrapUps) wake = Math.min(wake, w.until);
    if (duty && canTakeAny()) wake = Math.min(wake, nextPoll);
    if (!busy && t >= plan.windowEnd) wake = Math.min(wake, nextDoneCheck);
    await sleep(Math.max(5, wake - Date.now()));
  }
  await Promise.all([...pending]);

  function canTakeAny(): boolean {
    return (
      load < 1 - 1e-9 &&
      plan.channels.some((c) =>
        canTake({ load, kind }, { kind: 'first', channel: c.name }, plan.channels),
      )
    );
  }
}

// ------------------------------------------------------------------ summary

export function handleSummary(data: {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number };
  setup_data?: SetupData;
}): Record<string, string> {
  const summary = buildSummary(data, {
    script: 'replay',
    runId: plan.runId,
    startAt: data.setup_data?.startAt ?? null,
    speedup: S,
    origin: plan.origin,
    segment: __ENV.SEGMENT ?? null,
    extra: {
      scenario: plan.scenario,
      traceTickets: trace.length,
      botTickets,
      customerVus,
      agentVus: slots.length,
      runSeconds: RUN_SECONDS,
      latencyBudgetMs: derived.budgetMs,
      tightestTarget: derived.tightest,
      unmeasurableTargets: derived.unmeasurable,
      pollMs: T.pollMs,
      botPollMs: T.botPollMs,
    },
  });
  const json = JSON.stringify(summary);
  const out: Record<string, string> = {};
  if (__ENV.SUMMARY_OUT) out[__ENV.SUMMARY_OUT] = json;
  const created = summary.tickets.created ?? 0;
  const line = `slalab replay: ${created}/${trace.length} tickets created, ${summary.lag.count} on schedule with median lag ${summary.lag.p50 ?? 0} ms; thresholds ${summary.thresholdsOk ? 'passed' : 'FAILED'}\n`;
  out.stdout =
    __ENV.SUMMARY_STDOUT === '1'
      ? `${line}--- slalab-k6-summary ---\n${json}\n--- end slalab-k6-summary ---\n`
      : line;
  return out;
}
