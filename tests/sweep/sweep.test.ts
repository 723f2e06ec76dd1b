import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileSpec } from '../../reports/render/compile.js';
import { sweepSpec } from '../../reports/specs/sweep.js';
import { sweepReport } from '../../reports/sweepReport.js';
import { grid, parseRange, setPath, sweep } from '../../simulator/sweep/sweep.js';

describe('sweep grids', () => {
  it('parse from:to:step inclusively, without floating-point noise', () => {
    expect(parseRange('0:0.7:0.1')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(parseRange('12600:15120:1260')).toEqual([12600, 13860, 15120]);
    expect(parseRange('5')).toEqual([5]);
    expect(() => parseRange('1:0:1')).toThrow(/to must be ≥ from/);
    expect(() => parseRange('0:1:0')).toThrow(/step must be > 0/);
    expect(() => parseRange('a:b')).toThrow(/from:to:step/);
  });

  it('combine variations into every point, the last varying fastest', () => {
    expect(
      grid([
        { path: 'a', values: [1, 2] },
        { path: 'b', values: [3, 4] },
      ]),
    ).toEqual([
      { a: 1, b: 3 },
      { a: 1, b: 4 },
      { a: 2, b: 3 },
      { a: 2, b: 4 },
    ]);
  });

  it('set only numbers that exist in the file, naming the path otherwise', () => {
    const file = {
      arrivals: { weeklyVolume: 100 },
      groups: { L1: { staffing: { shifts: [{ agents: 3 }] } } },
    };
    setPath(file, 'groups.L1.staffing.shifts.0.agents', 5);
    expect(file.groups.L1.staffing.shifts[0].agents).toBe(5);
    expect(() => setPath(file, 'arrivals.weeklyVolumes', 1)).toThrow(
      /arrivals.weeklyVolumes" is not in the scenario file/,
    );
    expect(() => setPath(file, 'channels.chat.share', 1)).toThrow(
      /"channels" is not in the scenario file/,
    );
    expect(() => setPath(file, 'groups.L1', 1)).toThrow(/not a number/);
  });
});

describe('a what-if sweep of bot containment', () => {
  it('simulates every point on the same seed: more containment lightens the digital agents’ load; the chart compiles cleanly', async () => {
    const file = parse(readFileSync('scenarios/examples/launch-day.yaml', 'utf8'));
    file.horizon = '3d';
    const result = await sweep(
      file,
      [{ path: 'channels.chat.bot.containment', values: [0.2, 0.9] }],
      {
        baseDir: 'scenarios/examples',
        seed: 1,
        replications: 3,
        workers: 1,
        version: 't',
      },
    );
    expect(result.points).toHaveLength(2);
    const chatHandoff = (k: number) =>
      result.points[k].targets.find((t) => t.name.startsWith('phone answered'))!;
    // With common random numbers more chats end at the bot, so the voice and
    // digital agents' load falls; the phone service level must not drop.
    expect(chatHandoff(1).attainment.mean!).toBeGreaterThanOrEqual(
      chatHandoff(0).attainment.mean! - 1e-9,
    );
    expect(
      result.points[1].groups.find((g) => g.group === 'L1-digital')!.occupancy.mean!,
    ).toBeLessThan(result.points[0].groups.find((g) => g.group === 'L1-digital')!.occupancy.mean!);
    expect(() => compileSpec(sweepSpec(result))).not.toThrow();
    const html = await sweepReport(result);
    expect(html).toContain('<svg');
    expect(html).toContain('channels.chat.bot.containment');
  });
});
