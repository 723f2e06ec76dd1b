/**
 * Thresholds from the SLA targets (scenarios/k6/lib/thresholds.ts), on the
 * default scenario's targets at a sustainable and a saturating speed-up.
 */
import { describe, expect, it } from 'vitest';
import { ALL_OPS, deriveThresholds, RESPONSE_OPS } from '../../scenarios/k6/lib/thresholds.js';

const targets = [
  { name: 'chat first response 90% in 60s', metric: 'firstResponse', within: 60 },
  { name: 'phone answered 80% in 30s', metric: 'serviceLevel', within: 30 },
  { name: 'phone abandonment at most 5%', metric: 'abandonment', within: null },
  { name: 'first response 95% in 2h', metric: 'firstResponse', within: 7200 },
  { name: 'resolved 85% in 24h', metric: 'resolution', within: 86_400 },
  { name: 'L2 progress update 90% in 2h', metric: 'nextResponse', within: 7200 },
];

describe('thresholds derived from the SLA targets', () => {
  it('at 15× keeps the 60 s chat target (4 s of wall time) and budgets a quarter of it per call', () => {
    const d = deriveThresholds(targets, 15);
    expect(d.tightest).toEqual({ name: 'chat first response 90% in 60s', within: 60 });
    expect(d.budgetMs).toBe(1000);
    expect(d.unmeasurable.map((u) => u.name)).toEqual(['phone answered 80% in 30s']);
    for (const op of RESPONSE_OPS)
      expect(d.thresholds[`replay_op_latency{op:${op}}`]).toEqual(['p(95)<1000']);
    expect(d.thresholds.replay_schedule_lag).toEqual(['p(50)<50', 'p(95)<1000']);
    expect(d.thresholds.replay_op_failed).toEqual(['rate<0.01']);
  });

  it('at 400× leaves only the 2 h targets measurable: 18 s of wall time, 4.5 s per call', () => {
    const d = deriveThresholds(targets, 400);
    expect(d.tightest?.within).toBe(7200);
    expect(d.budgetMs).toBe(4500);
    expect(d.unmeasurable).toHaveLength(2);
  });

  it('falls back to a minute of wall time when no response target is measurable', () => {
    const d = deriveThresholds([{ name: 'a', metric: 'abandonment' }], 60);
    expect(d.tightest).toBeNull();
    expect(d.budgetMs).toBe(60_000);
  });

  it('names every call and outcome so the summary reports them, with always-true thresholds', () => {
    const d = deriveThresholds(targets, 60, { timeoutMs: 30_000 });
    for (const op of ALL_OPS) {
      expect(d.thresholds[`replay_op_errors{op:${op}}`]).toEqual(['count>=0']);
      expect(d.thresholds[`replay_op_latency{op:${op}}`]).toBeDefined();
    }
    expect(d.thresholds['replay_op_latency{op:resolve}']).toEqual(['p(99)<30000']);
    expect(d.thresholds['replay_tickets{outcome:created}']).toEqual(['count>=0']);
    expect(() => deriveThresholds(targets, 0)).toThrow(RangeError);
  });
});
