/**
 * Model behaviour on hand-made traces: arrival times and outcomes fixed, so
 * every figure can be worked out on paper.
 */
import { describe, expect, it } from 'vitest';
import { BusinessClock } from '../../simulator/model/businessHours.js';
import type { ContactDraws } from '../../simulator/model/contactDraws.js';
import { CELL, GROUP_FIELDS } from '../../simulator/model/layout.js';
import { runReplication } from '../../simulator/model/replicate.js';
import { DAY, HOUR, scenario } from './builders.js';
import { targetAttainment, total } from './support.js';

function contact(overrides: Partial<ContactDraws> = {}): ContactDraws {
  return {
    channel: 0,
    priority: 2,
    botRouted: false,
    botHandleTime: 0,
    botContained: false,
    handleTime: 600,
    afterContactWork: 0,
    patience: Number.POSITIVE_INFINITY,
    firstContactResolution: true,
    escalationHandleTime: 0,
    reopens: false,
    reopenDelay: 0,
    reopenHandleTime: 0,
    ...overrides,
  };
}

const week = (hours: Array<[number, number]>) =>
  [0, 1, 2, 3, 4].map(() => hours).concat([[], []]) as Array<Array<[number, number]>>;

describe('the business-hours clock', () => {
  const clock = new BusinessClock({ week: week([[9 * HOUR, 18 * HOUR]]), holidays: [] });

  it('pauses overnight: Monday 17:00 to Tuesday 10:00 is 2 open hours', () => {
    expect(clock.elapsed(17 * HOUR, DAY + 10 * HOUR)).toBe(2 * HOUR);
  });

  it('pauses over the weekend: Friday 17:00 to Monday 10:00 is 2 open hours', () => {
    expect(clock.elapsed(4 * DAY + 17 * HOUR, 7 * DAY + 10 * HOUR)).toBe(2 * HOUR);
  });

  it('skips holidays: Monday 17:00 to Wednesday 10:00 with Tuesday off is 2 open hours', () => {
    const withHoliday = new BusinessClock({ week: week([[9 * HOUR, 18 * HOUR]]), holidays: [1] });
    expect(withHoliday.elapsed(17 * HOUR, 2 * DAY + 10 * HOUR)).toBe(2 * HOUR);
  });

  it('adds open time across a night and a weekend', () => {
    expect(clock.addOpenTime(4 * DAY + 17 * HOUR, 2 * HOUR)).toBe(7 * DAY + 10 * HOUR);
    expect(clock.addOpenTime(20 * HOUR, HOUR)).toBe(DAY + 10 * HOUR);
  });

  it('counts whole weeks in long spans', () => {
    expect(clock.elapsed(0, 14 * DAY)).toBe(2 * 5 * 9 * HOUR);
  });
});

describe('a business-hours SLA clock in the model', () => {
  it('counts a reply Monday 10:00 to a Friday 17:30 ticket as 1.5 open hours, not 64.5 hours', () => {
    // One agent works only Monday 10:00–11:00 (interval staffing); the ticket
    // arrives Friday 17:30 and is answered when the agent appears.
    const interval = 900;
    const s = scenario({
      channels: [{ name: 'email', kind: 'deferred', perHour: 0, ahtSeconds: 600 }],
      horizonDays: 14,
      warmupIntervals: 0,
      cooldownIntervals: 0,
      groups: [{ name: 'L1', agents: 0, channels: ['email'] }],
      sla: [
        {
          name: 'business',
          metric: 'firstResponse',
          within: 1.5 * HOUR,
          attainment: 0.9,
          clock: 'business',
        },
        {
          name: 'tight',
          metric: 'firstResponse',
          within: 1.5 * HOUR - 1,
          attainment: 0.9,
          clock: 'business',
        },
        {
          name: 'calendar',
          metric: 'firstResponse',
          within: 64 * HOUR,
          attainment: 0.9,
          clock: 'calendar',
        },
      ],
    });
    const mondayTen = (7 * DAY + 10 * HOUR) / interval;
    s.groups[0].staffing = s.groups[0].staffing.map((_, i) =>
      i >= mondayTen && i < mondayTen + 4 ? 1 : 0,
    );
    const out = runReplication(s, 1, 0, [{ time: 4 * DAY + 17.5 * HOUR, draws: contact() }]);
    const H = s.horizonIntervals;
    expect(targetAttainment(out, 0, H)).toBe(1);
    expect(targetAttainment(out, 1, H)).toBe(0);
    expect(targetAttainment(out, 2, H)).toBe(0); // 64.5 calendar hours
  });
});

