/**
 * The event calendar: a 4-ary min-heap of pending events ordered by
 * (time, priority, sequence). Equal times run by priority, then in the order
 * they were scheduled, so a run never depends on heap internals.
 *
 * Why this shape: the calendar is the innermost loop of every simulation.
 * - Events are (kind, data) integer pairs in struct-of-arrays form, so
 *   scheduling allocates nothing; the caller keeps its own payloads and uses
 *   `data` as an index into them.
 * - The heap keeps each entry's time beside its slot, so a sift compares
 *   contiguous numbers; the tie-break key stays with the slot and is read only
 *   when two times are equal, which continuous clocks make rare.
 * - Four children per node halve the depth of a binary heap; removals, the
 *   common case, move fewer entries.
 * - `pop()` leaves the run event's entry at the root and the next `schedule()`
 *   overwrites it with a single sift-down. Most handlers schedule right after
 *   they run, so this saves a whole removal.
 *
 * Cancellation is exact, not lazy: every event lives in a slot that knows its
 * heap position, so `cancel` removes it in O(log n) and frees the slot at once.
 * Memory is bounded by the largest number of events pending at one time.
 * Handles carry a generation count, so cancelling an event that has already
 * run (or whose slot was reused) is a harmless no-op that returns false.
 *
 * Lanes keep events outside the heap, at most one pending per lane. They are
 * for sources that always have exactly one event pending, each scheduling the
 * next (an arrival process): in the heap every such event costs a sift; in a
 * lane it costs a store, and `pop` compares the heap's root with the earliest
 * lane. Lane events take their tie-break keys from the same sequence, so the
 * order of events is the same whether they go to a lane or to the heap.
 */

/** An opaque reference to a scheduled event, for `cancel`. */
export type EventHandle = number;

const SLOT_SPACE = 1 << 24; // 16.7 million events pending at once
const GENERATION_LIMIT = 1 << 29; // keeps handles below 2^53
/**
 * Generations start here so that every handle is at least 2^31 from the first
 * event: V8 then compiles the handle arithmetic for doubles at once, instead of
 * for 32-bit integers and then throwing the code away when a slot's 128th
 * reuse overflows them, in the middle of a run.
 */
const FIRST_GENERATION = 128;
/** Priorities are small integers; the tie-break key packs (priority, sequence) in one double. */
export const PRIORITY_MIN = -1024;
export const PRIORITY_MAX = 1023;
const SEQUENCE_SPACE = 2 ** 42; // 4.4 trillion events per run
/** Lanes a calendar can have; each is a handful of bytes, allocated up front. */
export const MAX_LANES = 64;

/** A lane of a calendar, from `addLane()`. */
export type Lane = number;

export class Calendar {
  // Heap order: entry i's time and slot.
  private heapTimes: Float64Array;
  private heapSlots: Int32Array;
  // Slot order: payload, tie-break key, and where the slot sits in the heap (−1 when free).
  private keys: Float64Array;
  private kinds: Int32Array;
  private datas: Int32Array;
  private generations: Uint32Array;
  private positions: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private count = 0;
  private sequence = 0;
  /** The root entry belongs to an event already popped; see the class comment. */
  private rootIsStale = false;
  // Lanes: an event time (Infinity when none is pending), key, kind and data each.
  private readonly laneTimes = new Float64Array(MAX_LANES).fill(Number.POSITIVE_INFINITY);
  private readonly laneKeys = new Float64Array(MAX_LANES);
  private readonly laneKinds = new Int32Array(MAX_LANES);
  private readonly laneDatas = new Int32Array(MAX_LANES);
  private laneCount = 0;
  private lanesPending = 0;
  /** The lane whose event comes first, −1 when no lane has one. */
  private earliestLane = -1;

  /** Set by `pop()`: the event that just came off the calendar. */
  time = 0;
  kind = 0;
  data = 0;

