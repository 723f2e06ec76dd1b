/**
 * The replay against the real Request Tracker, end to end: replay a peak window
 * of the default scenario with scenarios/k6/replay.ts on slalab's runner, read
 * the helpdesk back, and compare with the simulator on the same trace.
 *
 * Sized for RT here: it creates about 5 tickets/s and a replayed ticket costs
 * about 4 writes (create, take or the bot's greeting, reply, resolve), so it
 * sustains roughly 0.5–0.8 tickets/s. The windows below are sized so the four
 * runs take about four minutes together:
 * - sustained: Wed 10:00–10:20 (49 tickets) at 16× — 75 s of replay, about
 *   0.65 tickets/s. At 16× one tick of RT's clock is 16 s of scenario time, so
 *   the 60 s and 30 s targets are under four ticks and not judged; the 2 h
 *   first-response target and the percentiles are, with the tolerance from
 *   the helpdesk's measured latency (reports/compare.ts);
 * - saturation: the same window at 1000× (49 tickets in 1.2 s, ten times what
 *   RT can create): the thresholds fail and compare puts the gap on the helpdesk;
 * - fault: the helpdesk stopped for a few seconds mid-run;
 * - segments: two runner processes with complementary execution segments.
 * No run resets the helpdesk (other helpdesk tests may be running); each has
 * its own run id.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReplayPlan,
  k6ScriptPath,
  observeReplay,
  type ReplayRunOptions,
  runReplay,
} from '../../cli/commands/replay.js';
import { compareRuns } from '../../reports/compare.js';
import { loadRtCredentials } from '../../scenarios/helpdesks/rt/credentials.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { encodeTrace, type TraceHeader, type TraceTicket } from '../../scenarios/trace/format.js';
import { generateTrace, traceContacts } from '../../scenarios/trace/generate.js';
import type { Results } from '../../simulator/model/results.js';
import { simulateScenario } from '../../simulator/model/simulate.js';
import { helpdesk, newRunId, RT_DIR } from './support.js';

const WED10 = 2 * 86_400 + 10 * 3600;
let scenario: Scenario;
let dir: string;

function defaultScenario(): Scenario {
  const path = 'scenarios/examples/default.yaml';
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

function window(
  from: number,
  to: number,
): { header: TraceHeader; tickets: TraceTicket[]; path: string } {
  const { header, tickets } = generateTrace(scenario, { seed: 1, from, to });
  const path = join(dir, `trace-${from}-${to}.ndjson`);
  writeFileSync(path, encodeTrace(header, tickets));
  return { header, tickets, path };
}

function predict(tickets: TraceTicket[]): Promise<Results> {
  return simulateScenario(scenario, {
    replications: 1,
    seed: 1,
    workers: 1,
    version: 'test',
    detail: 'horizon',
    trace: traceContacts(scenario, tickets),
  });
}

function options(
  w: { header: TraceHeader; tickets: TraceTicket[]; path: string },
  speedup: number,
  graceSeconds: number,
  runId: string,
): ReplayRunOptions {
  const credentials = loadRtCredentials();
  return {
    scenario,
    header: w.header,
    tickets: w.tickets,
    tracePath: w.path,
    speedup,
    graceSeconds,
    target: credentials.url,
    allowRemote: false,
    engine: 'builtin',
    runId,
    reset: false,
    pollMs: 500,
    botPollMs: 300,
    credentials,
    workDir: dir,
  };
}

/** The figures a run produced, for the test log (they back the numbers quoted in reviews). */
function report(label: string, figures: unknown): void {
  process.stderr.write(`[replay ${label}] ${JSON.stringify(figures)}\n`);
}

