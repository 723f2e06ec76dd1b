import { describe, expect, it } from 'vitest';
import {
  erlangAMeasures,
  erlangCMeasures,
  garnettDelay,
  halfinWhittDelay,
  minAgentsForAsa,
  minAgentsForServiceLevel,
} from '../../simulator/analytic/index.js';

const MU = 1 / 300; // AHT 5 minutes, rates per second

function slC(lambda: number, mu: number, n: number, t: number): number {
  return erlangCMeasures({ arrivalRate: lambda, serviceRate: mu, servers: n, target: t })
    .serviceLevel!;
}

function slA(lambda: number, mu: number, theta: number, n: number, t: number): number {
  return erlangAMeasures({
    arrivalRate: lambda,
    serviceRate: mu,
    patienceRate: theta,
    servers: n,
    target: t,
  }).serviceLevel!;
}

describe('minAgentsForServiceLevel', () => {
  it('reproduces pyworkforce’s published raw positions for 80% within 0.33 min', () => {
    // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_erlang.py: 100 transactions per
    // 30 min, AHT 3 min, 80% within 0.33 min → raw_positions 14 (occupancy cap 0.85 not binding).
    expect(
      minAgentsForServiceLevel({
        model: 'c',
        arrivalRate: 100 / 30,
        serviceRate: 1 / 3,
        target: 0.33,
        fraction: 0.8,
      }),
    ).toBe(14);
  });

  it('reproduces the “AHT/K” heuristic staffing of semantics.md §5.4 (6 agents)', () => {
    // λ = 2/min, AHT 6/3 = 2 min on n agents, 80% within 1 min → 6 (SL 0.664 at 5).
    expect(
      minAgentsForServiceLevel({
        model: 'c',
        arrivalRate: 2,
        serviceRate: 0.5,
        target: 1,
        fraction: 0.8,
      }),
    ).toBe(6);
  });

  it('returns n that meets the goal while n − 1 does not, for Erlang C from 1 to 4000 Erlangs', () => {
    for (const load of [0.05, 0.9, 3, 10, 47.5, 300, 4000]) {
      for (const [t, goal] of [
        [0, 0.5],
        [20, 0.8],
        [60, 0.95],
        [10, 0.999],
      ]) {
        const lambda = load * MU;
        const n = minAgentsForServiceLevel({
          model: 'c',
          arrivalRate: lambda,
          serviceRate: MU,
          target: t,
          fraction: goal,
        });
        expect(n).toBeGreaterThan(load);
        expect(slC(lambda, MU, n, t)).toBeGreaterThanOrEqual(goal);
        if (n - 1 > load) expect(slC(lambda, MU, n - 1, t)).toBeLessThan(goal);
      }
    }
  });

  it('returns n that meets the goal while n − 1 does not, for Erlang A including n below the load', () => {
    let belowLoad = 0;
    for (const load of [0.05, 0.9, 3, 10, 47.5, 300, 4000]) {
      for (const patience of [30, 300, 3000]) {
        for (const [t, goal] of [
          [20, 0.8],
          [60, 0.5],
        ]) {
          const lambda = load * MU;
          const theta = 1 / patience;
          const n = minAgentsForServiceLevel({
            model: 'a',
            arrivalRate: lambda,
            serviceRate: MU,
            patienceRate: theta,
            target: t,
            fraction: goal,
          });
          expect(slA(lambda, MU, theta, n, t)).toBeGreaterThanOrEqual(goal);
          if (n > 1) expect(slA(lambda, MU, theta, n - 1, t)).toBeLessThan(goal);
          if (n < load) belowLoad++;
        }
      }
    }
    // Abandonment lets a loose goal be met with fewer agents than Erlangs at some of these loads.
    expect(belowLoad).toBeGreaterThan(0);
  });

  it('needs no more agents with abandonment than without', () => {
    for (const load of [2, 20, 200]) {
      const common = { arrivalRate: load * MU, serviceRate: MU, target: 20, fraction: 0.8 };
      const c = minAgentsForServiceLevel({ ...common, model: 'c' });
      const a = minAgentsForServiceLevel({ ...common, model: 'a', patienceRate: 1 / 120 });
      expect(a).toBeLessThanOrEqual(c);
    }
  });

  it('answers at 4000 Erlangs in well under a second for both models', () => {
    const started = performance.now();
    const common = { arrivalRate: 4000 * MU, serviceRate: MU, target: 20, fraction: 0.8 };
    minAgentsForServiceLevel({ ...common, model: 'c' });
    minAgentsForServiceLevel({ ...common, model: 'a', patienceRate: 1 / 200 });
    minAgentsForAsa({ model: 'c', arrivalRate: 4000 * MU, serviceRate: MU, asa: 15 });
    minAgentsForAsa({
      model: 'a',
      arrivalRate: 4000 * MU,
      serviceRate: MU,
      patienceRate: 1 / 200,
      asa: 15,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('needs one agent when nobody arrives', () => {
    expect(
      minAgentsForServiceLevel({
        model: 'c',
        arrivalRate: 0,
        serviceRate: MU,
        target: 20,
        fraction: 0.9,
      }),
    ).toBe(1);
  });

  it('rejects bad goals and models with a RangeError naming the parameter', () => {
    const ok = {
      model: 'c' as const,
      arrivalRate: 0.1,
      serviceRate: MU,
      target: 20,
      fraction: 0.8,
    };
    expect(() => minAgentsForServiceLevel({ ...ok, fraction: 0 })).toThrow(
      /fraction must be a fraction strictly between 0 and 1/,
    );
    expect(() => minAgentsForServiceLevel({ ...ok, fraction: 1 })).toThrow(/fraction/);
    expect(() => minAgentsForServiceLevel({ ...ok, fraction: 80 })).toThrow(/fraction/);
    expect(() => minAgentsForServiceLevel({ ...ok, target: -5 })).toThrow(
      /target must be a finite time ≥ 0/,
    );
    expect(() => minAgentsForServiceLevel({ ...ok, model: 'a' })).toThrow(
      /patienceRate.*required for model 'a'/,
    );
    expect(() => minAgentsForServiceLevel({ ...ok, model: 'x' as 'c' })).toThrow(
      /model must be 'c'.*or 'a'/,
    );
    expect(() => minAgentsForServiceLevel({ ...ok, arrivalRate: Number.NaN })).toThrow(
      /arrivalRate/,
    );
  });
});

describe('minAgentsForAsa', () => {
  it('returns n whose mean wait meets the goal while n − 1 does not, for both models', () => {
    for (const load of [0.3, 8, 120, 4000]) {
      for (const asa of [1, 15, 120]) {
        const lambda = load * MU;
        const n = minAgentsForAsa({ model: 'c', arrivalRate: lambda, serviceRate: MU, asa });
        const waitC = (k: number) =>
          erlangCMeasures({ arrivalRate: lambda, serviceRate: MU, servers: k }).asa;
        expect(waitC(n)).toBeLessThanOrEqual(asa);
        if (n - 1 > load) expect(waitC(n - 1)).toBeGreaterThan(asa);

        const theta = 1 / 240;
        const m = minAgentsForAsa({
          model: 'a',
          arrivalRate: lambda,
          serviceRate: MU,
          patienceRate: theta,
          asa,
        });
        const waitA = (k: number) =>
          erlangAMeasures({ arrivalRate: lambda, serviceRate: MU, patienceRate: theta, servers: k })
            .asa;
        expect(waitA(m)).toBeLessThanOrEqual(asa);
        if (m > 1) expect(waitA(m - 1)).toBeGreaterThan(asa);
      }
    }
  });

  it('refuses a zero mean-wait goal, which no finite staff can meet', () => {
    expect(() => minAgentsForAsa({ model: 'c', arrivalRate: 1, serviceRate: 1, asa: 0 })).toThrow(
      /asa must be > 0/,
    );
    expect(() => minAgentsForAsa({ model: 'c', arrivalRate: 1, serviceRate: 1, asa: -1 })).toThrow(
      /asa/,
    );
  });
});

describe('square-root staffing seeds', () => {
  it('match the Halfin–Whitt and Garnett limits at known points', () => {
    // α(β) = [1 + βΦ(β)/φ(β)]⁻¹: β = 1 → 1/(1 + 0.841345/0.241971) = 0.223361 (normal tables).
    expect(halfinWhittDelay(1)).toBeCloseTo(0.223361, 5);
    expect(halfinWhittDelay(0)).toBe(1);
    // With θ = μ (y = 1) the Garnett form is [1 + Φ(β)/Φ(−β)]⁻¹ = Φ(−β), the
    // normal approximation of P(Poisson(A) ≥ n); Φ(−1) = 0.158655 (normal tables), Φ(0) = ½.
    expect(garnettDelay(0, 1)).toBeCloseTo(0.5, 6);
    expect(garnettDelay(1, 1)).toBeCloseTo(0.158655, 5);
  });

  it('land within 0.02 of the exact Erlang C delay probability at a hundred agents', () => {
    // semantics.md §5.2: about 0.01 at n in the hundreds.
    for (const beta of [0.5, 1, 1.5]) {
      const load = 400;
      const n = Math.round(load + beta * Math.sqrt(load));
      const exact = erlangCMeasures({ arrivalRate: load, serviceRate: 1, servers: n }).pWait;
      expect(Math.abs(halfinWhittDelay((n - load) / Math.sqrt(load)) - exact)).toBeLessThan(0.02);
    }
  });
});
