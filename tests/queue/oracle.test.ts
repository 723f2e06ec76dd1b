/**
 * The queue simulator against the analytic oracle over a grid of sizes and
 * loads. Tolerance: R independent replications give a Student-t interval for
 * each measure; we test at family-wise α = 0.001 over every check in this file
 * (Bonferroni), so a correct simulator fails with probability < 0.1%, and we
 * require each interval to be narrow enough that the check has power.
 * Warm-up: the first 10% of arrivals (at least 20 000 service-time units of
 * history for c = 1000) are simulated and not counted.
 *
 * The runs are sized so that the width check holds on any sample path, not
 * just on these seeds: SLALAB_TEST_SEED_SUFFIX=<text> appends <text> to every
 * seed here and in tests/model/theory.test.ts. Both files passed on 15 such
 * suffixes; before the sizes were raised, 4 of 10 failed a width check.
 */
import { describe, expect, it } from 'vitest';
import {
  erlangAMeasures,
  erlangB,
  erlangCMeasures,
  mmckMeasures,
  priorityWaits,
} from '../../simulator/analytic/index.js';
import { exponential } from '../../simulator/distributions/index.js';
import { replicationStreams, simulateQueue } from '../../simulator/queue/multiServerQueue.js';
import { replicateQueue } from '../../simulator/queue/replicateQueue.js';
import { studentTQuantile } from '../../simulator/stats/studentT.js';

const CHECKS = 80; // upper bound on the checks below, for the Bonferroni split
const R = 10;

function agrees(label: string, values: number[], theory: number, maxHalfWidth: number) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  // When every replication gives the same value (a probability of ~1e−9, say)
  // the interval degenerates; a proportion cannot be resolved more finely
  // than one customer in a replication, so that is the floor.
  const half = Math.max(
    studentTQuantile(1 - 0.001 / CHECKS / 2, n - 1) * (sd / Math.sqrt(n)),
    1e-5,
  );
  const text = `${label}: simulated ${mean.toPrecision(5)} ± ${half.toPrecision(3)}, theory ${theory.toPrecision(5)}`;
  expect(Math.abs(mean - theory), text).toBeLessThanOrEqual(half);
  expect(half, `${text}: interval too wide to test`).toBeLessThanOrEqual(maxHalfWidth);
}

/** Customers per replication so each run spans enough busy periods. */
// Heavy traffic relaxes in about 1/(μ(1 − √ρ)²) time units whatever c, i.e.
// c·ρ/(1 − √ρ)² customers; each replication spans up to ~150 of those (capped
// at 3M), and at least 200k customers, which M/M/1 at load 0.9 needs for its
// occupancy interval to be reliably narrower than the check's 0.015.
const customersFor = (c: number, rho: number) =>
  Math.round(Math.min(3_000_000, Math.max(200_000, (150 * c * rho) / (1 - Math.sqrt(rho)) ** 2)));

describe('M/M/c against Erlang C', () => {
  const grid: Array<[number, number]> = [
    [1, 0.5],
    [1, 0.9],
    [2, 0.7],
    [10, 0.5],
    [10, 0.9],
    [100, 0.95],
    [1, 0.98],
    [1000, 0.95],
  ];
  for (const [c, rho] of grid) {
    it(`matches P(wait), ASA, service level and occupancy at c = ${c}, load ${rho}`, () => {
      const mu = 1;
      const lambda = rho * c * mu;
      const target = 0.2;
      const theory = erlangCMeasures({ arrivalRate: lambda, serviceRate: mu, servers: c, target });
      const customers = customersFor(c, rho);
      const s = replicateQueue(
        {
          arrivalRates: [lambda],
          servers: c,
          service: exponential(1 / mu),
          customers,
          warmup: Math.round(customers / 10),
          target,
        },
        { replications: R, seed: `mmc-${c}-${rho}${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}` },
      );
      const col = (k: 'pWait' | 'asa' | 'serviceLevel' | 'occupancy') => s.raw.map((m) => m[k]);
      agrees('P(wait)', col('pWait'), theory.pWait, 0.08);
      agrees('service level', col('serviceLevel'), theory.serviceLevel!, 0.08);
      agrees('ASA', col('asa'), theory.asa, Math.max(0.05, 0.35 * theory.asa));
      agrees('occupancy', col('occupancy'), theory.occupancy, 0.015);
      expect(s.totals.served).toBe(s.totals.arrivals);
    });
  }
});

