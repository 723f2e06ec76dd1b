/**
 * Business-hours clock: how much open time lies between two instants, and
 * when a given amount of open time has elapsed. SLA clocks on business hours
 * pause outside them (nights, weekends, holidays), as Zendesk, Freshdesk and
 * Request Tracker's `BusinessMinutes` do.
 *
 * Time is seconds from the horizon start, Monday 00:00 local time; days are
 * 86 400 s (scenario time is wall-clock time, so no daylight-saving jumps).
 */
import type { BusinessHours } from '../../scenarios/schema/types.js';

const DAY = 86_400;

export class BusinessClock {
  private readonly week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  private readonly holidays: ReadonlySet<number>;
  private readonly openPerWeekday: number[];

  constructor(hours: BusinessHours) {
    this.week = hours.week.map((day) => [...day].sort((a, b) => a[0] - b[0]));
    this.holidays = new Set(hours.holidays);
    this.openPerWeekday = this.week.map((day) => day.reduce((s, [a, b]) => s + (b - a), 0));
  }

  private openOn(day: number): ReadonlyArray<readonly [number, number]> {
    if (this.holidays.has(day)) return [];
    return this.week[((day % 7) + 7) % 7];
  }

  /** Open seconds in [t0, t1]. */
  elapsed(t0: number, t1: number): number {
    if (t1 <= t0) return 0;
    let total = 0;
    const firstDay = Math.floor(t0 / DAY);
    const lastDay = Math.floor(t1 / DAY);
    for (let day = firstDay; day <= lastDay; day++) {
      const base = day * DAY;
      if (day > firstDay && day < lastDay && !this.holidays.has(day)) {
        total += this.openPerWeekday[((day % 7) + 7) % 7];
        continue;
      }
      for (const [a, b] of this.openOn(day)) {
        const lo = Math.max(t0, base + a);
        const hi = Math.min(t1, base + b);
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }

  /**
   * The instant at which `amount` open seconds have elapsed since `t0`
   * (Infinity if the calendar has no open time at all).
   */
  addOpenTime(t0: number, amount: number): number {
    if (this.openPerWeekday.every((s) => s === 0)) return Number.POSITIVE_INFINITY;
    let remaining = amount;
    let day = Math.floor(t0 / DAY);
    for (let guard = 0; guard < 366 * 50; guard++, day++) {
      const base = day * DAY;
      for (const [a, b] of this.openOn(day)) {
        const lo = Math.max(t0, base + a);
        const hi = base + b;
        if (hi <= lo) continue;
        if (hi - lo >= remaining) return lo + remaining;
        remaining -= hi - lo;
      }
    }
    return Number.POSITIVE_INFINITY;
  }
}
