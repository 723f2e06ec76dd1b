/**
 * The staffing table the virtual agents follow (scenarios/k6/lib/staffing.ts),
 * checked against the default scenario's shifts and the simulator's rule that
 * a fractional staffing x puts agents 0 … ⌈x⌉−1 on duty.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agentSlots,
  buildStaffingTable,
  headcount,
  intervalAt,
  loginFor,
  nextBoundary,
  onDuty,
  staffedAt,
} from '../../scenarios/k6/lib/staffing.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';

function defaultScenario() {
  const path = 'scenarios/examples/default.yaml';
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

const WED = 2 * 86_400;

describe('the replay staffing table', () => {
  const scenario = defaultScenario();
  const table = buildStaffingTable(scenario, WED + 10 * 3600, WED + 10 * 3600 + 1800);

  it('covers exactly the intervals overlapping the window, copied from the scenario', () => {
    expect(table.interval).toBe(900);
    expect(table.start).toBe(WED + 10 * 3600);
    const i = WED / 900 + 40 + scenario.warmupIntervals; // Wed 10:00
    for (const [g, group] of table.groups.entries()) {
      expect(group.name).toBe(scenario.groups[g]!.name);
      expect(group.staffing).toEqual([
        scenario.groups[g]!.staffing[i],
        scenario.groups[g]!.staffing[i + 1],
      ]);
    }
  });

  it('starts a window that is not on a boundary at the interval that holds it', () => {
    const t = buildStaffingTable(scenario, WED + 10 * 3600 + 100, WED + 10 * 3600 + 1000);
    expect(t.start).toBe(WED + 10 * 3600);
    expect(t.groups[0]!.staffing).toHaveLength(2);
  });

  it('puts agent k on duty while k < staffing, as the simulator (14.7 staffs 15 agents)', () => {
    const t = {
      interval: 900,
      start: 0,
      groups: [
        { name: 'g', tier: 1, channels: ['chat'], takesEscalations: false, staffing: [14.7, 3, 0] },
      ],
    };
    expect(headcount(14.7)).toBe(15);
    expect(onDuty(t, 0, 14, 10)).toBe(true);
    expect(onDuty(t, 0, 15, 10)).toBe(false);
    expect(onDuty(t, 0, 2, 900)).toBe(true);
    expect(onDuty(t, 0, 3, 900)).toBe(false);
    expect(onDuty(t, 0, 0, 1800)).toBe(false);
    expect(staffedAt(t, 0, -50)).toBe(14.7); // clamped to the table
    expect(staffedAt(t, 0, 99_999)).toBe(0);
    expect(intervalAt(t, 1799.9)).toBe(1);
    expect(nextBoundary(t, 10)).toBe(900);
    expect(nextBoundary(t, 900)).toBe(1800);
  });

  it('gives each group as many agent slots as its peak headcount, numbered per tier', () => {
    const t = {
      interval: 900,
      start: 0,
      groups: [
        {
          name: 'voice',
          tier: 1,
          channels: ['phone'],
          takesEscalations: false,
          staffing: [2, 3.2],
        },
        { name: 'digital', tier: 1, channels: ['chat'], takesEscalations: false, staffing: [1] },
        { name: 'L2', tier: 2, channels: [], takesEscalations: true, staffing: [2] },
      ],
    };
    expect(agentSlots(t)).toEqual([
      { group: 0, k: 0, inTier: 0 },
      { group: 0, k: 1, inTier: 1 },
      { group: 0, k: 2, inTier: 2 },
      { group: 0, k: 3, inTier: 3 },
      { group: 1, k: 0, inTier: 4 },
      { group: 2, k: 0, inTier: 0 },
      { group: 2, k: 1, inTier: 1 },
    ]);
    const slots = agentSlots(table);
    const peak = table.groups.reduce((n, g) => n + headcount(Math.max(...g.staffing)), 0);
    expect(slots).toHaveLength(peak);
  });

  it('deals a tier’s logins out in turn, sharing them when agents outnumber logins', () => {
    const logins = ['a', 'b', 'c'];
    const names = [0, 1, 2, 3, 4].map((inTier) =>
      loginFor(logins, { group: 0, k: inTier, inTier }, 1),
    );
    expect(names).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(() => loginFor([], { group: 0, k: 0, inTier: 0 }, 2)).toThrow(/tier-2/);
  });

  it('refuses an empty window', () => {
    expect(() => buildStaffingTable(scenario, 100, 100)).toThrow(RangeError);
  });
});
