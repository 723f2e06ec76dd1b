/**
 * The contract every service-time, patience or inter-arrival distribution meets.
 *
 * A distribution is an immutable value built once by a factory (`gamma(300, 0.8)`)
 * and then sampled many times from an injected {@link RandomSource}: it holds no
 * generator of its own, so the caller decides which named stream feeds which
 * purpose (common random numbers, habit 3), and the same distribution object can
 * be shared by every replication. This is d3-random's "factory over a source"
 * idea with the source passed per draw instead of bound once.
 *
 * `mean` and `variance` are the theoretical moments of the law that `sample`
 * draws from, not estimates: analytic formulas (Pollaczek–Khinchine, Allen–Cunneen)
 * read them, and the tests compare sample moments against them.
 *
 * @example
 * import { gamma } from './gamma.js';
 * import { Streams } from '../engine/random.js';
 * const talk = gamma(300, 0.8);
 * talk.kind;       // 'gamma'
 * talk.mean;       // 300
 * talk.variance;   // 57600.00000000001
 * talk.describe(); // 'gamma(mean=300, cv=0.8)'
 * talk.sample(new Streams(42).stream('talk')); // 408.12302600134376
 */
import type { RandomSource } from '../engine/random.js';

export interface Distribution {
  /** The family: 'deterministic', 'exponential', 'erlang', 'gamma', 'lognormal', 'uniform', 'empirical'. */
  readonly kind: string;
  /** Theoretical mean of the law. */
  readonly mean: number;
  /** Theoretical variance of the law (0 for a constant). */
  readonly variance: number;
  /**
   * One draw. Hot path: allocates nothing and reads only `source.next()`; how
   * many uniforms it consumes is documented on each factory.
   */
  sample(source: RandomSource): number;
  /** Short human-readable form with the parameters as given, e.g. 'gamma(mean=300, cv=0.8)'. */
  describe(): string;
}
