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

/** A growable FIFO ring of integers; its length stays a power of two so wrapping is a mask. */
class IntRing {
  private items = new Int32Array(64);
  private head = 0;
  size = 0;

  push(value: number): void {
    if (this.size === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      for (let i = 0; i < this.size; i++)
        bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
      this.items = bigger;
      this.head = 0;
    }
    this.items[(this.head + this.size) & (this.items.length - 1)] = value;
    this.size++;
  }

  shift(): number {
    const value = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
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
  return new QueueReplication(params, streams).run();
}

/**
 * One replication's state. A class rather than closures over `let`s: V8 keeps
 * number fields unboxed in the object, where a closure's mutated doubles
 * would allocate on every store (this loop runs tens of millions of times).
 */
class QueueReplication {
  private readonly servers: number;
  private readonly capacity: number;
  private readonly target: number;
  private readonly classes: number;
  private readonly customers: number;
  private readonly warmup: number;
  private readonly totalRate: number;
  private readonly classCumulative: number[];
  private readonly service: Sampler;
  private readonly patience: Sampler | undefined;
  private readonly arrivalStream: RandomSource;
  private readonly classStream: RandomSource;
  private readonly serviceStream: RandomSource;
  private readonly patienceStream: RandomSource;
  private readonly sim: Simulation;
  private readonly pool = new WaitingPool();
  private readonly queues: IntRing[];

  private generated = 0;
  private busy = 0;
  private queued = 0; // customers waiting and not gone
  // Counters over counted customers.
  private arrivals = 0;
  private blocked = 0;
  private enteredQueue = 0;
  private served = 0;
  private abandoned = 0;
  private servedWithin = 0;
  // Waits are summed per class in typed arrays, which hold doubles from the
  // start. A number field would hold the integer 0 until the first customer
  // waits, thousands of events in; its first fraction then changes the
  // object's shape, and V8 throws away the optimised code of every handler.
  private readonly classWaitSum: Float64Array; // served
  private readonly classAbandonWaitSum: Float64Array;
  private readonly classServed: Float64Array;
  // Time averages over the measurement window.
  // ±Infinity while unset: doubles from the start, for the same reason.
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;
  private lastChange = 0;
  private busyArea = 0;
  private queueArea = 0;

  constructor(params: QueueParams, streams: Streams) {
    this.servers = params.servers;
    this.service = params.service;
    this.patience = params.patience;
    this.customers = params.customers;
    this.warmup = params.warmup;
    this.capacity = params.capacity ?? Number.POSITIVE_INFINITY;
    this.target = params.target ?? 0;
    this.classes = params.arrivalRates.length;
    const totalRate = params.arrivalRates.reduce((a, b) => a + b, 0);
    this.totalRate = totalRate;
    this.classCumulative = params.arrivalRates.map(
      (_, k) => params.arrivalRates.slice(0, k + 1).reduce((a, b) => a + b, 0) / totalRate,
    );
    this.arrivalStream = streams.stream('arrivals');
    this.classStream = streams.stream('classes');
    this.serviceStream = streams.stream('service');
    this.patienceStream = streams.stream('patience');
    this.sim = new Simulation({ initialCapacity: this.servers + 64 });
    this.queues = Array.from({ length: this.classes }, () => new IntRing());
    this.classWaitSum = new Float64Array(this.classes);
    this.classAbandonWaitSum = new Float64Array(this.classes);
    this.classServed = new Float64Array(this.classes);
  }

  run(): QueueMeasures {
    this.sim.schedule(this.nextInterarrival(), ARRIVAL);
    const events = this.sim.run((kind, data) => this.handle(kind, data));
    const admitted = this.arrivals - this.blocked;
    const window = this.windowEnd - this.windowStart;
    const servedWaits = sum(this.classWaitSum);
    const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
    return {
      arrivals: this.arrivals,
      admitted,
      served: this.served,
      abandoned: this.abandoned,
      blocked: this.blocked,
      pWait: ratio(this.enteredQueue, admitted),
      asa: ratio(servedWaits + sum(this.classAbandonWaitSum), admitted),
      asaServed: ratio(servedWaits, this.served),
      serviceLevel: ratio(this.servedWithin, admitted),
      serviceLevelServed: ratio(this.servedWithin, this.served),
      pAbandon: ratio(this.abandoned, admitted),
      blocking: ratio(this.blocked, this.arrivals),
      occupancy: ratio(this.busyArea, this.servers * window),
      meanQueueLength: ratio(this.queueArea, window),
      classWaits: Array.from(this.classWaitSum, (sum, k) => ratio(sum, this.classServed[k])),
      events,
    };
  }

