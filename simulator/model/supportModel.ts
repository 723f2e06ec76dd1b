/**
 * The support operation as a discrete-event model on the kernel.
 *
 * Contacts arrive per channel (piecewise-constant Poisson rates per interval),
 * may meet a bot first, then queue for agents by work type and priority.
 * Agents belong to groups (tiers) that serve some work types; staffing changes
 * at interval boundaries, and an agent who goes off duty finishes what it
 * holds first. Chat agents hold several sessions; each progresses at rate
 * 1/s(j) with j sessions in conversation (s from the scenario), so with s ≡ 1
 * a chat channel is exactly M/M/(n·K). After handling, a contact is resolved
 * (first-contact resolution) or escalated to the escalation group; a resolved
 * contact may reopen once after a delay.
 *
 * Measurement: every contact created inside the horizon is accounted once, by
 * its creation interval, when it ends (resolved, abandoned) or, if still open
 * when the run stops, as open at the end. See `docs` in results for the
 * definitions of each SLA metric.
 */
import type { SlaMetric } from '../../scenarios/schema/types.js';
import { gamma } from '../distributions/index.js';
import type { Stream, Streams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { BucketArena } from '../stats/bucketArena.js';
import { QuantileSketch, type QuantileSketchOptions } from '../stats/quantileSketch.js';
import { BusinessClock } from './businessHours.js';
import { type CompiledScenario, type CompiledTarget, reopenWorkType } from './compile.js';
import { blankDraws, type ContactDraws, DrawStreams, drawContact } from './contactDraws.js';
import {
  CELL,
  CELL_FIELDS,
  cellIndex,
  type Dimensions,
  GROUP_FIELDS,
  INTERVAL_DETAIL_MAX_WEEKS,
  QUANTILES,
  type ReplicationOutput,
  TARGET_FIELDS,
} from './layout.js';
import { deadlineFirst } from './routing/deadlineFirst.js';
import type { QueueHead, RoutingPolicy } from './routing/policy.js';
import { priorityFifo } from './routing/priorityFifo.js';

// Event kinds.
const BOUNDARY = 0;
const ARRIVAL = 1;
const BOT_DONE = 2;
const ABANDON = 3;
const SERVICE_DONE = 4;
const ACW_DONE = 5;
const REOPEN = 6;
const OVERFLOW = 7;
const TRACE_ARRIVAL = 8;

// Contact phases.
const FREE = 0;
const WITH_BOT = 1;
const QUEUED = 2;
const SERVING = 3;
const AWAITING_REOPEN = 4;

const ONE = [1];

// Next-response triggers (1 + index in NEXT_RESPONSE_TRIGGERS).
const HANDOFF = 1;
const ESCALATION = 2;
const REOPENED = 3;

const EPS = 1e-9;

/** A source of contacts' random outcomes: the generator by default. */
export interface ContactSource {
  /** Fills `into` with the draws of a contact of `channel` arriving at `time`, and returns it. */
  next(channel: number, time: number, into: ContactDraws): ContactDraws;
}

/**
 * A recorded sample path: contacts with their arrival times (seconds from the
 * horizon start, ascending) and every random outcome. When given, it replaces
 * the arrival process and the per-contact draws entirely.
 */
export interface TraceContact {
  time: number;
  draws: ContactDraws;
}

/** A FIFO of (contact, ticket) pairs; stale entries (ticket mismatch) are skipped. */
class Fifo {
  ids = new Int32Array(16);
  tickets = new Float64Array(16);
  head = 0;
  size = 0;

  push(id: number, ticket: number): void {
    if (this.size === this.ids.length) {
      const n = this.ids.length * 2;
      const ids = new Int32Array(n);
      const tickets = new Float64Array(n);
      for (let i = 0; i < this.size; i++) {
        const j = (this.head + i) % this.ids.length;
        ids[i] = this.ids[j];
        tickets[i] = this.tickets[j];
      }
      this.ids = ids;
      this.tickets = tickets;
      this.head = 0;
    }
    const j = (this.head + this.size) % this.ids.length;
    this.ids[j] = id;
    this.tickets[j] = ticket;
    this.size++;
  }

  drop(): void {
    this.head = (this.head + 1) % this.ids.length;
    this.size--;
  }
}

export interface SupportModelOptions {
  /** Where contacts' random outcomes come from (default: drawn from the named streams). */
  source?: ContactSource;
  /** A recorded sample path that replaces arrivals and draws. */
  trace?: readonly TraceContact[];
  /** Called for every contact as it arrives (to record a trace). */
  onContact?: (time: number, draws: ContactDraws) => void;
  /**
   * Keep the quantile sketches and write the percentiles (default true). The
   * staffing search reads none of them and turns this off; the percentile
   * arrays are then NaN.
   */
  percentiles?: boolean;
}

export class SupportModel {
  private readonly sim: Simulation;
  private readonly s: CompiledScenario;
  private readonly dims: Dimensions;
  private readonly policy: RoutingPolicy;
  private readonly deferredWhenIdle: boolean;
  private readonly clock: BusinessClock;
  private readonly interval: number;
  private readonly warmup: number;
  private readonly horizonEnd: number;
  private readonly endTime: number;
  private readonly C: number;
  private readonly W: number;

  // Random streams.
  private readonly arrivalStreams: Stream[];
  private readonly forecast: number[][]; // [channel][day] multiplier
  private readonly source: ContactSource;

  // Contacts (struct of arrays, recycled).
  private capacity = 0;
  private draws: Array<ContactDraws | undefined> = [];
  private created = new Float64Array(0);
  private horizonInterval = new Int32Array(0); // -1: not counted
  private phase = new Uint8Array(0);
  private workType = new Int32Array(0);
  private firstResponseAt = new Float64Array(0);
  private enqueuedAt = new Float64Array(0);
  private dueAt = new Float64Array(0);
  private ticket = new Float64Array(0);
  private patienceHandle = new Float64Array(0);
  private serviceHandle = new Float64Array(0);
  private agentOf = new Int32Array(0);
  private remaining = new Float64Array(0);
  private rateFactor = new Float64Array(0);
  private lastUpdate = new Float64Array(0);
  private nextFrom = new Float64Array(0);
  private nextTrigger = new Uint8Array(0); // 1 hand-off, 2 escalation, 3 reopen
  private solvedFrom = new Float64Array(0); // solved before a reopen: [from, until)
  private solvedUntil = new Float64Array(0);
  private reopenedFlag = new Uint8Array(0);
  private escalatedFlag = new Uint8Array(0);
  private freeIds: number[] = [];
  private nextId = 0;
  private ticketCounter = 0;

  // Queues: workType × priority.
  private readonly queues: Fifo[];
  private readonly waitingByWorkType: Int32Array;
  /** Groups serving each work type directly, and by overflow. */
  private readonly serversOf: number[][];
  private readonly overflowOf: Array<Array<{ group: number; after: number }>>;

  // Agents.
  private readonly agentGroup: Int32Array;
  private readonly onDuty: Uint8Array;
  private readonly leaving: Uint8Array;
  private readonly load: Float64Array;
  private readonly wrapping: Int32Array; // wrap-ups (after-contact work) in progress
  private readonly kindOf: Int32Array; // work type the agent holds, −1 when free
  private readonly sessions: Int32Array; // agent × maxSessions, in conversation
  private readonly sessionCount: Int32Array;
  private readonly maxSessions: number;
  private readonly groupStart: number[];
  private readonly groupSize: number[];
  private readonly staffedNow: Int32Array;
  private readonly groupLoad: Float64Array; // Σ load of the group's agents
  private readonly handledHere: Float64Array; // per group: handlings started this interval

  // Measurement.
  private readonly out: ReplicationOutput;
  private readonly sketches: QuantileSketch[]; // (c*4+p) × 2
  private readonly daySketches: QuantileSketch[]; // (day*C+c) × 2
  /** Per interval × channel × metric, created on first use; a coarser sketch keeps memory small. */
  private readonly intervalSketches: Array<QuantileSketch | undefined>;
  /** The interval sketches' options: their thousands of small arrays come from one arena per run. */
  private readonly intervalSketchOptions: QuantileSketchOptions = {
    relativeAccuracy: 0.01,
    maxBuckets: 512,
    arena: new BucketArena(),
  };
  private readonly intervalDetail: boolean;
  private readonly percentiles: boolean;
  private readonly busyArea: Float64Array;
  private readonly staffedArea: Float64Array;
  private readonly queueArea: Float64Array;
  private lastAreaUpdate: number;
  private currentInterval = -1;
  private readonly heads: QueueHead[] = [];
  private readonly headQueue: number[] = [];

  private readonly trace: readonly TraceContact[] | undefined;

  private readonly onContact: ((time: number, draws: ContactDraws) => void) | undefined;

  constructor(scenario: CompiledScenario, streams: Streams, options: SupportModelOptions = {}) {
    const { source, trace } = options;
    this.trace = trace;
    this.onContact = options.onContact;
    this.percentiles = options.percentiles ?? true;
    const src = scenario.source;
    this.s = scenario;
    this.C = scenario.channels.length;
    this.W = scenario.workTypeCount;
    this.interval = src.interval;
    this.warmup = src.warmupIntervals * src.interval;
    this.horizonEnd = src.horizonIntervals * src.interval;
    this.endTime = (src.horizonIntervals + src.cooldownIntervals) * src.interval;
    this.sim = new Simulation({ startTime: -this.warmup, initialCapacity: 1024 });
    this.policy = src.routing.policy === 'deadline-first' ? deadlineFirst : priorityFifo;
    this.deferredWhenIdle = src.routing.deferredWhenIdle;
    this.clock = new BusinessClock(src.businessHours);
    const days = Math.ceil(src.horizonIntervals / (86_400 / src.interval));
    this.intervalDetail =
      src.horizonIntervals * src.interval <= INTERVAL_DETAIL_MAX_WEEKS * 7 * 86_400;
    this.dims = {
      intervals: src.horizonIntervals,
      days,
      channels: this.C,
      groups: scenario.groups.length,
      targets: scenario.targets.length,
    };

    this.arrivalStreams = scenario.channels.map((c) => streams.stream(`arrivals:${c.name}`));
    const totalDays = Math.ceil(scenario.intervalsTotal / (86_400 / src.interval)) + 1;
    this.forecast = scenario.channels.map((c) => {
      if (src.overdispersion <= 0) return new Array<number>(totalDays).fill(1);
      const law = gamma(1, src.overdispersion);
      const stream = streams.stream(`forecast:${c.name}`);
      return Array.from({ length: totalDays }, () => law.sample(stream));
    });
    const drawStreams = new DrawStreams(streams);
    this.source = source ?? {
      next: (channel, _time, into) =>
        drawContact(scenario, scenario.channels[channel], drawStreams, into),
    };

    this.queues = Array.from({ length: this.W * 4 }, () => new Fifo());
    this.waitingByWorkType = new Int32Array(this.W);
    this.serversOf = Array.from({ length: this.W }, () => []);
    this.overflowOf = Array.from({ length: this.W }, () => []);
    for (const g of scenario.groups) {
      for (const w of g.workTypes) this.serversOf[w].push(g.index);
      for (const o of g.overflow)
        this.overflowOf[o.workType].push({ group: g.index, after: o.after });
    }

    this.maxSessions = Math.max(1, ...scenario.channels.map((c) => c.concurrency));
    this.groupStart = [];
    this.groupSize = [];
    let agents = 0;
    for (const g of scenario.groups) {
      this.groupStart.push(agents);
      const size = Math.max(0, ...g.staffing);
      this.groupSize.push(size);
      agents += size;
    }
    this.agentGroup = new Int32Array(agents);
    scenario.groups.forEach((g, gi) => {
      for (let a = 0; a < this.groupSize[gi]; a++)
        this.agentGroup[this.groupStart[gi] + a] = g.index;
    });
    this.onDuty = new Uint8Array(agents);
    this.leaving = new Uint8Array(agents);
    this.load = new Float64Array(agents);
    this.wrapping = new Int32Array(agents);
    this.kindOf = new Int32Array(agents).fill(-1);
    this.sessions = new Int32Array(agents * this.maxSessions);
    this.sessionCount = new Int32Array(agents);
    this.staffedNow = new Int32Array(scenario.groups.length);
    this.groupLoad = new Float64Array(scenario.groups.length);
    this.handledHere = new Float64Array(scenario.groups.length);

    const d = this.dims;
    this.out = {
      cells: new Float64Array(d.intervals * d.channels * 4 * CELL_FIELDS),
      targets: new Float64Array(d.targets * d.intervals * TARGET_FIELDS),
      groups: new Float64Array(d.intervals * d.groups * GROUP_FIELDS),
      queues: new Float64Array(d.intervals * (d.channels + 1)),
      percentiles: new Float64Array((d.channels + 1) * 5 * 2 * QUANTILES.length),
      dayPercentiles: new Float64Array(d.days * (d.channels + 1) * 2 * QUANTILES.length),
      intervalPercentiles: new Float64Array(
        this.intervalDetail ? d.intervals * (d.channels + 1) * 2 * QUANTILES.length : 0,
      ),
      conservation: { created: 0, resolved: 0, abandoned: 0, openAtEnd: 0 },
      events: 0,
      contacts: 0,
    };
    const sketch = () => new QuantileSketch({ relativeAccuracy: 0.005, maxBuckets: 1024 });
    this.sketches = Array.from({ length: d.channels * 4 * 2 }, sketch);
    this.daySketches = Array.from({ length: d.days * d.channels * 2 }, sketch); // merged into "all" at the end
    this.intervalSketches = this.intervalDetail ? new Array(d.intervals * d.channels * 2) : [];
    this.busyArea = new Float64Array(d.groups);
    this.staffedArea = new Float64Array(d.groups);
    this.queueArea = new Float64Array(d.channels + 1);
    this.lastAreaUpdate = -this.warmup;
    this.growContacts(256);
  }

  get dimensions(): Dimensions {
    return this.dims;
  }

  /** Runs the replication and returns its figures. */
  run(): ReplicationOutput {
    this.sim.scheduleAt(-this.warmup, BOUNDARY, 0, -1);
    if (this.trace && this.trace.length > 0) {
      this.sim.scheduleAt(Math.max(-this.warmup, this.trace[0].time), TRACE_ARRIVAL, 0);
    }
    this.out.events = this.sim.run((kind, data) => this.handle(kind, data), this.endTime);
    this.closeAreas(this.sim.now);
    // Contacts still open when the run stops are accounted as open.
    for (let id = 0; id < this.nextId; id++) {
      if (this.phase[id] !== FREE) this.finish(id, Number.NaN, false, true);
    }
    if (this.percentiles) this.writePercentiles();
    else {
      this.out.percentiles.fill(Number.NaN);
      this.out.dayPercentiles.fill(Number.NaN);
      this.out.intervalPercentiles.fill(Number.NaN);
    }
    return this.out;
  }

  private handle(kind: number, data: number): void {
    switch (kind) {
      case BOUNDARY:
        this.onBoundary(data);
        break;
      case ARRIVAL:
        this.onArrival(data);
        break;
      case BOT_DONE:
        this.onBotDone(data);
        break;
      case ABANDON:
        this.onAbandon(data);
        break;
      case SERVICE_DONE:
        this.onServiceDone(data);
        break;
      case ACW_DONE:
        this.onWrapUpDone(data);
        break;
      case REOPEN:
        this.onReopen(data);
        break;
      case OVERFLOW:
        this.onOverflow(data);
        break;
      case TRACE_ARRIVAL:
        this.onTraceArrival(data);
        break;
    }
  }

  // ---------------------------------------------------------------- intervals

  private onBoundary(i: number): void {
    const now = this.sim.now;
    this.updateAreas(now);
    if (this.currentInterval >= 0) this.closeInterval(this.currentInterval);
    this.currentInterval = i;
    if (i >= this.s.intervalsTotal) return;
    const day = Math.floor(i / (86_400 / this.interval));
    this.intervalEnd = now + this.interval;
    for (let c = 0; c < this.C && !this.trace; c++) {
      const rate = (this.s.source.arrivalRates[c][i] * this.forecast[c][day]) / this.interval;
      this.arrivalRate[c] = rate;
      if (rate > 0) {
        const t = now + this.arrivalStreams[c].exponential() / rate;
        if (t < this.intervalEnd) this.sim.scheduleAt(t, ARRIVAL, c);
      }
    }
    for (const g of this.s.groups) this.setStaffing(g.index, g.staffing[i] ?? 0);
    this.sim.scheduleAt(now + this.interval, BOUNDARY, i + 1, -1);
  }

  private readonly arrivalRate = new Float64Array(64);
  private intervalEnd = 0;

  private horizonIndex(i: number): number {
    const h = i - this.s.source.warmupIntervals;
    return h >= 0 && h < this.dims.intervals ? h : -1;
  }

  private updateAreas(now: number): void {
    const dt = now - this.lastAreaUpdate;
    if (dt > 0) {
      for (let g = 0; g < this.dims.groups; g++) {
        this.staffedArea[g] += this.staffedNow[g] * dt;
        this.busyArea[g] += this.groupLoad[g] * dt;
      }
      for (let c = 0; c < this.C; c++) {
        this.queueArea[c] +=
          (this.waitingByWorkType[c] + this.waitingByWorkType[reopenWorkType(this.C, c)]) * dt;
      }
      this.queueArea[this.C] += this.waitingByWorkType[this.s.escalationWorkType] * dt;
    }
    this.lastAreaUpdate = now;
  }

  private closeInterval(i: number): void {
    const h = this.horizonIndex(i);
    if (h >= 0) {
      const d = this.dims;
      for (let g = 0; g < d.groups; g++) {
        const base = (h * d.groups + g) * GROUP_FIELDS;
        this.out.groups[base] = this.staffedArea[g] / this.interval;
        this.out.groups[base + 1] = this.busyArea[g] / this.interval;
        this.out.groups[base + 2] = this.handledHere[g];
      }
      for (let c = 0; c <= d.channels; c++) {
        this.out.queues[h * (d.channels + 1) + c] = this.queueArea[c] / this.interval;
      }
    }
    this.staffedArea.fill(0);
    this.busyArea.fill(0);
    this.handledHere.fill(0);
    this.queueArea.fill(0);
  }

  private closeAreas(now: number): void {
    this.updateAreas(now);
  }

  // ----------------------------------------------------------------- staffing

  private setStaffing(g: number, target: number): void {
    const start = this.groupStart[g];
    const end = start + this.groupSize[g];
    let active = 0;
    for (let a = start; a < end; a++) if (this.onDuty[a] && !this.leaving[a]) active++;
    this.staffedNow[g] = target;
    // Bring agents in: first those on their way out, then those off duty.
    for (let a = start; a < end && active < target; a++) {
      if (this.onDuty[a] && this.leaving[a]) {
        this.leaving[a] = 0;
        active++;
        this.pull(a);
      }
    }
    for (let a = start; a < end && active < target; a++) {
      if (!this.onDuty[a]) {
        this.onDuty[a] = 1;
        active++;
        this.pull(a);
      }
    }
    // Send agents home: idle ones at once, busy ones after their current work.
    for (let a = end - 1; a >= start && active > target; a--) {
      if (this.onDuty[a] && !this.leaving[a] && this.load[a] === 0) {
        this.onDuty[a] = 0;
        active--;
      }
    }
    for (let a = end - 1; a >= start && active > target; a--) {
      if (this.onDuty[a] && !this.leaving[a]) {
        this.leaving[a] = 1;
        active--;
      }
    }
  }

  // ----------------------------------------------------------------- contacts

  private growContacts(n: number): void {
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
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.created = f64(this.created);
    this.horizonInterval = i32(this.horizonInterval);
    this.phase = u8(this.phase);
    this.workType = i32(this.workType);
    this.firstResponseAt = f64(this.firstResponseAt);
    this.enqueuedAt = f64(this.enqueuedAt);
    this.dueAt = f64(this.dueAt);
    this.ticket = f64(this.ticket);
    this.patienceHandle = f64(this.patienceHandle);
    this.serviceHandle = f64(this.serviceHandle);
    this.agentOf = i32(this.agentOf);
    this.remaining = f64(this.remaining);
    this.rateFactor = f64(this.rateFactor);
    this.lastUpdate = f64(this.lastUpdate);
    this.nextFrom = f64(this.nextFrom);
    this.nextTrigger = u8(this.nextTrigger);
    this.solvedFrom = f64(this.solvedFrom);
    this.solvedUntil = f64(this.solvedUntil);
    this.reopenedFlag = u8(this.reopenedFlag);
    this.escalatedFlag = u8(this.escalatedFlag);
    this.capacity = n;
  }

  private newContact(): number {
    const reused = this.freeIds.pop();
    if (reused !== undefined) return reused;
    if (this.nextId === this.capacity) this.growContacts(this.capacity * 2);
    return this.nextId++;
  }

  private cellOf(id: number): number {
    const h = this.horizonInterval[id];
    if (h < 0) return -1;
    const d = this.draws[id]!;
    return cellIndex(this.dims, h, d.channel, d.priority);
  }

  private count(id: number, field: number, amount = 1): void {
    const cell = this.cellOf(id);
    if (cell >= 0) this.out.cells[cell + field] += amount;
  }

  private onArrival(c: number): void {
    const now = this.sim.now;
    // Next arrival of this channel within the interval (memoryless, so exact
    // for piecewise-constant rates; the boundary restarts the chain).
    const rate = this.arrivalRate[c];
    const next = now + this.arrivalStreams[c].exponential() / rate;
    if (next < this.intervalEnd) this.sim.scheduleAt(next, ARRIVAL, c);

    const id = this.newContact();
    this.admit(id, c, this.source.next(c, now, this.slotDraws(id)));
  }

  /** The draws object of contact slot `id`, reused for every contact in that slot. */
  private slotDraws(id: number): ContactDraws {
    let draws = this.draws[id];
    if (!draws) {
      draws = blankDraws();
      this.draws[id] = draws;
    }
    return draws;
  }

  private onTraceArrival(k: number): void {
    const trace = this.trace!;
    if (k + 1 < trace.length)
      this.sim.scheduleAt(Math.max(this.sim.now, trace[k + 1].time), TRACE_ARRIVAL, k + 1);
    const id = this.newContact();
    this.admit(id, trace[k].draws.channel, Object.assign(this.slotDraws(id), trace[k].draws));
  }

  /** Contact `id`, with its draws filled in, enters the operation. */
  private admit(id: number, c: number, draws: ContactDraws): void {
    const now = this.sim.now;
    this.onContact?.(now, draws);
    this.created[id] = now;
    const h = now >= 0 && now < this.horizonEnd ? Math.floor(now / this.interval) : -1;
    this.horizonInterval[id] = h;
    this.firstResponseAt[id] = Number.NaN;
    this.nextFrom[id] = Number.NaN;
    this.reopenedFlag[id] = 0;
    this.escalatedFlag[id] = 0;
    this.solvedFrom[id] = 0;
    this.solvedUntil[id] = 0;
    this.dueAt[id] = now + this.s.dueOffset[c * 4 + draws.priority];
    if (h >= 0) {
      this.out.contacts++;
      this.out.conservation.created++;
    }
    this.count(id, CELL.arrivals);

    const bot = this.s.channels[c].bot;
    if (draws.botRouted && bot) {
      this.count(id, CELL.botRouted);
      this.phase[id] = WITH_BOT;
      if (bot.countsAsFirstResponse) this.respond(id, now);
      this.sim.schedule(draws.botHandleTime, BOT_DONE, id);
      return;
    }
    this.toHumans(id, c, draws.patience);
  }

  private onBotDone(id: number): void {
    const now = this.sim.now;
    const draws = this.draws[id]!;
    if (draws.botContained) {
      this.count(id, CELL.botContained);
      this.finish(id, now, false, false);
      return;
    }
    // The customer's last message after the bot is unanswered by a person: if
    // the bot's reply was the first response, the human pickup is the next one.
    if (!Number.isNaN(this.firstResponseAt[id])) this.startNext(id, now, HANDOFF);
    this.toHumans(id, draws.channel, draws.patience);
  }

  /** Sends a contact to the human queue of work type `w`, or straight to a free agent. */
  private toHumans(id: number, w: number, patience: number): void {
    const now = this.sim.now;
    this.workType[id] = w;
    this.enqueuedAt[id] = now;
    const agent = this.findAgent(id, w);
    if (agent >= 0) {
      this.startService(id, agent);
      return;
    }
    const priority = this.draws[id]!.priority;
    this.phase[id] = QUEUED;
    const t = ++this.ticketCounter;
    this.ticket[id] = t;
    this.queues[w * 4 + priority].push(id, t);
    this.waitingByWorkType[w]++;
    this.updateAreas(now);
    if (patience < Number.POSITIVE_INFINITY) {
      this.patienceHandle[id] = this.sim.schedule(patience, ABANDON, id);
    } else this.patienceHandle[id] = -1;
    for (const o of this.overflowOf[w]) this.sim.schedule(o.after, OVERFLOW, id);
  }

  private leaveQueue(id: number): void {
    this.updateAreas(this.sim.now);
    this.waitingByWorkType[this.workType[id]]--;
    this.ticket[id] = -1;
  }

  private onAbandon(id: number): void {
    if (this.phase[id] !== QUEUED) return;
    this.leaveQueue(id);
    this.count(id, CELL.abandoned);
    this.finish(id, Number.NaN, true, false);
  }

  private onOverflow(id: number): void {
    if (this.phase[id] !== QUEUED) return;
    // The contact has waited long enough for an overflow group: any free agent
    // there takes the best eligible work (usually this contact).
    const w = this.workType[id];
    for (const o of this.overflowOf[w]) {
      const start = this.groupStart[o.group];
      for (let a = start; a < start + this.groupSize[o.group]; a++) {
        if (this.onDuty[a] && !this.leaving[a] && this.load[a] < EPS) {
          this.pull(a);
          if (this.phase[id] !== QUEUED) return;
        }
      }
    }
  }

  // ------------------------------------------------------------------- agents

  /** Capacity a contact of work type `w` takes on an agent. */
  private share(w: number): number {
    if (w >= this.C) return 1; // reopened and escalated work is exclusive
    return 1 / this.s.channels[w].concurrency;
  }

  /** The least-loaded on-duty agent who can take work type `w` now, or −1. */
  private findAgent(_id: number, w: number): number {
    const need = this.share(w);
    let best = -1;
    let bestLoad = 2;
    for (const g of this.serversOf[w]) {
      const start = this.groupStart[g];
      const end = start + this.groupSize[g];
      for (let a = start; a < end; a++) {
        if (!this.onDuty[a] || this.leaving[a]) continue;
        const l = this.load[a];
        if (l + need > 1 + EPS || l >= bestLoad) continue;
        if (need === 1 && l > EPS) continue;
        if (l > EPS && !this.sameKind(a, w)) continue;
        best = a;
        bestLoad = l;
        if (l < EPS) return best;
      }
    }
    return best;
  }

  /** Sessions share an agent only with sessions (or wrap-ups) of the same work type. */
  private sameKind(a: number, w: number): boolean {
    return this.kindOf[a] === w;
  }

  /** A free agent takes waiting work, as much as its capacity allows. */
  private pull(a: number): void {
    const group = this.s.groups[this.agentGroup[a]];
    const now = this.sim.now;
    for (;;) {
      if (!this.onDuty[a] || this.leaving[a]) return;
      if (this.load[a] > 1 - EPS) return;
      this.headCount = 0;
      for (const w of group.workTypes) this.considerQueues(a, w, Number.POSITIVE_INFINITY);
      for (const o of group.overflow) this.considerQueues(a, o.workType, now - o.after);
      if (this.headCount === 0) return;
      const chosen = this.policy(this.heads, this.headCount, this.deferredWhenIdle);
      const q = this.queues[this.headQueue[chosen]];
      const id = q.ids[q.head];
      q.drop();
      this.leaveQueue(id);
      if (this.patienceHandle[id] >= 0) this.sim.cancel(this.patienceHandle[id]);
      this.startService(id, a);
    }
  }

  private headCount = 0;

  /**
   * Adds the heads of work type `w`'s queues (one per priority) that agent `a`
   * could take now, and that joined their queue by `joinedBy`, to `heads`.
   */
  private considerQueues(a: number, w: number, joinedBy: number): void {
    const l = this.load[a];
    const need = this.share(w);
    if (l + need > 1 + EPS) return;
    if (need === 1 && l > EPS) return;
    if (l > EPS && !this.sameKind(a, w)) return;
    const deferred = w >= this.C || this.s.channels[w].deferred;
    for (let p = 0; p < 4; p++) {
      const q = this.queues[w * 4 + p];
      while (q.size > 0 && this.ticket[q.ids[q.head]] !== q.tickets[q.head]) q.drop();
      if (q.size === 0) continue;
      const id = q.ids[q.head];
      if (this.enqueuedAt[id] > joinedBy) continue;
      const k = this.headCount++;
      let head = this.heads[k];
      if (!head) {
        head = { priority: 0, enqueuedAt: 0, dueAt: 0, deferred: false };
        this.heads[k] = head;
      }
      head.priority = p;
      head.enqueuedAt = this.enqueuedAt[id];
      head.dueAt = this.dueAt[id];
      head.deferred = deferred;
      this.headQueue[k] = w * 4 + p;
    }
  }

  private respond(id: number, now: number): void {
    if (Number.isNaN(this.firstResponseAt[id])) {
      this.firstResponseAt[id] = now;
      this.count(id, CELL.answered);
    }
  }

  private startService(id: number, a: number): void {
    const now = this.sim.now;
    const w = this.workType[id];
    const draws = this.draws[id]!;
    this.updateAreas(now);
    this.phase[id] = SERVING;
    this.agentOf[id] = a;
    if (w < this.C) {
      this.respond(id, now); // no-op when a bot's reply already counted
      this.nextReply(id, now); // after a bot hand-off
      this.count(id, CELL.handled);
      this.remaining[id] = draws.handleTime;
    } else {
      this.nextReply(id, now);
      this.remaining[id] =
        w === this.s.escalationWorkType ? draws.escalationHandleTime : draws.reopenHandleTime;
    }
    if (this.load[a] < EPS) this.kindOf[a] = w;
    this.handledHere[this.agentGroup[a]]++;
    this.sessions[a * this.maxSessions + this.sessionCount[a]] = id;
    this.sessionCount[a]++;
    this.addLoad(a, this.share(w));
    this.lastUpdate[id] = now;
    this.rateFactor[id] = 1;
    this.serviceHandle[id] = -1;
    this.retime(a);
  }

  /** Records the next reply after an escalation or reopen. */
  private nextReply(id: number, now: number): void {
    const from = this.nextFrom[id];
    if (Number.isNaN(from)) return;
    this.nextFrom[id] = Number.NaN;
    this.countTargets(id, 'nextResponse', from, now);
  }

  /**
   * Re-times every conversation of agent `a` after its number of sessions
   * changed: each progresses at 1/s(j) with j sessions in conversation.
   */
  private retime(a: number): void {
    const now = this.sim.now;
    const j = this.sessionCount[a];
    const base = a * this.maxSessions;
    for (let k = 0; k < j; k++) {
      const id = this.sessions[base + k];
      const w = this.workType[id];
      const curve = w < this.C ? this.s.channels[w].slowdown : ONE;
      const factor = curve[Math.min(j, curve.length) - 1];
      if (factor === this.rateFactor[id] && this.serviceHandle[id] >= 0) continue;
      // Work done since the last change, at the old pace.
      const done = (now - this.lastUpdate[id]) / this.rateFactor[id];
      this.remaining[id] = Math.max(0, this.remaining[id] - done);
      this.lastUpdate[id] = now;
      this.rateFactor[id] = factor;
      if (this.serviceHandle[id] >= 0) this.sim.cancel(this.serviceHandle[id]);
      this.serviceHandle[id] = this.sim.schedule(this.remaining[id] * factor, SERVICE_DONE, id);
    }
  }

  /** A conversation ends: the customer's outcome now, the agent's wrap-up after. */
  private onServiceDone(id: number): void {
    const now = this.sim.now;
    const a = this.agentOf[id];
    const w = this.workType[id];
    this.updateAreas(now);
    const base = a * this.maxSessions;
    const n = this.sessionCount[a];
    for (let k = 0; k < n; k++) {
      if (this.sessions[base + k] === id) {
        this.sessions[base + k] = this.sessions[base + n - 1];
        break;
      }
    }
    this.sessionCount[a] = n - 1;
    this.serviceHandle[id] = -1;
    const wrapUp = w < this.C ? this.draws[id]!.afterContactWork : 0;
    if (wrapUp > 0) {
      this.wrapping[a]++;
      this.sim.schedule(wrapUp, ACW_DONE, a * this.W + w);
    } else {
      this.addLoad(a, -this.share(w));
    }
    this.retime(a);
    this.outcome(id, now);
    if (wrapUp === 0) this.agentFreed(a);
  }

  private onWrapUpDone(data: number): void {
    const a = Math.floor(data / this.W);
    const w = data - a * this.W;
    this.updateAreas(this.sim.now);
    this.wrapping[a]--;
    this.addLoad(a, -this.share(w));
    this.agentFreed(a);
  }

  private addLoad(a: number, delta: number): void {
    this.load[a] += delta;
    this.groupLoad[this.agentGroup[a]] += delta;
  }

  /** Capacity came free on agent `a`: go home if due, else take more work. */
  private agentFreed(a: number): void {
    if (this.load[a] < EPS) {
      this.groupLoad[this.agentGroup[a]] -= this.load[a];
      this.load[a] = 0;
      this.kindOf[a] = -1;
    }
    if (this.leaving[a]) {
      if (this.sessionCount[a] === 0 && this.wrapping[a] === 0) {
        this.leaving[a] = 0;
        this.onDuty[a] = 0;
      }
      return;
    }
    this.pull(a);
  }

  /** What happens to a contact when a conversation with it ends. */
  private outcome(id: number, now: number): void {
    const draws = this.draws[id]!;
    const w = this.workType[id];
    if (w < this.C && !draws.firstContactResolution && this.s.escalationHandleTime) {
      this.count(id, CELL.escalated);
      this.escalatedFlag[id] = 1;
      this.startNext(id, now, ESCALATION);
      this.toHumans(id, this.s.escalationWorkType, Number.POSITIVE_INFINITY);
      return;
    }
    if (draws.reopens && !this.reopenedFlag[id]) {
      this.reopenedFlag[id] = 1;
      this.count(id, CELL.reopened);
      this.phase[id] = AWAITING_REOPEN;
      this.solvedFrom[id] = now;
      this.sim.schedule(draws.reopenDelay, REOPEN, id);
      return;
    }
    this.finish(id, now, false, false);
  }

  /** A customer message now waits for a person's reply (the next-response clock starts). */
  private startNext(id: number, now: number, trigger: number): void {
    this.nextFrom[id] = now;
    this.nextTrigger[id] = trigger;
  }

  private onReopen(id: number): void {
    this.solvedUntil[id] = this.sim.now;
    this.startNext(id, this.sim.now, REOPENED);
    const c = this.draws[id]!.channel;
    this.toHumans(id, reopenWorkType(this.C, c), Number.POSITIVE_INFINITY);
  }

  // -------------------------------------------------------------- accounting

  /** The targets of each metric that apply to each channel × priority (c * 4 + p). */
  private targetsFor(metric: SlaMetric): CompiledTarget[][] {
    let lists = this.targetLists.get(metric);
    if (!lists) {
      lists = Array.from({ length: this.C * 4 }, (_, k) =>
        this.s.targets.filter(
          (t) =>
            t.metric === metric &&
            (t.channel < 0 || t.channel === Math.floor(k / 4)) &&
            (t.priority < 0 || t.priority === k % 4),
        ),
      );
      this.targetLists.set(metric, lists);
    }
    return lists;
  }

  private readonly targetLists = new Map<SlaMetric, CompiledTarget[][]>();

  private countTargets(id: number, metric: SlaMetric, from: number, at: number): void {
    const h = this.horizonInterval[id];
    if (h < 0) return;
    const d = this.draws[id]!;
    const list = this.targetsFor(metric)[d.channel * 4 + d.priority];
    for (let k = 0; k < list.length; k++) {
      const t = list[k];
      if (t.trigger > 0 && t.trigger !== this.nextTrigger[id]) continue;
      const base = (t.index * this.dims.intervals + h) * TARGET_FIELDS;
      this.out.targets[base]++;
      if (Number.isNaN(at)) continue;
      let elapsed = t.business ? this.clock.elapsed(from, at) : at - from;
      if (metric === 'requesterWaitTime' || metric === 'agentWorkTime') {
        // Time spent solved, between a resolution and the reopen, does not count.
        const a = this.solvedFrom[id];
        const b = this.solvedUntil[id];
        if (b > a) elapsed -= t.business ? this.clock.elapsed(a, b) : b - a;
      }
      if (elapsed <= t.within) this.out.targets[base + 1]++;
    }
  }

  /**
   * A contact's story ends: resolved at `resolvedAt` (NaN if not), abandoned,
   * or still open when the run stops. Accounts every figure once.
   */
  private finish(id: number, resolvedAt: number, abandoned: boolean, open: boolean): void {
    const h = this.horizonInterval[id];
    if (h >= 0) {
      const created = this.created[id];
      const d = this.draws[id]!;
      const conservation = this.out.conservation;
      if (abandoned) conservation.abandoned++;
      else if (open) {
        conservation.openAtEnd++;
        this.count(id, CELL.openAtEnd);
      } else {
        conservation.resolved++;
        this.count(id, CELL.resolved);
      }
      const fr = this.firstResponseAt[id];
      const day = Math.floor(h / (86_400 / this.interval));
      if (!Number.isNaN(fr)) {
        this.count(id, CELL.firstResponseSum, fr - created);
        this.count(id, CELL.firstResponseCount);
        if (this.percentiles) this.sketch(0, d, day, h, fr - created);
      }
      if (!Number.isNaN(resolvedAt)) {
        this.count(id, CELL.resolutionSum, resolvedAt - created);
        this.count(id, CELL.resolutionCount);
        if (this.percentiles) this.sketch(1, d, day, h, resolvedAt - created);
      }
      // SLA targets. Solving a contact fulfils its reply targets (as in
      // Zendesk): one resolved without any counted reply, by a bot that does
      // not count as a first response say, meets them at its resolution.
      const replied = Number.isNaN(fr) && !Number.isNaN(resolvedAt) ? resolvedAt : fr;
      this.countTargets(id, 'serviceLevel', created, replied);
      if (!abandoned) {
        this.countTargets(id, 'firstResponse', created, replied);
        this.countTargets(id, 'resolution', created, resolvedAt);
        // No pending or on-hold statuses in this model: both wait times are the
        // time in new/open, i.e. resolution time less any solved spell.
        this.countTargets(id, 'requesterWaitTime', created, resolvedAt);
        this.countTargets(id, 'agentWorkTime', created, resolvedAt);
      }
      if (!Number.isNaN(this.nextFrom[id]))
        this.countTargets(id, 'nextResponse', this.nextFrom[id], Number.NaN);
      this.countAbandonment(id, abandoned);
    }
    this.phase[id] = FREE;
    this.freeIds.push(id);
  }

  private countAbandonment(id: number, abandoned: boolean): void {
    const h = this.horizonInterval[id];
    const d = this.draws[id]!;
    for (const t of this.targetsFor('abandonment')[d.channel * 4 + d.priority]) {
      const base = (t.index * this.dims.intervals + h) * TARGET_FIELDS;
      this.out.targets[base]++;
      if (abandoned) this.out.targets[base + 1]++;
    }
  }

  /** Adds a time of measure m (0 first response, 1 resolution) to its sketches. */
  private sketch(m: number, d: ContactDraws, day: number, h: number, value: number): void {
    this.sketches[(d.channel * 4 + d.priority) * 2 + m].add(value);
    this.daySketches[(day * this.C + d.channel) * 2 + m].add(value);
    if (this.intervalDetail) this.intervalSketch((h * this.C + d.channel) * 2 + m).add(value);
  }

  private intervalSketch(k: number): QuantileSketch {
    let sketch = this.intervalSketches[k];
    if (!sketch) {
      sketch = new QuantileSketch(this.intervalSketchOptions);
      this.intervalSketches[k] = sketch;
    }
    return sketch;
  }

  private writePercentiles(): void {
    const C = this.C;
    const write = (target: Float64Array, row: number, sketch: QuantileSketch) => {
      for (let i = 0; i < QUANTILES.length; i++) {
        target[row * QUANTILES.length + i] =
          sketch.count > 0 ? sketch.quantile(QUANTILES[i]) : Number.NaN;
      }
    };
    for (let m = 0; m < 2; m++) {
      const everything = new QuantileSketch({ relativeAccuracy: 0.005, maxBuckets: 1024 });
      for (let c = 0; c < C; c++) {
        const channelAll = new QuantileSketch({ relativeAccuracy: 0.005, maxBuckets: 1024 });
        for (let p = 0; p < 4; p++) {
          const sk = this.sketches[(c * 4 + p) * 2 + m];
          write(this.out.percentiles, (c * 5 + p) * 2 + m, sk);
          channelAll.merge(sk);
        }
        write(this.out.percentiles, (c * 5 + 4) * 2 + m, channelAll);
        everything.merge(channelAll);
      }
      write(this.out.percentiles, (C * 5 + 4) * 2 + m, everything);
      for (let p = 0; p < 4; p++) {
        const priorityAll = new QuantileSketch({ relativeAccuracy: 0.005, maxBuckets: 1024 });
        for (let c = 0; c < C; c++) priorityAll.merge(this.sketches[(c * 4 + p) * 2 + m]);
        write(this.out.percentiles, (C * 5 + p) * 2 + m, priorityAll);
      }
      for (let day = 0; day < this.dims.days; day++) {
        const dayAll = new QuantileSketch({ relativeAccuracy: 0.005, maxBuckets: 1024 });
        for (let c = 0; c < C; c++) {
          const sk = this.daySketches[(day * C + c) * 2 + m];
          write(this.out.dayPercentiles, (day * (C + 1) + c) * 2 + m, sk);
          dayAll.merge(sk);
        }
        write(this.out.dayPercentiles, (day * (C + 1) + C) * 2 + m, dayAll);
      }
      const empty = new QuantileSketch(this.intervalSketchOptions);
      for (let h = 0; h < this.dims.intervals && this.intervalDetail; h++) {
        const all = new QuantileSketch(this.intervalSketchOptions);
        for (let c = 0; c < C; c++) {
          const sk = this.intervalSketches[(h * C + c) * 2 + m] ?? empty;
          write(this.out.intervalPercentiles, (h * (C + 1) + c) * 2 + m, sk);
          if (sk.count > 0) all.merge(sk);
        }
        write(this.out.intervalPercentiles, (h * (C + 1) + C) * 2 + m, all);
      }
    }
  }
}
