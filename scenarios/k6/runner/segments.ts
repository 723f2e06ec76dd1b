/**
 * Execution segments: how k6 splits one test between instances so that
 * complementary segments run every VU and every iteration exactly once.
 *
 * A port of grafana/k6 `lib/execution_segment.go` (segments as rationals,
 * sequences, the striping algorithm in `NewExecutionSegmentSequenceWrapper`,
 * `ScaleInt64`, `GetNewExecutionSegmentSequenceFromValue`, `SegmentedIndex`),
 * described in plain words in /work/shared/k6-segments.md. Rationals are kept
 * exact with BigInt, as k6 does with `big.Rat`.
 *
 * Docs: https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/#execution-segment
 */

/** An exact non-negative rational `num/den` in lowest terms. */
export class Rat {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den = 1n) {
    if (den === 0n) throw new RangeError('zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    this.num = g === 0n ? 0n : num / g;
    this.den = g === 0n ? 1n : den / g;
  }

  static parse(text: string): Rat {
    const s = text.trim();
    if (s.endsWith('%')) {
      const body = s.slice(0, -1);
      if (!/^-?\d+$/.test(body)) throw new RangeError(`'${text}' is not a valid percentage`);
      return new Rat(BigInt(body), 100n);
    }
    const fraction = /^(-?\d+)\/(\d+)$/.exec(s);
    if (fraction) {
      if (BigInt(fraction[2]!) === 0n) {
        throw new RangeError(`'${text}' has a zero denominator`);
      }
      return new Rat(BigInt(fraction[1]!), BigInt(fraction[2]!));
    }
    const decimal = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (decimal && (decimal[2] || decimal[3])) {
      const digits = `${decimal[2] ?? ''}${decimal[3] ?? ''}` || '0';
      let num = BigInt(digits) * (decimal[1] === '-' ? -1n : 1n);
      let den = 10n ** BigInt((decimal[3] ?? '').length);
      const exp = Number(decimal[4] ?? 0);
      if (exp > 0) num *= 10n ** BigInt(exp);
      if (exp < 0) den *= 10n ** BigInt(-exp);
      return new Rat(num, den);
    }
    throw new RangeError(
      `'${text}' is not a valid percentage, decimal, fraction or interval value`,
    );
  }

