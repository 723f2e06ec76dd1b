import { describe, expect, it } from 'vitest';
import { erlangCMeasures, priorityWaits } from '../../simulator/analytic/index.js';
import { expectNear } from './oracles.js';

describe('priorityWaits', () => {
  it('gives one class the Erlang C mean wait', () => {
    for (const [c, lambda] of [
      [1, 0.7],
      [4, 3.1],
      [60, 55],
    ]) {
      const [w] = priorityWaits({ arrivalRates: [lambda], serviceRate: 1, servers: c });
      expectNear(
        w,
        erlangCMeasures({ arrivalRate: lambda, serviceRate: 1, servers: c }).asa,
        1e-13,
      );
    }
  });

  it('matches the textbook two-class M/M/1 non-preemptive result', () => {
    // Cobham (1954) / Kleinrock, Queueing Systems Vol. II (non-preemptive priority), exponential service:
    // W_1 = ρ/(μ(1 − ρ_1)), W_2 = ρ/(μ(1 − ρ_1)(1 − ρ)). λ = (0.2, 0.4), μ = 1:
    // W_1 = 0.6/0.8 = 0.75, W_2 = 0.6/(0.8·0.4) = 1.875.
    const [w1, w2] = priorityWaits({ arrivalRates: [0.2, 0.4], serviceRate: 1, servers: 1 });
    expectNear(w1, 0.75, 1e-14);
    expectNear(w2, 1.875, 1e-14);
  });

  it('keeps Σ λ_k·W_k equal to the FCFS total whatever the class order (conservation law)', () => {
    // Equal service rates: the number waiting does not depend on the order of service, so
    // Σ λ_k W_k = λ·W_FCFS = L_q (Kleinrock's conservation law with ρ_k ∝ λ_k).
    const rates = [0.4, 1.3, 0.2, 2.1];
    const mu = 0.5;
    const servers = 10;
    const total = rates.reduce((s, r) => s + r, 0);
    const fcfs = erlangCMeasures({ arrivalRate: total, serviceRate: mu, servers }).meanQueueLength;
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
    ];
    for (const order of orders) {
      const ordered = order.map((i) => rates[i]);
      const waits = priorityWaits({ arrivalRates: ordered, serviceRate: mu, servers });
      const work = waits.reduce((s, w, k) => s + ordered[k] * w, 0);
      expectNear(work, fcfs, 1e-12, 0, `order ${order.join(',')}`);
    }
  });

  it('never lets a higher class wait longer than a lower one', () => {
    const waits = priorityWaits({ arrivalRates: [1, 1, 1, 1, 1], serviceRate: 1, servers: 6 });
    for (let k = 1; k < waits.length; k++) expect(waits[k]).toBeGreaterThan(waits[k - 1]);
  });

  it('stays finite and ordered at 1, 2, 10, 100, 1000 and 5000 agents near saturation', () => {
    for (const c of [1, 2, 10, 100, 1000, 5000]) {
      const total = 0.99 * c;
      const waits = priorityWaits({
        arrivalRates: [0.2 * total, 0.3 * total, 0.5 * total],
        serviceRate: 1,
        servers: c,
      });
      for (const w of waits) expect(Number.isFinite(w) && w >= 0, `c=${c}: ${waits}`).toBe(true);
      expect(waits[2]).toBeGreaterThan(waits[0]);
    }
  });

  it('refuses an unstable total load and bad rates with a RangeError', () => {
    expect(() => priorityWaits({ arrivalRates: [0.5, 0.5], serviceRate: 1, servers: 1 })).toThrow(
      /unstable.*at least 2 servers/,
    );
    expect(() => priorityWaits({ arrivalRates: [], serviceRate: 1, servers: 1 })).toThrow(
      /non-empty/,
    );
    expect(() => priorityWaits({ arrivalRates: [0.1, -1], serviceRate: 1, servers: 1 })).toThrow(
      /arrivalRates\[1\]/,
    );
    expect(() => priorityWaits({ arrivalRates: [0.1], serviceRate: 0, servers: 1 })).toThrow(
      /serviceRate/,
    );
    expect(() => priorityWaits({ arrivalRates: [0.1], serviceRate: 1, servers: 1.5 })).toThrow(
      /servers/,
    );
  });
});
