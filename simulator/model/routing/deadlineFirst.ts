import { byOrder } from './policy.js';

/**
 * Earliest deadline first: the contact whose response target falls due
 * soonest, whatever its priority (ties: priority, then age). Minimises the
 * largest lateness; with `deferredWhenIdle`, live work still comes first.
 */
export const deadlineFirst = byOrder((a, b) => {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.enqueuedAt < b.enqueuedAt;
});
