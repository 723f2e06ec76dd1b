import { describe, expect, it } from 'vitest';
import { erlangAMeasures, erlangCMeasures } from '../../simulator/analytic/index.js';
import { CELL } from '../../simulator/model/layout.js';
import { HOUR, scenario } from './builders.js';
import {
  expectAgrees,
  meanFirstResponse,
  occupancy,
  runReplications,
  targetAttainment,
  total,
} from './support.js';

const R = 12;
const SL = {
  name: 'sl20',
  metric: 'serviceLevel' as const,
  within: 20,
  attainment: 0.8,
  clock: 'calendar' as const,
};
const ABANDON = {
  name: 'abandon',
  metric: 'abandonment' as const,
  attainment: 0.05,
  clock: 'calendar' as const,
};

describe('a phone-only scenario with exponential times and constant staffing', () => {
  it('reproduces Erlang C: service level, mean wait and occupancy', () => {
    const s = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300 }],
      agents: 10,
      horizonDays: 4,
      sla: [SL],
    });
    const theory = erlangCMeasures({
      arrivalRate: 100 / HOUR,
      serviceRate: 1 / 300,
      servers: 10,
      target: 20,
    });
    // Twice the replications of the other cases: waits at 83% load vary
    // enough that 12 leave the intervals near the width the checks need.
    const reps = runReplications(s, 2 * R);
    const H = s.horizonIntervals;
    expectAgrees(
      'service level',
      reps.map((r) => targetAttainment(r, 0, H)),
      theory.serviceLevel!,
      3,
      0.05,
    );
    expectAgrees('mean wait', reps.map(meanFirstResponse), theory.asa, 3, 20);
    expectAgrees(
      'occupancy',
      reps.map((r) => occupancy(r)),
      theory.occupancy,
      3,
      0.02,
    );
  });

  it('reproduces Erlang A when callers abandon', () => {
    const s = scenario({
      channels: [{ perHour: 130, ahtSeconds: 300, patienceSeconds: 120 }],
      agents: 10,
      horizonDays: 4,
      sla: [SL, ABANDON],
    });
    const theory = erlangAMeasures({
      arrivalRate: 130 / HOUR,
      serviceRate: 1 / 300,
      patienceRate: 1 / 120,
      servers: 10,
      target: 20,
    });
    // Twice the replications of the other cases: waits at 83% load vary
    // enough that 12 leave the intervals near the width the checks need.
    const reps = runReplications(s, 2 * R);
    const H = s.horizonIntervals;
    expectAgrees(
      'abandonment',
      reps.map((r) => targetAttainment(r, 1, H)),
      theory.pAbandon,
      3,
      0.03,
    );
    expectAgrees(
      'service level (all offered)',
      reps.map((r) => targetAttainment(r, 0, H)),
      theory.serviceLevel!,
      3,
      0.05,
    );
    expectAgrees('mean wait of the answered', reps.map(meanFirstResponse), theory.asaServed, 3, 10);
  });

  it('shows economies of scale: twice the volume with twice the agents serves faster, as Erlang C says', () => {
    const small = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300 }],
      agents: 10,
      horizonDays: 6,
      sla: [SL],
    });
    const large = scenario({
      channels: [{ perHour: 200, ahtSeconds: 300 }],
      agents: 20,
      horizonDays: 6,
      sla: [SL],
    });
    const tSmall = erlangCMeasures({
      arrivalRate: 100 / HOUR,
      serviceRate: 1 / 300,
      servers: 10,
      target: 20,
    });
    const tLarge = erlangCMeasures({
      arrivalRate: 200 / HOUR,
      serviceRate: 1 / 300,
      servers: 20,
      target: 20,
    });
    const sim = (s: typeof small) =>
      runReplications(s, R).map((r) => targetAttainment(r, 0, s.horizonIntervals));
    const a = sim(small);
    const b = sim(large);
    expectAgrees('service level, 10 agents', a, tSmall.serviceLevel!, 2, 0.06);
    expectAgrees('service level, 20 agents', b, tLarge.serviceLevel!, 2, 0.06);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    expect(mean(b)).toBeGreaterThan(mean(a));
  });
});

