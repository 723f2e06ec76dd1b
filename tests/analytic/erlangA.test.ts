import { describe, expect, it } from 'vitest';
import { erlangAMeasures, erlangAWaitAt, erlangCMeasures } from '../../simulator/analytic/index.js';
import { erlangAChain, expectNear, integrate, poissonPmf, taggedServedWithin } from './oracles.js';

const MU = 1 / 180; // AHT 3 minutes, rates per second

/** Every measure straight from the exact birth–death chain and the tagged-customer chain. */
function chainMeasures(lambda: number, mu: number, theta: number, n: number, t: number) {
  const pi = erlangAChain(lambda, mu, theta, n);
  let below = 0;
  let busy = 0;
  let pWait = 0;
  let lq = 0;
  for (let k = 0; k < pi.length; k++) {
    busy += Math.min(k, n) * pi[k];
    if (k < n) below += pi[k];
    else {
      pWait += pi[k];
      lq += (k - n) * pi[k];
    }
  }
  const served = taggedServedWithin(n, mu, theta, pi.length - 1 - n, t);
  let answeredWithin = below;
  for (let j = 0; n + j < pi.length; j++) answeredWithin += pi[n + j] * served[j];
  return {
    pWait,
    pAbandon: (theta * lq) / lambda,
    asa: lq / lambda,
    occupancy: busy / n,
    meanQueueLength: lq,
    serviceLevel: answeredWithin,
  };
}