beforeAll(() => {
  scenario = defaultScenario();
  dir = mkdtempSync(join(tmpdir(), 'slalab-replay-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('replaying a trace against Request Tracker', () => {
  const peak = () => window(WED10, WED10 + 1200);

  it('agrees with simulate --trace on first response at a load the helpdesk sustains', async () => {
    const w = peak();
    expect(w.tickets.length).toBeGreaterThan(30);
    const predicted = await predict(w.tickets);
    const runId = newRunId('replay-ok');
    const o = options(w, 16, 25, runId);
    const result = await runReplay(o);
    const observed = await observeReplay(o, result);
    // Fifteen first-response percentiles must hold at once (four channels and
    // all, at p50, p90 and p95): each gets a Bonferroni interval, so a replay
    // that agrees with the prediction fails with probability 5%, not 1 − 0.95^15.
    const c = compareRuns(predicted, observed, {
      patience: new Map(w.tickets.map((t) => [t.id, t.patience])),
      percentileConfidence: 1 - 0.05 / 15,
    });
    const fr = c.targets.find((t) => t.name === 'first response 95% in 2h')!;
    report('sustained', {
      tickets: w.tickets.length,
      wallSeconds: result.wallSeconds,
      exitCode: result.exitCode,
      created: result.summary.tickets.created,
      lagP50: result.summary.lag.p50,
      deltaSeconds: c.helpdesk.responseDelaySeconds,
      p95: Object.fromEntries(Object.entries(c.helpdesk.ops).map(([k, f]) => [k, f.p95])),
      targets: c.targets.map((t) => [
        t.name,
        t.verdict,
        t.predicted.attainment,
        t.observed.attainment,
      ]),
      percentiles: c.percentiles
        .filter((p) => p.metric === 'firstResponse')
        .map((p) => [p.channel, p.quantile, p.predicted, p.observed, p.lo, p.hi, p.n]),
    });
    expect(result.summary.tickets.created).toBe(w.tickets.length);
    expect(result.summary.tickets.create_failed ?? 0).toBe(0);
    expect(result.exitCode).toBe(0);
    expect(c.helpdesk.keptUp).toBe(true);
    expect(fr.verdict).toBe('prediction held');
    for (const p of c.percentiles.filter((x) => x.metric === 'firstResponse')) {
      expect(p.held, `${p.channel} p${p.quantile * 100}`).not.toBe(false);
    }
    // Every trace ticket reached the helpdesk once, with its trace id in the subject.
    const ids = observed.tickets.map((t) => t.traceId).sort();
    expect(ids).toEqual(w.tickets.map((t) => t.id).sort());
    await helpdesk().deleteRun(runId);
  }, 300_000);

  it('names the helpdesk as the bottleneck when the same window comes far faster than it can take', async () => {
    const w = peak();
    const predicted = await predict(w.tickets);
    const runId = newRunId('replay-sat');
    // Speed-up 1500: the 2 h threshold is 4.8 s of wall time, and 2–12% of
    // tickets made it. At 1000 (7.2 s) 28–51% did, depending on the machine's
    // load, and at 51% the latency tolerance reached the prediction.
    const o = options(w, 1500, 20, runId);
    const result = await runReplay(o);
    const observed = await observeReplay(o, result);
    const c = compareRuns(predicted, observed);
    const fr = c.targets.find((t) => t.name === 'first response 95% in 2h')!;
    report('saturation', {
      exitCode: result.exitCode,
      created: result.summary.tickets.created,
      bottleneck: c.helpdesk.bottleneck,
      fr: [fr.verdict, fr.predicted.attainment, fr.observed.attainment, fr.reason],
    });
    expect(result.exitCode).toBe(99); // k6's "thresholds failed"
    expect(c.helpdesk.keptUp).toBe(false);
    expect(c.helpdesk.bottleneck.join(' ')).toMatch(/thresholds failed/);
    expect(fr.verdict).toBe('diverged: the helpdesk is the bottleneck');
    expect(fr.reason).toMatch(/create p95 \d+ ms/);
    await helpdesk().deleteRun(runId);
  }, 240_000);

  it('survives the helpdesk stopping for a few seconds, counts the errors, and cleans up every run ticket', async () => {
    const w = window(WED10, WED10 + 600);
    const runId = newRunId('replay-fault');
    const o = options(w, 12, 20, runId);
    const run = runReplay(o);
    // Stop the server 12 s in (set-up and the first tickets done), start it again 4 s later.
    await new Promise((r) => setTimeout(r, 12_000));
    const down = spawnSync('bash', [join(RT_DIR, 'down.sh')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(down.status, down.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 4000));
    const up = spawnSync('bash', [join(RT_DIR, 'up.sh')], { encoding: 'utf8', timeout: 300_000 });
    expect(up.status, up.stderr).toBe(0);
    const result = await run;
    const errors = Object.values(result.summary.ops).reduce((n, f) => n + f.errors, 0);
    report('fault', {
      exitCode: result.exitCode,
      wallSeconds: result.wallSeconds,
      created: result.summary.tickets.created,
      createFailed: result.summary.tickets.create_failed ?? 0,
      errors,
      errorsByOp: Object.fromEntries(
        Object.entries(result.summary.ops).map(([k, f]) => [k, f.errors]),
      ),
    });
    expect(result.summary.format).toBe('slalab-k6-summary');
    expect(errors).toBeGreaterThan(0);
    const rt = helpdesk();
    expect((await rt.listRunTickets(runId)).length).toBeGreaterThan(0);
    await rt.deleteRun(runId);
    expect(await rt.listRunTickets(runId)).toEqual([]);
  }, 300_000);

  it('splits the tickets between two runner processes with complementary segments, each created once', async () => {
    const all = generateTrace(scenario, { seed: 1, from: WED10, to: WED10 + 1200 });
    const tickets = all.tickets.slice(0, 10);
    const header: TraceHeader = {
      ...all.header,
      to: tickets[tickets.length - 1]!.time + 1,
      tickets: 10,
    };
    const tracePath = join(dir, 'segments.ndjson');
    writeFileSync(tracePath, encodeTrace(header, tickets));
    const credentials = loadRtCredentials();
    const runId = newRunId('replay-seg');
    const plan = buildReplayPlan({
      scenario,
      header,
      runId,
      speedup: 60,
      graceSeconds: 10,
      logins: [...credentials.agentTokens.keys()],
      botLogin: 'bot',
      pollMs: 500,
      botPollMs: 300,
    });
    const planPath = join(dir, 'segments-plan.json');
    writeFileSync(planPath, JSON.stringify(plan));
    const runner = compileRunner();
    const env: Record<string, string> = {
      TRACE: tracePath,
      PLAN: planPath,
      TARGET: credentials.url,
      // One start for both instances, as the operator's starter gives them.
      START_AT: String(Date.now() + 8000),
      SLALAB_RT_PORTAL_TOKEN: credentials.portalToken!,
    };
    for (const [login, token] of credentials.agentTokens) {
      env[`SLALAB_RT_AGENT_TOKEN_${login.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = token;
    }
    const codes = await Promise.all(
      ['0:1/2', '1/2:1'].map((segment) =>
        runInProcess(runner, k6ScriptPath('replay.ts'), segment, env),
      ),
    );
    report('segments', { codes });
    for (const c of codes) expect([0, 99]).toContain(c);
    const created = (await helpdesk().listRunTickets(runId)).map(
      (t) => /^\[(T\d+)\]/.exec(t.subject)?.[1],
    );
    expect(created.sort()).toEqual(tickets.map((t) => t.id).sort());
    await helpdesk().deleteRun(runId);
  }, 240_000);
});

/** Compiles the runner alone to a temporary folder (a runner process needs JavaScript). */
function compileRunner(): string {
  const out = join(dir, 'runner');
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/typescript/bin/tsc',
      '--outDir',
      out,
      '--rootDir',
      '.',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      'scenarios/k6/runner/run.ts',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`compiling the runner failed:\n${r.stdout}${r.stderr}`);
  const worker = join(out, 'worker.mjs');
  writeFileSync(
    worker,
    `import { runK6 } from './scenarios/k6/runner/run.js';
const [script, segment] = process.argv.slice(2);
const r = await runK6({ script, executionSegment: segment, executionSegmentSequence: '0,1/2,1', quiet: true, includeSystemEnvVars: true, stdout: () => {}, stderr: () => {} });
process.exitCode = r.exitCode;
`,
  );
  return worker;
}

/** One runner process on one execution segment; resolves with its exit code. */
function runInProcess(
  worker: string,
  script: string,
  segment: string,
  env: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, script, segment], {
      // The runner's TypeScript compiler is found from the repository's node_modules.
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(process.cwd(), 'node_modules'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === null) reject(new Error(`runner ${segment} was killed: ${err.slice(-2000)}`));
      else resolve(code);
    });
  });
}