  private handle(kind: number, data: number): void {
    if (kind === ARRIVAL) this.arrive();
    else if (kind === DEPARTURE) this.depart();
    else this.abandon(data);
  }

  private nextInterarrival(): number {
    return this.arrivalStream.exponential() / this.totalRate;
  }

  private account(now: number): void {
    if (
      this.windowStart > Number.NEGATIVE_INFINITY &&
      this.windowEnd === Number.POSITIVE_INFINITY
    ) {
      const dt = now - this.lastChange;
      this.busyArea += this.busy * dt;
      this.queueArea += this.queued * dt;
    }
    this.lastChange = now;
  }

  private arrive(): void {
    const sim = this.sim;
    const now = sim.now;
    const index = this.generated++;
    if (this.generated < this.customers) sim.schedule(this.nextInterarrival(), ARRIVAL);
    const counted = index >= this.warmup;
    if (counted && this.windowStart === Number.NEGATIVE_INFINITY) {
      this.windowStart = now;
      this.lastChange = now;
    }
    this.account(now);
    if (this.generated === this.customers) this.windowEnd = now;
    let cls = 0;
    if (this.classes > 1) {
      const u = this.classStream.next();
      while (cls < this.classes - 1 && u > this.classCumulative[cls]) cls++;
    }
    if (counted) this.arrivals++;
    if (this.busy + this.queued >= this.capacity) {
      if (counted) this.blocked++;
      return;
    }
    if (this.busy < this.servers) {
      this.startService(counted, cls, 0);
      return;
    }
    if (counted) this.enteredQueue++;
    const pool = this.pool;
    const slot = pool.take();
    pool.arrivalTime[slot] = now;
    pool.counted[slot] = counted ? 1 : 0;
    pool.classOf[slot] = cls;
    pool.gone[slot] = 0;
    if (this.patience) {
      const wait = this.patience.sample(this.patienceStream);
      pool.patienceHandle[slot] = sim.schedule(wait, ABANDON, slot);
    }
    this.queues[cls].push(slot);
    this.queued++;
  }

  private depart(): void {
    const now = this.sim.now;
    this.account(now);
    this.busy--;
    const pool = this.pool;
    for (let cls = 0; cls < this.classes; cls++) {
      const queue = this.queues[cls];
      while (queue.size > 0) {
        const slot = queue.shift();
        if (pool.gone[slot]) {
          pool.release(slot);
          continue;
        }
        if (this.patience) this.sim.cancel(pool.patienceHandle[slot]);
        this.queued--;
        pool.release(slot);
        this.startService(pool.counted[slot] === 1, cls, now - pool.arrivalTime[slot]);
        return;
      }
    }
  }

  /** Leaves the queue; its FIFO entry is skipped when it reaches the head. */
  private abandon(slot: number): void {
    const now = this.sim.now;
    this.account(now);
    this.queued--;
    this.pool.gone[slot] = 1;
    if (this.pool.counted[slot]) {
      this.abandoned++;
      this.classAbandonWaitSum[this.pool.classOf[slot]] += now - this.pool.arrivalTime[slot];
    }
  }

  private startService(counted: boolean, cls: number, wait: number): void {
    this.busy++;
    this.sim.schedule(this.service.sample(this.serviceStream), DEPARTURE);
    if (counted) {
      this.served++;
      this.classWaitSum[cls] += wait;
      this.classServed[cls]++;
      if (wait <= this.target) this.servedWithin++;
    }
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Seeds replication `index` of a run, independent of every other index. */
export function replicationStreams(seed: number | string, index: number): Streams {
  return new Streams(seed).child('replication', index);
}
