/**
 * Test-only seeded generators: mulberry32 (Tommy Ettinger, public domain), a
 * 32-bit generator small enough to read in one glance, plus inverse-CDF and
 * Box–Muller draws built on it. Kept apart from the engine's streams so the
 * statistics tests depend on nothing but this file.
 */

/** mulberry32: the next 32-bit unsigned integer from a 32-bit state. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1) with 32 bits of resolution. */
export function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** Exponential draws with the given mean, by inverse CDF: −mean · ln(1 − U). */
export function exponential(seed: number, mean: number): () => number {
  const u = uniform(seed);
  return () => -mean * Math.log(1 - u());
}

/** Standard normal draws by the Box–Muller transform. */
export function standardNormal(seed: number): () => number {
  const u = uniform(seed);
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
