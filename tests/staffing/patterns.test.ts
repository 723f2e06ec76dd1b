import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normaliseScenario } from '../../scenarios/schema/normalise.js';
import { ScenarioError } from '../../scenarios/schema/scenarioFile.js';
import { headcount } from '../../simulator/staffing/headcount.js';
import { expandPatterns, staffingRules } from '../../simulator/staffing/patterns.js';
import { phoneDay } from './support.js';

const HOUR = 3600;
const DEFAULT = new URL('../../scenarios/examples/default.yaml', import.meta.url);

describe('shift patterns', () => {
  it('are read from a patterns file: start times, lengths, breaks, days, days on, min and max', () => {
    const s = phoneDay();
    s.interval = 900;
    const rules = staffingRules(
      parse(`
staffing:
  contractWeek: 38h
  groups:
    L1:
      patterns:
        - name: early
          start: { from: '06:00', to: '07:00', every: 30m }
          length: 9h
          breaks: [{ after: 4h, length: 1h }, { after: 2h, length: 15m, paid: true }]
          days: Mon-Fri
          daysOn: 4
          min: 1
          max: 12
        - name: weekend
          start: ['08:00', '10:00']
          length: 8h
          days: [Sat, Sun]
`),
      s,
    );
    expect(rules.contractWeek).toBe(38 * HOUR);
    const [early, weekend] = rules.groups[0].patterns;
    expect(rules.groups[0].source).toBe('patterns file');
    expect(early).toEqual({
      name: 'early',
      starts: [6 * HOUR, 6.5 * HOUR, 7 * HOUR],
      length: 9 * HOUR,
      breaks: [
        { after: 4 * HOUR, length: HOUR, paid: false },
        { after: 2 * HOUR, length: 900, paid: true },
      ],
      days: [0, 1, 2, 3, 4],
      daysOn: 4,
      min: 1,
      max: 12,
    });
    expect(weekend).toMatchObject({ starts: [8 * HOUR, 10 * HOUR], days: [5, 6], min: 0 });
    expect(weekend.max).toBe(Number.POSITIVE_INFINITY);
  });

  it('expand into weekly schedules: every start time × every run of days on, paid time net of unpaid breaks', () => {
    const variants = expandPatterns(
      [
        {
          name: 'early',
          starts: [6 * HOUR, 7 * HOUR],
          length: 9 * HOUR,
          breaks: [{ after: 4 * HOUR, length: HOUR, paid: false }],
          days: [0, 1, 2, 3, 4],
          daysOn: 4,
          min: 0,
          max: Number.POSITIVE_INFINITY,
        },
      ],
      HOUR,
    );
    // Runs of 4 within Mon–Fri: Mon–Thu and Tue–Fri; two start times.
    expect(variants.map((v) => [v.start / HOUR, v.days])).toEqual([
      [6, [0, 1, 2, 3]],
      [6, [1, 2, 3, 4]],
      [7, [0, 1, 2, 3]],
      [7, [1, 2, 3, 4]],
    ]);
    expect(variants[0].paidSeconds).toBe(4 * 8 * HOUR);
    // Monday 06:00–10:00 and 11:00–15:00 on duty, 10:00 on break.
    expect(variants[0].cover.slice(0, 8)).toEqual([6, 7, 8, 9, 11, 12, 13, 14]);
  });

  it('come from the scenario’s own shifts for groups the patterns file does not list', () => {
    const file = parse(readFileSync(DEFAULT, 'utf8'));
    const scenario = normaliseScenario(file, { baseDir: '.' });
    const rules = staffingRules(undefined, scenario, file);
    expect(rules.groups.map((g) => [g.group, g.source])).toEqual([
      ['L1-voice', 'scenario shifts'],
      ['L1-digital', 'scenario shifts'],
      ['L2', 'scenario shifts'],
    ]);
    const night = rules.groups[0].patterns.find((p) => p.name === 'night');
    expect(night).toEqual({
      name: 'night',
      starts: [23 * HOUR],
      length: 8 * HOUR,
      breaks: [],
      days: [0, 1, 2, 3, 4, 5, 6],
      daysOn: 1,
      min: 0,
      max: Number.POSITIVE_INFINITY,
    });
  });

  it('read the bundled patterns file for the default scenario: the scenario’s rules with start windows', () => {
    const file = parse(readFileSync(DEFAULT, 'utf8'));
    const scenario = normaliseScenario(file, { baseDir: '.' });
    const path = 'scenarios/examples/default-patterns.yaml';
    const rules = staffingRules(parse(readFileSync(path, 'utf8')), scenario, file, path);
    expect(rules.groups.map((g) => [g.group, g.source])).toEqual([
      ['L1-voice', 'patterns file'],
      ['L1-digital', 'patterns file'],
      ['L2', 'patterns file'],
    ]);
    const day = rules.groups[0].patterns.find((p) => p.name === 'day')!;
    expect(day.starts).toEqual(Array.from({ length: 11 }, (_, i) => 6 * HOUR + i * 1800));
    expect([day.length, day.daysOn, day.breaks]).toEqual([9 * HOUR, 1, []]);
  });

  it('report every mistake in a patterns file at once, with its path and a fix', () => {
    const s = phoneDay();
    s.interval = 900;
    let error: unknown;
    try {
      staffingRules(
        parse(`
staffing:
  contractWeek: nope
  groups:
    L9: { patterns: [] }
    L1:
      patterns:
        - name: early
          start: '07:10'
          length: 9h
          breaks: [{ after: 8h, length: 2h }]
          days: [Mon, Tue]
          daysOn: 3
          min: 4
          max: 2
          colour: red
`),
        s,
        undefined,
        'patterns.yaml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const issues = (error as ScenarioError).issues.map((i) => i.path);
    expect(issues).toEqual([
      'staffing.contractWeek',
      'staffing.groups.L9',
      'staffing.groups.L1.patterns[0].colour',
      'staffing.groups.L1.patterns[0].start',
      'staffing.groups.L1.patterns[0].breaks[0]',
      'staffing.groups.L1.patterns[0].daysOn',
      'staffing.groups.L1.patterns[0].max',
    ]);
    expect((error as ScenarioError).message).toContain('patterns.yaml');
    expect((error as ScenarioError).issues[1].fix).toBe('use one of L1');
  });

  it('must exist for every group: one with neither patterns nor scenario shifts is an error', () => {
    expect(() => staffingRules(undefined, phoneDay(), undefined)).toThrow(
      /L1: has no shift patterns/,
    );
  });
});

describe('headcount', () => {
  it('is the FTE of the paid hours grossed up for shrinkage, rounded up', () => {
    // 1200 paid hours a week = 30 FTE of 40 h; 30% shrinkage → 30 / 0.7 = 42.9 → 43.
    expect(headcount(1200, 40, 0.3)).toEqual({
      paidHours: 1200,
      fte: 30,
      shrinkage: 0.3,
      headcount: 43,
    });
    // Exact quotients do not round up: 30 / 0.75 = 40.
    expect(headcount(1200, 40, 0.25).headcount).toBe(40);
    expect(headcount(0, 40, 0.3).headcount).toBe(0);
  });

  it('refuses a contract week that is not positive and a shrinkage outside [0, 1)', () => {
    expect(() => headcount(100, 0, 0.1)).toThrow(/contractWeekHours/);
    expect(() => headcount(100, 40, 1)).toThrow(/shrinkage/);
  });
});
