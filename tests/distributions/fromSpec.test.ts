import { describe, expect, it } from 'vitest';
import {
  DistributionParameterError,
  type DistributionSpec,
  deterministic,
  empirical,
  erlang,
  exponential,
  fromSpec,
  gamma,
  lognormal,
  uniform,
} from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { draw, rejectedPaths } from './support/statistics.js';

describe('fromSpec', () => {
  it('builds each family exactly as its factory does', () => {
    const pairs: [DistributionSpec, ReturnType<typeof exponential>][] = [
      [{ dist: 'exponential', mean: 300 }, exponential(300)],
      [{ dist: 'gamma', mean: 300, cv: 0.8 }, gamma(300, 0.8)],
      [{ dist: 'lognormal', mean: 300, cv: 0.8 }, lognormal(300, 0.8)],
      [{ dist: 'erlang', mean: 300, k: 3 }, erlang(300, 3)],
      [{ dist: 'uniform', min: 60, max: 120 }, uniform(60, 120)],
      [{ dist: 'deterministic', value: 30 }, deterministic(30)],
      [{ dist: 'empirical', samples: [1, 5, 2] }, empirical([1, 5, 2])],
      [
        { dist: 'empirical', samples: [1, 5, 2], interpolate: true },
        empirical([1, 5, 2], { interpolate: true }),
      ],
    ];
    for (const [spec, direct] of pairs) {
      const built = fromSpec(spec);
      expect(built.describe()).toBe(direct.describe());
      expect([built.kind, built.mean, built.variance]).toEqual([
        direct.kind,
        direct.mean,
        direct.variance,
      ]);
      const seed = new Streams(12);
      expect(draw(built, seed.stream(spec.dist), 50)).toEqual(
        draw(direct, seed.stream(spec.dist), 50),
      );
    }
  });

  it('reports every issue at once, each with its dotted path', () => {
    const spec = { dist: 'gamma', mean: -1, k: 2 } as unknown as DistributionSpec;
    let error: unknown;
    try {
      fromSpec(spec, 'channels.email.handleTime');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toBeInstanceOf(DistributionParameterError);
    const issues = (error as DistributionParameterError).issues.map((i) => i.path);
    expect(issues.sort()).toEqual([
      'channels.email.handleTime.cv',
      'channels.email.handleTime.k',
      'channels.email.handleTime.mean',
    ]);
    expect((error as Error).message).toContain(
      'channels.email.handleTime.cv must be a finite number >= 0 (0 means a constant), got nothing (missing)',
    );
    expect((error as Error).message).toContain(
      'channels.email.handleTime.k must be absent (gamma takes only dist, mean, cv), got 2',
    );
  });

  it('treats a parameter of another family as a mistake, not something to ignore', () => {
    const spec = { dist: 'exponential', mean: 300, cv: 0.5 } as unknown as DistributionSpec;
    expect(rejectedPaths(() => fromSpec(spec))).toEqual(['cv']);
  });

  it('rejects an unknown family and a spec that is not an object', () => {
    const weibull = { dist: 'weibull', mean: 300 } as unknown as DistributionSpec;
    expect(rejectedPaths(() => fromSpec(weibull, 'talk'))).toEqual(['talk.dist']);
    expect(() => fromSpec(weibull)).toThrow(/dist must be one of exponential, gamma, lognormal/);
    expect(rejectedPaths(() => fromSpec(null as unknown as DistributionSpec))).toEqual(['(spec)']);
    expect(rejectedPaths(() => fromSpec(300 as unknown as DistributionSpec, 'talk'))).toEqual([
      'talk',
    ]);
  });

  it('applies the factories’ rules, e.g. min <= max, integer k and non-empty samples', () => {
    expect(rejectedPaths(() => fromSpec({ dist: 'uniform', min: 9, max: 1 }))).toEqual(['min']);
    expect(rejectedPaths(() => fromSpec({ dist: 'erlang', mean: 300, k: 1.5 }))).toEqual(['k']);
    expect(rejectedPaths(() => fromSpec({ dist: 'empirical', samples: [] }))).toEqual(['samples']);
    expect(rejectedPaths(() => fromSpec({ dist: 'deterministic' }))).toEqual(['value']);
  });
});
