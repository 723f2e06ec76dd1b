import { describe, expect, it } from 'vitest';
import type { Pattern } from '../../simulator/staffing/patterns.js';
import { type GroupShiftPlan, planShifts } from '../../simulator/staffing/shifts.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Week positions an agent on (start, days) of `p` is on duty, worked out from scratch. */
function onDuty(p: Pattern, start: number, days: number[], interval: number): number[] {
  const positions = (7 * DAY) / interval;
  const out: number[] = [];
  for (const d of days) {
    for (let t = 0; t < p.length; t += interval) {
      if (p.breaks.some((b) => t >= b.after && t < b.after + b.length)) continue;
      out.push(((d * DAY + start + t) / interval) % positions);
    }
  }
  return out;
}

function paidHours(p: Pattern, days: number[]): number {
  const unpaid = p.breaks.filter((b) => !b.paid).reduce((s, b) => s + b.length, 0);
  return (days.length * (p.length - unpaid)) / HOUR;
}

/** Every rule of every pattern, checked on a plan; returns the coverage worked out anew. */
function checkRules(
  plan: GroupShiftPlan,
  patterns: Pattern[],
  interval: number,
  requirement: number[],
): number[] {
  const coverage = new Array<number>(requirement.length).fill(0);
  let paid = 0;
  const perDay = new Map<string, number>();
  for (const a of plan.assignments) {
    const p = patterns.find((q) => q.name === a.pattern);
    expect(p, a.pattern).toBeDefined();
    const pattern = p as Pattern;
    expect(pattern.starts).toContain(a.start);
    expect(Number.isInteger(a.agents) && a.agents > 0).toBe(true);
    for (const d of a.days) expect(pattern.days).toContain(d);
    if (pattern.daysOn === undefined) expect(a.days).toEqual(pattern.days);
    else {
      expect(a.days.length).toBe(pattern.daysOn);
      // consecutive days, wrapping Sunday → Monday
      const set = new Set(a.days);
      const first = a.days.find((d) => !set.has((d + 6) % 7)) ?? a.days[0];
      for (let k = 0; k < pattern.daysOn; k++) expect(set.has((first + k) % 7)).toBe(true);
    }
    for (const pos of onDuty(pattern, a.start, a.days, interval)) coverage[pos] += a.agents;
    paid += a.agents * paidHours(pattern, a.days);
    for (const d of a.days) {
      const key = `${pattern.name}/${d}`;
      perDay.set(key, (perDay.get(key) ?? 0) + a.agents);
    }
  }
  for (const p of patterns) {
    for (const d of p.days) {
      const n = perDay.get(`${p.name}/${d}`) ?? 0;
      expect(n, `${p.name} on day ${d}`).toBeGreaterThanOrEqual(p.min);
      expect(n, `${p.name} on day ${d}`).toBeLessThanOrEqual(p.max);
    }
  }
  expect(plan.coverage).toEqual(coverage);
  expect(plan.paidHours).toBeCloseTo(paid, 9);
  requirement.forEach((r, pos) => {
    if (!plan.uncovered.includes(pos))
      expect(coverage[pos], `position ${pos}`).toBeGreaterThanOrEqual(r);
  });
  return coverage;
}

const pattern = (p: Partial<Pattern> & Pick<Pattern, 'name' | 'starts' | 'length'>): Pattern => ({
  breaks: [],
  days: [0, 1, 2, 3, 4, 5, 6],
  min: 0,
  max: Number.POSITIVE_INFINITY,
  ...p,
});

