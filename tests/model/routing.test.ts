import { describe, expect, it } from 'vitest';
import { deadlineFirst } from '../../simulator/model/routing/deadlineFirst.js';
import type { QueueHead } from '../../simulator/model/routing/policy.js';
import { priorityFifo } from '../../simulator/model/routing/priorityFifo.js';

const head = (
  priority: number,
  enqueuedAt: number,
  dueAt: number,
  deferred = false,
): QueueHead => ({
  priority,
  enqueuedAt,
  dueAt,
  deferred,
});

describe('routing policies', () => {
  const heads = [head(2, 10, 500), head(1, 50, 900), head(1, 20, 1000), head(0, 5, 100, true)];

  it('priority-FIFO takes live work first, then the highest priority, then the oldest', () => {
    expect(priorityFifo(heads, 4, true)).toBe(2);
    expect(priorityFifo(heads, 4, false)).toBe(3);
  });

  it('deadline-first takes live work first, then the earliest due', () => {
    expect(deadlineFirst(heads, 4, true)).toBe(0);
    expect(deadlineFirst(heads, 4, false)).toBe(3);
  });

  it('deadline-first breaks equal deadlines by priority, then age', () => {
    const tied = [head(2, 1, 100), head(1, 9, 100), head(1, 3, 100)];
    expect(deadlineFirst(tied, 3, true)).toBe(2);
  });

  it('return −1 when nothing waits', () => {
    expect(priorityFifo([], 0, true)).toBe(-1);
  });
});
