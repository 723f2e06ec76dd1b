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
import { type Lane, Simulation } from '../engine/simulation.js';

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

/** Slots the waiting room starts with: more than most queues ever hold, 30 KiB. */
const INITIAL_WAITING_SLOTS = 1024;

/**
 * Customers waiting in the queue, one slot each in struct-of-arrays form,
 * threaded into one FIFO line per class through `nextInLine`. Abandoners are
 * removed lazily: marked gone, then skipped when they reach the head of their
 * line. The room starts large enough that growing, which reallocates every
 * array and so makes V8 recompile the handlers, is rare.
 */
class WaitingRoom {
  arrivalTime = new Float64Array(INITIAL_WAITING_SLOTS);
  patienceHandle = new Float64Array(INITIAL_WAITING_SLOTS);
  counted = new Uint8Array(INITIAL_WAITING_SLOTS);
  classOf = new Int32Array(INITIAL_WAITING_SLOTS);
  gone = new Uint8Array(INITIAL_WAITING_SLOTS);
  private nextInLine = new Int32Array(INITIAL_WAITING_SLOTS);
  private freeSlots = new Int32Array(INITIAL_WAITING_SLOTS);
  private freeCount = 0;
  private used = 0;
  /** Per class, the first and last slot in line; −1 when the line is empty. */
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;

  constructor(classes: number) {
    this.heads = new Int32Array(classes).fill(-1);
    this.tails = new Int32Array(classes).fill(-1);
  }

  /** Puts a customer at the back of its class's line; returns its slot. */
  join(cls: number, now: number, counted: boolean): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      if (this.used === this.arrivalTime.length) this.grow();
      slot = this.used++;
    }
    this.arrivalTime[slot] = now;
    this.counted[slot] = counted ? 1 : 0;
    this.classOf[slot] = cls;
    this.gone[slot] = 0;
    this.nextInLine[slot] = -1;
    const tail = this.tails[cls];
    if (tail < 0) this.heads[cls] = slot;
    else this.nextInLine[tail] = slot;
    this.tails[cls] = slot;
    return slot;
  }

  /** Takes the head of a class's line off it, −1 when empty; the caller releases the slot. */
  leaveHead(cls: number): number {
    const slot = this.heads[cls];
    if (slot >= 0) {
      const next = this.nextInLine[slot];
      this.heads[cls] = next;
      if (next < 0) this.tails[cls] = -1;
    }
    return slot;
  }

  release(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.arrivalTime.length * 2;
    this.arrivalTime = copyInto(new Float64Array(n), this.arrivalTime);
    this.patienceHandle = copyInto(new Float64Array(n), this.patienceHandle);
    this.counted = copyInto(new Uint8Array(n), this.counted);
    this.gone = copyInto(new Uint8Array(n), this.gone);
    this.classOf = copyInto(new Int32Array(n), this.classOf);
    this.nextInLine = copyInto(new Int32Array(n), this.nextInLine);
    this.freeSlots = copyInto(new Int32Array(n), this.freeSlots);
  }
}

function copyInto<T extends Float64Array | Int32Array | Uint8Array>(bigger: T, from: T): T {
  bigger.set(from);
  return bigger;
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
  /** Arrivals always have exactly one pending: a lane, not the heap. */
  private readonly arrivalLane: Lane;
  private readonly room: WaitingRoom;

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
    this.arrivalLane = this.sim.addLane();
    this.room = new WaitingRoom(this.classes);
    this.classWaitSum = new Float64Array(this.classes);
    this.classAbandonWaitSum = new Float64Array(this.classes);
    this.classServed = new Float64Array(this.classes);
  }

  run(): QueueMeasures {
    this.sim.scheduleOn(this.arrivalLane, this.nextInterarrival(), ARRIVAL);
    const events = this.runEvents();
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

  /** The event loop, here rather than a handler passed to the kernel: one call less per event. */
  private runEvents(): number {
    const sim = this.sim;
    let events = 0;
    while (sim.next()) {
      events++;
      const kind = sim.kind;
      if (kind === ARRIVAL) this.arrive();
      else if (kind === DEPARTURE) this.depart();
      else this.abandon(sim.data);
    }
    return events;
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
    if (this.generated < this.customers)
      sim.scheduleOn(this.arrivalLane, this.nextInterarrival(), ARRIVAL);
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
    const room = this.room;
    const slot = room.join(cls, now, counted);
    if (this.patience) {
      const wait = this.patience.sample(this.patienceStream);
      room.patienceHandle[slot] = sim.schedule(wait, ABANDON, slot);
    }
    this.queued++;
  }

  private depart(): void {
    const now = this.sim.now;
    this.account(now);
    this.busy--;
    const room = this.room;
    for (let cls = 0; cls < this.classes; cls++) {
      for (let slot = room.leaveHead(cls); slot >= 0; slot = room.leaveHead(cls)) {
        room.release(slot);
        if (room.gone[slot]) continue;
        if (this.patience) this.sim.cancel(room.patienceHandle[slot]);
        this.queued--;
        this.startService(room.counted[slot] === 1, cls, now - room.arrivalTime[slot]);
        return;
      }
    }
  }

  /** Leaves the queue; its FIFO entry is skipped when it reaches the head. */
  private abandon(slot: number): void {
    const now = this.sim.now;
    this.account(now);
    this.queued--;
    const room = this.room;
    room.gone[slot] = 1;
    if (room.counted[slot]) {
      this.abandoned++;
      this.classAbandonWaitSum[room.classOf[slot]] += now - room.arrivalTime[slot];
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