describe('the shift plan', () => {
  // 3-hour intervals: 8 a day, 56 a week.
  const IV = 3 * HOUR;
  const small: Pattern[] = [
    pattern({
      name: 'early',
      starts: [6 * HOUR],
      length: 9 * HOUR,
      breaks: [{ after: 3 * HOUR, length: 3 * HOUR, paid: false }],
      days: [0, 1, 2, 3, 4],
      max: 3,
    }),
    pattern({
      name: 'late',
      starts: [12 * HOUR, 15 * HOUR],
      length: 6 * HOUR,
      days: [0, 1, 2],
      daysOn: 2,
      min: 1,
    }),
    pattern({ name: 'weekend', starts: [0], length: 12 * HOUR, days: [5, 6], max: 2 }),
  ];
  const at = (day: number, hour: number) => (day * 24 + hour) / 3;
  const smallRequirement = (() => {
    const r = new Array<number>(56).fill(0);
    const set = (day: number, hour: number, n: number) => {
      r[at(day, hour)] = n;
    };
    set(0, 6, 2);
    set(0, 12, 3);
    set(0, 15, 2);
    set(1, 12, 1);
    set(1, 15, 1);
    set(1, 18, 1);
    set(2, 6, 1);
    set(2, 12, 2);
    set(3, 6, 1);
    set(3, 12, 1);
    set(4, 6, 1);
    set(5, 0, 1);
    set(5, 3, 2);
    set(5, 6, 1);
    set(6, 0, 1);
    set(6, 9, 1);
    return r;
  })();

  it('costs exactly the optimum an exhaustive search finds on a small instance', async () => {
    const plan = await planShifts(smallRequirement, small, IV);
    checkRules(plan, small, IV, smallRequirement);
    expect(plan.uncovered).toEqual([]);
    expect(plan.solver.status).toBe('Optimal');

    // Every weekly schedule: early Mon–Fri; late at 12:00 or 15:00 on Mon–Tue or
    // Tue–Wed; weekend Sat–Sun. Each with 0…3 agents: 4^6 plans.
    const schedules = [
      { p: small[0], start: 6 * HOUR, days: [0, 1, 2, 3, 4] },
      ...[12 * HOUR, 15 * HOUR].flatMap((start) =>
        [
          [0, 1],
          [1, 2],
        ].map((days) => ({ p: small[1], start, days })),
      ),
      { p: small[2], start: 0, days: [5, 6] },
    ];
    const duty = schedules.map((s) => onDuty(s.p, s.start, s.days, IV));
    let best = Number.POSITIVE_INFINITY;
    const counts = new Array<number>(schedules.length).fill(0);
    for (let code = 0; code < 4 ** schedules.length; code++) {
      let c = code;
      for (let i = 0; i < schedules.length; i++) {
        counts[i] = c % 4;
        c = Math.floor(c / 4);
      }
      const coverage = new Array<number>(56).fill(0);
      schedules.forEach((_, i) => {
        for (const pos of duty[i]) coverage[pos] += counts[i];
      });
      if (smallRequirement.some((r, pos) => coverage[pos] < r)) continue;
      if (counts[0] > 3 || counts[5] > 2) continue;
      const lateOn = (d: number) =>
        schedules.reduce(
          (s, sc, i) => s + (sc.p === small[1] && sc.days.includes(d) ? counts[i] : 0),
          0,
        );
      if ([0, 1, 2].some((d) => lateOn(d) < 1)) continue;
      const cost = schedules.reduce((s, sc, i) => s + counts[i] * paidHours(sc.p, sc.days), 0);
      best = Math.min(best, cost);
    }
    expect(Number.isFinite(best)).toBe(true);
    expect(plan.paidHours).toBe(best);
  });

  it('covers every interval’s requirement and respects every pattern rule: start times, lengths, breaks, days, days on, minimum and maximum', async () => {
    const IV15 = 900;
    const patterns: Pattern[] = [
      pattern({
        name: 'day',
        starts: [7 * HOUR, 7.5 * HOUR, 8 * HOUR, 8.5 * HOUR, 9 * HOUR],
        length: 9 * HOUR,
        breaks: [
          { after: 4 * HOUR, length: HOUR, paid: false },
          { after: 2 * HOUR, length: 900, paid: true },
        ],
        daysOn: 5,
        min: 2,
        max: 30,
      }),
      pattern({
        name: 'evening',
        starts: [14 * HOUR, 16 * HOUR],
        length: 8 * HOUR,
        max: 6,
      }),
      pattern({ name: 'night', starts: [22 * HOUR], length: 9 * HOUR, daysOn: 4, min: 1 }),
    ];
    // A daily shape: quiet nights, busy days, a weekday/weekend difference.
    const requirement = Array.from({ length: (7 * DAY) / IV15 }, (_, pos) => {
      const day = Math.floor(pos / 96);
      const hour = (pos % 96) / 4;
      const base = hour < 7 ? 1 : hour < 10 ? 6 : hour < 17 ? 9 : hour < 22 ? 5 : 2;
      return day < 5 ? base : Math.ceil(base / 2);
    });
    const plan = await planShifts(requirement, patterns, IV15);
    expect(plan.uncovered).toEqual([]);
    const coverage = checkRules(plan, patterns, IV15, requirement);
    requirement.forEach((r, pos) => {
      expect(coverage[pos]).toBeGreaterThanOrEqual(r);
    });
    expect(plan.solver.status).toBe('Optimal');
  });

  it('reports the intervals no allowed schedule can cover instead of failing', async () => {
    const patterns = [pattern({ name: 'day', starts: [9 * HOUR], length: 9 * HOUR, max: 2 })];
    const requirement = new Array<number>(56).fill(0);
    requirement[at(0, 3)] = 1; // Monday 03:00: nobody works then
    requirement[at(0, 9)] = 3; // more than max
    const plan = await planShifts(requirement, patterns, IV);
    expect(plan.uncovered.sort((a, b) => a - b)).toEqual([at(0, 3), at(0, 9)]);
    expect(plan.coverage[at(0, 9)]).toBe(2);
    checkRules(plan, patterns, IV, requirement);
  });

  it('puts nobody on when nothing is required', async () => {
    const plan = await planShifts(new Array<number>(56).fill(0), small.slice(0, 1), IV);
    expect(plan.assignments).toEqual([]);
    expect(plan.paidHours).toBe(0);
  });
});
