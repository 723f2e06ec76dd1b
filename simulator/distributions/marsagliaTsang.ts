/**
 * The Marsaglia–Tsang core: a standard gamma deviate (scale 1) of shape d + 1/3,
 * for shape >= 1. Shared by `gamma` and by `erlang` for many phases.
 *
 * Method: with d = shape − 1/3 and c = 1/√(9d), draw a standard normal x, set
 * v = (1 + c·x)³ (rejecting v <= 0) and accept d·v when a uniform u satisfies
 * the squeeze u < 1 − 0.0331·x⁴ or, failing that, ln u < x²/2 + d(1 − v + ln v).
 * The acceptance rate rises from about 0.95 at shape 1 towards 1 as the shape
 * grows, and the squeeze avoids both logarithms on most draws.
 *
 * Uniforms consumed: the normal comes from {@link normalQuantile} (one uniform
 * each), so one attempt is exactly 2 uniforms (normal, then acceptance); a
 * normal rejected because v <= 0 costs 1 more and is redrawn. A draw therefore
 * consumes 2·attempts + (v <= 0 rejections): at least 2, 2.09 on average at
 * shape 1, 2.02 at shape 4, 2.003 at shape 17 (measured, 200 000 draws).
 *
 * Reference: G. Marsaglia and W. W. Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3), 363–372.
 */
import type { RandomSource } from '../engine/random.js';
import { normalQuantile } from './normalQuantile.js';

/**
 * @param d shape − 1/3, with shape >= 1
 * @param c 1 / √(9d)
 */
export function standardGamma(source: RandomSource, d: number, c: number): number {
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalQuantile(source.next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = source.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}