describe('chat concurrency', () => {
  it('with K slots per agent and no slowdown is the M/M/(n·K) queue', () => {
    // semantics.md §5.4: λ = 2/min, AHT 6 min, K = 3, 5 agents → M/M/15.
    const s = scenario({
      channels: [{ name: 'chat', kind: 'chat', perHour: 120, ahtSeconds: 360, concurrency: 3 }],
      agents: 5,
      horizonDays: 10,
      sla: [{ ...SL, within: 60 }],
    });
    const theory = erlangCMeasures({
      arrivalRate: 120 / HOUR,
      serviceRate: 1 / 360,
      servers: 15,
      target: 60,
    });
    const reps = runReplications(s, R);
    expectAgrees(
      'chat service level',
      reps.map((r) => targetAttainment(r, 0, s.horizonIntervals)),
      theory.serviceLevel!,
      2,
      0.05,
    );
    expectAgrees('chat mean wait', reps.map(meanFirstResponse), theory.asa, 2, 15);
  });

  it('with concurrency 1 behaves exactly as a phone queue', () => {
    const phone = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300 }],
      agents: 10,
      horizonDays: 1,
      sla: [SL],
    });
    const chat = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300, kind: 'chat', concurrency: 1 }],
      agents: 10,
      horizonDays: 1,
      sla: [SL],
    });
    const a = runReplications(phone, 2);
    const b = runReplications(chat, 2);
    expect(Array.from(b[0].cells)).toEqual(Array.from(a[0].cells));
    expect(Array.from(b[1].targets)).toEqual(Array.from(a[1].targets));
  });

  it('serves more slowly when concurrent sessions slow the agent down', () => {
    const base = {
      name: 'chat',
      kind: 'chat' as const,
      perHour: 120,
      ahtSeconds: 360,
      concurrency: 3,
    };
    const fast = scenario({
      channels: [base],
      agents: 5,
      horizonDays: 1,
      sla: [{ ...SL, within: 60 }],
    });
    const slow = scenario({
      channels: [{ ...base, slowdown: [1, 1.3, 1.6] }],
      agents: 5,
      horizonDays: 1,
      sla: [{ ...SL, within: 60 }],
    });
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const a = mean(runReplications(fast, 4).map((r) => occupancy(r)));
    const b = mean(runReplications(slow, 4).map((r) => occupancy(r)));
    expect(b).toBeGreaterThan(a * 1.1);
  });
});

describe('bots', () => {
  const bot = (share: number, containment: number) => ({
    share,
    containment,
    handleTime: { dist: 'deterministic' as const, value: 60 },
    handoffHandleTimeMultiplier: 1,
    countsAsFirstResponse: false,
  });

  it('with share 0 change nothing', () => {
    const plain = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300 }],
      agents: 10,
      horizonDays: 1,
      sla: [SL],
    });
    const withBot = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300, bot: bot(0, 0.5) }],
      agents: 10,
      horizonDays: 1,
      sla: [SL],
    });
    const a = runReplications(plain, 2);
    const b = runReplications(withBot, 2);
    expect(Array.from(b[0].cells)).toEqual(Array.from(a[0].cells));
    expect(Array.from(b[1].targets)).toEqual(Array.from(a[1].targets));
  });

  it('with containment 1 send nothing to agents', () => {
    const s = scenario({
      channels: [{ perHour: 100, ahtSeconds: 300, bot: bot(1, 1) }],
      agents: 2,
      horizonDays: 1,
    });
    for (const r of runReplications(s, 2)) {
      expect(total(r, CELL.handled)).toBe(0);
      expect(total(r, CELL.botContained)).toBe(total(r, CELL.arrivals));
      expect(total(r, CELL.arrivals)).toBeGreaterThan(1500);
    }
  });

  it('contain the share they are given: contained ÷ arrivals ≈ share × containment', () => {
    const s = scenario({
      channels: [{ perHour: 400, ahtSeconds: 300, bot: bot(0.6, 0.5) }],
      agents: 40,
      horizonDays: 2,
    });
    const reps = runReplications(s, 6);
    const p = 0.6 * 0.5;
    for (const r of reps) {
      const n = total(r, CELL.arrivals);
      const share = total(r, CELL.botContained) / n;
      // Binomial: 5 standard deviations.
      expect(Math.abs(share - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});