describe('an escalated and reopened ticket', () => {
  it('is resolved at handle + escalation handle + reopen delay + reopen handle when nobody waits', () => {
    const s = scenario({
      channels: [{ name: 'email', kind: 'deferred', perHour: 0, ahtSeconds: 600 }],
      horizonDays: 2,
      groups: [
        { name: 'L1', agents: 2, channels: ['email'] },
        { name: 'L2', agents: 2, channels: [], tier: 2, escalations: true },
      ],
      escalation: { toGroup: 'L2', handleTime: { dist: 'deterministic', value: 1800 } },
      reopen: {
        probability: 1,
        delay: { dist: 'deterministic', value: 7200 },
        handleTime: { dist: 'deterministic', value: 300 },
      },
      sla: [
        {
          name: 'resolution',
          metric: 'resolution',
          within: 600 + 1800 + 7200 + 300,
          attainment: 0.9,
          clock: 'calendar',
        },
        {
          name: 'resolution-1s',
          metric: 'resolution',
          within: 600 + 1800 + 7200 + 299,
          attainment: 0.9,
          clock: 'calendar',
        },
        { name: 'next', metric: 'nextResponse', within: 0, attainment: 0.9, clock: 'calendar' },
      ],
    });
    const draws = contact({
      firstContactResolution: false,
      escalationHandleTime: 1800,
      reopens: true,
      reopenDelay: 7200,
      reopenHandleTime: 300,
    });
    const out = runReplication(s, 1, 0, [{ time: 3600, draws }]);
    const H = s.horizonIntervals;
    expect(total(out, CELL.resolutionSum)).toBe(600 + 1800 + 7200 + 300);
    expect(total(out, CELL.escalated)).toBe(1);
    expect(total(out, CELL.reopened)).toBe(1);
    expect(total(out, CELL.resolved)).toBe(1);
    expect(targetAttainment(out, 0, H)).toBe(1);
    expect(targetAttainment(out, 1, H)).toBe(0);
    // Two next-response instances (after the escalation and after the reopen), both answered at once.
    expect(out.targets[(2 * H + 4) * 2]).toBe(2);
    expect(targetAttainment(out, 2, H)).toBe(1);
    // Handlings started per interval and group: L1 takes the contact at
    // 3600 s (interval 4) and the reopened one at 13 200 s (interval 14); L2
    // the escalation at 4200 s (interval 4).
    const handled = (interval: number, group: number) =>
      out.groups[(interval * 2 + group) * GROUP_FIELDS + 2];
    expect(handled(4, 0)).toBe(1);
    expect(handled(14, 0)).toBe(1);
    expect(handled(4, 1)).toBe(1);
    let all = 0;
    for (let i = 2; i < out.groups.length; i += GROUP_FIELDS) all += out.groups[i];
    expect(all).toBe(3);
  });
});

describe('a staffing change at an interval boundary', () => {
  it('lets the leaving agent finish the contact in hand, then takes no more work', () => {
    // One agent on duty in horizon interval 0 only. A 1000 s contact starts at
    // 600 s: it ends at 1600 s, 700 s after the agent's shift ended at 900 s.
    // A second contact at 800 s waits and is never served.
    const s = scenario({
      channels: [{ name: 'email', kind: 'deferred', perHour: 0, ahtSeconds: 600 }],
      horizonDays: 1,
      warmupIntervals: 2,
      groups: [{ name: 'L1', agents: 0, channels: ['email'] }],
    });
    s.groups[0].staffing = s.groups[0].staffing.map((_, i) => (i === 2 ? 1 : 0));
    const out = runReplication(s, 1, 0, [
      { time: 600, draws: contact({ handleTime: 1000 }) },
      { time: 800, draws: contact({ handleTime: 1000 }) },
    ]);
    expect(total(out, CELL.resolved)).toBe(1);
    expect(total(out, CELL.openAtEnd)).toBe(1);
    expect(total(out, CELL.resolutionSum)).toBe(1000);
    // Staffed and busy agents, time-averaged per interval.
    const staffed = (i: number) => out.groups[i * GROUP_FIELDS];
    const busy = (i: number) => out.groups[i * GROUP_FIELDS + 1];
    expect(staffed(0)).toBe(1);
    expect(busy(0)).toBeCloseTo(300 / 900, 12);
    expect(staffed(1)).toBe(0);
    expect(busy(1)).toBeCloseTo(700 / 900, 12);
    expect(busy(2)).toBe(0);
  });
});

