/**
 * What the runner does not implement is refused before anything runs, with a
 * message naming it and k6's exit code (104 options, 107 script).
 */
import { describe, expect, it } from 'vitest';
import { K6RunError } from '../../scenarios/k6/runner/errors.js';
import { buildRunOptions } from '../../scenarios/k6/runner/options.js';
import { runSource } from './stub.js';

async function refusal(source: string, config = {}): Promise<K6RunError> {
  try {
    await runSource(source, config);
  } catch (error) {
    expect(error).toBeInstanceOf(K6RunError);
    return error as K6RunError;
  }
  throw new Error('expected the run to be refused');
}

function optionsRefusal(options: unknown, cli = {}): K6RunError {
  try {
    buildRunOptions(options, cli);
  } catch (error) {
    expect(error).toBeInstanceOf(K6RunError);
    expect((error as K6RunError).exitCode).toBe(104);
    return error as K6RunError;
  }
  throw new Error('expected the options to be refused');
}

describe('refusals at start', () => {
  it('refuses k6 modules it does not implement, naming the import', async () => {
    const ws = await refusal(
      `import ws from 'k6/ws';\nexport default function () { ws.connect('x', () => {}); }\n`,
    );
    expect(ws.exitCode).toBe(107);
    expect(ws.message).toMatch(/k6 module 'k6\/ws' is not supported/);
    const browser = await refusal(
      `import { browser } from 'k6/browser';\nexport default async function () { await browser.newPage(); }\n`,
    );
    expect(browser.message).toMatch(/'k6\/browser' is not supported/);
  });

  it('refuses remote modules and npm packages, with the file and line', async () => {
    const remote = await refusal(
      `import { randomItem } from 'https://jslib.k6.io/k6-utils/1.2.0/index.js';\nexport default function () { randomItem([1]); }\n`,
    );
    expect(remote.message).toMatch(/script\.ts:1:1: remote module 'https:\/\/jslib\.k6\.io/);
    const npm = await refusal(
      `import _ from 'lodash';\nexport default function () { _.noop(); }\n`,
    );
    expect(npm.message).toMatch(/module 'lodash' cannot be imported/);
  });

  it('refuses a k6 function it does not implement, even through a namespace import', async () => {
    const seed = await refusal(
      `import { randomSeed } from 'k6';\nrandomSeed(1);\nexport default function () {}\n`,
    );
    expect(seed.message).toMatch(/k6's randomSeed is not supported/);
    const file = await refusal(
      `import http from 'k6/http';\nexport default function () { http.file('x'); }\n`,
    );
    expect(file.message).toMatch(/k6\/http's file is not supported/);
    const exec = await refusal(
      `import exec from 'k6/execution';\nexport default function () { console.log(exec.vu.nope); }\n`,
    );
    expect(exec.message).toMatch(/k6\/execution's vu\.nope is not supported/);
    const html = await refusal(
      `import http from 'k6/http';\nexport default function () { http.get('http://127.0.0.1:1/').html('a'); }\n`,
    );
    expect(html.message).toMatch(/Response\.html\(\) \(k6\/html\) is not supported/);
  });

  it('refuses sleep() inside a nested callback, where awaiting would change the script, naming file:line', async () => {
    const e = await refusal(
      `import { sleep } from 'k6';\nexport default function () {\n  [1, 2].forEach(() => sleep(1));\n}\n`,
    );
    expect(e.exitCode).toBe(107);
    expect(e.message).toMatch(/script\.ts:3:\d+: sleep\(\) waits/);
  });

  it('refuses blocking calls in the init context', async () => {
    const e = await refusal(
      `import http from 'k6/http';\nconst r = http.get('http://127.0.0.1:1/');\nexport default function () {}\n`,
    );
    expect(e.message).toMatch(/init context/);
  });

  it('refuses a syntax error with its position', async () => {
    const e = await refusal(`export default function () { let = ; }\n`);
    expect(e.exitCode).toBe(107);
    expect(e.message).toMatch(/script\.ts:1:\d+/);
  });

  it('refuses an exception in the init context as a script exception (107)', async () => {
    const e = await refusal(`throw new Error('boom in init');\nexport default function () {}\n`);
    expect(e.exitCode).toBe(107);
    expect(e.message).toMatch(/boom in init/);
  });

  it('refuses unsupported executors such as externally-controlled and ramping-vus, naming them', () => {
    const e = optionsRefusal({
      scenarios: {
        a: { executor: 'externally-controlled', vus: 1, maxVUs: 2, duration: '10s' },
        b: { executor: 'ramping-vus', stages: [{ duration: '1s', target: 1 }] },
      },
    });
    expect(e.message).toMatch(
      /options\.scenarios\.a\.executor: executor 'externally-controlled' is not supported/,
    );
    expect(e.message).toMatch(
      /options\.scenarios\.b\.executor: executor 'ramping-vus' is not supported/,
    );
  });

  it('refuses unknown and unsupported options and scenario fields, all at once', () => {
    const e = optionsRefusal({
      hosts: { 'a.test': '127.0.0.1' },
      stages: [{ duration: '1s', target: 1 }],
      frobnicate: true,
      scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', rampUp: '1s' } },
    });
    expect(e.message).toMatch(/4 problems/);
    expect(e.message).toMatch(/options\.hosts: k6 option 'hosts' is not supported/);
    expect(e.message).toMatch(/options\.stages: k6 option 'stages' is not supported/);
    expect(e.message).toMatch(/options\.frobnicate: unknown option/);
    expect(e.message).toMatch(/options\.scenarios\.s\.rampUp: unknown field/);
  });

  it('validates scenarios as k6 does (iterations < vus, missing rate, maxVUs < preAllocatedVUs, duration < 1s)', () => {
    const e = optionsRefusal({
      scenarios: {
        a: { executor: 'shared-iterations', vus: 5, iterations: 2 },
        b: { executor: 'constant-arrival-rate', duration: '1s', preAllocatedVUs: 5, maxVUs: 2 },
        c: { executor: 'constant-vus', vus: 1, duration: '500ms' },
      },
    });
    expect(e.message).toMatch(/can't be less than the number of VUs/);
    expect(e.message).toMatch(/iteration rate isn't specified/);
    expect(e.message).toMatch(/maxVUs can't be less than preAllocatedVUs/);
    expect(e.message).toMatch(/must be at least 1s/);
  });

  it('refuses an unsupported threshold aggregation for the metric type, naming it', async () => {
    const e = await refusal(
      `export const options = { thresholds: { http_req_duration: ['count>1'], checks: ['p(95)<1'] } };\nexport default function () {}\n`,
    );
    expect(e.exitCode).toBe(104);
    expect(e.message).toMatch(
      /'count>1' uses the aggregation count, which a trend metric does not support/,
    );
    expect(e.message).toMatch(
      /'p\(95\)<1' uses the aggregation p\(95\), which a rate metric does not support/,
    );
  });

  it('refuses thresholds on metrics the script never declares', async () => {
    const e = await refusal(
      `export const options = { thresholds: { nope: ['count>1'] } };\nexport default function () {}\n`,
    );
    expect(e.message).toMatch(/no metric named 'nope'/);
  });

  it('derives scenarios from the shortcut options the way k6 does', () => {
    expect(buildRunOptions({}).scenarios[0]).toMatchObject({
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
    });
    expect(buildRunOptions({ vus: 3 }).scenarios[0]).toMatchObject({
      executor: 'shared-iterations',
      vus: 3,
      iterations: 3,
    });
    expect(buildRunOptions({ vus: 2, duration: '5s' }).scenarios[0]).toMatchObject({
      executor: 'constant-vus',
      duration: 5000,
    });
    expect(buildRunOptions({ iterations: 4, duration: '5s' }).scenarios[0]).toMatchObject({
      executor: 'shared-iterations',
      iterations: 4,
      maxDuration: 5000,
    });
    const cli = buildRunOptions(
      { scenarios: { a: { executor: 'constant-vus', vus: 1, duration: '1m' } } },
      { iterations: 7, vus: 2 },
    );
    expect(cli.scenarios).toHaveLength(1);
    expect(cli.scenarios[0]).toMatchObject({
      name: 'default',
      executor: 'shared-iterations',
      vus: 2,
      iterations: 7,
    });
    optionsRefusal({
      iterations: 3,
      scenarios: { a: { executor: 'constant-vus', duration: '1s' } },
    });
  });
});
