/**
 * The conversations one virtual agent holds at once, progressing as in the
 * simulator (semantics.md §5.4; simulator/model/supportModel.ts `retime`):
 * with j conversations in progress, each advances at 1/s(j) of its solo pace,
 * where s is the channel's slowdown curve (s(1) = 1). Remaining work is kept
 * in solo scenario seconds; the script calls `advance` whenever j changes
 * and waits for `nextCompletion`.
 *
 * Pure, no imports: k6 and Node both load it.
 */

export interface Session {
  /** Helpdesk ticket id. */
  id: string;
  /** Solo work left, scenario seconds. */
  remaining: number;
}

/** s(j): the slowdown with j conversations in progress (1 past the curve's start). */
export function slowdownFactor(slowdown: readonly number[], j: number): number {
  if (j <= 1 || slowdown.length === 0) return slowdown[0] ?? 1;
  return slowdown[Math.min(j, slowdown.length) - 1] ?? 1;
}

/**
 * Advances every session by `dt` scenario seconds at the pace of the current
 * number of sessions (in place). Remaining work never goes below 0.
 */
export function advance(sessions: Session[], dt: number, slowdown: readonly number[]): void {
  if (!(dt > 0) || sessions.length === 0) return;
  const pace = 1 / slowdownFactor(slowdown, sessions.length);
  for (const s of sessions) s.remaining = Math.max(0, s.remaining - dt * pace);
}

/**
 * The session that finishes first and after how many scenario seconds, if
 * nothing changes meanwhile; undefined when there is none.
 *
 * @example nextCompletion([{ id: '1', remaining: 60 }, { id: '2', remaining: 30 }], [1, 1.5])
 * // { index: 1, after: 45 }
 */
export function nextCompletion(
  sessions: readonly Session[],
  slowdown: readonly number[],
): { index: number; after: number } | undefined {
  if (sessions.length === 0) return undefined;
  const factor = slowdownFactor(slowdown, sessions.length);
  let best = 0;
  for (let i = 1; i < sessions.length; i++) {
    if (sessions[i]!.remaining < sessions[best]!.remaining) best = i;
  }
  return { index: best, after: sessions[best]!.remaining * factor };
}