describe('erlangAMeasures', () => {
  it('reproduces pyworkforce’s published Erlang A case, including SL = 0.916792', () => {
    // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_abandonment.py,
    // test_erlanga_regression_metrics: transactions=100, interval=30 min, aht=3 min,
    // patience=5 min, threshold asa=20/60 min, 14 positions →
    // round(P(wait), 5) = 0.14526, round(P(ab), 6) = 0.013984, round(occupancy, 6) = 0.704297,
    // round(ASA, 6) = 0.069919 min, round(service_level(14), 6) = 0.916792.
    // pyworkforce computes these from its own truncated chain and uniformization; semantics.md §5.3
    // names the same SL value. Half a unit in the last printed digit is the tolerance.
    const m = erlangAMeasures({
      arrivalRate: 100 / 30,
      serviceRate: 1 / 3,
      patienceRate: 1 / 5,
      servers: 14,
      target: 20 / 60,
    });
    expectNear(m.pWait, 0.14526, 0, 5e-6);
    expectNear(m.pAbandon, 0.013984, 0, 5e-7);
    expectNear(m.occupancy, 0.704297, 0, 5e-7);
    expectNear(m.asa, 0.069919, 0, 5e-7);
    expectNear(m.serviceLevel!, 0.916792, 0, 5e-7);
  });

  it('agrees with the exact birth–death chain and tagged-customer chain on a grid of loads', () => {
    for (const n of [1, 2, 5, 10, 30]) {
      for (const rho of [0.5, 0.9, 1.1, 1.5]) {
        for (const ratio of [0.1, 1, 5]) {
          const lambda = rho * n * MU;
          const theta = ratio * MU;
          for (const t of [20, 90]) {
            const got = erlangAMeasures({
              arrivalRate: lambda,
              serviceRate: MU,
              patienceRate: theta,
              servers: n,
              target: t,
            });
            const want = chainMeasures(lambda, MU, theta, n, t);
            const label = `n=${n} ρ=${rho} θ/μ=${ratio} t=${t}`;
            expectNear(got.pWait, want.pWait, 1e-10, 1e-15, `pWait ${label}`);
            expectNear(got.pAbandon, want.pAbandon, 1e-10, 1e-15, `pAbandon ${label}`);
            expectNear(got.asa, want.asa, 1e-10, 1e-15, `asa ${label}`);
            expectNear(got.occupancy, want.occupancy, 1e-10, 1e-15, `occupancy ${label}`);
            expectNear(got.meanQueueLength, want.meanQueueLength, 1e-10, 1e-15, `Lq ${label}`);
            expectNear(got.serviceLevel!, want.serviceLevel, 1e-9, 1e-12, `SL ${label}`);
          }
        }
      }
    }
  });

  it('agrees with the exact birth–death chain at 1000 and 5000 agents and loads above one', () => {
    for (const [n, rho, ratio] of [
      [1000, 0.98, 0.5],
      [1000, 1.2, 0.5],
      [5000, 1.1, 2],
      [5000, 1.5, 1],
    ]) {
      const lambda = rho * n * MU;
      const theta = ratio * MU;
      const got = erlangAMeasures({
        arrivalRate: lambda,
        serviceRate: MU,
        patienceRate: theta,
        servers: n,
        target: 10,
      });
      const want = chainMeasures(lambda, MU, theta, n, 10);
      const label = `n=${n} ρ=${rho}`;
      expectNear(got.pWait, want.pWait, 1e-9, 1e-15, `pWait ${label}`);
      expectNear(got.pAbandon, want.pAbandon, 1e-9, 1e-15, `pAbandon ${label}`);
      expectNear(got.occupancy, want.occupancy, 1e-9, 0, `occupancy ${label}`);
      expectNear(got.serviceLevel!, want.serviceLevel, 1e-8, 1e-12, `SL ${label}`);
    }
  });

  it('gives a mean served wait equal to the integral of the served-only wait tail', () => {
    // E[W | served] = ∫₀^∞ P(W > s | served) ds = ∫₀^∞ (1 − serviceLevelServed(s)) ds.
    for (const [n, rho, ratio] of [
      [3, 0.8, 0.5],
      [10, 1.3, 2],
      [40, 1.05, 0.2],
    ]) {
      const base = {
        arrivalRate: rho * n * MU,
        serviceRate: MU,
        patienceRate: ratio * MU,
        servers: n,
      };
      const tail = (s: number) => 1 - erlangAMeasures({ ...base, target: s }).serviceLevelServed!;
      const horizon = 60 / (ratio * MU);
      const integral = integrate(tail, 0, horizon, 1e-10);
      expectNear(erlangAMeasures(base).asaServed, integral, 1e-7, 0, `n=${n} ρ=${rho}`);
    }
  });

  it('gives a mean wait of all arrivals equal to the integral of P(W > s)', () => {
    for (const [n, rho, ratio] of [
      [1, 0.7, 1],
      [8, 1.4, 0.3],
    ]) {
      const p = {
        arrivalRate: rho * n * MU,
        serviceRate: MU,
        patienceRate: ratio * MU,
        servers: n,
      };
      const integral = integrate(
        (s) => erlangAWaitAt(p, s).pWaitAbove,
        0,
        60 / (ratio * MU),
        1e-10,
      );
      expectNear(erlangAMeasures(p).asa, integral, 1e-7, 0, `n=${n} ρ=${rho}`);
    }
  });

  it('computes “abandoned by t” in closed form equal to quadrature of θe^{−θs}·P(V > s)', () => {
    for (const [n, rho, ratio, t] of [
      [4, 0.9, 1, 30],
      [25, 1.2, 0.25, 200],
      [100, 1.5, 3, 15],
    ]) {
      const theta = ratio * MU;
      const p = { arrivalRate: rho * n * MU, serviceRate: MU, patienceRate: theta, servers: n };
      const integrand = (s: number) =>
        theta * Math.exp(-theta * s) * erlangAWaitAt(p, s).pOfferedWaitAbove;
      expectNear(erlangAWaitAt(p, t).pAbandonedBy, integrate(integrand, 0, t, 1e-13), 1e-9, 1e-13);
    }
  });

  it('makes the number present Poisson(A) when patience equals handling time (M/M/∞)', () => {
    // With θ = μ every customer leaves at rate μ whether served or waiting, so N ~ Poisson(A):
    // P(wait) = P(N ≥ n), L_q = E[(N − n)⁺], occupancy = E[min(N, n)]/n.
    for (const [n, load] of [
      [1, 0.5],
      [5, 7],
      [30, 25],
      [300, 330],
    ]) {
      const pmf = poissonPmf(load, Math.ceil(load + 40 * Math.sqrt(load) + 50));
      let pWait = 0;
      let lq = 0;
      let busy = 0;
      pmf.forEach((p, k) => {
        if (k >= n) {
          pWait += p;
          lq += (k - n) * p;
        }
        busy += Math.min(k, n) * p;
      });
      const m = erlangAMeasures({
        arrivalRate: load * MU,
        serviceRate: MU,
        patienceRate: MU,
        servers: n,
      });
      expectNear(m.pWait, pWait, 1e-10, 0, `pWait n=${n}`);
      expectNear(m.meanQueueLength, lq, 1e-10, 0, `Lq n=${n}`);
      expectNear(m.occupancy, busy / n, 1e-10, 0, `occupancy n=${n}`);
    }
  });

  it('approaches Erlang C as patience grows without bound', () => {
    for (const [n, rho] of [
      [1, 0.5],
      [10, 0.8],
      [200, 0.95],
    ]) {
      const lambda = rho * n * MU;
      const c = erlangCMeasures({ arrivalRate: lambda, serviceRate: MU, servers: n, target: 20 });
      let previousGap = Number.POSITIVE_INFINITY;
      for (const ratio of [1e-3, 1e-5, 1e-7]) {
        const a = erlangAMeasures({
          arrivalRate: lambda,
          serviceRate: MU,
          patienceRate: ratio * MU,
          servers: n,
          target: 20,
        });
        const gap = Math.abs(a.pWait - c.pWait);
        expect(gap).toBeLessThan(previousGap);
        previousGap = gap;
        if (ratio === 1e-7) {
          expectNear(a.pWait, c.pWait, 1e-4);
          expectNear(a.asa, c.asa, 1e-4);
          expectNear(a.asaServed, c.asa, 1e-4);
          expectNear(a.serviceLevel!, c.serviceLevel!, 1e-4);
          expectNear(a.meanQueueLength, c.meanQueueLength, 1e-4);
          expect(a.pAbandon).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('answers everyone who does not abandon once the threshold is long enough', () => {
    const p = { arrivalRate: 12 * MU, serviceRate: MU, patienceRate: MU / 2, servers: 10 };
    const long = erlangAMeasures({ ...p, target: 1e6 });
    expectNear(long.serviceLevel!, 1 - long.pAbandon, 0, 1e-12);
    expectNear(long.serviceLevelServed!, 1, 0, 1e-12);
    const zero = erlangAMeasures({ ...p, target: 0 });
    expectNear(zero.serviceLevel!, 1 - zero.pWait, 0, 1e-12);
  });

  it('stays finite and in range from 1 to 5000 agents at loads from 0.5 to 1.5', () => {
    for (const n of [1, 2, 10, 100, 1000, 5000]) {
      for (const rho of [0.5, 0.95, 1.1, 1.5]) {
        for (const ratio of [0.01, 1, 100]) {
          const m = erlangAMeasures({
            arrivalRate: rho * n * MU,
            serviceRate: MU,
            patienceRate: ratio * MU,
            servers: n,
            target: 20,
          });
          const label = `n=${n} ρ=${rho} θ/μ=${ratio}`;
          for (const v of [
            m.pWait,
            m.pAbandon,
            m.serviceLevel!,
            m.serviceLevelServed!,
            m.occupancy,
          ]) {
            expect(v >= 0 && v <= 1, `${label}: ${JSON.stringify(m)}`).toBe(true);
          }
          for (const v of [m.asa, m.asaServed, m.meanQueueLength]) {
            expect(Number.isFinite(v) && v >= 0, `${label}: ${JSON.stringify(m)}`).toBe(true);
          }
          if (rho > 1) expect(m.pAbandon).toBeGreaterThanOrEqual(1 - 1 / rho - 1e-12);
        }
      }
    }
  });

  it('reports no waiting at all when nobody arrives', () => {
    const m = erlangAMeasures({
      arrivalRate: 0,
      serviceRate: MU,
      patienceRate: MU,
      servers: 3,
      target: 5,
    });
    expect(m).toEqual({
      pWait: 0,
      pAbandon: 0,
      asa: 0,
      asaServed: 0,
      serviceLevel: 1,
      serviceLevelServed: 1,
      occupancy: 0,
      meanQueueLength: 0,
    });
  });

  it('rejects bad inputs with a RangeError naming the parameter and the fix', () => {
    const ok = { arrivalRate: 1, serviceRate: 1, patienceRate: 1, servers: 2 };
    expect(() => erlangAMeasures({ ...ok, patienceRate: 0 })).toThrow(
      /patienceRate.*erlangCMeasures/,
    );
    expect(() => erlangAMeasures({ ...ok, patienceRate: Number.NaN })).toThrow(/patienceRate/);
    expect(() => erlangAMeasures({ ...ok, arrivalRate: -0.5 })).toThrow(
      /arrivalRate must be a finite number ≥ 0/,
    );
    expect(() => erlangAMeasures({ ...ok, serviceRate: Number.POSITIVE_INFINITY })).toThrow(
      /serviceRate/,
    );
    expect(() => erlangAMeasures({ ...ok, servers: 0 })).toThrow(
      /servers must be a whole number ≥ 1/,
    );
    expect(() => erlangAMeasures({ ...ok, target: -3 })).toThrow(/target/);
    expect(() => erlangAWaitAt(ok, Number.NaN)).toThrow(/erlangAWaitAt: t must be/);
  });
});