  constructor(initialCapacity = 256) {
    const n = Math.max(4, initialCapacity);
    this.heapTimes = new Float64Array(n);
    this.heapSlots = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.datas = new Int32Array(n);
    this.generations = new Uint32Array(n).fill(FIRST_GENERATION);
    this.positions = new Int32Array(n).fill(-1);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of pending events. */
  get size(): number {
    return (this.rootIsStale ? this.count - 1 : this.count) + this.lanesPending;
  }

  /** Slots allocated so far: bounded by the most events ever pending at once. */
  get slotsAllocated(): number {
    return this.slotCount;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    if (this.rootIsStale) this.removeStaleRoot();
    const heap = this.count === 0 ? Number.POSITIVE_INFINITY : this.heapTimes[0];
    const lane =
      this.earliestLane < 0 ? Number.POSITIVE_INFINITY : this.laneTimes[this.earliestLane];
    return Math.min(heap, lane);
  }

  schedule(time: number, kind: number, data: number, priority: number): EventHandle {
    if (!isPriority(priority)) badPriority(priority);
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      if (this.slotCount === this.kinds.length) this.grow();
      slot = this.slotCount++;
    }
    this.kinds[slot] = kind;
    this.datas[slot] = data;
    this.keys[slot] = this.nextKey(priority);
    if (this.rootIsStale) {
      this.rootIsStale = false;
      this.siftDown(0, time, slot);
    } else {
      this.siftUp(this.count++, time, slot);
    }
    return this.generations[slot] * SLOT_SPACE + slot;
  }

  /** Removes a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (this.rootIsStale) this.removeStaleRoot();
    const slot = handle % SLOT_SPACE;
    const generation = (handle - slot) / SLOT_SPACE;
    if (slot >= this.slotCount || this.generations[slot] !== generation) return false;
    const index = this.positions[slot];
    if (index < 0) return false;
    this.removeAt(index);
    this.release(slot);
    return true;
  }

  /** Takes the earliest event off the calendar into time/kind/data. False when empty. */
  pop(): boolean {
    if (this.rootIsStale) this.removeStaleRoot();
    const lane = this.earliestLane;
    if (lane >= 0 && (this.count === 0 || this.laneComesFirst(lane))) {
      this.time = this.laneTimes[lane];
      this.kind = this.laneKinds[lane];
      this.data = this.laneDatas[lane];
      this.clearLane(lane);
      return true;
    }
    if (this.count === 0) return false;
    const slot = this.heapSlots[0];
    this.time = this.heapTimes[0];
    this.kind = this.kinds[slot];
    this.data = this.datas[slot];
    this.release(slot);
    this.rootIsStale = true;
    return true;
  }

  /** The tie-break key of the next event scheduled, heap or lane: (priority, sequence). */
  private nextKey(priority: number): number {
    return (priority - PRIORITY_MIN) * SEQUENCE_SPACE + this.sequence++;
  }

  /** A new lane, empty; see the class comment. */
  addLane(): Lane {
    if (this.laneCount === MAX_LANES) tooManyLanes();
    return this.laneCount++;
  }

  /** Schedules the lane's next event; the lane must have none pending. */
  scheduleOn(lane: Lane, time: number, kind: number, data: number, priority: number): void {
    if (!(lane >= 0 && lane < this.laneCount)) badLane(lane, this.laneCount);
    if (this.laneTimes[lane] !== Number.POSITIVE_INFINITY) laneBusy(lane);
    if (!isPriority(priority)) badPriority(priority);
    if (!(time < Number.POSITIVE_INFINITY)) badLaneTime(time);
    this.laneTimes[lane] = time;
    this.laneKinds[lane] = kind;
    this.laneDatas[lane] = data;
    this.laneKeys[lane] = this.nextKey(priority);
    this.lanesPending++;
    const first = this.earliestLane;
    if (first < 0 || this.laneBefore(lane, first)) this.earliestLane = lane;
  }

  /** Removes the lane's pending event. Returns false if it had none. */
  cancelOn(lane: Lane): boolean {
    if (!(lane >= 0 && lane < this.laneCount)) badLane(lane, this.laneCount);
    if (this.laneTimes[lane] === Number.POSITIVE_INFINITY) return false;
    this.clearLane(lane);
    return true;
  }

  /** Whether the lane's event runs before the heap's root (the heap is not empty). */
  private laneComesFirst(lane: number): boolean {
    const t = this.laneTimes[lane];
    const rootTime = this.heapTimes[0];
    return t < rootTime || (t === rootTime && this.laneKeys[lane] < this.keys[this.heapSlots[0]]);
  }

  private laneBefore(a: number, b: number): boolean {
    const ta = this.laneTimes[a];
    const tb = this.laneTimes[b];
    return ta < tb || (ta === tb && this.laneKeys[a] < this.laneKeys[b]);
  }

