/**
 * Seeded, named, splittable random streams.
 *
 * Every stream is a xoshiro128** generator (Blackman & Vigna 2018) whose 128-bit
 * state is derived by hashing the root seed together with the stream's path of
 * names. Only 32-bit integer arithmetic (`Math.imul`, shifts) is used, so the
 * same seed gives bit-identical draws on every machine and in every worker.
 *
 * Why named streams: a simulation that takes one stream per purpose (arrivals,
 * service times, patience...) keeps common random numbers between variants: an
 * extra draw in one place never shifts the draws of another.
 *
 * @example
 * const root = new Streams(42);
 * const arrivals = root.stream('arrivals');
 * arrivals.next(); // a float in (0, 1)
 * root.child('replication', 3).stream('arrivals'); // independent of the above
 */
import { standardExponential } from './ziggurat.js';

/** A source of uniform floats strictly inside (0, 1), and of exponential draws. */
export interface RandomSource {
  next(): number;
  /** An exponential draw with mean 1 (> 0). */
  exponential(): number;
}

const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/** xoshiro128** with a 53-bit float output built from two 32-bit words. */
export class Stream implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: readonly [number, number, number, number]) {
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is a fixed point
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return r >>> 0;
  }

  /** A uniform float strictly inside (0, 1) with 53 bits of resolution. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) * TWO_POW_MINUS_53;
  }

  /** An exponential draw with mean 1, by the ziggurat (a table lookup for 98% of draws). */
  exponential(): number {
    return standardExponential(this);
  }
}

/** cyrb128: a fast, well-mixed 128-bit string hash (public domain, bryc). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** SplitMix32 finaliser, applied to decorrelate the hashed words further. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A tree of named random streams under one seed. `stream(name)` gives the
 * generator for one purpose; `child(name, index)` gives an independent subtree
 * (one per replication, per sweep point...). Asking twice for the same path
 * gives a fresh generator at the same starting point.
 */
export class Streams {
  readonly path: string;

  constructor(seed: number | string, path?: string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number or a string, got ${seed}`);
    }
    this.path = path ?? `slalab:${String(seed)}`;
  }

  /** An independent subtree, e.g. `child('replication', 7)`. */
  child(name: string, index?: number): Streams {
    const part = index === undefined ? name : `${name}#${index}`;
    return new Streams(0, `${this.path}/${part}`);
  }

  /** The generator for one named purpose under this subtree. */
  stream(name: string): Stream {
    const h = hash128(`${this.path}:${name}`);
    return new Stream([
      mix32(h[0]),
      mix32(h[1] ^ 0x5bd1e995),
      mix32(h[2]),
      mix32(h[3] ^ 0x27d4eb2f),
    ]);
  }
}
