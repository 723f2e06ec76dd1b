/**
 * Finds the helpdesk's breaking point: an open-model ramp (k6
 * `ramping-arrival-rate`, so arrivals do not slow down when the helpdesk
 * does) of ticket creation by the portal account and of agent replies, in
 * steps from FROM to TO per second; each step climbs for CLIMB then holds for
 * HOLD, and only the holds are measured. handleSummary reports, per step and
 * per call, the p95 latency and the error rate, and the breaking point: the
 * first step rate at which p95 latency reaches P95_MS or errors reach
 * ERROR_RATE, and the highest rate sustained before it.
 *
 *   set -a; . ~/.slalab/rt.env; set +a     # the tokens, through the environment only
 *   slalab k6 run scenarios/k6/stress.ts -e RUN_ID=stress-1 -e FROM=1 -e TO=10 -e STEPS=5
 *   slalab cleanup --run stress-1          # the tickets it created
 *
 * Environment: TARGET (default http://127.0.0.1:8080; non-loopback refused
 * unless ALLOW_REMOTE=1), RUN_ID (required: every ticket is tagged with it),
 * FROM, TO (per second; 1 and 8), STEPS (4), CLIMB (ms, 2000), HOLD (ms,
 * 10000), REPLY_RATIO (replies per created ticket, 1), P95_MS (1000),
 * ERROR_RATE (0.01), AGENT (the replying login, agent-l1-01), POOL (tickets
 * the replies go to, 5), SUMMARY_OUT, SUMMARY_STDOUT=1;
 * SLALAB_RT_PORTAL_TOKEN and SLALAB_RT_AGENT_TOKEN_<AGENT>.
 */
import { fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import {
  agentTokenVar,
  createTicketBody,
  messageBody,
  REST2,
  refId,
  sqlLiteral,
  // @ts-expect-error -- .ts extension: k6 resolves imports by exact path (see replay.ts)
} from './lib/rt.ts';
// @ts-expect-error -- .ts extension (see above)
import { breakingPoint, type StepFigures, stepAt, stressRamp } from './lib/stress.ts';
// @ts-expect-error -- .ts extension (see above)
import { buildSummary, type SummaryMetric } from './lib/summary.ts';
// @ts-expect-error -- .ts extension (see above)
import { checkTarget } from './lib/target.ts';

// ------------------------------------------------------------------ configuration

const TARGET = checkTarget(__ENV.TARGET || 'http://127.0.0.1:8080', __ENV.ALLOW_REMOTE === '1');
const BASE = `${TARGET.origin}${REST2}`;
const RUN_ID = __ENV.RUN_ID ?? '';
if (!/^[A-Za-z0-9._:-]{1,100}$/.test(RUN_ID)) {
  throw new Error('set RUN_ID (letters, digits, . _ : -): every ticket is tagged with it');
}
sqlLiteral(RUN_ID);
const num = (name: string, fallback: number) => {
  const v = Number(__ENV[name] ?? fallback);
  if (!Number.isFinite(v)) throw new Error(`${name} must be a number, got ${__ENV[name]}`);
  return v;
};
const FROM = num('FROM', 1);
const TO = num('TO', 8);
const STEPS = num('STEPS', 4);
const CLIMB = num('CLIMB', 2000);
const HOLD = num('HOLD', 10_000);
const REPLY_RATIO = num('REPLY_RATIO', 1);
const P95_MS = num('P95_MS', 1000);
const ERROR_RATE = num('ERROR_RATE', 0.01);
const POOL = Math.max(1, Math.round(num('POOL', 5)));
const AGENT = __ENV.AGENT || 'agent-l1-01';
const ramp = stressRamp(FROM, TO, STEPS, CLIMB, HOLD);
const OPS = REPLY_RATIO > 0 ? ['create', 'reply'] : ['create'];
/** In flight at once at the top rate, if a call took up to 10 s. */
const MAX_VUS = Math.min(1000, Math.ceil(TO * 10) + 5);

const thresholds: NonNullable<Options['thresholds']> = {};
for (const op of OPS) {
  // Always true: they make each call's and each step's figures appear in the summary.
  thresholds[`replay_op_latency{op:${op}}`] = ['p(95)>=0'];
  thresholds[`replay_op_errors{op:${op}}`] = ['count>=0'];
  for (let i = 0; i < ramp.steps.length; i++) {
    thresholds[`stress_latency{op:${op},step:${i}}`] = ['p(95)>=0'];
    thresholds[`stress_calls{op:${op},step:${i}}`] = ['count>=0'];
    thresholds[`stress_errors{op:${op},step:${i}}`] = ['count>=0'];
  }
}

const scenarios: NonNullable<Options['scenarios']> = {
  create: {
    executor: 'ramping-arrival-rate',
    exec: 'create',
    startRate: 0,
    timeUnit: '1s',
    stages: ramp.stages,
    preAllocatedVUs: Math.min(MAX_VUS, Math.ceil(TO * 2) + 2),
    maxVUs: MAX_VUS,
    gracefulStop: '10s',
  },
};
if (REPLY_RATIO > 0) {
  scenarios.reply = {
    executor: 'ramping-arrival-rate',
    exec: 'reply',
    startRate: 0,
    timeUnit: '1s',
    stages: ramp.stages.map((s) => ({
      duration: s.duration,
      target: Math.round(s.target * REPLY_RATIO * 1000) / 1000,
    })),
    preAllocatedVUs: Math.min(MAX_VUS, Math.ceil(TO * REPLY_RATIO * 2) + 2),
    maxVUs: MAX_VUS,
    gracefulStop: '10s',
  };
}

export const options: Options = {
  scenarios,
  thresholds,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
  setupTimeout: '60s',
  userAgent: 'slalab-stress/1',
};

const opLatency = new Trend('replay_op_latency', true);
const opErrors = new Counter('replay_op_errors');
const stepLatency = new Trend('stress_latency', true);
const stepCalls = new Counter('stress_calls');
const stepErrors = new Counter('stress_errors');

interface SetupData {
  pool: string[];
}

function token(name: string): string {
  const t = __ENV[name];
  if (!t) fail(`set ${name} (the helpdesk token; never on the command line: export it)`);
  return t!;
}

async function measured(op: string, method: string, path: string, tok: string, body: unknown) {
  const elapsed = Date.now() - exec.scenario.startTime;
  const step = stepAt(ramp, elapsed);
  const started = Date.now();
  const res = await http.asyncRequest(method, `${BASE}${path}`, JSON.stringify(body), {
    headers: {
      Authorization: `token ${tok}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    tags: { op, name: `${method} ${op}` },
    timeout: '60s',
  });
  const ms = Date.now() - started;
  const failed = res.status < 200 || res.status >= 300;
  opLatency.add(ms, { op });
  if (failed) opErrors.add(1, { op });
  if (step >= 0) {
    const tags = { op, step: String(step) };
    stepLatency.add(ms, tags);
    stepCalls.add(1, tags);
    if (failed) stepErrors.add(1, tags);
  }
  return res;
}

// ------------------------------------------------------------------ lifecycle

export function setup(): SetupData {
  const portal = token('SLALAB_RT_PORTAL_TOKEN');
  if (REPLY_RATIO > 0) token(agentTokenVar(AGENT));
  const pool: string[] = [];
  for (let i = 0; i < POOL; i++) {
    const res = http.post(
      `${BASE}/ticket`,
      JSON.stringify(
        createTicketBody(
          {
            id: `S${String(i).padStart(7, '0')}`,
            channel: 'email',
            priority: 'P3',
            customer: { name: 'Stress Test', email: 'stress@customers.example' },
            subject: 'stress pool ticket',
            body: 'A ticket the stress test replies to.',
          },
          { queue: 'email', runId: RUN_ID, priority: 50 },
        ),
      ),
      {
        headers: { Authorization: `token ${portal}`, 'Content-Type': 'application/json' },
        tags: { op: 'setup', name: 'POST setup' },
        timeout: '30s',
      },
    );
    if (res.status !== 201) {
      fail(
        `${TARGET.origin} refused to create a ticket (status ${res.status}${res.error ? `, ${res.error}` : ''})`,
      );
    }
    pool.push(refId((res.json() as { id?: unknown }).id));
  }
  return { pool };
}

export async function create(): Promise<void> {
  const i = exec.scenario.iterationInTest;
  await measured(
    'create',
    'POST',
    '/ticket',
    __ENV.SLALAB_RT_PORTAL_TOKEN!,
    createTicketBody(
      {
        id: `S${String(i).padStart(7, '0')}`,
        channel: 'email',
        priority: 'P3',
        customer: { name: 'Stress Test', email: 'stress@customers.example' },
        subject: `stress ticket ${i}`,
        body: 'Hello, this is a stress-test ticket.',
      },
      { queue: 'email', runId: RUN_ID, priority: 50 },
    ),
  );
}

export async function reply(data: SetupData): Promise<void> {
  const id = data.pool[exec.scenario.iterationInTest % data.pool.length];
  await measured(
    'reply',
    'POST',
    `/ticket/${id}/correspond`,
    __ENV[agentTokenVar(AGENT)]!,
    messageBody('Thank you, we are on it.'),
  );
}

export function handleSummary(data: {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number };
}): Record<string, string> {
  const perOp: Record<string, StepFigures[]> = {};
  for (const op of OPS) {
    perOp[op] = ramp.steps.map((s, i) => {
      const key = (name: string) => `${name}{op:${op},step:${i}}`;
      return {
        step: i,
        rate: s.rate * (op === 'reply' ? REPLY_RATIO : 1),
        calls: data.metrics[key('stress_calls')]?.values.count ?? 0,
        errors: data.metrics[key('stress_errors')]?.values.count ?? 0,
        p95: data.metrics[key('stress_latency')]?.values['p(95)'] ?? null,
      };
    });
  }
  const limits = { p95Ms: P95_MS, errorRate: ERROR_RATE };
  const points: Record<string, ReturnType<typeof breakingPoint>> = {};
  for (const op of OPS) points[op] = breakingPoint(perOp[op]!, limits);
  // The helpdesk breaks at the first step where any call breaks.
  const combined = breakingPoint(
    ramp.steps.map((s, i) => {
      const figs = OPS.map((op) => perOp[op]![i]!);
      return {
        step: i,
        rate: s.rate,
        calls: figs.reduce((n, f) => n + f.calls, 0),
        errors: figs.reduce((n, f) => n + f.errors, 0),
        p95: Math.max(...figs.map((f) => f.p95 ?? 0)),
      };
    }),
    limits,
  );
  const summary = buildSummary(data, {
    script: 'stress',
    runId: RUN_ID,
    extra: { ramp: ramp.steps, limits, steps: perOp, breakingPoint: combined, byOp: points },
  });
  const line = combined.broke
    ? `slalab stress: the helpdesk broke at ${combined.broke} tickets/s (${combined.reason}); highest sustained ${combined.sustained ?? 'none'} tickets/s\n`
    : `slalab stress: no limit broke up to ${ramp.steps[ramp.steps.length - 1]!.rate} tickets/s\n`;
  const json = JSON.stringify(summary);
  const out: Record<string, string> = {};
  if (__ENV.SUMMARY_OUT) out[__ENV.SUMMARY_OUT] = json;
  out.stdout =
    __ENV.SUMMARY_STDOUT === '1'
      ? `${line}--- slalab-k6-summary ---\n${json}\n--- end slalab-k6-summary ---\n`
      : line;
  return out;
}
