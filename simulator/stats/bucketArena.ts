/**
 * Zeroed count arrays carved from large shared buffers, for the thousands of
 * short quantile sketches one simulation run keeps (one per interval,
 * channel and measure).
 *
 * Why: a fresh `Float64Array` gets its own off-heap backing store, which
 * costs microseconds to allocate and more to free and sweep; a view on a
 * buffer that already exists costs tens of nanoseconds. An arena never reuses
 * what it handed out: a sketch that grows takes a new array and leaves the old
 * one behind, so the arena holds at most about twice what its sketches use at
 * the end (they double), and it is freed as a whole when the run that owns it
 * is dropped. Use one arena per run, not one for ever.
 *
 * @example
 * const arena = new BucketArena();
 * const counts = arena.take(128); // a zeroed Float64Array of length 128
 */
export class BucketArena {
  private buffer: ArrayBuffer | undefined;
  private used = 0; // doubles handed out from `buffer`
  private total = 0;

  /** @param slabLength doubles per shared buffer (longer arrays get their own) */
  constructor(private readonly slabLength = 1 << 16) {
    if (!Number.isInteger(slabLength) || slabLength < 1) {
      throw new RangeError(`BucketArena: slabLength must be an integer >= 1, got ${slabLength}`);
    }
  }

  /** A zeroed array of `length` doubles that no other caller shares. */
  take(length: number): Float64Array {
    this.total += length;
    if (length > this.slabLength) return new Float64Array(length);
    if (this.buffer === undefined || this.used + length > this.slabLength) {
      this.buffer = new ArrayBuffer(this.slabLength * 8);
      this.used = 0;
    }
    const counts = new Float64Array(this.buffer, this.used * 8, length);
    this.used += length;
    return counts;
  }

  /** Doubles handed out so far (live or left behind by growth). */
  get doublesTaken(): number {
    return this.total;
  }
}
