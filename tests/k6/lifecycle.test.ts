/**
 * Whole runs, asserted by exit code and summary (style habit 12): thresholds
 * and exit 99, abortOnFail, handleSummary's data shape, --summary-export,
 * setup/teardown data, exec.test.abort() (108), -e and __ENV, SharedArray and
 * open(), sleep() rewritten into awaits, and the loopback-only rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../scenarios/k6/runner/http.js';
import { runSource, type Stub, startStub, writeScripts } from './stub.js';

let stub: Stub;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

describe('thresholds and exit codes', () => {
  it('exits 0 when every threshold passes and 99 when one fails, marking it in the summary', async () => {
    const script = (limit: string) => `import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';
const work = new Trend('work_ms', true);
export const options = {
  iterations: 5,
  thresholds: {
    http_req_failed: ['rate<0.5'],
    'http_req_duration{op:create}': ['p(95)<5000', 'max<5000'],
    checks: ['rate==1'],
    work_ms: ['${limit}'],
    iterations: ['count==5'],
  },
};
export default function () {
  const res = http.post(__ENV.BASE + '/tickets', '{}', { tags: { op: 'create' } });
  check(res, { 'created': (r) => r.status === 200 });
  work.add(42);
}
`;
    const pass = await runSource(script('avg<100'), { env: { BASE: stub.url } });
    expect(pass.exitCode).toBe(0);
    expect(pass.breachedThresholds).toEqual([]);
    const fail = await runSource(script('avg<10'), { env: { BASE: stub.url } });
    expect(fail.exitCode).toBe(99);
    expect(fail.breachedThresholds).toEqual(['work_ms']);
    expect(fail.summary!.metrics.work_ms!.thresholds).toEqual({ 'avg<10': { ok: false } });
    expect(fail.summary!.metrics['http_req_duration{op:create}']!.thresholds).toEqual({
      'p(95)<5000': { ok: true },
      'max<5000': { ok: true },
    });
    expect(fail.stdout).toMatch(/✗ work_ms/);
  });

  it('aborts the test early when an abortOnFail threshold fails, still running teardown, and exits 99', async () => {
    const started = performance.now();
    const r = await runSource(
      `import http from 'k6/http';
export const options = {
  scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '20s' } },
  thresholds: { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true }] },
};
export default function () { http.get(__ENV.BASE + '/status/500'); }
export function teardown() { http.get(__ENV.BASE + '/teardown'); }
`,
      { env: { BASE: stub.url } },
    );
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(99);
    expect(r.abortReason).toMatch(/abortOnFail/);
    expect(elapsed).toBeLessThan(6000);
    expect(stub.requests.at(-1)!.path).toBe('/teardown');
  });

  it('waits delayAbortEval before abortOnFail can stop the test', async () => {
    const started = performance.now();
    const r = await runSource(
      `import http from 'k6/http';
export const options = {
  scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '3s' } },
  thresholds: { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '10s' }] },
};
export default function () { http.get(__ENV.BASE + '/status/500'); }
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(99);
    expect(r.abortReason).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThan(2900);
  });

  it('exits 108 after exec.test.abort(), still running teardown', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import exec from 'k6/execution';
export const options = { vus: 1, iterations: 50 };
export default function () {
  http.get(__ENV.BASE + '/it/' + exec.scenario.iterationInTest);
  if (exec.scenario.iterationInTest === 2) exec.test.abort('enough');
}
export function teardown() { http.get(__ENV.BASE + '/teardown'); }
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(108);
    expect(r.abortReason).toMatch(/enough/);
    expect(stub.requests.map((q) => q.path)).toEqual(['/it/0', '/it/1', '/it/2', '/teardown']);
  });
});

describe('summary', () => {
  it('hands handleSummary k6’s data shape: root_group, options, state, metrics, setup_data', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import { check, group } from 'k6';
export const options = { vus: 1, iterations: 2, thresholds: { http_reqs: ['count>=2'] } };
export function setup() { return { token: 'abc' }; }
export default function () {
  group('tickets', () => {
    const res = http.get(__ENV.BASE + '/t');
    check(res, { 'is 200': (r) => r.status === 200 });
  });
}
export function handleSummary(data) {
  return { 'out/summary.json': JSON.stringify(data), stdout: 'custom summary\\n' };
}
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('custom summary\n');
    const d = r.summary!;
    expect(Object.keys(d).sort()).toEqual([
      'metrics',
      'options',
      'root_group',
      'setup_data',
      'state',
    ]);
    expect(d.setup_data).toEqual({ token: 'abc' });
    expect(d.options).toEqual({
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
      summaryTimeUnit: '',
      noColor: true,
    });
    expect(d.state.testRunDurationMs).toBeGreaterThan(0);
    expect(d.root_group).toMatchObject({
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      checks: [],
    });
    const tickets = d.root_group.groups[0]!;
    expect(tickets).toMatchObject({ name: 'tickets', path: '::tickets' });
    expect(tickets.checks[0]).toMatchObject({
      name: 'is 200',
      path: '::tickets::is 200',
      passes: 2,
      fails: 0,
    });
    expect(d.metrics.http_reqs).toEqual({
      type: 'counter',
      contains: 'default',
      values: { count: 2, rate: expect.any(Number) },
      thresholds: { 'count>=2': { ok: true } },
    });
    expect(d.metrics.checks).toMatchObject({
      type: 'rate',
      values: { rate: 1, passes: 2, fails: 0 },
    });
    expect(d.metrics.vus_max).toMatchObject({
      type: 'gauge',
      values: { value: 1, min: 1, max: 1 },
    });
    expect(Object.keys(d.metrics.http_req_duration!.values)).toEqual([
      'avg',
      'min',
      'med',
      'max',
      'p(90)',
      'p(95)',
    ]);
    expect(d.metrics['http_req_duration{expected_response:true}']).toMatchObject({
      type: 'trend',
      contains: 'time',
    });
    expect(d.metrics.group_duration).toMatchObject({ type: 'trend' });
  });

  it('writes --summary-export in k6’s legacy format (rate as value, thresholds true when failed)', async () => {
    const out = writeScripts({});
    try {
      const exportPath = join(out.dir, 'export.json');
      const r = await runSource(
        `import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate>0.99'], http_reqs: ['count<100'] } };
export default function () { check(http.get(__ENV.BASE + '/x'), { 'never': () => false }); }
`,
        { env: { BASE: stub.url }, summaryExport: exportPath },
      );
      expect(r.exitCode).toBe(99);
      const exported = JSON.parse(readFileSync(exportPath, 'utf8'));
      expect(exported.metrics.checks).toEqual({
        passes: 0,
        fails: 1,
        value: 0,
        thresholds: { 'rate>0.99': true },
      });
      expect(exported.metrics.http_reqs.thresholds).toEqual({ 'count<100': false });
      expect(exported.root_group.checks.never).toMatchObject({ passes: 0, fails: 1 });
      expect(exported.options).toBeUndefined();
      expect(r.stdout).toMatch(/checks\.+: 0\.00%/);
    } finally {
      out.cleanup();
    }
  });
});

describe('the script’s environment', () => {
  it('exposes -e values as __ENV, merged with a scenario’s env, and passes setup’s data to VUs and teardown', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import { SharedArray } from 'k6/data';
const tickets = new SharedArray('tickets', () => JSON.parse(open('./tickets.json')));
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 1, env: { STAGE: 'two' } } } };
export function setup() { return { created: http.post(__ENV.BASE + '/setup', 'x').status }; }
export default function (data) {
  http.get(\`\${__ENV.BASE}/\${__ENV.STAGE}/\${__ENV.TENANT}/\${data.created}/\${tickets[__VU - 1].subject}/\${tickets.length}\`);
}
export function teardown(data) { http.get(__ENV.BASE + '/teardown/' + data.created); }
`,
      { env: { BASE: stub.url, TENANT: 'acme' } },
      { 'tickets.json': JSON.stringify([{ subject: 'printer' }, { subject: 'vpn' }]) },
    );
    expect(r.exitCode).toBe(0);
    const paths = stub.requests.map((q) => q.path);
    expect(paths[0]).toBe('/setup');
    expect(paths.slice(1, 3).sort()).toEqual(['/two/acme/200/printer/2', '/two/acme/200/vpn/2']);
    expect(paths[3]).toBe('/teardown/200');
  });

  it('turns sleep() and http.get() in top-level helpers and group() callbacks into awaits', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import { group, sleep } from 'k6';
import { fetchTicket } from './lib.ts';
function pause() { sleep(0.05); }
export const options = { vus: 1, iterations: 2 };
export default function () {
  group('g', function () {
    const t = fetchTicket(__ENV.BASE);
    pause();
    http.get(__ENV.BASE + '/after/' + t.status);
  });
}
`,
      { env: { BASE: stub.url } },
      {
        'lib.ts': `import http from 'k6/http';\nexport function fetchTicket(base: string) { return http.get(base + '/ticket'); }\n`,
      },
    );
    expect(r.exitCode).toBe(0);
    expect(stub.requests.map((q) => q.path)).toEqual([
      '/ticket',
      '/after/200',
      '/ticket',
      '/after/200',
    ]);
    expect(stub.requests[1]!.at - stub.requests[0]!.at).toBeGreaterThanOrEqual(45);
  });

  it('ends an iteration only after its k6/timers callbacks and un-awaited asyncRequests are done', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import { setTimeout, clearTimeout } from 'k6/timers';
export const options = { vus: 1, iterations: 2 };
export default function () {
  setTimeout(() => { http.asyncRequest('GET', __ENV.BASE + '/timer'); }, 50);
  const id = setTimeout(() => { http.asyncRequest('GET', __ENV.BASE + '/never'); }, 10);
  clearTimeout(id);
}
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    expect(stub.requests.map((q) => q.path)).toEqual(['/timer', '/timer']);
    expect(r.summary!.metrics.iteration_duration!.values.min).toBeGreaterThanOrEqual(45);
  });

  it('keeps many requests of one VU in flight without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const r = await runSource(
        `import http from 'k6/http';
export const options = { vus: 1, iterations: 1 };
export default async function () {
  await Promise.all(Array.from({ length: 20 }, () => http.asyncRequest('GET', __ENV.BASE + '/flight')));
}
`,
        { env: { BASE: stub.url } },
      );
      expect(r.exitCode).toBe(0);
      expect(stub.requests.filter((q) => q.path === '/flight')).toHaveLength(20);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('follows redirects and keeps cookies for the rest of the iteration only', async () => {
    const r = await runSource(
      `import http from 'k6/http';
export const options = { vus: 1, iterations: 2 };
export default function () {
  const res = http.get(__ENV.BASE + '/redirect/2');
  if (res.url !== __ENV.BASE + '/done' || res.status !== 200) throw new Error('redirect not followed: ' + res.url);
  http.get(__ENV.BASE + '/cookie');
  http.get(__ENV.BASE + '/with-cookie');
}
`,
      { env: { BASE: stub.url } },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/redirect not followed/);
    const withCookie = stub.requests.filter((q) => q.path === '/with-cookie');
    expect(withCookie.map((q) => q.headers.cookie)).toEqual(['session=abc123', 'session=abc123']);
    const firstRedirect = stub.requests.filter((q) => q.path === '/redirect/2');
    expect(firstRedirect.every((q) => q.headers.cookie === undefined)).toBe(true);
    expect(r.summary!.metrics.http_reqs!.values.count).toBe(10);
  });

  it('refuses traffic to a non-loopback host without --allow-remote, naming the URL, and exits 2', async () => {
    const r = await runSource(
      `import http from 'k6/http';
export const options = { vus: 1, iterations: 3 };
export default function () { http.get('http://example.com/tickets'); }
`,
    );
    expect(r.exitCode).toBe(2);
    expect(r.abortReason).toMatch(/refusing to send traffic to http:\/\/example\.com\/tickets/);
    expect(r.stderr).toMatch(/--allow-remote/);
    expect(r.summary!.metrics.http_reqs).toBeUndefined();
  });

  it('counts 127.0.0.0/8, ::1 and localhost as loopback, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '[::1]', '::1', 'localhost', 'LOCALHOST.']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      'example.com',
      '10.0.0.1',
      '128.0.0.1',
      'evil.localhost',
      '127.0.0.1.nip.io',
      '::2',
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it('reports request errors in the response (status 0, error_code 1212) without failing the run', async () => {
    const r = await runSource(
      `import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 1, iterations: 1 };
export default function () {
  const res = http.get('http://127.0.0.1:1/closed');
  check(res, { 'refused': (r) => r.status === 0 && r.error_code === 1212 });
}
`,
    );
    expect(r.exitCode).toBe(0);
    expect(r.summary!.metrics.checks!.values.rate).toBe(1);
    expect(r.summary!.metrics.http_req_failed!.values.rate).toBe(1);
  });
});
