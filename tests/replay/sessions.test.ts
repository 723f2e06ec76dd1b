/**
 * Chat sessions slowing down with concurrency (scenarios/k6/lib/sessions.ts):
 * with j sessions each advances at 1/s(j), as the simulator's `retime`.
 */
import { describe, expect, it } from 'vitest';
import {
  advance,
  nextCompletion,
  type Session,
  slowdownFactor,
} from '../../scenarios/k6/lib/sessions.js';

describe('concurrent sessions of one agent', () => {
  const curve = [1, 1.15, 1.35];

  it('reads s(j) from the curve, flat past its end', () => {
    expect(slowdownFactor(curve, 1)).toBe(1);
    expect(slowdownFactor(curve, 2)).toBe(1.15);
    expect(slowdownFactor(curve, 3)).toBe(1.35);
    expect(slowdownFactor(curve, 5)).toBe(1.35);
    expect(slowdownFactor([], 3)).toBe(1);
  });

  it('finishes two sessions in the hand-computed order and times', () => {
    // Two chats with 115 s and 230 s of solo work at s(2) = 1.15: the first ends after
    // 115 × 1.15 = 132.25 s; the second then has 115 s left alone, ending 115 s later.
    const sessions: Session[] = [
      { id: 'a', remaining: 115 },
      { id: 'b', remaining: 230 },
    ];
    const first = nextCompletion(sessions, curve)!;
    expect(first.index).toBe(0);
    expect(first.after).toBeCloseTo(132.25, 9);
    advance(sessions, first.after, curve);
    expect(sessions[0]!.remaining).toBeCloseTo(0, 9);
    expect(sessions[1]!.remaining).toBeCloseTo(115, 9);
    sessions.splice(0, 1);
    expect(nextCompletion(sessions, curve)!.after).toBeCloseTo(115, 9);
  });

  it('never drives remaining work below zero and ignores non-positive steps', () => {
    const s: Session[] = [{ id: 'a', remaining: 10 }];
    advance(s, 100, curve);
    expect(s[0]!.remaining).toBe(0);
    advance(s, -5, curve);
    expect(s[0]!.remaining).toBe(0);
    expect(nextCompletion([], curve)).toBeUndefined();
  });
});
