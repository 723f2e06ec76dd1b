/**
 * Predicted against observed (reports/compare.ts): the verdicts on a real
 * prediction (simulate on a trace) against observed runs built to be in
 * tolerance, slowed by the helpdesk, or wrong without the helpdesk to blame.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareReport,
  compareRuns,
  comparisonText,
  type ObservedInput,
  quantileInterval,
} from '../../reports/compare.js';
import { type ObservedTicket, observedTargets } from '../../scenarios/helpdesks/observe.js';
import { buildSummary, type SummaryMetric } from '../../scenarios/k6/lib/summary.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import type { TraceTicket } from '../../scenarios/trace/format.js';
import { generateTrace, traceContacts } from '../../scenarios/trace/generate.js';
import type { Results } from '../../simulator/model/results.js';
import { simulateScenario } from '../../simulator/model/simulate.js';

function defaultScenario(): Scenario {
  const path = 'scenarios/examples/default.yaml';
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

const FROM = 2 * 86_400 + 10 * 3600;
const TO = FROM + 3600;
let scenario: Scenario;
let tickets: TraceTicket[];
let predicted: Results;

beforeAll(async () => {
  scenario = defaultScenario();
  tickets = generateTrace(scenario, { seed: 1, from: FROM, to: TO }).tickets;
  predicted = await simulateScenario(scenario, {
    replications: 1,
    seed: 1,
    workers: 1,
    version: 'test',
    detail: 'horizon',
    trace: traceContacts(scenario, tickets),
  });
});

/** A k6 summary with every call at `p95` ms and the given threshold verdict. */
function k6(p95: number, ok: boolean, runSeconds = 600, extra: Record<string, number> = {}) {
  const metrics: Record<string, SummaryMetric> = {};
  for (const op of ['create', 'poll', 'take', 'reply', 'bot_poll', 'bot_reply', 'resolve']) {
    metrics[`replay_op_latency{op:${op}}`] = {
      type: 'trend',
      contains: 'time',
      values: {
        avg: p95 / 2,
        min: 1,
        med: p95 / 2,
        max: p95 * 2,
        'p(95)': p95,
        'p(99)': p95 * 1.5,
        count: 100,
      },
      thresholds: { [`p(95)<${ok ? p95 + 1 : p95 - 1}`]: { ok } },
    };
    metrics[`replay_op_errors{op:${op}}`] = {
      type: 'counter',
      contains: 'default',
      values: { count: extra.errors ?? 0, rate: 0 },
    };
  }
  metrics.replay_schedule_lag = {
    type: 'trend',
    contains: 'time',
    values: { med: 1, 'p(95)': 3, max: 5, count: 100 },
  };
  return buildSummary(
    { metrics },
    { script: 'replay', runId: 'r', startAt: 0, speedup: 60, origin: FROM, extra: { runSeconds } },
  );
}

/** Observed tickets: each created on time, first response after `fr(i)` s, resolved 10 min later. */
function observed(
  speedup: number,
  fr: (i: number, t: TraceTicket) => number,
  summary = k6(100, true),
): ObservedInput {
  const obs: ObservedTicket[] = tickets.map((t, i) => ({
    ticketId: String(i + 1),
    traceId: t.id,
    channel: t.channel,
    priority: t.priority,
    created: t.time,
    firstResponse: fr(i, t),
    firstResponder: 'agent',
    resolution: fr(i, t) + 600,
    solvedSpell: 0,
    escalated: false,
    reopened: false,
    abandoned: false,
    nextResponses: [],
  }));
  return {
    format: 'slalab-observed',
    version: 1,
    runId: 'r',
    helpdesk: 'rt',
    speedup,
    startedAt: new Date(0).toISOString(),
    origin: FROM,
    tickets: obs,
    targets: observedTargets(scenario, obs),
    percentiles: {},
    counts: {
      tickets: obs.length,
      resolved: obs.length,
      abandoned: 0,
      open: 0,
      escalated: 0,
      reopened: 0,
    },
    k6: { ...summary, speedup },
    replay: {
      speedup,
      pollMs: 500,
      timestampResolutionMs: 1000,
      trace: { tickets: tickets.length },
    },
  } as ObservedInput;
}

const verdict = (c: ReturnType<typeof compareRuns>, name: string) =>
  c.targets.find((t) => t.name === name)!;