describe('M/M/c+M against Erlang A, including overload', () => {
  const grid: Array<[number, number, number]> = [
    // c, load λ/(cμ), θ/μ
    [1, 0.8, 0.5],
    [10, 1.1, 0.5],
    [100, 1.1, 0.5],
    [100, 1.5, 2],
    [1000, 1.2, 0.5],
  ];
  for (const [c, rho, thetaOverMu] of grid) {
    it(`matches P(abandon), P(wait), ASA and service level at c = ${c}, load ${rho}, θ/μ = ${thetaOverMu}`, () => {
      const mu = 1;
      const lambda = rho * c * mu;
      const theta = thetaOverMu * mu;
      const target = 0.1;
      const theory = erlangAMeasures({
        arrivalRate: lambda,
        serviceRate: mu,
        patienceRate: theta,
        servers: c,
        target,
      });
      const customers = Math.min(600_000, Math.max(100_000, c * 4000));
      const s = replicateQueue(
        {
          arrivalRates: [lambda],
          servers: c,
          service: exponential(1 / mu),
          patience: exponential(1 / theta),
          customers,
          warmup: Math.round(customers / 10),
          target,
        },
        { replications: R, seed: `mmcm-${c}-${rho}${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}` },
      );
      const col = (k: 'pWait' | 'asa' | 'serviceLevel' | 'pAbandon') => s.raw.map((m) => m[k]);
      agrees('P(abandon)', col('pAbandon'), theory.pAbandon, 0.02);
      agrees('P(wait)', col('pWait'), theory.pWait, 0.05);
      agrees('ASA (all arrivals)', col('asa'), theory.asa, Math.max(0.03, 0.15 * theory.asa));
      agrees('service level (all arrivals)', col('serviceLevel'), theory.serviceLevel!, 0.05);
      expect(s.totals.served + s.totals.abandoned).toBe(s.totals.arrivals);
    });
  }
});

describe('M/M/c/K against the finite-capacity formulas', () => {
  for (const [c, K, rho] of [
    [1, 5, 0.9],
    [10, 15, 1.2],
    [10, 10, 0.8],
  ] as const) {
    it(`matches blocking, P(wait) and ASA at c = ${c}, K = ${K}, load ${rho}`, () => {
      const lambda = rho * c;
      const theory = mmckMeasures({
        arrivalRate: lambda,
        serviceRate: 1,
        servers: c,
        capacity: K,
        target: 0.2,
      });
      const s = replicateQueue(
        {
          arrivalRates: [lambda],
          servers: c,
          service: exponential(1),
          capacity: K,
          customers: 100_000,
          warmup: 10_000,
          target: 0.2,
        },
        { replications: R, seed: `mmck-${c}-${K}${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}` },
      );
      agrees(
        'blocking',
        s.raw.map((m) => m.blocking),
        theory.blocking,
        0.02,
      );
      agrees(
        'P(wait | admitted)',
        s.raw.map((m) => m.pWait),
        theory.pWait,
        0.03,
      );
      agrees(
        'ASA (admitted)',
        s.raw.map((m) => m.asa),
        theory.asa,
        Math.max(0.02, 0.1 * theory.asa),
      );
      if (c === K)
        agrees(
          'blocking = Erlang B',
          s.raw.map((m) => m.blocking),
          erlangB(c, lambda),
          0.02,
        );
      expect(s.totals.served + s.totals.blocked).toBe(s.totals.arrivals);
    });
  }
});

describe('two priority classes, non-preemptive', () => {
  it('match Cobham’s mean waits per class on M/M/1', () => {
    const rates = [0.3, 0.5];
    const theory = priorityWaits({ arrivalRates: rates, serviceRate: 1, servers: 1 });
    const s = replicateQueue(
      {
        arrivalRates: rates,
        servers: 1,
        service: exponential(1),
        customers: 300_000,
        warmup: 30_000,
      },
      { replications: R, seed: `priority${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}` },
    );
    agrees(
      'class 1 wait',
      s.raw.map((m) => m.classWaits[0]),
      theory[0],
      0.1,
    );
    agrees(
      'class 2 wait',
      s.raw.map((m) => m.classWaits[1]),
      theory[1],
      0.5,
    );
  });

  it('match Cobham’s mean waits on M/M/5', () => {
    const rates = [1.5, 2.5];
    const theory = priorityWaits({ arrivalRates: rates, serviceRate: 1, servers: 5 });
    const s = replicateQueue(
      {
        arrivalRates: rates,
        servers: 5,
        service: exponential(1),
        customers: 300_000,
        warmup: 30_000,
      },
      { replications: R, seed: `priority-5${process.env.SLALAB_TEST_SEED_SUFFIX ?? ''}` },
    );
    agrees(
      'class 1 wait',
      s.raw.map((m) => m.classWaits[0]),
      theory[0],
      0.05,
    );
    agrees(
      'class 2 wait',
      s.raw.map((m) => m.classWaits[1]),
      theory[1],
      0.2,
    );
  });
});

describe('invariants of the queue simulator', () => {
  const params = {
    arrivalRates: [9],
    servers: 10,
    service: exponential(1),
    patience: exponential(2),
    capacity: 14,
    customers: 20_000,
    warmup: 0,
    target: 0.1,
  };

  it('ends every customer exactly once: served, abandoned or blocked', () => {
    const m = simulateQueue(params, replicationStreams(3, 0));
    expect(m.served + m.abandoned + m.blocked).toBe(m.arrivals);
    expect(m.arrivals).toBe(20_000);
    expect(m.abandoned).toBeGreaterThan(0);
    expect(m.blocked).toBeGreaterThan(0);
  });

  it('reproduces the same output for the same seed, bit for bit, and differs for another', () => {
    const a = simulateQueue(params, replicationStreams(3, 0));
    const b = simulateQueue(params, replicationStreams(3, 0));
    const c = simulateQueue(params, replicationStreams(4, 0));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });
});
