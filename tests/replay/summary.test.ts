/**
 * The k6 summary and merging the summaries of execution segments
 * (scenarios/k6/lib/summary.ts): what is exact and what is approximated.
 */
import { describe, expect, it } from 'vitest';
import { summariesIn } from '../../cli/commands/mergeSummaries.js';
import {
  buildSummary,
  evaluateThreshold,
  mergeSummaries,
  normaliseSummary,
  parseThreshold,
  type SummaryMetric,
} from '../../scenarios/k6/lib/summary.js';

const trend = (
  values: Record<string, number>,
  thresholds?: Record<string, { ok: boolean }>,
): SummaryMetric => ({
  type: 'trend',
  contains: 'time',
  values,
  ...(thresholds ? { thresholds } : {}),
});

function segment(opts: {
  created: number;
  failed: number;
  calls: number;
  lat: Record<string, number>;
  ok: boolean;
  start: number;
}) {
  return buildSummary(
    {
      metrics: {
        replay_tickets: {
          type: 'counter',
          contains: 'default',
          values: { count: opts.created, rate: 1 },
        },
        'replay_tickets{outcome:created}': {
          type: 'counter',
          contains: 'default',
          values: { count: opts.created, rate: 1 },
        },
        replay_op_failed: {
          type: 'rate',
          contains: 'default',
          values: {
            rate: opts.failed / opts.calls,
            passes: opts.failed,
            fails: opts.calls - opts.failed,
          },
          thresholds: { 'rate<0.01': { ok: opts.failed / opts.calls < 0.01 } },
        },
        'replay_op_latency{op:create}': trend(opts.lat, { 'p(95)<1000': { ok: opts.ok } }),
        'replay_op_errors{op:create}': {
          type: 'counter',
          contains: 'default',
          values: { count: opts.failed, rate: 0 },
        },
        vus: { type: 'gauge', contains: 'default', values: { value: 3, min: 0, max: 5 } },
      },
      state: { testRunDurationMs: 10_000 },
    },
    { script: 'replay', runId: 'r1', startAt: opts.start, speedup: 60, origin: 0 },
  );
}

describe('k6 summaries', () => {
  it('summarises one run: per-call figures, errors, tickets, threshold verdict', () => {
    const s = segment({
      created: 10,
      failed: 0,
      calls: 100,
      lat: { avg: 100, min: 10, max: 500, med: 90, 'p(95)': 300, 'p(99)': 450, count: 100 },
      ok: true,
      start: 5,
    });
    expect(s.ops.create).toEqual({
      count: 100,
      avg: 100,
      p50: 90,
      p95: 300,
      p99: 450,
      max: 500,
      errorRate: 0,
      errors: 0,
    });
    expect(s.tickets).toEqual({ created: 10 });
    expect(s.thresholdsOk).toBe(true);
  });

  it('merges segments: counters add, rates by counts, trend min/max/avg exactly, percentiles between bounds', () => {
    const a = segment({
      created: 10,
      failed: 1,
      calls: 100,
      lat: { avg: 100, min: 10, max: 500, med: 90, 'p(95)': 300, 'p(99)': 450, count: 100 },
      ok: true,
      start: 1000,
    });
    const b = segment({
      created: 30,
      failed: 1,
      calls: 300,
      lat: { avg: 200, min: 5, max: 900, med: 150, 'p(95)': 700, 'p(99)': 880, count: 300 },
      ok: true,
      start: 900,
    });
    const m = mergeSummaries([normaliseSummary(a), normaliseSummary(b)]);
    expect(m.segments).toBe(2);
    expect(m.startAt).toBe(900);
    expect(m.tickets.created).toBe(40);
    expect(m.metrics.replay_op_failed!.values).toEqual({ passes: 2, fails: 398, rate: 2 / 400 });
    const lat = m.metrics['replay_op_latency{op:create}']!.values;
    expect(lat.count).toBe(400);
    expect(lat.min).toBe(5);
    expect(lat.max).toBe(900);
    expect(lat.avg).toBeCloseTo((100 * 100 + 200 * 300) / 400, 12);
    expect(lat['p(95)']).toBeCloseTo((300 * 100 + 700 * 300) / 400, 12);
    expect(m.approximations.join('\n')).toMatch(/p\(95\): count-weighted mean/);
    // Both instances' p95 (300, 700) are under 1000: the merged one is too, exactly.
    expect(m.thresholds['replay_op_latency{op:create}']!['p(95)<1000']).toEqual({
      ok: true,
      exact: true,
    });
    expect(m.thresholds.replay_op_failed!['rate<0.01']).toEqual({ ok: true, exact: true });
    expect(m.metrics.vus!.values).toEqual({ value: 6, min: 0, max: 5 });
  });

  it('decides a percentile threshold exactly when both instances agree, on the approximation otherwise', () => {
    const e = parseThreshold('p(95)<500');
    expect(evaluateThreshold(e, { 'p(95)': 450 }, { 'p(95)': { lo: 300, hi: 700 } })).toEqual({
      ok: true,
      exact: false,
    });
    expect(evaluateThreshold(e, { 'p(95)': 800 }, { 'p(95)': { lo: 600, hi: 900 } })).toEqual({
      ok: false,
      exact: true,
    });
    expect(evaluateThreshold(parseThreshold('med < 100'), { 'p(50)': 90 })).toEqual({
      ok: true,
      exact: true,
    });
    expect(evaluateThreshold(parseThreshold('count>=0'), {})).toBeUndefined();
    expect(() => parseThreshold('p95 under 5')).toThrow(RangeError);
  });

  it('reads k6’s legacy --summary-export and pod logs with marked summaries', () => {
    const legacy = normaliseSummary({
      metrics: {
        http_reqs: { count: 5, rate: 1 },
        http_req_failed: { passes: 1, fails: 4, value: 0.2, thresholds: { 'rate<0.1': true } },
        http_req_duration: { avg: 1, min: 0, med: 1, max: 2, 'p(90)': 2, 'p(95)': 2 },
      },
    });
    expect(legacy.metrics.http_reqs!.type).toBe('counter');
    expect(legacy.metrics.http_req_failed!).toMatchObject({
      type: 'rate',
      values: { rate: 0.2 },
      thresholds: { 'rate<0.1': { ok: false } },
    });
    expect(legacy.metrics.http_req_duration!.type).toBe('trend');
    const s = segment({
      created: 1,
      failed: 0,
      calls: 1,
      lat: { count: 1, 'p(95)': 1 },
      ok: true,
      start: 1,
    });
    const log = `INFO something\nslalab replay: 1/1 tickets\n--- slalab-k6-summary ---\n${JSON.stringify(s)}\n--- end slalab-k6-summary ---\n`;
    expect(summariesIn(log, 'pod.log')).toHaveLength(1);
    expect(() => summariesIn('no summary here', 'x.log')).toThrow(/no k6 summary/);
  });
});
