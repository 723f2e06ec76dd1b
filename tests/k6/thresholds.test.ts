/**
 * Threshold expressions and their evaluation, by hand-computable cases
 * (k6 metrics/thresholds_parser.go, metrics/thresholds.go, metrics/sink.go).
 */
import { describe, expect, it } from 'vitest';
import { Registry, TrendSink } from '../../scenarios/k6/runner/metrics.js';
import {
  buildThresholds,
  evaluateThresholds,
  parseThresholdExpression,
} from '../../scenarios/k6/runner/thresholds.js';

describe('threshold expressions', () => {
  it('parses k6’s aggregations and operators, spaces allowed', () => {
    expect(parseThresholdExpression('p(95)<500')).toEqual({
      method: 'p',
      percentile: 95,
      operator: '<',
      value: 500,
    });
    expect(parseThresholdExpression('rate < 0.01')).toEqual({
      method: 'rate',
      operator: '<',
      value: 0.01,
    });
    expect(parseThresholdExpression('count>=100')).toMatchObject({
      method: 'count',
      operator: '>=',
    });
    expect(parseThresholdExpression('p(99.9) <= 3')).toMatchObject({
      method: 'p',
      percentile: 99.9,
      operator: '<=',
    });
    expect(parseThresholdExpression('value===1')).toMatchObject({
      method: 'value',
      operator: '===',
    });
    expect(parseThresholdExpression('med!=0')).toMatchObject({ method: 'med', operator: '!=' });
  });

  it('rejects malformed expressions, naming them', () => {
    expect(() => parseThresholdExpression('p95<5')).toThrow(/unknown aggregation 'p95'/);
    expect(() => parseThresholdExpression('avg<abc')).toThrow(/'abc' is not a number/);
    expect(() => parseThresholdExpression('avg')).toThrow(/no operator/);
    expect(() => parseThresholdExpression('p(101)<1')).toThrow(/malformed percentile/);
  });
});

describe('trend percentiles', () => {
  it('interpolate linearly between ranks as k6 does: 1..10 gives med 5.5 and p(95) 9.55', () => {
    const t = new TrendSink();
    for (const v of [7, 3, 10, 1, 5, 2, 9, 4, 8, 6]) t.add(v);
    expect(t.p(0.5)).toBeCloseTo(5.5, 12);
    expect(t.p(0.95)).toBeCloseTo(9.55, 12);
    expect(t.p(0)).toBe(1);
    expect(t.p(1)).toBe(10);
    expect(t.avg()).toBe(5.5);
  });
});

describe('threshold evaluation', () => {
  it('passes and fails per aggregate, a counter’s rate per second of test run', () => {
    const r = new Registry();
    const ts = buildThresholds(
      {
        http_reqs: ['count==4', 'rate>=2'],
        http_req_duration: ['p(50)<=20', 'max<30'],
        'http_req_duration{op:create}': ['avg<15'],
      },
      r,
    );
    for (const [v, op] of [
      [10, 'create'],
      [20, 'create'],
      [30, 'list'],
      [40, 'list'],
    ] as const) {
      r.add(r.get('http_reqs')!, 1, { op });
      r.add(r.get('http_req_duration')!, v, { op });
    }
    const verdict = evaluateThresholds(ts, 2000, false);
    expect(verdict.breached).toEqual(['http_req_duration', 'http_req_duration{op:create}']);
    const byKey = Object.fromEntries(
      ts.map((t) => [t.key, t.thresholds.map((x) => !x.lastFailed)]),
    );
    expect(byKey).toEqual({
      http_reqs: [true, true],
      http_req_duration: [false, false],
      'http_req_duration{op:create}': [false],
    });
  });

  it('skips metrics without samples in the periodic check and cannot evaluate a Rate without samples', () => {
    const r = new Registry();
    const ts = buildThresholds({ checks: ['rate>0.9'] }, r);
    expect(evaluateThresholds(ts, 1000, true)).toEqual({
      breached: [],
      shouldAbort: false,
      unevaluated: [],
    });
    const final = evaluateThresholds(ts, 1000, false);
    expect(final.breached).toEqual([]);
    expect(final.unevaluated[0]).toMatch(/checks: 'rate>0.9' has no rate/);
  });

  it('asks to abort only for abortOnFail thresholds past their delayAbortEval', () => {
    const r = new Registry();
    const ts = buildThresholds(
      { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '5s' }] },
      r,
    );
    r.add(r.get('http_req_failed')!, 1, {});
    expect(evaluateThresholds(ts, 4000, true).shouldAbort).toBe(false);
    expect(evaluateThresholds(ts, 6000, true).shouldAbort).toBe(true);
  });
});
