import type { RoutingPolicy } from './policy.js';

/**
 * Earliest deadline first: the contact whose response target falls due
 * soonest, whatever its priority (ties: priority, then age). Minimises the
 * largest lateness; with `deferredWhenIdle`, live work still comes first.
 */
export const deadlineFirst: RoutingPolicy = (heads, count, deferredWhenIdle) => {
  let best = -1;
  for (let i = 0; i < count; i++) {
    const h = heads[i];
    if (best < 0) {
      best = i;
      continue;
    }
    const b = heads[best];
    if (deferredWhenIdle && h.deferred !== b.deferred) {
      if (!h.deferred) best = i;
      continue;
    }
    if (h.dueAt !== b.dueAt) {
      if (h.dueAt < b.dueAt) best = i;
      continue;
    }
    if (h.priority !== b.priority) {
      if (h.priority < b.priority) best = i;
      continue;
    }
    if (h.enqueuedAt < b.enqueuedAt) best = i;
  }
  return best;
};
