/**
 * One multi-server queue on the kernel: Poisson arrivals in priority classes,
 * `servers` identical servers, a general service-time law, optional patience
 * (abandonment from the queue) and optional finite capacity (blocking).
 * Non-preemptive priority between classes, FIFO within a class.
 *
 * It is the simulated counterpart of the analytic oracle (Erlang B/C/A,
 * M/M/c/K, Cobham's priority formula) and, with non-exponential service or
 * patience, the case where closed forms stop and simulation earns its keep.
 *
 * Measurement follows the oracle's definitions:
 * - `admitted` = arrivals − blocked; pWait, asa and serviceLevel are shares of
 *   the admitted (for Erlang C and A every arrival is admitted);
 * - pWait: found every server busy (so had to queue), P(W > 0);
 * - asa: mean time in queue of all admitted, abandoners counted up to the
 *   moment they left (Erlang A's E[W] = P(Ab)/θ); asaServed: of the served;
 * - serviceLevel: served within `target` ÷ admitted (abandoners fail);
 *   serviceLevelServed: served within `target` ÷ served;
 * - occupancy and meanQueueLength: time averages from the first counted
 *   arrival to the last arrival (after it the system drains, not stationary).
 * The first `warmup` arrivals are simulated but not counted.
 */
import type { RandomSource } from '../engine/random.js';
import { Streams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';

/** Anything that draws a positive duration from a random source. */
export interface Sampler {
  sample(source: RandomSource): number;
}

export interface QueueParams {
  /** Arrival rate per class (class 0 has the highest priority). */
  arrivalRates: readonly number[];
  servers: number;
  service: Sampler;
  /** Time a waiting customer stays before abandoning; none means infinite patience. */
  patience?: Sampler;
  /** Most customers in the system (in service + waiting); none means unlimited. */
  capacity?: number;
  /** Arrivals to generate, warm-up included. */
  customers: number;
  /** Arrivals at the start that are simulated but not counted. */
  warmup: number;
  /** Service-level threshold (same time unit as the rates). */
  target?: number;
}

export interface QueueMeasures {
  arrivals: number;
  admitted: number;
  served: number;
  abandoned: number;
  blocked: number;
  pWait: number;
  asa: number;
  asaServed: number;
  serviceLevel: number;
  serviceLevelServed: number;
  pAbandon: number;
  blocking: number;
  occupancy: number;
  meanQueueLength: number;
  /** Mean queue wait of the served, per class. */
  classWaits: number[];
  /** Events the kernel ran. */
  events: number;
}

const ARRIVAL = 0;
const DEPARTURE = 1;
const ABANDON = 2;

/** A growable FIFO ring of integers. */
class IntRing {
  private items = new Int32Array(64);
  private head = 0;
  size = 0;

  push(value: number): void {
    if (this.size === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      for (let i = 0; i < this.size; i++)
        bigger[i] = this.items[(this.head + i) % this.items.length];
      this.items = bigger;
      this.head = 0;
    }
    this.items[(this.head + this.size) % this.items.length] = value;
    this.size++;
  }

  shift(): number {
    const value = this.items[this.head];
    this.head = (this.head + 1) % this.items.length;
    this.size--;
    return value;
  }
}

/**
 * Customers waiting in the queue, by pool index. Abandoners are removed lazily:
 * marked gone, then skipped when they reach the head of their class's FIFO.
 */
class WaitingPool {
  arrivalTime = new Float64Array(64);
  patienceHandle = new Float64Array(64);
  counted = new Uint8Array(64);
  classOf = new Int32Array(64);
  gone = new Uint8Array(64);
  private free: number[] = [];
  private next = 0;

  take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.next === this.arrivalTime.length) this.grow();
    return this.next++;
  }

  release(index: number): void {
    this.free.push(index);
  }

  private grow(): void {
    const n = this.arrivalTime.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const u = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.arrivalTime = f(this.arrivalTime);
    this.patienceHandle = f(this.patienceHandle);
    this.counted = u(this.counted);
    this.gone = u(this.gone);
    const c = new Int32Array(n);
    c.set(this.classOf);
    this.classOf = c;
  }
}

