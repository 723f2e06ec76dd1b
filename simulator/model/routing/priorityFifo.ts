import type { RoutingPolicy } from './policy.js';

/**
 * Priority classes, then first in, first out: the default of contact centres
 * and of helpdesk views sorted by priority then age. With `deferredWhenIdle`,
 * live work (calls, chats, messages) comes before any deferred work.
 */
export const priorityFifo: RoutingPolicy = (heads, count, deferredWhenIdle) => {
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
    if (h.priority !== b.priority) {
      if (h.priority < b.priority) best = i;
      continue;
    }
    if (h.enqueuedAt < b.enqueuedAt) best = i;
  }
  return best;
};
