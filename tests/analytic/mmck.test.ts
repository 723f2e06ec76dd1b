import { describe, expect, it } from 'vitest';
import { erlangB, erlangCMeasures, mmckMeasures } from '../../simulator/analytic/index.js';
import { expectNear, mmckChain, taggedServedWithin } from './oracles.js';

/** Measures straight from the exact chain and the waiting time of a tagged admitted customer. */
function chainMeasures(lambda: number, mu: number, c: number, capacity: number, t: number) {
  const pi = mmckChain(lambda, mu, c, capacity);
  const blocking = pi[capacity];
  const admitted = 1 - blocking;
  let waiting = 0;
  let lq = 0;
  let busy = 0;
  for (let k = 0; k <= capacity; k++) {
    if (k >= c && k < capacity) waiting += pi[k];
    if (k > c) lq += (k - c) * pi[k];
    busy += Math.min(k, c) * pi[k];
  }
  // θ = 0: with j ahead the admitted customer needs j+1 completions at rate cμ.
  const served = taggedServedWithin(c, mu, 0, Math.max(0, capacity - 1 - c), t);
  let within = 0;
  for (let k = 0; k < capacity; k++) within += k < c ? pi[k] : pi[k] * served[k - c];
  return {
    blocking,
    pWait: waiting / admitted,
    asa: lq / (lambda * admitted),
    occupancy: busy / c,
    meanQueueLength: lq,
    serviceLevel: within / admitted,
  };
}

