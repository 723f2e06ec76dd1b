import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../simulator/engine/calendar.js';
import { Simulation } from '../../simulator/engine/simulation.js';

function drain(calendar: Calendar): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (calendar.pop()) out.push([calendar.time, calendar.kind, calendar.data]);
  return out;
}

describe('the event calendar', () => {
  it('returns events in time order whatever the scheduling order', () => {
    const calendar = new Calendar(4);
    const times = [5, 1, 4, 2, 3, 0.5, 7, 6];
    times.forEach((t, i) => {
      calendar.schedule(t, 0, i, 0);
    });
    expect(drain(calendar).map((e) => e[0])).toEqual([...times].sort((a, b) => a - b));
  });

  it('runs equal times by priority, then in scheduling order', () => {
    const calendar = new Calendar();
    calendar.schedule(1, 0, 10, 0);
    calendar.schedule(1, 0, 11, 0);
    calendar.schedule(1, 0, 12, -1);
    calendar.schedule(0.5, 0, 13, 5);
    calendar.schedule(1, 0, 14, 0);
    expect(drain(calendar).map((e) => e[2])).toEqual([13, 12, 10, 11, 14]);
  });

  it('keeps scheduling order among thousands of simultaneous events', () => {
    const calendar = new Calendar();
    for (let i = 0; i < 5000; i++) calendar.schedule(42, 0, i, 0);
    expect(drain(calendar).map((e) => e[2])).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('cancels a pending event and reports a second cancel as a no-op', () => {
    const calendar = new Calendar();
    calendar.schedule(1, 0, 1, 0);
    const h = calendar.schedule(2, 0, 2, 0);
    calendar.schedule(3, 0, 3, 0);
    expect(calendar.cancel(h)).toBe(true);
    expect(calendar.cancel(h)).toBe(false);
    expect(calendar.size).toBe(2);
    expect(drain(calendar).map((e) => e[2])).toEqual([1, 3]);
  });

  it('does not cancel a newer event that reuses the slot of one already run', () => {
    const calendar = new Calendar();
    const stale = calendar.schedule(1, 0, 1, 0);
    calendar.pop();
    calendar.schedule(2, 0, 2, 0); // reuses the freed slot
    expect(calendar.cancel(stale)).toBe(false);
    expect(drain(calendar).map((e) => e[2])).toEqual([2]);
  });

  /**
   * Random schedules, cancellations and pops against a reference array sorted
   * by (time, priority, sequence). Returns the most events pending at once
   * and the most slots the calendar held.
   */
  function againstReference(cancelShare: number, steps: number): { live: number; slots: number } {
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const calendar = new Calendar(2);
    const reference: Array<{ t: number; p: number; s: number; d: number; h: number }> = [];
    let sequence = 0;
    let live = 0;
    let slots = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < steps; step++) {
      const r = rand();
      if (r < 0.5) {
        const t = Math.floor(rand() * 50);
        const p = Math.floor(rand() * 3);
        const d = step;
        const h = calendar.schedule(t, 0, d, p);
        reference.push({ t, p, s: sequence++, d, h });
      } else if (r < 0.5 + cancelShare && reference.length > 0) {
        const i = Math.floor(rand() * reference.length);
        expect(calendar.cancel(reference[i].h)).toBe(true);
        expect(calendar.cancel(reference[i].h)).toBe(false);
        reference.splice(i, 1);
      } else if (reference.length > 0) {
        reference.sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
        expected.push(reference.shift()!.d);
        calendar.pop();
        popped.push(calendar.data);
      }
      expect(calendar.size).toBe(reference.length);
      live = Math.max(live, reference.length);
      slots = Math.max(slots, calendar.slotsAllocated);
    }
    expect(popped).toEqual(expected);
    return { live, slots };
  }

  it('matches a sorted reference under random schedules and cancellations', () => {
    againstReference(0.2, 20000);
  });

  it('keeps the order and frees slots at once when most events are cancelled', () => {
    // Cancellations outnumber pops: a cancelled event's slot must be reused
    // at once, so slots stay within the most events pending (plus the root
    // of the event being run).
    const { live, slots } = againstReference(0.4, 50000);
    expect(slots).toBeLessThanOrEqual(live + 1);
  });

  it('reuses slots so memory is bounded by the events pending at once, not by events run', () => {
    const calendar = new Calendar(4);
    for (let i = 0; i < 1_000_000; i++) {
      const patience = calendar.schedule(i + 5, 1, i, 0);
      calendar.schedule(i + 1, 0, i, 0);
      calendar.cancel(patience);
      calendar.pop();
    }
    expect(calendar.size).toBe(0);
    expect(calendar.slotsAllocated).toBeLessThanOrEqual(2);
  });
});

describe('lanes', () => {
  it('run their events in the same order as if they had been scheduled in the heap', () => {
    // Three lanes and the heap against a reference sorted by (time, priority,
    // sequence); integer times make ties common, so the keys decide often.
    let seed = 777;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const calendar = new Calendar(2);
    const lanes = [calendar.addLane(), calendar.addLane(), calendar.addLane()];
    const onLane = [-1, -1, -1]; // the data of each lane's pending event
    const reference: Array<{ t: number; p: number; s: number; d: number; lane: number }> = [];
    let sequence = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 30000; step++) {
      const r = rand();
      const t = Math.floor(rand() * 40);
      const p = Math.floor(rand() * 3) - 1;
      if (r < 0.3) {
        calendar.schedule(t, 0, step, p);
        reference.push({ t, p, s: sequence++, d: step, lane: -1 });
      } else if (r < 0.55) {
        const l = Math.floor(rand() * lanes.length);
        if (onLane[l] >= 0) continue;
        calendar.scheduleOn(lanes[l], t, 1, step, p);
        onLane[l] = step;
        reference.push({ t, p, s: sequence++, d: step, lane: l });
      } else if (r < 0.6) {
        const l = Math.floor(rand() * lanes.length);
        expect(calendar.cancelOn(lanes[l])).toBe(onLane[l] >= 0);
        if (onLane[l] >= 0) {
          reference.splice(
            reference.findIndex((e) => e.d === onLane[l]),
            1,
          );
          onLane[l] = -1;
        }
      } else if (reference.length > 0) {
        reference.sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
        const next = reference.shift()!;
        if (next.lane >= 0) onLane[next.lane] = -1;
        expected.push(next.d);
        expect(calendar.peekTime()).toBe(next.t);
        calendar.pop();
        popped.push(calendar.data);
      }
      expect(calendar.size).toBe(reference.length);
    }
    expect(popped.length).toBeGreaterThan(5000);
    expect(popped).toEqual(expected);
  });

  it('hold one event at a time and name the lane they refuse', () => {
    const sim = new Simulation();
    const lane = sim.addLane();
    sim.scheduleOn(lane, 2, 7, 70);
    expect(() => sim.scheduleOn(lane, 1, 7, 71)).toThrow(/lane 0 already has an event pending/);
    expect(() => sim.scheduleOn(5, 1, 7)).toThrow(/no lane 5; lanes are 0 to 0, from addLane\(\)/);
    expect(() => sim.scheduleOn(lane, -1, 7)).toThrow(/delay must be ≥ 0/);
    expect(sim.pending).toBe(1);
    expect(sim.peek()).toBe(2);
    expect(sim.cancelOn(lane)).toBe(true);
    expect(sim.cancelOn(lane)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('drive an arrival process in a simulation, and `until` sees them', () => {
    const sim = new Simulation();
    const arrivals = sim.addLane();
    const seen: number[] = [];
    sim.scheduleOn(arrivals, 1, 0);
    sim.schedule(2.5, 1);
    const ran = sim.run((kind) => {
      seen.push(sim.now);
      if (kind === 0) sim.scheduleOn(arrivals, 1, 0);
    }, 3.5);
    expect(seen).toEqual([1, 2, 2.5, 3]);
    expect(ran).toBe(4);
    expect(sim.now).toBe(3.5);
    expect(sim.pending).toBe(1);
  });
});

describe('the simulation loop', () => {
  it('advances the clock to each event and runs a hand-computed trace', () => {
    // A one-server queue by hand: arrivals at 0, 1, 1.5; service 2 each.
    // Starts: 0, 2, 4; departures: 2, 4, 6.
    const sim = new Simulation();
    const ARRIVE = 0;
    const DEPART = 1;
    const log: string[] = [];
    let busy = false;
    let waiting = 0;
    [0, 1, 1.5].forEach((t, i) => {
      sim.scheduleAt(t, ARRIVE, i);
    });
    sim.run((kind, data) => {
      if (kind === ARRIVE) {
        log.push(`${sim.now} arrive ${data}`);
        if (busy) waiting++;
        else {
          busy = true;
          sim.schedule(2, DEPART, data);
        }
      } else {
        log.push(`${sim.now} depart ${data}`);
        if (waiting > 0) {
          waiting--;
          sim.schedule(2, DEPART, data + 1);
        } else busy = false;
      }
    });
    expect(log).toEqual([
      '0 arrive 0',
      '1 arrive 1',
      '1.5 arrive 2',
      '2 depart 0',
      '4 depart 1',
      '6 depart 2',
    ]);
    expect(sim.now).toBe(6);
  });

  it('hands events one by one to a model that runs its own loop', () => {
    const sim = new Simulation({ startTime: 1 });
    sim.schedule(2, 7, 70);
    sim.schedule(1, 8, 80);
    const h = sim.schedule(1.5, 9, 90);
    const seen: string[] = [];
    while (sim.next()) {
      seen.push(`${sim.now} ${sim.kind} ${sim.data}`);
      if (sim.kind === 8) {
        sim.cancel(h);
        sim.schedule(0.25, 6, 60);
      }
    }
    expect(seen).toEqual(['2 8 80', '2.25 6 60', '3 7 70']);
    expect(sim.pending).toBe(0);
  });

  it('stops at `until` with the clock set to it and the later events still pending', () => {
    const sim = new Simulation();
    sim.schedule(1, 0);
    sim.schedule(5, 0);
    const ran = sim.run(() => {}, 3);
    expect(ran).toBe(1);
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(1);
  });

  it('refuses to schedule into the past', () => {
    const sim = new Simulation({ startTime: 10 });
    expect(() => sim.scheduleAt(9, 0)).toThrow(/before now/);
    expect(() => sim.schedule(-1, 0)).toThrow(/delay must be/);
    expect(() => sim.schedule(Number.NaN, 0)).toThrow(/delay must be/);
  });

  it('stops after the current event when the handler calls stop()', () => {
    const sim = new Simulation();
    for (let i = 0; i < 10; i++) sim.schedule(i, 0, i);
    const seen: number[] = [];
    sim.run((_, data) => {
      seen.push(data);
      if (data === 3) sim.stop();
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sim.pending).toBe(6);
  });
});

describe('the kernel', () => {
  it('speaks no support vocabulary', () => {
    const dir = join(import.meta.dirname, '../../simulator/engine');
    const words = /\b(agent|ticket|channel|sla|customer|contact|helpdesk|chat|phone|bot)s?\b/i;
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      const hit = text.match(words);
      expect(hit, `${file} mentions "${hit?.[0]}"`).toBeNull();
    }
  });
});
