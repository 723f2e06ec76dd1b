/**
 * Time-weighted average of a piecewise-constant quantity.
 *
 * What: a queue length, the number of busy servers or the number of logged-in
 * agents holds a value between events and jumps at events. Its time average
 * over [start, now] is (1 / (now − start)) ∫ v(t) dt, and the integral of a
 * step function is Σ vᵢ · (tᵢ₊₁ − tᵢ). `update(now, v)` closes the current step
 * and opens a new one; nothing is stored per step, so memory is O(1).
 *
 * Why compensated: a run has 10⁷ or more steps, and adding each small area to
 * a large running total drops low-order bits every time; the lost bits grow
 * like √n ulps on random data and like n ulps in the worst case. Neumaier's
 * variant of Kahan summation carries the lost bits in a second float and keeps
 * the integral within a few ulps of the exact sum of the step areas.
 *
 * Conventions: `max` is the largest value ever set since the last reset, even
 * one replaced at the same instant (held for zero time), because a
 * simultaneous burst of events is a real state of the model. Time must not go
 * backwards.
 *
 * References:
 * - A. M. Law (2015), *Simulation Modeling and Analysis*, 5th ed., §1.4.3
 *   (time-average number in queue, the area under Q(t)).
 * - A. Neumaier (1974), ZAMM 54:39–51 (compensated summation).
 *
 * @example
 * const q = new TimeAverage(0, 0); // queue empty at t = 0
 * q.update(2, 3);                  // 3 waiting from t = 2
 * q.update(5, 1);                  // 1 waiting from t = 5
 * q.mean(10);                      // (0·2 + 3·3 + 1·5) / 10 = 1.4
 * q.max;                           // 3
 */
export class TimeAverage {
  private t0: number;
  private last: number;
  private value: number;
  private peak: number;
  private area = 0;
  private comp = 0; // Neumaier compensation for `area`

  /**
   * @param startTime when observation starts (the lower end of the window).
   * @param initialValue the value held from `startTime` on.
   * @throws {RangeError} if either argument is not finite.
   */
  constructor(startTime = 0, initialValue = 0) {
    if (!Number.isFinite(startTime)) {
      throw new RangeError(`TimeAverage: startTime must be finite, got ${startTime}`);
    }
    if (!Number.isFinite(initialValue)) {
      throw new RangeError(`TimeAverage: initialValue must be finite, got ${initialValue}`);
    }
    this.t0 = startTime;
    this.last = startTime;
    this.value = initialValue;
    this.peak = initialValue;
  }

  /**
   * The quantity changes to `newValue` at time `now`.
   * @throws {RangeError} if `now` is earlier than the previous update (or NaN),
   *   or `newValue` is not finite.
   */
  update(now: number, newValue: number): void {
    if (!(now >= this.last) || now === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `TimeAverage.update: now=${now} is before the last update at ${this.last}`,
      );
    }
    if (!Number.isFinite(newValue)) {
      throw new RangeError(`TimeAverage.update: newValue must be finite, got ${newValue}`);
    }
    const term = this.value * (now - this.last);
    const s = this.area;
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) this.comp += s - t + term;
    else this.comp += term - t + s;
    this.area = t;
    this.last = now;
    this.value = newValue;
    if (newValue > this.peak) this.peak = newValue;
  }

  /**
   * ∫ v(t) dt from the start of the window to `now` (the current value is
   * extended to `now` without being recorded).
   * @throws {RangeError} if `now` is earlier than the last update.
   */
  integral(now: number): number {
    if (!(now >= this.last)) {
      throw new RangeError(
        `TimeAverage.integral: now=${now} is before the last update at ${this.last}`,
      );
    }
    return this.area + (this.value * (now - this.last) + this.comp);
  }

  /**
   * Time-weighted mean over [start, now]. NaN when the window has zero length
   * (an average over no time is undefined).
   * @throws {RangeError} if `now` is earlier than the last update.
   */
  mean(now: number): number {
    const integral = this.integral(now);
    const elapsed = now - this.t0;
    return elapsed > 0 ? integral / elapsed : Number.NaN;
  }

  /** The largest value set since the start (or the last reset), including the initial one. */
  get max(): number {
    return this.peak;
  }

  /** The value held now. */
  get current(): number {
    return this.value;
  }

  /** The start of the current observation window. */
  get startTime(): number {
    return this.t0;
  }

  /** Time of the last `update` (or the window start if none since). */
  get lastUpdate(): number {
    return this.last;
  }

  /**
   * Start a new window at `now`, keeping the current value: used to drop a
   * warm-up period. The max restarts from the current value.
   * @throws {RangeError} if `now` is earlier than the last update.
   */
  reset(now: number): void {
    if (!(now >= this.last) || now === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `TimeAverage.reset: now=${now} is before the last update at ${this.last}`,
      );
    }
    this.t0 = now;
    this.last = now;
    this.area = 0;
    this.comp = 0;
    this.peak = this.value;
  }
}
