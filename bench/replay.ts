/**
 * How fast the replay can go, in two parts (a benchmark, not a test):
 *
 * 1. The load generator alone: slalab's k6 runner against a no-op HTTP server
 *    on loopback (a separate process), side by side with autocannon as the
 *    reference load generator —
 *    - closed loop: requests per second with `--connections` workers/VUs;
 *    - open model: the highest constant arrival rate the runner starts on time
 *      (median start lag under 50 ms, nothing dropped), stepping the rate up.
 * 2. The replay against Request Tracker: the peak window of the default
 *    scenario (Wed 10:00–10:20) replayed at rising speed-ups; per step the
 *    ticket rate, the median schedule lag, tickets created, the helpdesk's
 *    create p95 and the replay's threshold verdict. The replay sustains a
 *    rate while its median schedule lag stays under 50 ms and every ticket is
 *    created. The replay's thresholds scale with the speed-up (each call may take
 *    a quarter of the tightest target it can still measure, in wall time), so
 *    "within the thresholds" says the replay still measures that target
 *    faithfully, not that the helpdesk is unloaded: its create p95 says that.
 *
 * Loopback only; each replay step has its own run id and deletes its tickets
 * afterwards. Start the helpdesk first (`slalab helpdesk up`).
 *
 *   npm run bench:replay -- [--seconds 5] [--connections 32] [--speedups 16,64,256,1024,4096] [--skip-rt] [--json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runReplay } from '../cli/commands/replay.js';
import { RtHelpdesk } from '../scenarios/helpdesks/rt/adapter.js';
import { loadRtCredentials } from '../scenarios/helpdesks/rt/credentials.js';
import { runK6 } from '../scenarios/k6/runner/run.js';
import { loadScenario } from '../scenarios/schema/validate.js';
import { encodeTrace } from '../scenarios/trace/format.js';
import { generateTrace } from '../scenarios/trace/generate.js';

/** The few autocannon fields used (it ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SERVER = `const http = require('node:http');
const s = http.createServer((q, r) => { r.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 }); r.end('{}'); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));`;

async function startNoop(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (c) => reject(new Error(`no-op server exited (${c})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

const quiet = { quiet: true, includeSystemEnvVars: false, stdout: () => {}, stderr: () => {} };

async function closedLoop(dir: string, url: string, vus: number, seconds: number) {
  const path = script(
    dir,
    'closed.js',
    `import http from 'k6/http';
export const options = { scenarios: { c: { executor: 'constant-vus', vus: ${vus}, duration: '${seconds}s' } } };
export default async function () { await http.asyncRequest('GET', __ENV.URL); }
`,
  );
  const r = await runK6({ script: path, env: { URL: url }, ...quiet });
  const m = r.summary!.metrics;
  return {
    perSecond: Math.round(m.http_reqs!.values.rate!),
    p50Ms: round(m.http_req_duration!.values.med!),
    p95Ms: round(m.http_req_duration!.values['p(95)']!),
    failed: m.http_req_failed?.values.passes ?? 0,
  };
}

async function openModel(dir: string, url: string, rate: number, seconds: number) {
  const vus = Math.max(20, Math.ceil(rate / 50));
  const path = script(
    dir,
    `open-${rate}.js`,
    `import http from 'k6/http';
export const options = { scenarios: { o: { executor: 'constant-arrival-rate', rate: ${rate}, timeUnit: '1s', duration: '${seconds}s', preAllocatedVUs: ${vus}, maxVUs: ${vus * 4} } } };
export default async function () { await http.asyncRequest('GET', __ENV.URL); }
`,
  );
  const r = await runK6({ script: path, env: { URL: url }, ...quiet });
  const m = r.summary!.metrics;
  return {
    rate,
    done: Math.round(m.http_reqs!.values.rate!),
    dropped: m.dropped_iterations?.values.count ?? 0,
    lagMedianMs: round(r.scheduleLag.medianMs),
    lagP95Ms: round(r.scheduleLag.p95Ms),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
      rates: { type: 'string', default: '250,500,1000,2000,4000' },
      speedups: { type: 'string', default: '16,64,256,1024,4096' },
      'skip-rt': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const dir = mkdtempSync(join(tmpdir(), 'slalab-bench-replay-'));
  const out: Record<string, unknown> = {};
  const say = (line: string) => {
    if (!values.json) process.stdout.write(`${line}\n`);
  };

  // 1. The load generator against a no-op endpoint.
  const noop = await startNoop();
  try {
    say(`no-op endpoint ${noop.url}; ${seconds} s per measurement, ${connections} connections/VUs`);
    const ac = await autocannon({ url: noop.url, connections, duration: seconds });
    const runner = await closedLoop(dir, noop.url, connections, seconds);
    out.closedLoop = {
      runner,
      autocannon: {
        perSecond: Math.round(ac.requests.average),
        p50Ms: ac.latency.p50,
        p99Ms: ac.latency.p99,
        errors: ac.errors + ac.non2xx,
      },
      ratio: round(runner.perSecond / ac.requests.average),
    };
    say(
      `closed loop: runner ${runner.perSecond} req/s (p50 ${runner.p50Ms} ms) vs autocannon ${Math.round(ac.requests.average)} req/s (p50 ${ac.latency.p50} ms): ratio ${round(runner.perSecond / ac.requests.average)}`,
    );
    const steps = [];
    let sustained = 0;
    for (const rate of values.rates!.split(',').map(Number)) {
      const s = await openModel(dir, noop.url, rate, seconds);
      steps.push(s);
      const ok = s.lagMedianMs < 50 && s.dropped === 0;
      say(
        `open model ${rate}/s: done ${s.done}/s, dropped ${s.dropped}, start lag p50 ${s.lagMedianMs} ms, p95 ${s.lagP95Ms} ms${ok ? '' : '  ← over the limit'}`,
      );
      if (!ok) break;
      sustained = rate;
    }
    out.openModel = { steps, sustainedPerSecond: sustained };
    say(
      `runner open-model ceiling: ${sustained} requests/s started on time (median lag < 50 ms, none dropped)`,
    );
  } finally {
    noop.stop();
  }

  // 2. The replay against Request Tracker.
  if (!values['skip-rt']) {
    const scenario = loadScenario('scenarios/examples/default.yaml');
    const from = 2 * 86_400 + 10 * 3600;
    const { header, tickets } = generateTrace(scenario, { seed: 1, from, to: from + 1200 });
    const tracePath = join(dir, 'trace.ndjson');
    writeFileSync(tracePath, encodeTrace(header, tickets));
    const credentials = loadRtCredentials();
    const rt = new RtHelpdesk({ credentials });
    const steps = [];
    let sustained = 0;
    let keptUp = 0;
    for (const speedup of values.speedups!.split(',').map(Number)) {
      const runId = `bench-replay-${speedup}-${Date.now().toString(36)}`;
      const r = await runReplay({
        scenario,
        header,
        tickets,
        tracePath,
        speedup,
        graceSeconds: 5,
        target: credentials.url,
        allowRemote: false,
        engine: 'builtin',
        runId,
        reset: false,
        pollMs: 500,
        botPollMs: 300,
        credentials,
        workDir: dir,
      });
      await rt.deleteRun(runId);
      const perSecond = round(tickets.length / ((header.to - header.from) / speedup));
      const s = r.summary;
      const step = {
        speedup,
        ticketsPerSecond: perSecond,
        created: s.tickets.created ?? 0,
        of: tickets.length,
        lagP50Ms: round(s.lag.p50 ?? Number.NaN),
        lagP95Ms: round(s.lag.p95 ?? Number.NaN),
        createP95Ms: round(s.ops.create?.p95 ?? Number.NaN),
        thresholdsOk: s.thresholdsOk,
      };
      steps.push(step);
      const onSchedule = step.lagP50Ms < 50 && step.created === step.of;
      if (onSchedule) sustained = perSecond;
      // Thresholds only say something while a target is still measurable at this speed-up.
      if (s.thresholdsOk && onSchedule && s.extra.tightestTarget) keptUp = perSecond;
      say(
        `replay ${speedup}×: ${perSecond} tickets/s, created ${step.created}/${step.of}, schedule lag p50 ${step.lagP50Ms} ms (p95 ${step.lagP95Ms}), create p95 ${step.createP95Ms} ms, thresholds ${s.extra.tightestTarget ? (s.thresholdsOk ? 'passed' : 'failed') : 'moot (no target measurable at this speed-up)'}`,
      );
    }
    out.replay = {
      steps,
      sustainedTicketsPerSecond: sustained,
      helpdeskKeptUpTicketsPerSecond: keptUp,
    };
    say(
      `the replay sends up to ${sustained} tickets/s on schedule (median lag < 50 ms, all created); its thresholds (a quarter of the tightest measurable target per call) hold up to ${keptUp} tickets/s`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  if (values.json) process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:replay: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
