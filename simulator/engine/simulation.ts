/**
 * The simulation clock and loop, SimPy-style but with integer events.
 *
 * A model registers nothing with the kernel: it schedules `(kind, data)` pairs
 * and receives them back, in time order, through one handler. `kind` says what
 * happens, `data` which entity it happens to (an index into the model's own
 * arrays). The kernel knows time, order and cancellation, nothing else.
 *
 * @example
 * const sim = new Simulation();
 * sim.schedule(2, 1, 7);
 * sim.schedule(1, 0, 3);
 * sim.run((kind, data) => console.log(sim.now, kind, data));
 * // 1 0 3
 * // 2 1 7
 */
import { Calendar, type EventHandle, type Lane } from './calendar.js';

export type { EventHandle, Lane } from './calendar.js';

export type EventHandler = (kind: number, data: number) => void;

export class Simulation {
  private readonly calendar: Calendar;
  private stopped = false;
  /** The simulation clock, in the model's time unit. */
  now = 0;
  /** Set by `next()`: what happens, and to which entity. */
  kind = 0;
  data = 0;

  constructor(options: { startTime?: number; initialCapacity?: number } = {}) {
    this.now = options.startTime ?? 0;
    this.calendar = new Calendar(options.initialCapacity);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.calendar.size;
  }

  /** Time of the next event, Infinity when none is pending. */
  peek(): number {
    return this.calendar.peekTime();
  }

  /**
   * Schedules an event `delay` after now. Lower `priority` runs first among
   * events at the same time; equal priorities run in scheduling order.
   */
  schedule(delay: number, kind: number, data = 0, priority = 0): EventHandle {
    if (!(delay >= 0)) badDelay(delay);
    return this.calendar.schedule(this.now + delay, kind, data, priority);
  }

  /** Schedules an event at an absolute time, which must not be in the past. */
  scheduleAt(time: number, kind: number, data = 0, priority = 0): EventHandle {
    if (!(time >= this.now)) badTime(time, this.now);
    return this.calendar.schedule(time, kind, data, priority);
  }

  /**
   * A lane: a place outside the calendar's heap for a source that always has
   * one event pending, each scheduling the next (an arrival process). Its
   * events run in the same order as scheduled ones; they just cost less.
   */
  addLane(): Lane {
    return this.calendar.addLane();
  }

  /** Schedules a lane's next event `delay` after now; the lane must have none pending. */
  scheduleOn(lane: Lane, delay: number, kind: number, data = 0, priority = 0): void {
    if (!(delay >= 0)) badDelay(delay);
    this.calendar.scheduleOn(lane, this.now + delay, kind, data, priority);
  }

  /** Cancels a lane's pending event; false if it had none. */
  cancelOn(lane: Lane): boolean {
    return this.calendar.cancelOn(lane);
  }

  /** Cancels a pending event; false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.calendar.cancel(handle);
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs events in order until none is pending, `stop()` is called, or the
   * next event lies beyond `until` (then the clock is set to `until`).
   * Returns the number of events run.
   */
  run(handler: EventHandler, until = Number.POSITIVE_INFINITY): number {
    this.stopped = false;
    let events = 0;
    // Without an end, no look at the next time before each event.
    const bounded = until !== Number.POSITIVE_INFINITY;
    while (!this.stopped) {
      if (bounded && this.calendar.peekTime() > until) {
        if (until > this.now) this.now = until;
        break;
      }
      if (!this.next()) break;
      events++;
      handler(this.kind, this.data);
    }
    return events;
  }

  /**
   * Takes the next event off the calendar for a model that runs its own loop:
   * advances the clock and sets `kind` and `data`. False when none is pending.
   *
   * @example
   * while (sim.next()) {
   *   if (sim.kind === ARRIVAL) arrive(sim.data);
   *   else depart(sim.data);
   * }
   */
  next(): boolean {
    const calendar = this.calendar;
    if (!calendar.pop()) return false;
    this.now = calendar.time;
    this.kind = calendar.kind;
    this.data = calendar.data;
    return true;
  }

  /** Runs exactly one event, if any; returns false when none is pending. */
  step(handler: EventHandler): boolean {
    if (!this.next()) return false;
    handler(this.kind, this.data);
    return true;
  }
}

// Errors are built out of line, so the hot `schedule` stays small where inlined.
function badDelay(delay: number): never {
  throw new RangeError(`schedule: delay must be ≥ 0, got ${delay}`);
}

function badTime(time: number, now: number): never {
  throw new RangeError(`scheduleAt: time ${time} is before now (${now})`);
}