  private clearLane(lane: number): void {
    this.laneTimes[lane] = Number.POSITIVE_INFINITY;
    this.lanesPending--;
    if (lane !== this.earliestLane) return;
    let first = -1;
    for (let l = 0; l < this.laneCount; l++) {
      if (
        this.laneTimes[l] < Number.POSITIVE_INFINITY &&
        (first < 0 || this.laneBefore(l, first))
      ) {
        first = l;
      }
    }
    this.earliestLane = first;
  }

  private removeStaleRoot(): void {
    this.rootIsStale = false;
    this.removeAt(0);
  }

  private release(slot: number): void {
    this.positions[slot] = -1;
    this.generations[slot] = (this.generations[slot] + 1) % GENERATION_LIMIT;
    this.freeSlots[this.freeCount++] = slot;
  }

  private removeAt(index: number): void {
    const last = --this.count;
    if (index === last) return;
    const time = this.heapTimes[last];
    const slot = this.heapSlots[last];
    // The moved entry may belong above or below `index`.
    if (index > 0) {
      const parent = (index - 1) >> 2;
      const pt = this.heapTimes[parent];
      if (time < pt || (time === pt && this.keys[slot] < this.keys[this.heapSlots[parent]])) {
        this.siftUp(index, time, slot);
        return;
      }
    }
    this.siftDown(index, time, slot);
  }

  private siftUp(index: number, time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const keys = this.keys;
    const positions = this.positions;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const pt = times[parent];
      if (time > pt || (time === pt && keys[slot] > keys[slots[parent]])) break;
      times[index] = pt;
      const ps = slots[parent];
      slots[index] = ps;
      positions[ps] = index;
      index = parent;
    }
    times[index] = time;
    slots[index] = slot;
    positions[slot] = index;
  }

  private siftDown(index: number, time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const keys = this.keys;
    const positions = this.positions;
    const n = this.count;
    for (;;) {
      const first = 4 * index + 1;
      if (first >= n) break;
      // The earliest of up to four children.
      let child = first;
      let ct = times[first];
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++) {
        const t = times[c];
        if (t < ct || (t === ct && keys[slots[c]] < keys[slots[child]])) {
          child = c;
          ct = t;
        }
      }
      if (ct > time || (ct === time && keys[slots[child]] > keys[slot])) break;
      times[index] = ct;
      const cs = slots[child];
      slots[index] = cs;
      positions[cs] = index;
      index = child;
    }
    times[index] = time;
    slots[index] = slot;
    positions[slot] = index;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    if (n > SLOT_SPACE) tooManyEvents();
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array, fill = 0) => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.heapTimes = f64(this.heapTimes);
    this.heapSlots = i32(this.heapSlots);
    this.keys = f64(this.keys);
    this.kinds = i32(this.kinds);
    this.datas = i32(this.datas);
    this.freeSlots = i32(this.freeSlots);
    this.positions = i32(this.positions, -1);
    const generations = new Uint32Array(n).fill(FIRST_GENERATION);
    generations.set(this.generations);
    this.generations = generations;
  }
}

// Errors are built out of line: a message template inlined into `schedule`
// would be compiled again into every handler that schedules, for nothing.
function isPriority(priority: number): boolean {
  return priority >= PRIORITY_MIN && priority <= PRIORITY_MAX && (priority | 0) === priority;
}

function badPriority(priority: number): never {
  throw new RangeError(
    `priority must be an integer in [${PRIORITY_MIN}, ${PRIORITY_MAX}], got ${priority}`,
  );
}

function tooManyLanes(): never {
  throw new RangeError(`calendar: at most ${MAX_LANES} lanes`);
}

function badLane(lane: number, lanes: number): never {
  throw new RangeError(`calendar: no lane ${lane}; lanes are 0 to ${lanes - 1}, from addLane()`);
}

function laneBusy(lane: number): never {
  throw new RangeError(
    `calendar: lane ${lane} already has an event pending; a lane holds one at a time`,
  );
}

function badLaneTime(time: number): never {
  throw new RangeError(`calendar: a lane event needs a finite time, got ${time}`);
}

function tooManyEvents(): never {
  throw new RangeError(`calendar: more than ${SLOT_SPACE} events pending`);
}
