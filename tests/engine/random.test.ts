import { describe, expect, it } from 'vitest';
import { Stream, Streams } from '../../simulator/engine/random.js';

describe('random streams', () => {
  it('implement xoshiro128** bit for bit', () => {
    // Reference: the authors' C code (prng.di.unimi.it/xoshiro128starstar.c)
    // seeded with s = {1, 2, 3, 4}, compiled with gcc and run.
    const stream = new Stream([1, 2, 3, 4]);
    const out = Array.from({ length: 8 }, () => stream.nextUint32());
    expect(out).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
  });

  it('give the same draws for the same seed and name, and different ones otherwise', () => {
    const a = new Streams(7).stream('arrivals');
    const b = new Streams(7).stream('arrivals');
    const c = new Streams(8).stream('arrivals');
    const d = new Streams(7).stream('service');
    const draws = (s: Stream) => Array.from({ length: 100 }, () => s.next());
    const da = draws(a);
    expect(draws(b)).toEqual(da);
    expect(draws(c)).not.toEqual(da);
    expect(draws(d)).not.toEqual(da);
  });

  it('keep a stream untouched when another stream is used more', () => {
    const root = new Streams('crn');
    const service1 = root.stream('service');
    const first = Array.from({ length: 50 }, () => service1.next());
    const arrivals = root.stream('arrivals');
    for (let i = 0; i < 1000; i++) arrivals.next();
    const service2 = root.stream('service');
    expect(Array.from({ length: 50 }, () => service2.next())).toEqual(first);
  });

  it('split into independent children per replication', () => {
    const root = new Streams(1);
    const r0 = root.child('replication', 0).stream('x').next();
    const r1 = root.child('replication', 1).stream('x').next();
    expect(r0).not.toBe(r1);
    expect(root.child('replication', 1).stream('x').next()).toBe(r1);
  });

  it('draw uniforms strictly inside (0, 1) with the right mean and variance', () => {
    const s = new Streams(99).stream('u');
    const n = 1_000_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      sum += u;
      sumSq += u * u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // Uniform(0,1): mean 1/2 with standard error sqrt(1/12/n); variance 1/12
    // with standard error sqrt((1/80 - 1/144)/n). Allow 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });

  it('show no serial correlation between successive draws', () => {
    const s = new Streams(5).stream('lag');
    const n = 500_000;
    let prev = s.next() - 0.5;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const x = s.next() - 0.5;
      acc += prev * x;
      prev = x;
    }
    // Lag-1 autocorrelation of iid uniforms: mean 0, standard error 1/sqrt(n).
    const r = acc / n / (1 / 12);
    expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('rejects a non-finite seed', () => {
    expect(() => new Streams(Number.NaN)).toThrow(/seed/);
  });
});
