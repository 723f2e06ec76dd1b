/**
 * The floor for the kernel benchmark: M/M/c written as one hand-made loop,
 * with no kernel (no calendar slots, cancellation, tie-break keys or event
 * handler), on the same named streams as `simulateQueue`, so it follows the
 * same sample path and must report the same pWait. Its speed is what this
 * machine does for the same draws and heap work with nothing general around
 * them: read the kernel's figure against it.
 */
import type { Streams } from '../simulator/engine/random.js';

export function floorMmc(
  streams: Streams,
  arrivalRate: number,
  servers: number,
  customers: number,
): { pWait: number; events: number } {
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  // Departure times in a 4-ary min-heap; the next arrival is kept aside.
  const heap = new Float64Array(servers + 1);
  let size = 0;
  const push = (t: number) => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (heap[parent] <= t) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = t;
  };
  const replaceRoot = (t: number) => {
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let child = first;
      let ct = heap[first];
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) {
        if (heap[c] < ct) {
          ct = heap[c];
          child = c;
        }
      }
      if (ct >= t) break;
      heap[i] = ct;
      i = child;
    }
    heap[i] = t;
  };
  let waiting = 0;
  let queued = 0;
  let events = 0;
  let generated = 1;
  let nextArrival = arrivals.exponential() / arrivalRate;
  while (nextArrival < Number.POSITIVE_INFINITY || size > 0) {
    events++;
    if (size === 0 || nextArrival <= heap[0]) {
      const now = nextArrival;
      nextArrival = generated < customers ? now + arrivals.exponential() / arrivalRate : Infinity;
      generated++;
      if (size < servers) push(now + service.exponential());
      else {
        waiting++;
        queued++;
      }
    } else if (waiting > 0) {
      waiting--;
      replaceRoot(heap[0] + service.exponential());
    } else {
      replaceRoot(heap[--size]);
    }
  }
  return { pWait: queued / customers, events };
}
