/**
 * The event calendar: a binary min-heap of pending events ordered by
 * (time, priority, sequence). Equal times run by priority, then in the order
 * they were scheduled, so a run never depends on heap internals.
 *
 * Why typed arrays and integer events: the calendar is the innermost loop of
 * every simulation. Events are (kind, data) integer pairs stored in
 * struct-of-arrays form, so scheduling allocates nothing and the heap compares
 * plain numbers. The caller keeps its own payloads and uses `data` as an index.
 *
 * Cancellation is exact, not lazy: every event lives in a slot that knows its
 * heap position, so `cancel` removes it in O(log n) and frees the slot at once.
 * Memory is bounded by the largest number of events pending at one time.
 * Handles carry a generation count, so cancelling an event that has already
 * run (or whose slot was reused) is a harmless no-op that returns false.
 */

/** An opaque reference to a scheduled event, for `cancel`. */
export type EventHandle = number;

const SLOT_BITS = 24;
const SLOT_SPACE = 1 << SLOT_BITS; // 16.7 million events pending at once
const GENERATION_LIMIT = 1 << 29; // keeps handles below 2^53

export class Calendar {
  private times: Float64Array;
  private priorities: Int32Array;
  private sequences: Float64Array;
  private kinds: Int32Array;
  private datas: Int32Array;
  private generations: Uint32Array;
  private positions: Int32Array; // slot -> heap index, -1 when free
  private heap: Int32Array; // heap index -> slot
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private count = 0;
  private sequence = 0;

  /** Set by `pop()`: the event that just came off the calendar. */
  time = 0;
  kind = 0;
  data = 0;

  constructor(initialCapacity = 256) {
    const n = Math.max(4, initialCapacity);
    this.times = new Float64Array(n);
    this.priorities = new Int32Array(n);
    this.sequences = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.datas = new Int32Array(n);
    this.generations = new Uint32Array(n);
    this.positions = new Int32Array(n).fill(-1);
    this.heap = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Slots allocated so far: bounded by the most events ever pending at once. */
  get slotsAllocated(): number {
    return this.slotCount;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.times[this.heap[0]];
  }

  schedule(time: number, kind: number, data: number, priority: number): EventHandle {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      if (this.slotCount === this.times.length) this.grow();
      slot = this.slotCount++;
    }
    this.times[slot] = time;
    this.priorities[slot] = priority;
    this.sequences[slot] = this.sequence++;
    this.kinds[slot] = kind;
    this.datas[slot] = data;
    this.siftUp(this.count++, slot);
    return this.generations[slot] * SLOT_SPACE + slot;
  }

  /** Removes a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
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
    if (this.count === 0) return false;
    const slot = this.heap[0];
    this.time = this.times[slot];
    this.kind = this.kinds[slot];
    this.data = this.datas[slot];
    this.removeAt(0);
    this.release(slot);
    return true;
  }

  private release(slot: number): void {
    this.positions[slot] = -1;
    this.generations[slot] = (this.generations[slot] + 1) % GENERATION_LIMIT;
    this.freeSlots[this.freeCount++] = slot;
  }

  private removeAt(index: number): void {
    const last = this.heap[--this.count];
    if (index === this.count) return;
    // The moved element may belong above or below `index`.
    if (index > 0 && this.before(last, this.heap[(index - 1) >> 1])) this.siftUp(index, last);
    else this.siftDown(index, last);
  }

  /** True when slot a runs before slot b. */
  private before(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    if (ta !== tb) return ta < tb;
    const pa = this.priorities[a];
    const pb = this.priorities[b];
    if (pa !== pb) return pa < pb;
    return this.sequences[a] < this.sequences[b];
  }

  private siftUp(index: number, slot: number): void {
    const heap = this.heap;
    const positions = this.positions;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (!this.before(slot, parent)) break;
      heap[index] = parent;
      positions[parent] = index;
      index = parentIndex;
    }
    heap[index] = slot;
    positions[slot] = index;
  }

  private siftDown(index: number, slot: number): void {
    const heap = this.heap;
    const positions = this.positions;
    const n = this.count;
    const half = n >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      let childSlot = heap[child];
      const right = child + 1;
      if (right < n && this.before(heap[right], childSlot)) {
        child = right;
        childSlot = heap[right];
      }
      if (!this.before(childSlot, slot)) break;
      heap[index] = childSlot;
      positions[childSlot] = index;
      index = child;
    }
    heap[index] = slot;
    positions[slot] = index;
  }

  private grow(): void {
    const n = this.times.length * 2;
    if (n > SLOT_SPACE) throw new RangeError(`calendar: more than ${SLOT_SPACE} events pending`);
    const growF64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const growI32 = (a: Int32Array, fill = 0) => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.times = growF64(this.times);
    this.sequences = growF64(this.sequences);
    this.priorities = growI32(this.priorities);
    this.kinds = growI32(this.kinds);
    this.datas = growI32(this.datas);
    this.heap = growI32(this.heap);
    this.freeSlots = growI32(this.freeSlots);
    this.positions = growI32(this.positions, -1);
    const generations = new Uint32Array(n);
    generations.set(this.generations);
    this.generations = generations;
  }
}
