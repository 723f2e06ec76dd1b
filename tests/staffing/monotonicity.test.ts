import { describe, expect, it } from 'vitest';
import { analyticRequirements } from '../../simulator/staffing/analyticSeed.js';
import { computeRequirements } from '../../simulator/staffing/requirements.js';
import { omnichannelDay } from './support.js';

const SCALES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3];
const CONTAINMENTS = [0, 0.2, 0.4, 0.6, 0.8, 1];

function expectEachAtLeast(high: number[][], low: number[][], what: string) {
  high.forEach((group, g) => {
    group.forEach((n, h) => {
      expect(n, `${what}: group ${g}, interval ${h}`).toBeGreaterThanOrEqual(low[g][h]);
    });
  });
}

describe('staffing is monotone', () => {
  it('in volume: more volume never needs fewer agents (analytic oracle, every interval)', () => {
    const seeds = SCALES.map((scale) => analyticRequirements(omnichannelDay({ scale })));
    for (let i = 1; i < seeds.length; i++) {
      expectEachAtLeast(seeds[i], seeds[i - 1], `×${SCALES[i]} vs ×${SCALES[i - 1]}`);
    }
  });

  it('in bot containment: a bot that contains more never needs more agents (analytic oracle, every interval)', () => {
    const seeds = CONTAINMENTS.map((containment) =>
      analyticRequirements(omnichannelDay({ containment })),
    );
    for (let i = 1; i < seeds.length; i++) {
      expectEachAtLeast(seeds[i - 1], seeds[i], `containment ${CONTAINMENTS[i]}`);
    }
  });

  it('in volume: more volume never needs fewer agents (simulation, every interval)', async () => {
    const low = await computeRequirements(omnichannelDay({ scale: 1 }), {
      seed: 1,
      replications: 12,
    });
    const high = await computeRequirements(omnichannelDay({ scale: 1.6 }), {
      seed: 1,
      replications: 12,
    });
    expectEachAtLeast(
      high.groups.map((g) => g.required),
      low.groups.map((g) => g.required),
      'volume ×1.6 vs ×1',
    );
    const total = (r: typeof low) => r.groups.flatMap((g) => g.required).reduce((a, b) => a + b, 0);
    expect(total(high)).toBeGreaterThan(total(low));
  });

  it('in bot containment: higher containment never needs more agents (simulation, every interval)', async () => {
    const weak = await computeRequirements(omnichannelDay({ containment: 0.2 }), {
      seed: 1,
      replications: 12,
    });
    const strong = await computeRequirements(omnichannelDay({ containment: 0.8 }), {
      seed: 1,
      replications: 12,
    });
    expectEachAtLeast(
      weak.groups.map((g) => g.required),
      strong.groups.map((g) => g.required),
      'containment 0.2 vs 0.8',
    );
    // Containment only changes the chat group; it needs fewer agents over the day.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(strong.groups[1].required)).toBeLessThan(sum(weak.groups[1].required));
  });
});
