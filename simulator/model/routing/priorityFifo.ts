import { byOrder } from './policy.js';

/**
 * Priority classes, then first in, first out: the default of contact centres
 * and of helpdesk views sorted by priority then age. With `deferredWhenIdle`,
 * live work (calls, chats, messages) comes before any deferred work.
 */
export const priorityFifo = byOrder((a, b) =>
  a.priority !== b.priority ? a.priority < b.priority : a.enqueuedAt < b.enqueuedAt,
);
