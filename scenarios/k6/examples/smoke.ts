/**
 * Smoke test of a helpdesk API, in k6's canonical anatomy: options
 * (scenarios and thresholds) first, metrics at module scope, data in a
 * SharedArray, a setup() that fails fast, the target from __ENV.
 *
 * Runs unchanged on k6 and on slalab's runner:
 *   k6 run scenarios/k6/examples/smoke.ts -e BASE_URL=http://127.0.0.1:8080
 *   slalab k6 run scenarios/k6/examples/smoke.ts -e BASE_URL=http://127.0.0.1:8080
 *
 * RATE (iterations/s, default 5), DURATION (default 10s) and VUS (default 20)
 * scale it up; the `start_lag` trend records how late each iteration started
 * after its slot (exact while no iteration is dropped).
 */
import { check, fail } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';

const RATE = Number(__ENV.RATE ?? 5);
const VUS = Number(__ENV.VUS ?? 20);

export const options: Options = {
  scenarios: {
    smoke: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '10s',
      preAllocatedVUs: VUS,
      maxVUs: VUS,
      tags: { kind: 'smoke' },
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{op:create}': ['p(95)<500'],
    checks: ['rate>0.99'],
    dropped_iterations: ['count==0'],
  },
};

const created = new Counter('tickets_created');
const startLag = new Trend('start_lag', true);

const subjects = new SharedArray('subjects', () => [
  'Printer offline on floor 3',
  'VPN drops every hour',
  'Cannot reset my password',
  'Invoice shows the wrong VAT',
]);

const BASE_URL = __ENV.BASE_URL;

export function setup(): { startedAt: number } {
  if (!BASE_URL) fail('set the target: -e BASE_URL=http://127.0.0.1:8080');
  const res = http.get(`${BASE_URL}/`, { tags: { op: 'health' } });
  if (res.status < 200 || res.status >= 400) {
    fail(`${BASE_URL} is not answering (status ${res.status}${res.error ? `, ${res.error}` : ''})`);
  }
  return { startedAt: Date.now() };
}

export default function (): void {
  const i = exec.scenario.iterationInTest;
  startLag.add(Date.now() - (exec.scenario.startTime + (i * 1000) / RATE));
  const res = http.post(
    `${BASE_URL}/tickets`,
    JSON.stringify({ subject: subjects[i % subjects.length], run: exec.vu.idInTest }),
    { headers: { 'Content-Type': 'application/json' }, tags: { op: 'create' } },
  );
  if (check(res, { 'ticket created': (r) => r.status >= 200 && r.status < 300 })) created.add(1);
}