  add(o: Rat): Rat {
    return new Rat(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rat): Rat {
    return new Rat(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  cmp(o: Rat): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }

  toString(): string {
    return this.den === 1n ? String(this.num) : `${this.num}/${this.den}`;
  }

  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const ZERO = new Rat(0n);
const ONE = new Rat(1n);

/** The slice (from, to] of the whole test, 0 ≤ from < to ≤ 1. */
export class ExecutionSegment {
  readonly from: Rat;
  readonly to: Rat;
  readonly length: Rat;

  constructor(from: Rat, to: Rat) {
    if (from.cmp(ZERO) < 0) {
      throw new RangeError(`segment start value must be at least 0 but was ${from}`);
    }
    if (from.cmp(to) >= 0) {
      throw new RangeError(`segment start (${from}) must be less than its end (${to})`);
    }
    if (to.cmp(ONE) > 0)
      throw new RangeError(`segment end value can't be more than 1 but was ${to}`);
    this.from = from;
    this.to = to;
    this.length = to.sub(from);
  }

  /** `1/2:3/4`, `0.5:0.75`, `50%:75%`; a single value `x` means `0:x`; empty means `0:1`. */
  static parse(text: string): ExecutionSegment {
    let toText = text.trim() === '' ? '1' : text.trim();
    let from = ZERO;
    const colon = toText.indexOf(':');
    if (colon >= 0) {
      from = Rat.parse(toText.slice(0, colon));
      toText = toText.slice(colon + 1);
    }
    return new ExecutionSegment(from, Rat.parse(toText));
  }

  equals(o: ExecutionSegment): boolean {
    return this.from.cmp(o.from) === 0 && this.to.cmp(o.to) === 0;
  }

  toString(): string {
    return `${this.from}:${this.to}`;
  }
}

/** Parses `r0,r1,...,rn` into the adjacent segments (r0,r1], (r1,r2], …. */
export function parseSequence(text: string): ExecutionSegment[] {
  if (text.trim() === '') return [];
  const points = text.split(',').map((p) => Rat.parse(p));
  if (points.length < 2) {
    throw new RangeError(
      `at least 2 points are needed for an execution segment sequence, ${points.length} given`,
    );
  }
  const segments: ExecutionSegment[] = [];
  for (let i = 1; i < points.length; i++)
    segments.push(new ExecutionSegment(points[i - 1]!, points[i]!));
  return segments;
}

/** Fills the gaps so the sequence covers 0..1 (k6 `GetFilledExecutionSegmentSequence`). */
export function fillSequence(
  sequence: readonly ExecutionSegment[] | undefined,
  segment: ExecutionSegment | undefined,
): ExecutionSegment[] {
  let result: ExecutionSegment[];
  if (!sequence || sequence.length === 0) {
    if (!segment || segment.length.cmp(ONE) === 0) return [new ExecutionSegment(ZERO, ONE)];
    result = [segment];
  } else {
    result = [...sequence];
  }
  if (result[0]!.from.cmp(ZERO) !== 0) result.unshift(new ExecutionSegment(ZERO, result[0]!.from));
  const last = result[result.length - 1]!;
  if (last.to.cmp(ONE) !== 0) result.push(new ExecutionSegment(last.to, ONE));
  return result;
}

/** The biggest lcd we stripe over (the striping loop is O(lcd × segments)). */
const MAX_LCD = 10_000_000n;

/**
 * A full (0..1) sequence with its striping precomputed: `offsets[i]` is
 * `[start, gap1, gap2, …, wrap]` for segment i, exactly as in k6.
 */
export class SequenceWrapper {
  readonly segments: readonly ExecutionSegment[];
  readonly lcd: number;
  private readonly offsets: number[][];

  constructor(segments: readonly ExecutionSegment[]) {
    if (segments.length === 0) throw new RangeError('empty execution segment sequence');
    for (let i = 1; i < segments.length; i++) {
      if (segments[i]!.from.cmp(segments[i - 1]!.to) !== 0) {
        throw new RangeError(
          `the start value ${segments[i]!.from} of segment #${i} must be equal to the end value of the previous one, but it is ${segments[i - 1]!.to}`,
        );
      }
    }
    if (segments[0]!.from.cmp(ZERO) !== 0 || segments[segments.length - 1]!.to.cmp(ONE) !== 0) {
      throw new RangeError(`the execution segment sequence must cover 0 to 1`);
    }
    this.segments = segments;
    let lcd = segments[0]!.length.den;
    for (const s of segments.slice(1)) {
      const n = s.length.den;
      if (lcd % n !== 0n) lcd *= n / gcd(lcd, n);
    }
    if (lcd > MAX_LCD) {
      throw new RangeError(
        `the execution segment sequence needs a common denominator of ${lcd}; use simpler fractions`,
      );
    }
    this.lcd = Number(lcd);
    const norm = segments.map((s, index) => ({
      numerator: Number(s.length.num * (lcd / s.length.den)),
      index,
    }));
    // Biggest first; equal sizes keep their sequence order (a stable sort).
    const sorted = [...norm].sort((a, b) => b.numerator - a.numerator);
    const offsets: number[][] = segments.map(() => []);
    const prev = new Array<number>(segments.length).fill(0);
    const chosen = new Array<number>(segments.length).fill(0);
    const L = this.lcd;
    for (let i = 0; i < L; i++) {
      for (let k = 0; k < sorted.length; k++) {
        const num = chosen[k]! * L;
        const denom = sorted[k]!.numerator;
        const q = Math.floor(num / denom);
        if (i > q || (i === q && num % denom === 0)) {
          chosen[k]!++;
          const idx = sorted[k]!.index;
          offsets[idx]!.push(i - prev[idx]!);
          prev[idx] = i;
          if (offsets[idx]!.length === denom) offsets[idx]!.push(offsets[idx]![0]! + L - i);
          break;
        }
      }
    }
    this.offsets = offsets;
  }

  /** The number of segment `index`'s own indices below `value` (k6 `ScaleInt64`). */
  scaleInt64(index: number, value: number): number {
    const [start, ...gaps] = this.offsets[index]!;
    let result = Math.floor(value / this.lcd) * gaps.length;
    const rem = value % this.lcd;
    for (let gi = 0, i = start!; i < rem; i += gaps[gi]!, gi++) result++;
    return result;
  }

  stripedOffsets(index: number): { start: number; offsets: number[]; lcd: number } {
    const [start, ...offsets] = this.offsets[index]!;
    return { start: start!, offsets, lcd: this.lcd };
  }

  findSegment(segment: ExecutionSegment): number {
    const index = this.segments.findIndex((s) => s.equals(segment));
    if (index < 0) {
      throw new RangeError(
        `couldn't find segment ${segment} in sequence ${sequenceToString(this.segments)}`,
      );
    }
    return index;
  }
}

export function sequenceToString(segments: readonly ExecutionSegment[]): string {
  return [segments[0]!.from, ...segments.map((s) => s.to)].map(String).join(',');
}

/** A sequence plus the instance's own segment in it (k6 `ExecutionTuple`). */
export class ExecutionTuple {
  readonly wrapper: SequenceWrapper;
  readonly index: number;

  constructor(wrapper: SequenceWrapper, index: number) {
    this.wrapper = wrapper;
    this.index = index;
  }

  /** From the `--execution-segment` and `--execution-segment-sequence` strings. */
  static from(segment?: string, sequence?: string): ExecutionTuple {
    const seg =
      segment !== undefined && segment !== '' ? ExecutionSegment.parse(segment) : undefined;
    const seq = sequence !== undefined && sequence !== '' ? parseSequence(sequence) : undefined;
    const wrapper = new SequenceWrapper(fillSequence(seq, seg));
    return new ExecutionTuple(wrapper, wrapper.findSegment(seg ?? new ExecutionSegment(ZERO, ONE)));
  }

  get segment(): ExecutionSegment {
    return this.wrapper.segments[this.index]!;
  }

  scaleInt64(value: number): number {
    if (this.wrapper.segments.length === 1) return value;
    return this.wrapper.scaleInt64(this.index, value);
  }

  /**
   * Re-segments by `value`: each segment's new length is its
   * `ScaleInt64(value)/value`; empty segments are dropped. Returns undefined
   * when this instance's segment gets nothing (k6 then has no work for it).
   */
  resegment(value: number): ExecutionTuple | undefined {
    if (value < 1) return undefined;
    if (value % this.wrapper.lcd === 0) return this;
    const segments: ExecutionSegment[] = [];
    let newIndex = -1;
    let prev = 0n;
    const v = BigInt(value);
    for (let i = 0; i < this.wrapper.segments.length; i++) {
      const share = BigInt(this.wrapper.scaleInt64(i, value));
      if (share === 0n) continue;
      if (i === this.index) newIndex = segments.length;
      segments.push(new ExecutionSegment(new Rat(prev, v), new Rat(prev + share, v)));
      prev += share;
    }
    if (newIndex < 0) return undefined;
    return new ExecutionTuple(new SequenceWrapper(segments), newIndex);
  }
}

/**
 * Walks this instance's stripe: each `next()` gives the 1-based local
 * (scaled) and global (unscaled) counters, as k6's `SegmentedIndex.Next`.
 */
export class SegmentedIndex {
  private readonly start: number;
  private readonly offsets: number[];
  private scaled = 0;
  private unscaled = 0;

  constructor(tuple: ExecutionTuple) {
    const { start, offsets } = tuple.wrapper.stripedOffsets(tuple.index);
    this.start = start;
    this.offsets = offsets;
  }

  next(): { scaled: number; unscaled: number } {
    if (this.scaled === 0) this.unscaled += this.start + 1;
    else this.unscaled += this.offsets[(this.scaled - 1) % this.offsets.length]!;
    this.scaled++;
    return { scaled: this.scaled, unscaled: this.unscaled };
  }
}
