/**
 * The closed-model executors (shared-iterations, per-vu-iterations,
 * constant-vus) against a loopback stub: iteration counts, k6's iteration
 * numbering, maxDuration and gracefulStop bounds, startTime, exec, per-scenario
 * env and tags. Expected values follow the k6 executor docs
 * (https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/).
 */
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSource, type Stub, startStub } from './stub.js';

let stub: Stub;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

function counts(values: string[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const v of values) m[v] = (m[v] ?? 0) + 1;
  return m;
}

describe('closed-model executors', () => {
  it('shared-iterations runs each of 12 iterations exactly once across 3 VUs', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 12 } } };
export default function () {
  http.get(\`\${__ENV.BASE}/it/\${exec.scenario.iterationInTest}/vu/\${__VU}\`);
}
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    const its = stub.requests.map((q) => Number(q.path.split('/')[2]));
    expect(its.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(new Set(stub.requests.map((q) => q.path.split('/')[4])).size).toBeLessThanOrEqual(3);
    expect(r.summary!.metrics.iterations!.values.count).toBe(12);
    expect(r.summary!.metrics.vus_max!.values.value).toBe(3);
  });

  it('per-vu-iterations gives each of 3 VUs exactly 4 iterations, numbered 0–3 within the VU', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { p: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } };
export default function () {
  http.get(\`\${__ENV.BASE}/vu/\${exec.vu.idInTest}/iter/\${exec.vu.iterationInScenario}/\${__ITER}\`);
}
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    const byVU = counts(stub.requests.map((q) => q.path.split('/')[2]!));
    expect(byVU).toEqual({ 1: 4, 2: 4, 3: 4 });
    for (const q of stub.requests) {
      const [, , , , iter, underscoreIter] = q.path.split('/');
      expect(iter).toBe(underscoreIter);
      expect(Number(iter)).toBeLessThan(4);
    }
  });

  it('constant-vus keeps 2 VUs looping for 1 s (sleep 100 ms each) and stops starting iterations after it', async () => {
    const started = performance.now();
    const r = await runSource(
      `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 2, duration: '1s' };
export default function () {
  http.get(__ENV.BASE + '/loop');
  sleep(0.1);
}
`,
      { env: { BASE: stub.url } },
    );
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(0);
    const n = r.summary!.metrics.iterations!.values.count!;
    // 2 VUs × 1 s / ~101 ms per iteration ≈ 20; each VU's last iteration may start just before 1 s.
    expect(n).toBeGreaterThanOrEqual(16);
    expect(n).toBeLessThanOrEqual(22);
    expect(elapsed).toBeLessThan(4000);
  });

  it('stops shared-iterations at maxDuration and counts the iterations never started as dropped_iterations', async () => {
    const r = await runSource(
      `import http from 'k6/http';
export const options = {
  scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 100, maxDuration: '1s', gracefulStop: '0s' } },
};
export default function () { http.get(__ENV.BASE + '/delay/40'); }
`,
      { env: { BASE: stub.url } },
    );
    const done = r.summary!.metrics.iterations!.values.count!;
    const dropped = r.summary!.metrics.dropped_iterations!.values.count!;
    expect(done).toBeGreaterThan(5);
    expect(done).toBeLessThan(30);
    // One iteration may be cut off at maxDuration: attempted but neither completed nor dropped.
    expect(done + dropped).toBeGreaterThanOrEqual(99);
    expect(done + dropped).toBeLessThanOrEqual(100);
  });

  it('interrupts iterations still running after gracefulStop, so the scenario ends by duration + gracefulStop', async () => {
    const started = performance.now();
    const r = await runSource(
      `import http from 'k6/http';
export const options = { scenarios: { slow: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '200ms' } } };
export default function () { http.get(__ENV.BASE + '/delay/5000'); }
`,
      { env: { BASE: stub.url } },
    );
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(0);
    expect(elapsed).toBeLessThan(1200 + 1500);
    expect(r.summary!.metrics.iterations).toBeUndefined();
  });

  it('starts a scenario at its startTime and runs its exec function with its own env and tags', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    first: { executor: 'per-vu-iterations', vus: 1, iterations: 3, exec: 'alpha', env: { WHO: 'first' }, tags: { team: 'x' } },
    later: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'beta', startTime: '600ms' },
  },
  thresholds: { 'http_reqs{team:x}': ['count==3'], 'iterations{scenario:later}': ['count==2'] },
};
export function alpha() { http.get(\`\${__ENV.BASE}/\${__ENV.WHO}/\${exec.scenario.name}\`); }
export function beta() { http.get(\`\${__ENV.BASE}/\${__ENV.WHO ?? 'none'}/\${exec.scenario.name}\`); }
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    expect(r.breachedThresholds).toEqual([]);
    const firsts = stub.requests.filter((q) => q.path === '/first/first');
    const laters = stub.requests.filter((q) => q.path === '/none/later');
    expect(firsts).toHaveLength(3);
    expect(laters).toHaveLength(2);
    expect(laters[0]!.at - firsts[0]!.at).toBeGreaterThanOrEqual(590);
  });
});