describe('patience', () => {
  it('abandons a waiting caller at the patience draw and cancels it once answered', () => {
    const s = scenario({
      channels: [{ perHour: 0, ahtSeconds: 600 }],
      horizonDays: 1,
      agents: 1,
      sla: [{ name: 'abandon', metric: 'abandonment', attainment: 0.5, clock: 'calendar' }],
    });
    // Caller 1 takes the agent 0–600 s. Caller 2 (patience 100 s) gives up at
    // 300 s. Caller 3 (patience 500 s) arrives at 250 s and is answered at 600 s
    // (waited 350 s < 500 s): its patience timer must not fire afterwards.
    const out = runReplication(s, 1, 0, [
      { time: 0, draws: contact() },
      { time: 200, draws: contact({ patience: 100 }) },
      { time: 250, draws: contact({ patience: 500 }) },
    ]);
    expect(total(out, CELL.abandoned)).toBe(1);
    expect(total(out, CELL.resolved)).toBe(2);
    expect(total(out, CELL.firstResponseSum)).toBe(0 + 350);
    expect(targetAttainment(out, 0, s.horizonIntervals)).toBeCloseTo(1 / 3, 12);
  });
});

describe('per-interval percentiles', () => {
  it('rank the interval’s first-response times: waits 0, 90, 180, 270, 360 s give p50 180 and p80 270', () => {
    // One agent, 100 s each, five callers 10 s apart: the k-th waits 90·k s.
    const s = scenario({ channels: [{ perHour: 0, ahtSeconds: 100 }], horizonDays: 1, agents: 1 });
    const out = runReplication(
      s,
      1,
      0,
      [0, 10, 20, 30, 40].map((time) => ({ time, draws: contact({ handleTime: 100 }) })),
    );
    // Layout: ((interval * (channels + 1) + channel) * 2 + metric) * 5 + quantile (p50, p80, p90, p95, p99);
    // ranks ⌊q·(n − 1)⌋ within the sketch's 1% relative error.
    const at = (channel: number, q: number) =>
      out.intervalPercentiles[((0 * 2 + channel) * 2 + 0) * 5 + q];
    for (const channel of [0, 1]) {
      expect(Math.abs(at(channel, 0) - 180)).toBeLessThanOrEqual(1.8);
      expect(Math.abs(at(channel, 1) - 270)).toBeLessThanOrEqual(2.7);
    }
    expect(Number.isNaN(out.intervalPercentiles[((1 * 2 + 0) * 2 + 0) * 5])).toBe(true); // nobody in interval 1
  });
});

describe('requester wait time and agent work time', () => {
  it('leave out the time a reopened ticket spent solved', () => {
    // Resolved at 600 s after creation, reopened 7200 s later, solved again
    // after 300 s more: full resolution 8100 s, wait time 900 s.
    const s = scenario({
      channels: [{ name: 'email', kind: 'deferred', perHour: 0, ahtSeconds: 600 }],
      horizonDays: 1,
      agents: 1,
      reopen: {
        probability: 1,
        delay: { dist: 'deterministic', value: 7200 },
        handleTime: { dist: 'deterministic', value: 300 },
      },
      sla: [
        {
          name: 'wait',
          metric: 'requesterWaitTime',
          within: 900,
          attainment: 0.9,
          clock: 'calendar',
        },
        {
          name: 'wait-1s',
          metric: 'requesterWaitTime',
          within: 899,
          attainment: 0.9,
          clock: 'calendar',
        },
        { name: 'work', metric: 'agentWorkTime', within: 900, attainment: 0.9, clock: 'calendar' },
        { name: 'full', metric: 'resolution', within: 8099, attainment: 0.9, clock: 'calendar' },
      ],
    });
    const out = runReplication(s, 1, 0, [
      { time: 3600, draws: contact({ reopens: true, reopenDelay: 7200, reopenHandleTime: 300 }) },
    ]);
    const H = s.horizonIntervals;
    expect(targetAttainment(out, 0, H)).toBe(1);
    expect(targetAttainment(out, 1, H)).toBe(0);
    expect(targetAttainment(out, 2, H)).toBe(1);
    expect(targetAttainment(out, 3, H)).toBe(0); // the full resolution time is 8100 s
  });
});