describe('comparing a prediction with a replay', () => {
  it('holds when the observed times are the predicted ones shifted by the helpdesk’s measured delay', () => {
    const c = compareRuns(
      predicted,
      observed(15, () => 30),
    );
    expect(verdict(c, 'first response 95% in 2h').verdict).toBe('prediction held');
    expect(verdict(c, 'phone answered 80% in 30s').verdict).toBe('not measurable');
    expect(c.helpdesk.keptUp).toBe(true);
    // δ = (3 × 500 ms poll wait + poll + take + reply p95 + 1 s clock) × 15.
    expect(c.helpdesk.responseDelaySeconds).toBeCloseTo(((1500 + 300 + 1000) / 1000) * 15, 9);
    expect(
      c.percentiles.filter((p) => p.metric === 'firstResponse').every((p) => p.held !== false),
    ).toBe(true);
    expect(comparisonText(c)).toMatch(/The helpdesk kept up/);
  });

  it('puts the gap on the helpdesk when its thresholds failed and its delay explains it', () => {
    const c = compareRuns(
      predicted,
      observed(120, (i) => (i % 2 === 0 ? 3 * 3600 : 60), k6(30_000, false)),
    );
    const t = verdict(c, 'first response 95% in 2h');
    expect(t.verdict).toBe('diverged: the helpdesk is the bottleneck');
    expect(t.reason).toMatch(/create p95 30000 ms/);
    expect(c.helpdesk.keptUp).toBe(false);
    expect(c.diverged).toBe(true);
    expect(comparisonText(c)).toMatch(/The helpdesk is the bottleneck: k6 thresholds failed/);
  });

  it('blames the model when the helpdesk kept up and the observed times are still far off', () => {
    const c = compareRuns(
      predicted,
      observed(60, (i) => (i % 2 === 0 ? 3 * 3600 : 60)),
    );
    expect(verdict(c, 'first response 95% in 2h').verdict).toBe('diverged: the model');
  });

  describe('abandonment, which has no threshold to shift', () => {
    /** Every third phone caller hangs up unanswered; each one's patience is `patience` seconds. */
    function phoneAbandons(patience: number) {
      const o = observed(60, () => 30);
      const given = new Map<string, number | null>(tickets.map((t) => [t.id, t.patience]));
      const phone = o.tickets.filter((k) => k.channel === 'phone');
      phone.forEach((k, i) => {
        if (i % 3 !== 0) return;
        k.abandoned = true;
        k.firstResponse = null;
        k.resolution = null;
        given.set(k.traceId!, patience);
      });
      o.targets = observedTargets(scenario, o.tickets);
      return { o, given, abandoned: Math.ceil(phone.length / 3) };
    }
    const NAME = 'phone abandonment at most 5%';

    it('blames the helpdesk when the callers gave up before it could have answered anyone', () => {
      const { o, given, abandoned } = phoneAbandons(60);
      const c = compareRuns(predicted, o, { patience: given });
      // Its own time to answer: δ = (3 × 500 + 3 × 100 + 1000) ms × 60, plus create and lag p95s.
      expect(c.helpdesk.responseDelaySeconds).toBeGreaterThan(60);
      const t = verdict(c, NAME);
      expect(t.observed.attainment).toBeGreaterThan(0.3);
      expect(t.forgiven).toBe(0);
      expect(t.verdict).toBe('diverged: the helpdesk is the bottleneck');
      expect(t.reason).toContain(`${abandoned} of the ${abandoned} who gave up`);
    });

    it('blames the model when the callers would have waited longer than the helpdesk needs', () => {
      const { o, given } = phoneAbandons(3600);
      const t = verdict(compareRuns(predicted, o, { patience: given }), NAME);
      expect(t.forgiven).toBeGreaterThan(0.3);
      expect(t.verdict).toBe('diverged: the model');
    });

    it('blames the model without the trace to tell', () => {
      const { o } = phoneAbandons(60);
      const t = verdict(compareRuns(predicted, o), NAME);
      expect(t.forgiven).toBeNull();
      expect(t.verdict).toBe('diverged: the model');
    });
  });

  it('counts tickets still open at the end as undecided, not as misses', () => {
    const o = observed(60, () => 30);
    // The last five tickets never got an answer; the run ended 10 min of scenario time after the window.
    for (const k of o.tickets.slice(-5)) {
      k.firstResponse = null;
      k.resolution = null;
    }
    o.targets = observedTargets(scenario, o.tickets);
    o.k6 = { ...o.k6!, extra: { runSeconds: (TO - FROM + 600) / 60 } };
    const t = verdict(compareRuns(predicted, o), 'first response 95% in 2h');
    expect(t.observed.undecided).toBe(5);
    expect(t.verdict).toBe('prediction held');
  });

  it('renders the comparison page with both series in the charts', async () => {
    const o = observed(15, () => 30);
    const c = compareRuns(predicted, o);
    const html = await compareReport(predicted, o, c);
    expect(html).toMatch(/<figure class="chart" data-chart="scorecard">/);
    expect(html).toMatch(/observed/);
    expect(html).toMatch(/prediction held/);
  });

  it('gives the order-statistics interval of a quantile', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const q = quantileInterval(xs, 0.5)!;
    expect(q.value).toBeCloseTo(49.5, 9);
    expect(q.lo).toBeLessThan(49.5);
    expect(q.hi).toBeGreaterThan(49.5);
    expect(q.lo).toBeGreaterThanOrEqual(38);
    expect(q.hi).toBeLessThanOrEqual(61);
    expect(quantileInterval([], 0.5)).toBeNull();
  });

  it('widens the interval for a higher confidence, rank by rank', () => {
    // n = 100, q = 0.5: ranks 50 ∓ z·5, so 1.96 gives 39..60 and 2.94 gives 34..65.
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const usual = quantileInterval(xs, 0.5)!;
    const bonferroni = quantileInterval(xs, 0.5, 2.94)!;
    expect([usual.lo, usual.hi]).toEqual([39, 60]);
    expect([bonferroni.lo, bonferroni.hi]).toEqual([34, 65]);
  });
});