describe('mmckMeasures', () => {
  it('matches the hand-computed M/M/1/2 queue with ρ = ½', () => {
    // π = (4, 2, 1)/7: blocking 1/7, L_q = 1/7; an admitted arrival waits iff it finds 1 present
    // (prob 2/6), then Exp(1): P(W > t | admitted) = e^{−t}/3; E[W | admitted] = 1/3;
    // occupancy = λ(1 − π_2)/μ = 3/7.
    const m = mmckMeasures({
      arrivalRate: 0.5,
      serviceRate: 1,
      servers: 1,
      capacity: 2,
      target: 0.4,
    });
    expectNear(m.blocking, 1 / 7, 1e-15);
    expectNear(m.meanQueueLength, 1 / 7, 1e-15);
    expectNear(m.pWait, 1 / 3, 1e-15);
    expectNear(m.asa, 1 / 3, 1e-15);
    expectNear(m.occupancy, 3 / 7, 1e-15);
    expectNear(m.serviceLevel!, 1 - Math.exp(-0.4) / 3, 1e-15);
  });

  it('matches the M/M/1/K textbook distribution in overload', () => {
    // Gross et al., Fundamentals of Queueing Theory, ch. 2 (M/M/1/K): π_k = (1 − ρ)ρ^k / (1 − ρ^{K+1}); ρ = 2, K = 10 → blocking = 1024/2047.
    const m = mmckMeasures({ arrivalRate: 2, serviceRate: 1, servers: 1, capacity: 10 });
    expectNear(m.blocking, 1024 / 2047, 1e-14);
    expectNear(m.occupancy, (2 * (1 - 1024 / 2047)) / 1, 1e-14);
  });

  it('equals Erlang B when there is no waiting room (K = c)', () => {
    for (const [c, load] of [
      [1, 0.3],
      [5, 1.36],
      [10, 6.22],
      [100, 84.1],
      [3000, 3300],
    ]) {
      const m = mmckMeasures({
        arrivalRate: load * 0.25,
        serviceRate: 0.25,
        servers: c,
        capacity: c,
        target: 10,
      });
      expectNear(m.blocking, erlangB(c, load), 1e-13, 0, `c=${c}`);
      expect(m.pWait).toBe(0);
      expect(m.meanQueueLength).toBe(0);
      expect(m.asa).toBe(0);
      expect(m.serviceLevel).toBe(1);
    }
  });

  it('approaches Erlang C as the waiting room grows', () => {
    for (const [c, rho] of [
      [1, 0.6],
      [10, 0.9],
      [200, 0.97],
    ]) {
      const base = { arrivalRate: rho * c * 0.5, serviceRate: 0.5, servers: c, target: 3 };
      const erlang = erlangCMeasures(base);
      const finite = mmckMeasures({ ...base, capacity: c + 3000 });
      expect(finite.blocking).toBeLessThan(1e-30);
      expectNear(finite.pWait, erlang.pWait, 1e-10, 0, `pWait c=${c}`);
      expectNear(finite.asa, erlang.asa, 1e-9, 0, `asa c=${c}`);
      expectNear(finite.serviceLevel!, erlang.serviceLevel!, 1e-10, 0, `SL c=${c}`);
      expectNear(finite.meanQueueLength, erlang.meanQueueLength, 1e-9, 0, `Lq c=${c}`);
      expectNear(finite.occupancy, erlang.occupancy, 1e-12, 0, `occupancy c=${c}`);
    }
  });

  it('agrees with the exact birth–death chain and the tagged-customer chain on a grid', () => {
    for (const c of [1, 3, 10, 50]) {
      for (const room of [0, 1, 5, 40]) {
        for (const rho of [0.5, 1, 1.7]) {
          for (const t of [0, 2, 15]) {
            const mu = 1 / 6;
            const lambda = rho * c * mu;
            const got = mmckMeasures({
              arrivalRate: lambda,
              serviceRate: mu,
              servers: c,
              capacity: c + room,
              target: t,
            });
            const want = chainMeasures(lambda, mu, c, c + room, t);
            const label = `c=${c} K=${c + room} ρ=${rho} t=${t}`;
            expectNear(got.blocking, want.blocking, 1e-11, 1e-16, `blocking ${label}`);
            expectNear(got.pWait, want.pWait, 1e-11, 1e-16, `pWait ${label}`);
            expectNear(got.asa, want.asa, 1e-10, 1e-16, `asa ${label}`);
            expectNear(got.occupancy, want.occupancy, 1e-11, 0, `occupancy ${label}`);
            expectNear(got.meanQueueLength, want.meanQueueLength, 1e-10, 1e-16, `Lq ${label}`);
            expectNear(got.serviceLevel!, want.serviceLevel, 1e-9, 1e-13, `SL ${label}`);
          }
        }
      }
    }
  });

  it('stays finite and in range at 1 to 5000 servers, heavy overload and long queues', () => {
    for (const c of [1, 2, 10, 100, 1000, 5000]) {
      for (const rho of [0.01, 0.9, 1, 1.5, 20]) {
        for (const room of [0, 1, 2 * c, 5000]) {
          const m = mmckMeasures({
            arrivalRate: rho * c,
            serviceRate: 1,
            servers: c,
            capacity: c + room,
            target: 0.3,
          });
          const label = `c=${c} ρ=${rho} room=${room}: ${JSON.stringify(m)}`;
          for (const v of [m.blocking, m.pWait, m.serviceLevel!, m.occupancy]) {
            expect(v >= 0 && v <= 1, label).toBe(true);
          }
          expect(Number.isFinite(m.asa) && Number.isFinite(m.meanQueueLength), label).toBe(true);
        }
      }
    }
  });

  it('rejects a capacity below the servers and other bad inputs with a RangeError', () => {
    const ok = { arrivalRate: 1, serviceRate: 1, servers: 3, capacity: 5 };
    expect(() => mmckMeasures({ ...ok, capacity: 2 })).toThrow(
      /capacity must be a whole number ≥ servers \(3\)/,
    );
    expect(() => mmckMeasures({ ...ok, capacity: 4.5 })).toThrow(/capacity/);
    expect(() => mmckMeasures({ ...ok, capacity: Number.NaN })).toThrow(/capacity/);
    expect(() => mmckMeasures({ ...ok, servers: 0 })).toThrow(/servers/);
    expect(() => mmckMeasures({ ...ok, arrivalRate: -1 })).toThrow(/arrivalRate/);
    expect(() => mmckMeasures({ ...ok, serviceRate: 0 })).toThrow(/serviceRate/);
    expect(() => mmckMeasures({ ...ok, target: -0.1 })).toThrow(/target/);
  });
});
