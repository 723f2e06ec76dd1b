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
