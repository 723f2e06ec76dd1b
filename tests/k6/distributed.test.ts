/**
 * Several runner instances with complementary execution segments, side by
 * side against one stub: every iteration index arrives exactly once, with
 * k6's split (/work/shared/k6-segments.md; k6 TestSharedIterationsGlobalIters).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, type Stub, startStub, writeScripts } from './stub.js';

let stub: Stub;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

/** Runs one script on every segment of `sequence` at once; returns each instance's iteration indices. */
async function runSegments(
  source: string,
  sequence: string,
  segments: string[],
): Promise<number[][]> {
  const files = writeScripts({ 'script.ts': source });
  try {
    const results = await Promise.all(
      segments.map((seg) =>
        run({
          script: files.path('script.ts'),
          env: { BASE: stub.url, SEG: seg },
          executionSegment: seg,
          executionSegmentSequence: sequence,
        }),
      ),
    );
    for (const r of results) expect(r.exitCode).toBe(0);
    return segments.map((seg) =>
      stub.requests
        .filter((q) => q.path.startsWith(`/${encodeURIComponent(seg)}/`))
        .map((q) => Number(q.path.split('/')[2]))
        .sort((a, b) => a - b),
    );
  } finally {
    files.cleanup();
  }
}

const SCRIPT = (options: string) => `import http from 'k6/http';
import exec from 'k6/execution';
export const options = ${options};
export default function () {
  http.get(__ENV.BASE + '/' + encodeURIComponent(__ENV.SEG) + '/' + exec.scenario.iterationInTest + '/' + Date.now());
}
`;

describe('execution segments across instances', () => {
  it('runs shared-iterations (5 VUs, 50 iterations) on 0,1/4,3/4,1 with each index exactly once, as k6 splits it', async () => {
    const lists = await runSegments(
      SCRIPT(`{ scenarios: { s: { executor: 'shared-iterations', vus: 5, iterations: 50 } } }`),
      '0,1/4,3/4,1',
      ['0:1/4', '1/4:3/4', '3/4:1'],
    );
    expect(lists[0]).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(lists[2]).toEqual([3, 8, 13, 18, 23, 28, 33, 38, 43, 48]);
    expect(lists[1]).toHaveLength(30);
    expect(lists.flat().sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });

  it('gives --iterations 10 under thirds all to the instance with the single VU', async () => {
    const lists = await runSegments(SCRIPT(`{ iterations: 10 }`), '0,1/3,2/3,1', [
      '0:1/3',
      '1/3:2/3',
      '2/3:1',
    ]);
    expect(lists).toEqual([[...Array(10).keys()], [], []]);
  });

  it('splits per-vu-iterations (2 VUs × 2) under thirds into {0,3}, {1,4} and nothing', async () => {
    const lists = await runSegments(
      SCRIPT(`{ scenarios: { p: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } } }`),
      '0,1/3,2/3,1',
      ['0:1/3', '1/3:2/3', '2/3:1'],
    );
    expect(lists).toEqual([[0, 3], [1, 4], []]);
  });

  it('shares one constant-arrival-rate timetable: two halves run slots 0–19 once, each on the 50 ms grid', async () => {
    const lists = await runSegments(
      SCRIPT(
        `{ scenarios: { c: { executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 4, maxVUs: 4 } } }`,
      ),
      '0,1/2,1',
      ['0:1/2', '1/2:1'],
    );
    expect(lists.flat().sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(lists[0]).toHaveLength(10);
    for (const seg of ['0:1/2', '1/2:1']) {
      const starts = stub.requests
        .filter((q) => q.path.startsWith(`/${encodeURIComponent(seg)}/`))
        .map((q) => ({ g: Number(q.path.split('/')[2]), at: Number(q.path.split('/')[3]) }));
      const offsets = starts.map((s) => s.at - s.g * 50).sort((a, b) => a - b);
      const mid = offsets[Math.floor(offsets.length / 2)]!;
      // Each start within 100 ms of the instance's grid (test files share a busy machine).
      for (const o of offsets) expect(Math.abs(o - mid)).toBeLessThan(100);
    }
  });
});
