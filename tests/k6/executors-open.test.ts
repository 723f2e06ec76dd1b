/**
 * The arrival-rate executors against a loopback stub: evenly spaced starts
 * (not Poisson), the ramping schedule, and dropped_iterations when maxVUs is
 * too small (https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/constant-arrival-rate/,
 * …/ramping-arrival-rate/, …/scenarios/concepts/dropped-iterations/).
 *
 * Tolerances: each iteration records when it started (Date.now(), 1 ms
 * resolution); Node timers have 1 ms granularity and share the event loop
 * with the stub, and test files run in parallel on a shared (often busy)
 * machine, so, measured from the schedule's origin (the median offset), the
 * median start error must be under 10 ms, the 90th percentile under 25 ms
 * and every start within 100 ms of its slot: far tighter than random
 * (Poisson) starts, whose gaps at 20/s spread over hundreds of ms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSource, type Stub, startStub } from './stub.js';

let stub: Stub;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const median = (xs: number[]) => quantile(xs, 0.5);

/** Start-time errors (ms): median under 10, 90th percentile under 25, none over 100 (slots are 50 ms apart). */
function expectOnSchedule(errors: number[]): void {
  expect(median(errors)).toBeLessThan(10);
  expect(quantile(errors, 0.9)).toBeLessThan(25);
  expect(Math.max(...errors)).toBeLessThan(100);
}

describe('arrival-rate executors', () => {
  it('constant-arrival-rate 20/s for 2 s starts 40 iterations about every 50 ms', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: { car: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 10 } },
};
export default function () { http.get(__ENV.BASE + '/slot/' + exec.scenario.iterationInTest + '/' + Date.now()); }
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    const slots = stub.requests.map((q) => ({
      g: Number(q.path.split('/')[2]),
      at: Number(q.path.split('/')[3]),
    }));
    slots.sort((a, b) => a.g - b.g);
    expect(slots.map((s) => s.g)).toEqual([...Array(40).keys()]);
    // The schedule's origin, as the median offset of the start times the iterations recorded (Date.now()).
    const t0 = median(slots.map((s) => s.at - s.g * 50));
    const errors = slots.map((s) => Math.abs(s.at - t0 - s.g * 50));
    expectOnSchedule(errors);
    expect(r.summary!.metrics.dropped_iterations).toBeUndefined();
    expect(r.scheduleLag.count).toBe(40);
    expect(r.scheduleLag.medianMs).toBeLessThan(10);
  });

  it('ramping-arrival-rate 0→20/s over 1 s then 20/s for 1 s starts slot g when the area under the rate reaches g+1', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    rar: {
      executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 10,
      stages: [{ duration: '1s', target: 20 }, { duration: '1s', target: 20 }],
    },
  },
};
export default function () { http.get(__ENV.BASE + '/slot/' + exec.scenario.iterationInTest + '/' + Date.now()); }
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    // Ramp: area 10·t² reaches g+1 at √((g+1)/10) s (g = 0..9); then 20/s: 1 + (g−9)/20 s; the slot at 2 s is past the end.
    const expected = (g: number) => 1000 * (g < 10 ? Math.sqrt((g + 1) / 10) : 1 + (g - 9) / 20);
    const slots = stub.requests
      .map((q) => ({ g: Number(q.path.split('/')[2]), at: Number(q.path.split('/')[3]) }))
      .sort((a, b) => a.g - b.g);
    expect(slots.map((s) => s.g)).toEqual([...Array(29).keys()]);
    const t0 = median(slots.map((s) => s.at - expected(s.g)));
    const errors = slots.map((s) => Math.abs(s.at - t0 - expected(s.g)));
    expectOnSchedule(errors);
  });

  it('drops the iterations no free VU can start and counts them in dropped_iterations (maxVUs 1)', async () => {
    const r = await runSource(
      `import http from 'k6/http';
export const options = {
  scenarios: { car: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1 } },
};
export default function () { http.get(__ENV.BASE + '/delay/250'); }
`,
      { env: { BASE: stub.url } },
    );
    const done = r.summary!.metrics.iterations!.values.count!;
    const dropped = r.summary!.metrics.dropped_iterations!.values.count!;
    // Slots every 100 ms; one VU busy ~250 ms per iteration takes slots 0, 300, 600, 900 ms.
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThanOrEqual(5);
    expect(done + dropped).toBe(10);
    expect(r.summary!.metrics.vus_max!.values.max).toBe(1);
  });

  it('initialises VUs beyond preAllocatedVUs one at a time, up to maxVUs, when slots find none free', async () => {
    const r = await runSource(
      `import http from 'k6/http';
export const options = {
  scenarios: { car: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 4 } },
};
export default function () { http.get(__ENV.BASE + '/delay/150'); }
`,
      { env: { BASE: stub.url } },
    );
    const done = r.summary!.metrics.iterations!.values.count!;
    const dropped = r.summary!.metrics.dropped_iterations?.values.count ?? 0;
    expect(done + dropped).toBe(20);
    expect(dropped).toBeGreaterThan(0);
    expect(r.summary!.metrics.vus_max!.values.max).toBe(4);
    expect(done).toBeGreaterThan(12);
  });
});
