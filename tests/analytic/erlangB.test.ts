import { describe, expect, it } from 'vitest';
import { erlangB } from '../../simulator/analytic/index.js';
import { erlangBDirect, erlangBExact, expectNear } from './oracles.js';

describe('erlangB', () => {
  it('gives the hand-computable values B(1, A) = A/(1+A) and B(2, 1) = 0.2', () => {
    for (const a of [0.01, 0.5, 1, 3, 100]) expectNear(erlangB(1, a), a / (1 + a), 1e-15);
    // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
    expectNear(erlangB(2, 1), 0.2, 1e-15);
  });

  // Published Erlang B tables give the offered load at which c channels block a given share of
  // calls. The printed load is rounded, so the true load lies within half a unit of its last
  // digit, and B (increasing in the load) must cross the goal inside that interval.
  // - "Carrier Grade Voice Over IP", 2nd ed., Appendix A "Table of Erlang B"
  //   (globalspec.com/reference/55139/203279/appendix-a-table-of-erlang-b), one decimal;
  // - erlang.com calculator manual, "How much traffic can a trunk group handle":
  //   15 lines at 1% blocking carry 8.108 Erlangs.
  const table: Array<[servers: number, load: number, halfUnit: number, goal: number]> = [
    [5, 0.8, 0.05, 0.001],
    [5, 1.4, 0.05, 0.01],
    [5, 1.7, 0.05, 0.02],
    [5, 2.2, 0.05, 0.05],
    [8, 2.1, 0.05, 0.001],
    [8, 3.1, 0.05, 0.01],
    [8, 3.6, 0.05, 0.02],
    [8, 4.5, 0.05, 0.05],
    [9, 2.6, 0.05, 0.001],
    [9, 3.8, 0.05, 0.01],
    [9, 4.3, 0.05, 0.02],
    [9, 5.4, 0.05, 0.05],
    [15, 8.108, 0.0005, 0.01],
  ];
  it.each(table)(
    'crosses the published blocking goal for %i channels at the printed load %f',
    (servers, load, halfUnit, goal) => {
      expect(erlangB(servers, load - halfUnit)).toBeLessThanOrEqual(goal);
      expect(erlangB(servers, load + halfUnit)).toBeGreaterThanOrEqual(goal);
    },
  );

  it('equals the factorial definition computed exactly in integers', () => {
    for (const c of [1, 2, 3, 7, 20, 60, 150, 400]) {
      for (const load of [1, Math.ceil(0.5 * c), c, Math.ceil(1.7 * c), 5 * c]) {
        expectNear(erlangB(c, load), erlangBExact(c, load), 1e-13, 0, `B(${c}, ${load})`);
      }
    }
  });

  it('equals the factorial definition summed in log space for fractional loads', () => {
    // The log-space oracle accumulates ~c roundings of ln k! (≈ c·ln c in size),
    // so it is itself only good to about c·1e-13 relative; hence the tolerance.
    for (const c of [1, 2, 3, 7, 20, 60, 150, 400]) {
      for (const load of [0.1, 0.37 * c, 0.99 * c, 2.5 * c]) {
        expectNear(erlangB(c, load), erlangBDirect(c, load), c * 1e-13, 0, `B(${c}, ${load})`);
      }
    }
  });

  it('is zero with no load and decreases in servers, increases in load', () => {
    expect(erlangB(5, 0)).toBe(0);
    let previous = 1;
    for (let c = 1; c <= 60; c++) {
      const b = erlangB(c, 30);
      expect(b).toBeLessThan(previous);
      previous = b;
    }
    expect(erlangB(10, 8)).toBeGreaterThan(erlangB(10, 7.9));
  });

  it('stays finite and inside [0, 1] from 1 to 10000 servers at any load', () => {
    for (const c of [1, 2, 10, 100, 1000, 5000, 10000]) {
      for (const load of [1e-9, 0.01 * c, 0.9 * c, c, 1.5 * c, 100 * c]) {
        const b = erlangB(c, load);
        expect(Number.isFinite(b), `B(${c}, ${load})`).toBe(true);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
      }
    }
  });

  it('rejects bad servers and loads with a RangeError naming the parameter', () => {
    expect(() => erlangB(0, 1)).toThrow(/servers must be a whole number ≥ 1/);
    expect(() => erlangB(2.5, 1)).toThrow(/servers/);
    expect(() => erlangB(Number.NaN, 1)).toThrow(RangeError);
    expect(() => erlangB(3, -1)).toThrow(/load must be a finite number ≥ 0/);
    expect(() => erlangB(3, Number.NaN)).toThrow(/load/);
    expect(() => erlangB(3, Number.POSITIVE_INFINITY)).toThrow(/load/);
  });
});
