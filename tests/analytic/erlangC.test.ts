import { describe, expect, it } from 'vitest';
import { erlangC, erlangCMeasures } from '../../simulator/analytic/index.js';
import { expectNear, mmcChain } from './oracles.js';

describe('erlangC', () => {
  it('reproduces pyworkforce’s published Erlang C staffing example', () => {
    // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_erlang.py:
    // 100 transactions per 30 min, AHT 3 min, threshold 0.33 min →
    // 14 positions: SL 0.888, occupancy 0.714, P(wait) 0.174 (rounded to 3 dp);
    // 15 positions: SL 0.941, occupancy 0.667, P(wait) 0.102.
    const perMinute = { arrivalRate: 100 / 30, serviceRate: 1 / 3, target: 0.33 };
    const at14 = erlangCMeasures({ ...perMinute, servers: 14 });
    expect(at14.serviceLevel).toBeCloseTo(0.888, 3);
    expect(at14.occupancy).toBeCloseTo(0.714, 3);
    expect(at14.pWait).toBeCloseTo(0.174, 3);
    const at15 = erlangCMeasures({ ...perMinute, servers: 15 });
    expect(at15.serviceLevel).toBeCloseTo(0.941, 3);
    expect(at15.occupancy).toBeCloseTo(0.667, 3);
    expect(at15.pWait).toBeCloseTo(0.102, 3);
  });

  it('reproduces the chat-concurrency example of semantics.md §5.4', () => {
    // λ = 2/min, AHT 6 min, 3 chats per agent, 80% within 1 min:
    // slot model M/M/15 (5 agents × 3 slots, μ = 1/6): SL 0.806, while 4 agents (12 slots, load 12) are unstable;
    // "AHT/K" heuristic M/M/5 (μ = 3/6): SL 0.664 at 5 agents, so it needs 6.
    const slots = (servers: number) =>
      erlangCMeasures({ arrivalRate: 2, serviceRate: 1 / 6, servers, target: 1 }).serviceLevel!;
    expect(slots(15)).toBeCloseTo(0.806, 3);
    expect(() => slots(12)).toThrow(/unstable/);
    const heuristic = (servers: number) =>
      erlangCMeasures({ arrivalRate: 2, serviceRate: 1 / 2, servers, target: 1 }).serviceLevel!;
    expect(heuristic(5)).toBeCloseTo(0.664, 3);
    expect(heuristic(6)).toBeGreaterThanOrEqual(0.8);
  });

  it('matches the M/M/1 textbook formulas exactly', () => {
    // Gross et al., Fundamentals of Queueing Theory, ch. 2 (M/M/1): P(wait) = ρ, W_q = ρ/(μ − λ),
    // L_q = ρ²/(1 − ρ), P(W_q > t) = ρ·e^{−(μ−λ)t}.
    for (const rho of [0.1, 0.5, 0.9, 0.999]) {
      const m = erlangCMeasures({ arrivalRate: rho * 2, serviceRate: 2, servers: 1, target: 0.7 });
      expectNear(m.pWait, rho, 1e-14);
      expectNear(m.asa, rho / (2 - 2 * rho), 1e-12);
      expectNear(m.meanQueueLength, (rho * rho) / (1 - rho), 1e-12);
      expectNear(m.serviceLevel!, 1 - rho * Math.exp(-(2 - 2 * rho) * 0.7), 0, 1e-15);
      expectNear(m.occupancy, rho, 1e-15);
    }
  });

  it('gives C(2, 1) = 1/3 by hand', () => {
    // B(2,1) = 0.2, C = 2·0.2/(2 − 1·0.8) = 1/3.
    expectNear(erlangC(2, 1), 1 / 3, 1e-15);
  });

  it('agrees with the truncated birth–death chain for P(wait) and the mean queue', () => {
    for (const n of [1, 2, 5, 20, 80]) {
      for (const rho of [0.3, 0.8, 0.97]) {
        const lambda = rho * n * 0.5;
        const pi = mmcChain(lambda, 0.5, n);
        let pWait = 0;
        let lq = 0;
        for (let k = n; k < pi.length; k++) {
          pWait += pi[k];
          lq += (k - n) * pi[k];
        }
        const m = erlangCMeasures({ arrivalRate: lambda, serviceRate: 0.5, servers: n });
        expectNear(m.pWait, pWait, 1e-10, 0, `pWait n=${n} ρ=${rho}`);
        expectNear(m.meanQueueLength, lq, 1e-9, 0, `Lq n=${n} ρ=${rho}`);
      }
    }
  });

  it('leaves the service level undefined without a target and raises it with more agents', () => {
    const base = { arrivalRate: 10, serviceRate: 1 };
    expect(erlangCMeasures({ ...base, servers: 12 }).serviceLevel).toBeUndefined();
    let previous = 0;
    for (let n = 11; n < 25; n++) {
      const sl = erlangCMeasures({ ...base, servers: n, target: 0.1 }).serviceLevel!;
      expect(sl).toBeGreaterThan(previous);
      previous = sl;
    }
  });

  it('stays finite and in range at 1, 2, 10, 100, 1000 and 5000 agents', () => {
    for (const n of [1, 2, 10, 100, 1000, 5000]) {
      for (const rho of [0.01, 0.5, 0.9, 0.999]) {
        const m = erlangCMeasures({
          arrivalRate: rho * n,
          serviceRate: 1,
          servers: n,
          target: 0.2,
        });
        for (const v of [m.pWait, m.serviceLevel!, m.occupancy]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(Number.isFinite(m.asa) && Number.isFinite(m.meanQueueLength)).toBe(true);
      }
    }
  });

  it('refuses an unstable load with a message that names the load, the servers and the fix', () => {
    expect(() => erlangC(10, 10)).toThrow(/unstable.*10 Erlangs ≥ 10 servers.*at least 11 servers/);
    expect(() => erlangCMeasures({ arrivalRate: 12, serviceRate: 1, servers: 10 })).toThrow(
      /erlangCMeasures: unstable.*Erlang A/,
    );
  });

  it('rejects bad inputs with a RangeError naming the parameter', () => {
    const ok = { arrivalRate: 1, serviceRate: 1, servers: 3 };
    expect(() => erlangCMeasures({ ...ok, arrivalRate: -1 })).toThrow(/arrivalRate/);
    expect(() => erlangCMeasures({ ...ok, arrivalRate: Number.NaN })).toThrow(/arrivalRate/);
    expect(() => erlangCMeasures({ ...ok, serviceRate: 0 })).toThrow(
      /serviceRate must be a finite number > 0/,
    );
    expect(() => erlangCMeasures({ ...ok, servers: 0 })).toThrow(
      /servers must be a whole number ≥ 1/,
    );
    expect(() => erlangCMeasures({ ...ok, servers: 2.5 })).toThrow(/servers/);
    expect(() => erlangCMeasures({ ...ok, target: -1 })).toThrow(
      /target must be a finite time ≥ 0/,
    );
    expect(() => erlangC(0, 0)).toThrow(RangeError);
  });
});