/** Simulates one replication of the queue on its own named streams. */
export function simulateQueue(params: QueueParams, streams: Streams): QueueMeasures {
  const { servers, service, patience, customers, warmup } = params;
  const capacity = params.capacity ?? Number.POSITIVE_INFINITY;
  const target = params.target ?? 0;
  const classes = params.arrivalRates.length;
  const totalRate = params.arrivalRates.reduce((a, b) => a + b, 0);
  const classCumulative = params.arrivalRates.map(
    (_, k) => params.arrivalRates.slice(0, k + 1).reduce((a, b) => a + b, 0) / totalRate,
  );

  const arrivalStream = streams.stream('arrivals');
  const classStream = streams.stream('classes');
  const serviceStream = streams.stream('service');
  const patienceStream = streams.stream('patience');

  const sim = new Simulation({ initialCapacity: servers + 64 });
  const pool = new WaitingPool();
  const queues = Array.from({ length: classes }, () => new IntRing());

  let generated = 0;
  let busy = 0;
  let queued = 0; // customers waiting and not gone
  // Counters over counted customers.
  let arrivals = 0;
  let blocked = 0;
  let enteredQueue = 0;
  let served = 0;
  let abandoned = 0;
  let servedWithin = 0;
  let waitSum = 0;
  let waitSumServed = 0;
  const classWaitSum = new Float64Array(classes);
  const classServed = new Float64Array(classes);
  // Time averages over the measurement window.
  let windowStart = -1;
  let windowEnd = -1;
  let lastChange = 0;
  let busyArea = 0;
  let queueArea = 0;

  const account = (now: number) => {
    if (windowStart >= 0 && windowEnd < 0) {
      const dt = now - lastChange;
      busyArea += busy * dt;
      queueArea += queued * dt;
    }
    lastChange = now;
  };

  const startService = (counted: boolean, cls: number, wait: number) => {
    busy++;
    sim.schedule(service.sample(serviceStream), DEPARTURE);
    if (counted) {
      served++;
      waitSum += wait;
      waitSumServed += wait;
      classWaitSum[cls] += wait;
      classServed[cls]++;
      if (wait <= target) servedWithin++;
    }
  };

  const nextInterarrival = () => -Math.log(arrivalStream.next()) / totalRate;

  const handler = (kind: number, data: number) => {
    const now = sim.now;
    if (kind === ARRIVAL) {
      const index = generated++;
      if (generated < customers) sim.schedule(nextInterarrival(), ARRIVAL);
      const counted = index >= warmup;
      if (counted && windowStart < 0) {
        windowStart = now;
        lastChange = now;
      }
      account(now);
      if (generated === customers) windowEnd = now;
      let cls = 0;
      if (classes > 1) {
        const u = classStream.next();
        while (cls < classes - 1 && u > classCumulative[cls]) cls++;
      }
      if (counted) arrivals++;
      if (busy + queued >= capacity) {
        if (counted) blocked++;
        return;
      }
      if (busy < servers) {
        startService(counted, cls, 0);
        return;
      }
      if (counted) enteredQueue++;
      const slot = pool.take();
      pool.arrivalTime[slot] = now;
      pool.counted[slot] = counted ? 1 : 0;
      pool.classOf[slot] = cls;
      pool.gone[slot] = 0;
      if (patience)
        pool.patienceHandle[slot] = sim.schedule(patience.sample(patienceStream), ABANDON, slot);
      queues[cls].push(slot);
      queued++;
    } else if (kind === DEPARTURE) {
      account(now);
      busy--;
      for (let cls = 0; cls < classes; cls++) {
        const queue = queues[cls];
        while (queue.size > 0) {
          const slot = queue.shift();
          if (pool.gone[slot]) {
            pool.release(slot);
            continue;
          }
          if (patience) sim.cancel(pool.patienceHandle[slot]);
          queued--;
          pool.release(slot);
          startService(pool.counted[slot] === 1, cls, now - pool.arrivalTime[slot]);
          return;
        }
      }
    } else {
      // ABANDON: leaves the queue; its FIFO entry is skipped later.
      account(now);
      queued--;
      pool.gone[data] = 1;
      if (pool.counted[data]) {
        abandoned++;
        waitSum += now - pool.arrivalTime[data];
      }
    }
  };

  sim.schedule(nextInterarrival(), ARRIVAL);
  const events = sim.run(handler);

  const admitted = arrivals - blocked;
  const window = windowEnd - windowStart;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    arrivals,
    admitted,
    served,
    abandoned,
    blocked,
    pWait: ratio(enteredQueue, admitted),
    asa: ratio(waitSum, admitted),
    asaServed: ratio(waitSumServed, served),
    serviceLevel: ratio(servedWithin, admitted),
    serviceLevelServed: ratio(servedWithin, served),
    pAbandon: ratio(abandoned, admitted),
    blocking: ratio(blocked, arrivals),
    occupancy: ratio(busyArea, servers * window),
    meanQueueLength: ratio(queueArea, window),
    classWaits: Array.from(classWaitSum, (sum, k) => ratio(sum, classServed[k])),
    events,
  };
}

/** Seeds replication `index` of a run, independent of every other index. */
export function replicationStreams(seed: number | string, index: number): Streams {
  return new Streams(seed).child('replication', index);
}
