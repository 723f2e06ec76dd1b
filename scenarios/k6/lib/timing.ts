/**
 * Time scaling for the replay: scenario seconds ↔ wall-clock milliseconds.
 *
 * A replay compresses scenario time by `speedup` (scenario seconds per wall
 * second): scenario time `origin` (the trace window's start) is replayed at
 * the wall-clock instant `startAt` (Unix ms), and scenario time t at
 * `startAt + (t − origin) / speedup · 1000`. Everything here is pure and
 * runs unchanged in k6 (no Node or k6 module is imported), so the script and
 * the Node tests share one definition.
 *
 * k6 semantics this follows (semantics.md §5.7, "trace replay recipe"): an
 * iteration waits until its ticket is due and never sends earlier; the lag
 * `now − due` is what the `replay_schedule_lag` trend records.
 */

/** The clock of one replay run. */
export interface ReplayClock {
  /** Unix ms at which scenario time `origin` is replayed. */
  startAt: number;
  /** Scenario seconds replayed at `startAt` (the trace window's start). */
  origin: number;
  /** Scenario seconds per wall-clock second (> 0). */
  speedup: number;
}

/**
 * The wall-clock instant (Unix ms) at which scenario time `t` is due.
 *
 * @example dueAt({ startAt: 1_000_000, origin: 3600, speedup: 60 }, 3660) // 1_001_000
 */
export function dueAt(clock: ReplayClock, t: number): number {
  return clock.startAt + ((t - clock.origin) / clock.speedup) * 1000;
}

/**
 * The scenario time (seconds) replayed at wall-clock instant `wallMs`.
 *
 * @example scenarioAt({ startAt: 1_000_000, origin: 3600, speedup: 60 }, 1_001_000) // 3660
 */
export function scenarioAt(clock: ReplayClock, wallMs: number): number {
  return clock.origin + ((wallMs - clock.startAt) / 1000) * clock.speedup;
}

/** A span of scenario seconds as wall-clock milliseconds. */
export function wallMs(scenarioSeconds: number, speedup: number): number {
  return (scenarioSeconds / speedup) * 1000;
}

/** A span of wall-clock milliseconds as scenario seconds. */
export function scenarioSeconds(wallMilliseconds: number, speedup: number): number {
  return (wallMilliseconds / 1000) * speedup;
}

/**
 * How long to wait before `due` (never negative). A caller that waits this
 * long and then finds `now < due` (timers may fire a little early) must wait
 * again: `untilDue` is meant to be called in a loop until it returns 0.
 */
export function untilDue(due: number, now: number): number {
  return due > now ? due - now : 0;
}

/** How late an action ran after it was due (ms, ≥ 0). */
export function lagMs(due: number, startedAt: number): number {
  return Math.max(0, startedAt - due);
}

/**
 * The scenario's `maxDuration` in whole seconds: the trace window replayed at
 * `speedup`, plus `graceSeconds` of wall time for the work still in progress
 * when the last ticket arrives (handle times, escalations, reopens).
 *
 * @throws RangeError for a non-positive speed-up or a negative window or grace.
 * @example maxDurationSeconds(3600, 60, 30) // 90
 */
export function maxDurationSeconds(
  windowSeconds: number,
  speedup: number,
  graceSeconds: number,
): number {
  if (!(speedup > 0)) throw new RangeError(`speed-up must be > 0, got ${speedup}`);
  if (!(windowSeconds >= 0)) throw new RangeError(`window must be ≥ 0 s, got ${windowSeconds}`);
  if (!(graceSeconds >= 0)) throw new RangeError(`grace must be ≥ 0 s, got ${graceSeconds}`);
  return Math.max(1, Math.ceil(windowSeconds / speedup + graceSeconds));
}

/** A whole number of seconds as a k6 duration string (`'90s'`). */
export function k6Seconds(seconds: number): string {
  return `${Math.max(0, Math.ceil(seconds))}s`;
}

/**
 * A wait with ±`fraction` jitter drawn from `random()` in [0, 1), so many
 * virtual agents polling at the same period do not synchronise.
 *
 * @example jittered(1000, 0.25, () => 0.5) // 1000
 */
export function jittered(ms: number, fraction: number, random: () => number): number {
  return Math.max(0, ms * (1 + fraction * (2 * random() - 1)));
}
