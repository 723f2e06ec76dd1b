/**
 * Routing policies decide which waiting contact a free agent takes next.
 * Each is a plain function with one signature: given the heads of the queues
 * the agent may serve (the oldest waiting contact of each), return the index
 * of the head to take. Queues are FIFO, so comparing heads is enough.
 */
export interface QueueHead {
  /** Lower runs first (P1 = 0). */
  priority: number;
  /** When the contact joined this queue. */
  enqueuedAt: number;
  /** When its tightest response target falls due (Infinity if none). */
  dueAt: number;
  /** Deferred work (e-mail, reopened tickets, escalations) yields to live contacts when blended. */
  deferred: boolean;
}

export type RoutingPolicy = (
  heads: readonly QueueHead[],
  count: number,
  deferredWhenIdle: boolean,
) => number;

/**
 * A policy from an order on queue heads: live work first when
 * `deferredWhenIdle`, then the earliest head under `before`.
 */
export function byOrder(before: (a: QueueHead, b: QueueHead) => boolean): RoutingPolicy {
  return (heads, count, deferredWhenIdle) => {
    let best = -1;
    for (let i = 0; i < count; i++) {
      if (best < 0) {
        best = i;
        continue;
      }
      const h = heads[i];
      const b = heads[best];
      if (deferredWhenIdle && h.deferred !== b.deferred) {
        if (!h.deferred) best = i;
      } else if (before(h, b)) best = i;
    }
    return best;
  };
}
