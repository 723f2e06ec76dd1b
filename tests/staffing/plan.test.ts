import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dayLabel, staffCommand, staffingSummary } from '../../cli/commands/staff.js';
import { compileSpec } from '../../reports/render/compile.js';
import { staffingPlanSpec } from '../../reports/specs/staffingPlan.js';
import { staffingReport } from '../../reports/staffingReport.js';
import { staffingRules } from '../../simulator/staffing/patterns.js';
import { planStaffing, weeklyRequirement } from '../../simulator/staffing/plan.js';
import { computeRequirements } from '../../simulator/staffing/requirements.js';
import { scenario } from '../model/builders.js';
import { runCli } from '../support/cli.js';
import { phoneDay } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'slalab-staff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `slalab staff` through yargs as cli/main.ts does, returning stdout. */
async function staff(argv: string[]): Promise<string> {
  return (await runCli([staffCommand], argv)).stdout;
}

const PATTERNS = {
  staffing: {
    contractWeek: '40h',
    groups: {
      L1: {
        patterns: [
          {
            name: 'any hour',
            start: { from: '00:00', to: '23:00', every: '1h' },
            length: '8h',
            daysOn: 1,
          },
        ],
      },
    },
  },
};

describe('the staffing plan', () => {
  it('covers the requirements with its shifts, derives headcount from paid hours, and predicts the SLAs on fresh replications', async () => {
    const s = phoneDay();
    s.groups[0].shrinkage = 0.25;
    const rules = staffingRules(PATTERNS, s);
    const plan = await planStaffing(s, rules, { seed: 4, replications: 6, version: 'test' });
    expect(plan.format).toBe('slalab-staffing');
    const weekly = weeklyRequirement(
      s,
      plan.requirements.groups.map((g) => g.required),
    )[0];
    const [shifts] = plan.shifts;
    expect(shifts.requirement).toEqual(weekly);
    expect(shifts.uncovered).toEqual([]);
    weekly.forEach((r, p) => {
      expect(shifts.coverage[p]).toBeGreaterThanOrEqual(r);
    });
    const [heads] = plan.headcount.groups;
    expect(heads.paidHours).toBe(shifts.assignments.reduce((t, a) => t + a.agents * 8, 0));
    expect(heads.headcount).toBe(Math.ceil(heads.paidHours / 40 / 0.75 - 1e-9));
    expect(plan.predicted.firstReplication).toBe(6);
    expect(plan.predicted.targets.map((t) => t.name)).toEqual(['phone answered 80% in 20s']);
    // Shifts cover at least the requirement in every interval, so the day is met.
    expect(plan.predicted.targets[0].attainment.mean as number).toBeGreaterThanOrEqual(0.8);

    const text = staffingSummary(plan);
    for (const heading of ['Requirements', 'Shifts', 'Headcount', 'Predicted SLAs']) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/any hour \d\d:00: Mon \d+/);

    // The HTML page: its chart compiles without warnings and renders marks.
    expect(() => compileSpec(staffingPlanSpec(plan))).not.toThrow();
    const html = await staffingReport(plan);
    expect(html).toContain('data-chart="staffing-plan"');
    expect(html).toMatch(/<svg[^>]*>[\s\S]*<path/);
    expect(html).toContain(`${heads.headcount}`);
  });

  it('stays as close as staffing gets to a goal it cannot reach, rather than leaving the channel to nobody', async () => {
    // The bot talks for a minute on average before a hand-off, so a 60-second
    // first response cannot reach 80% whatever the staffing.
    const s = scenario({
      channels: [
        {
          name: 'chat',
          kind: 'chat',
          perHour: 60,
          ahtSeconds: 480,
          patienceSeconds: 600,
          concurrency: 2,
          bot: {
            share: 0.9,
            handleTime: { dist: 'exponential', mean: 60 },
            containment: 0.3,
            handoffHandleTimeMultiplier: 1,
            countsAsFirstResponse: false,
          },
        },
      ],
      interval: 3600,
      warmupIntervals: 2,
      cooldownIntervals: 2,
      sla: [
        {
          name: 'chat first response 80% in 60s',
          metric: 'firstResponse',
          within: 60,
          attainment: 0.8,
          clock: 'calendar',
        },
      ],
    });
    const req = await computeRequirements(s, { seed: 1, replications: 8 });
    expect(req.unreachable.length).toBe(s.horizonIntervals);
    for (const n of req.groups[0].required) expect(n).toBeGreaterThan(0);
    req.targets[0].attainment.forEach((a, h) => {
      expect(a as number).toBeGreaterThanOrEqual(req.unreachable[h].goal - 1e-12);
    });
  });
});

describe('slalab staff', () => {
  const scenarioPath = join(dir, 'phone.yaml');
  writeFileSync(
    scenarioPath,
    `version: 1
name: Phone desk
horizon: 1d
interval: 1h
warmup: 4h
cooldown: 4h
arrivals: { weeklyVolume: 8400, timeOfDay: business }
channels:
  phone:
    kind: realtime
    handleTime: { dist: exponential, mean: 5m }
    patience: { dist: exponential, mean: 3m }
groups:
  L1:
    channels: [phone]
    shrinkage: 0.3
    staffing:
      shifts:
        - { name: early, start: '07:00', length: 8h, agents: 10 }
        - { name: late, start: '13:00', length: 8h, agents: 10 }
        - { name: night, start: '21:00', length: 10h, agents: 3 }
sla:
  - { name: phone answered 80% in 20s, metric: serviceLevel, channel: phone, within: 20s, attainment: 0.8 }
`,
  );

  it('prints requirements, shifts, headcount and predicted SLAs, and writes staffing.json', async () => {
    const out = join(dir, 'staffing.json');
    const text = await staff([
      'staff',
      scenarioPath,
      '--replications',
      '4',
      '--workers',
      '1',
      '--quiet',
      '--out',
      out,
    ]);
    expect(text).toContain('Phone desk: staffing plan, seed 1, 4 replications per round');
    expect(text).toMatch(/L1 \(patterns from scenario shifts;/);
    expect(text).toMatch(/early 07:00: Mon \d+/);
    expect(text).toContain('Headcount');
    expect(text).toContain('phone answered 80% in 20s');
    expect(text).toContain(`Plan written to ${out}`);
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan.format).toBe('slalab-staffing');
    expect(plan.shifts[0].group).toBe('L1');
    await expect(
      staff(['staff', scenarioPath, '--replications', '4', '--quiet', '--out', out]),
    ).rejects.toThrow(/already exists/);
  });

  it('explains a bad patterns file with every problem and its path', async () => {
    const patterns = join(dir, 'bad.yaml');
    writeFileSync(
      patterns,
      'staffing:\n  groups:\n    L1:\n      patterns:\n        - { name: x, start: "7am", length: 8h }\n',
    );
    await expect(staff(['staff', scenarioPath, '--patterns', patterns, '--quiet'])).rejects.toThrow(
      /staffing\.groups\.L1\.patterns\[0\]\.start: must be a time of day/,
    );
  });

  it('names day sets the way people write them', () => {
    expect(dayLabel([0, 1, 2, 3, 4, 5, 6])).toBe('daily');
    expect(dayLabel([0, 1, 2, 3, 4])).toBe('Mon-Fri');
    expect(dayLabel([5, 6])).toBe('Sat,Sun');
    expect(dayLabel([0, 2, 3, 4])).toBe('Mon,Wed-Fri');
  });
});
