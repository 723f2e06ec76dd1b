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
 * Cancellation is lazy: `cancel` marks the event's slot dead in O(1) and the
 * entry stays in the heap until it reaches the root, where `pop` discards it.
 * An exact removal would have to keep every slot's heap position up to date,
 * a store on every level of every sift, paid by every event to speed up the
 * few that are cancelled. Dead entries cannot pile up: once they outnumber
 * the live ones (and there are more than COMPACT_MIN of them) the heap is
 * rebuilt without them, in O(n), so memory stays within about twice the most
 * events live at once, plus COMPACT_MIN. Handles carry a generation count,
 * so cancelling an event that has already run or been cancelled (or whose
 * slot was reused) is a harmless no-op that returns false.
 */

/** An opaque reference to a scheduled event, for `cancel`. */
export type EventHandle = number;

const SLOT_SPACE = 1 << 24; // 16.7 million events pending at once
const GENERATION_LIMIT = 1 << 29; // keeps handles below 2^53
/** Priorities are small integers; the tie-break key packs (priority, sequence) in one double. */
export const PRIORITY_MIN = -1024;
export const PRIORITY_MAX = 1023;
const SEQUENCE_SPACE = 2 ** 42; // 4.4 trillion events per run
/** Dead entries tolerated before they may trigger a rebuild of the heap. */
export const COMPACT_MIN = 64;

export class Calendar {
  // Heap order: entry i's time and slot.
  private heapTimes: Float64Array;
  private heapSlots: Int32Array;
  // Slot order: payload, tie-break key, and where the slot sits in the heap (−1 when free).
  private keys: Float64Array;
  private kinds: Int32Array;
  private datas: Int32Array;
  private generations: Uint32Array;
  /** 1 while the slot's event is cancelled but still in the heap. */
  private dead: Uint8Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  /** Entries in the heap: live, dead, and the stale root. */
  private count = 0;
  private deadCount = 0;
  private sequence = 0;
  /** The root entry belongs to an event already popped; see the class comment. */
  private rootIsStale = false;

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
    this.generations = new Uint32Array(n);
    this.dead = new Uint8Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count - this.deadCount - (this.rootIsStale ? 1 : 0);
  }

  /** Slots allocated so far: bounded by about twice the most events ever live at once, plus COMPACT_MIN. */
  get slotsAllocated(): number {
    return this.slotCount;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    if (this.rootIsStale) this.removeStaleRoot();
    this.discardDeadRoots();
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.heapTimes[0];
  }

  schedule(time: number, kind: number, data: number, priority: number): EventHandle {
    if (priority < PRIORITY_MIN || priority > PRIORITY_MAX || (priority | 0) !== priority) {
      badPriority(priority);
    }
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      if (this.slotCount === this.kinds.length) this.grow();
      slot = this.slotCount++;
    }
    this.kinds[slot] = kind;
    this.datas[slot] = data;
    this.keys[slot] = (priority - PRIORITY_MIN) * SEQUENCE_SPACE + this.sequence++;
    if (this.rootIsStale) {
      this.rootIsStale = false;
      this.siftDown(0, time, slot);
    } else {
      this.siftUp(this.count++, time, slot);
    }
    return this.generations[slot] * SLOT_SPACE + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    const generation = (handle - slot) / SLOT_SPACE;
    // A slot's generation moves on when its event runs or is discarded.
    if (slot >= this.slotCount || this.generations[slot] !== generation) return false;
    if (this.dead[slot] === 1) return false;
    this.dead[slot] = 1;
    this.deadCount++;
    if (this.deadCount > COMPACT_MIN && 2 * this.deadCount > this.count) this.compact();
    return true;
  }

  /** Takes the earliest event off the calendar into time/kind/data. False when empty. */
  pop(): boolean {
    if (this.rootIsStale) this.removeStaleRoot();
    this.discardDeadRoots();
    if (this.count === 0) return false;
    const slot = this.heapSlots[0];
    this.time = this.heapTimes[0];
    this.kind = this.kinds[slot];
    this.data = this.datas[slot];
    this.release(slot);
    this.rootIsStale = true;
    return true;
  }

  private discardDeadRoots(): void {
    while (this.count > 0 && this.dead[this.heapSlots[0]] === 1) {
      const slot = this.heapSlots[0];
      this.dead[slot] = 0;
      this.deadCount--;
      this.release(slot);
      this.removeRoot();
    }
  }

  private removeStaleRoot(): void {
    this.rootIsStale = false;
    this.removeRoot();
  }

  private release(slot: number): void {
    this.generations[slot] = (this.generations[slot] + 1) % GENERATION_LIMIT;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Rebuilds the heap from its live entries (Floyd's bottom-up heapify). */
  private compact(): void {
    if (this.rootIsStale) this.removeStaleRoot();
    const times = this.heapTimes;
    const slots = this.heapSlots;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = slots[i];
      if (this.dead[slot] === 1) {
        this.dead[slot] = 0;
        this.release(slot);
      } else {
        times[kept] = times[i];
        slots[kept] = slot;
        kept++;
      }
    }
    this.count = kept;
    this.deadCount = 0;
    for (let i = (kept - 2) >> 2; i >= 0; i--) this.siftDown(i, times[i], slots[i]);
  }

  /** Removes the root: the last entry takes its place and sifts down. */
  private removeRoot(): void {
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.heapTimes[last], this.heapSlots[last]);
  }

  private siftUp(index: number, time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const keys = this.keys;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const pt = times[parent];
      if (time > pt || (time === pt && keys[slot] > keys[slots[parent]])) break;
      times[index] = pt;
      slots[index] = slots[parent];
      index = parent;
    }
    times[index] = time;
    slots[index] = slot;
  }

  private siftDown(index: number, time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const keys = this.keys;
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
      slots[index] = slots[child];
      index = child;
    }
    times[index] = time;
    slots[index] = slot;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    if (n > SLOT_SPACE) throw new RangeError(`calendar: more than ${SLOT_SPACE} events pending`);
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.heapTimes = f64(this.heapTimes);
    this.heapSlots = i32(this.heapSlots);
    this.keys = f64(this.keys);
    this.kinds = i32(this.kinds);
    this.datas = i32(this.datas);
    this.freeSlots = i32(this.freeSlots);
    const dead = new Uint8Array(n);
    dead.set(this.dead);
    this.dead = dead;
    const generations = new Uint32Array(n);
    generations.set(this.generations);
    this.generations = generations;
  }
}

// Errors are built out of line: a message template inlined into `schedule`
// would be compiled again into every handler that schedules, for nothing.
function badPriority(priority: number): never {
  throw new RangeError(
    `priority must be an integer in [${PRIORITY_MIN}, ${PRIORITY_MAX}], got ${priority}`,
  );
}
