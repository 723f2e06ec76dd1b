/**
 * Execution segments against the worked vectors of /work/shared/k6-segments.md
 * and k6's own tests (grafana/k6 lib/execution_segment_test.go
 * `TestGetStripedOffsets`, lib/executor/shared_iterations_test.go
 * `TestSharedIterationsGlobalIters`, lib/executor/ramping_arrival_rate_test.go
 * `TestRampingArrivalRateCal`).
 */
import { describe, expect, it } from 'vitest';
import { rampingSlotTimes } from '../../scenarios/k6/runner/executors.js';
import {
  ExecutionSegment,
  ExecutionTuple,
  parseSequence,
  Rat,
  SegmentedIndex,
  SequenceWrapper,
} from '../../scenarios/k6/runner/segments.js';

/** The first `n` global indices of a tuple's stripe. */
function stripe(tuple: ExecutionTuple, n: number): number[] {
  const index = new SegmentedIndex(tuple);
  return Array.from({ length: n }, () => index.next().unscaled - 1);
}

describe('execution segments', () => {
  it('parses fractions, decimals and percentages, and a single value as 0:x', () => {
    expect(ExecutionSegment.parse('1/2:3/4').toString()).toBe('1/2:3/4');
    expect(ExecutionSegment.parse('0.5:0.75').toString()).toBe('1/2:3/4');
    expect(ExecutionSegment.parse('50%:75%').toString()).toBe('1/2:3/4');
    expect(ExecutionSegment.parse('2/4:75%').toString()).toBe('1/2:3/4');
    expect(ExecutionSegment.parse('20%').toString()).toBe('0:1/5');
    expect(ExecutionSegment.parse('').toString()).toBe('0:1');
    expect(Rat.parse('1e-1').toString()).toBe('1/10');
  });

  it('refuses segments outside 0..1 or empty ones', () => {
    expect(() => ExecutionSegment.parse('1/2:1/4')).toThrow(/less than its end/);
    expect(() => ExecutionSegment.parse('0:3/2')).toThrow(/more than 1/);
    expect(() => ExecutionSegment.parse('abc')).toThrow(/not a valid/);
    expect(() => parseSequence('0')).toThrow(/at least 2 points/);
  });

  it('fills a lone segment into a full sequence (1/3:2/3 means 0,1/3,2/3,1)', () => {
    const tuple = ExecutionTuple.from('1/3:2/3');
    expect(tuple.wrapper.segments.map(String)).toEqual(['0:1/3', '1/3:2/3', '2/3:1']);
    expect(tuple.index).toBe(1);
  });

  it('deals indices like k6-segments.md’s worked example: A = 1,5,9; B = 0,2,4,6; C = 3,7,11', () => {
    const seq = '0,1/4,3/4,1';
    expect(stripe(ExecutionTuple.from('0:1/4', seq), 3)).toEqual([1, 5, 9]);
    expect(stripe(ExecutionTuple.from('1/4:3/4', seq), 4)).toEqual([0, 2, 4, 6]);
    expect(stripe(ExecutionTuple.from('3/4:1', seq), 3)).toEqual([3, 7, 11]);
  });

  it('matches k6’s TestGetStripedOffsets vectors', () => {
    const cases: Array<[string, string, number, number[], number]> = [
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3', 0, [4, 3, 3], 10],
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.3:0.5', 1, [4, 6], 10],
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.5:0.6', 2, [10], 10],
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.8:0.9', 8, [10], 10],
      ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
      ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
      ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0:0.2', 1, [4, 6], 10],
    ];
    for (const [seq, seg, start, offsets, lcd] of cases) {
      const t = ExecutionTuple.from(seg, seq);
      expect(t.wrapper.stripedOffsets(t.index), `${seg} in ${seq}`).toEqual({
        start,
        offsets,
        lcd,
      });
    }
  });

  it('scales every VU count so that complementary segments add up to it and never shrink as it grows', () => {
    for (const seq of [
      '0,1/4,3/4,1',
      '0,1/3,2/3,1',
      '0,0.3,0.5,0.6,0.7,0.8,0.9,1',
      '0,1/7,3/11,1',
    ]) {
      const wrapper = new SequenceWrapper(parseSequence(seq));
      const last = wrapper.segments.map(() => 0);
      for (let n = 0; n <= 200; n++) {
        const shares = wrapper.segments.map((_, i) => wrapper.scaleInt64(i, n));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(n);
        for (let i = 0; i < shares.length; i++) {
          expect(shares[i]).toBeGreaterThanOrEqual(last[i]!);
          last[i] = shares[i]!;
        }
      }
    }
  });

  it('splits 5 VUs over 0,1/4,3/4,1 as 1/3/1 with idInTest A 2, B 1 3 5, C 4', () => {
    const seq = '0,1/4,3/4,1';
    const ids = (seg: string) => {
      const t = ExecutionTuple.from(seg, seq);
      return stripe(t, t.scaleInt64(5)).map((i) => i + 1);
    };
    expect(ids('0:1/4')).toEqual([2]);
    expect(ids('1/4:3/4')).toEqual([1, 3, 5]);
    expect(ids('3/4:1')).toEqual([4]);
  });

  it('gives shared-iterations (5 VUs, 50 iterations) exactly k6’s TestSharedIterationsGlobalIters lists', () => {
    const seq = '0,1/4,3/4,1';
    const iters = (seg: string) => {
      const re = ExecutionTuple.from(seg, seq).resegment(5)!;
      return stripe(re, re.scaleInt64(50));
    };
    expect(ExecutionTuple.from('0:1/4', seq).resegment(5)!.wrapper.segments.map(String)).toEqual([
      '0:1/5',
      '1/5:4/5',
      '4/5:1',
    ]);
    expect(iters('0:1/4')).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(iters('1/4:3/4')).toEqual([
      0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20, 22, 24, 25, 27, 29, 30, 32, 34, 35, 37, 39, 40,
      42, 44, 45, 47, 49,
    ]);
    expect(iters('3/4:1')).toEqual([3, 8, 13, 18, 23, 28, 33, 38, 43, 48]);
  });

  it('gives all shared iterations to the instance holding the single VU (--iterations 10 under thirds)', () => {
    const seq = '0,1/3,2/3,1';
    const counts = ['0:1/3', '1/3:2/3', '2/3:1'].map((seg) => {
      const t = ExecutionTuple.from(seg, seq);
      const re = t.resegment(1);
      return t.scaleInt64(1) > 0 && re ? re.scaleInt64(10) : 0;
    });
    expect(counts).toEqual([10, 0, 0]);
  });

  it('gives per-vu-iterations (2 VUs × 2) iterationInTest {0,3} and {1,4} under thirds, not 0..3', () => {
    const seq = '0,1/3,2/3,1';
    const lists = ['0:1/3', '1/3:2/3', '2/3:1'].map((seg) => {
      const t = ExecutionTuple.from(seg, seq);
      return stripe(t, t.scaleInt64(2) * 2);
    });
    expect(lists).toEqual([[0, 3], [1, 4], []]);
  });

  it('places ramping-arrival-rate starts where k6’s TestRampingArrivalRateCal expects them (±0.1%)', () => {
    const stages = [
      { duration: 5000, target: 1 },
      { duration: 1000, target: 1 },
      { duration: 5000, target: 0 },
    ];
    const times = (tuple: ExecutionTuple, timeUnit = 1000) => [
      ...rampingSlotTimes({ startRate: 0, timeUnit, stages }, tuple),
    ];
    const close = (got: number[], want: number[]) => {
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < got.length; i++)
        expect(Math.abs(got[i]! - want[i]!) / want[i]!).toBeLessThan(0.001);
    };
    close(times(ExecutionTuple.from()), [3162, 4472, 5500, 6527, 7837, 11000]);
    const seq = '0,1/3,2/3,1';
    close(times(ExecutionTuple.from('0:1/3', seq)), [3162, 6527]);
    close(times(ExecutionTuple.from('1/3:2/3', seq)), [4472, 7837]);
    close(times(ExecutionTuple.from('2/3:1', seq)), [5500, 11000]);
    close(
      times(ExecutionTuple.from(), 1000 / 3),
      [
        1825, 2581, 3162, 3651, 4082, 4472, 4830, 5166, 5499, 5833, 6169, 6527, 6917, 7348, 7837,
        8418, 9174, 10999,
      ],
    );
  });
});
