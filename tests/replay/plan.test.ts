/**
 * What `slalab replay` prepares (cli/commands/replay.ts): the plan the script
 * reads, the k6-operator manifests, engine lookup and the progress line; and
 * the script refusing a non-loopback target before any traffic.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildReplayPlan,
  checkReplayInputs,
  findK6,
  k6ScriptPath,
  k8sManifests,
  loginTier,
  ProgressTracker,
  progressLine,
  runReplay,
} from '../../cli/commands/replay.js';
import { runK6 } from '../../scenarios/k6/runner/run.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { encodeTrace } from '../../scenarios/trace/format.js';
import { generateTrace } from '../../scenarios/trace/generate.js';

function defaultScenario(): Scenario {
  const path = 'scenarios/examples/default.yaml';
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

const WED10 = 2 * 86_400 + 10 * 3600;
const LOGINS = ['agent-l1-01', 'agent-l1-02', 'agent-l2-01', 'bot'];

function plan(scenario: Scenario) {
  const { header } = generateTrace(scenario, { seed: 1, from: WED10, to: WED10 + 1200 });
  return {
    header,
    plan: buildReplayPlan({
      scenario,
      header,
      runId: 'run-1',
      speedup: 15,
      graceSeconds: 30,
      logins: LOGINS,
      botLogin: 'bot',
      pollMs: 500,
      botPollMs: 200,
    }),
  };
}

describe('the replay plan', () => {
  const scenario = defaultScenario();

  it('carries the window, staffing through the grace, channels, logins per tier and the SLA targets', () => {
    const { plan: p } = plan(scenario);
    expect(p.origin).toBe(WED10);
    expect(p.windowEnd).toBe(WED10 + 1200);
    // Window + 30 s of grace at 15× = 450 s of scenario time: 1650 s from 10:00, two intervals.
    expect(p.staffing.start).toBe(WED10);
    expect(p.staffing.groups[0]!.staffing).toHaveLength(2);
    expect(p.logins).toEqual({ '1': ['agent-l1-01', 'agent-l1-02'], '2': ['agent-l2-01'] });
    expect(p.escalationQueue).toBe('L2');
    expect(p.channels.find((c) => c.name === 'chat')).toMatchObject({
      queue: 'chat',
      concurrency: 3,
      bot: true,
      deferred: false,
    });
    expect(p.channels.find((c) => c.name === 'email')?.deferred).toBe(true);
    expect(p.sla.map((t) => t.within)).toEqual([60, 30, null, 7200, 86_400, 7200]);
    expect(JSON.stringify(p)).not.toMatch(/token/i);
    expect(loginTier('agent-l2-04')).toBe(2);
    expect(loginTier('bot')).toBeUndefined();
  });

  it('refuses a staffed tier without logins, naming the group', () => {
    const { header } = plan(scenario);
    const p = buildReplayPlan({
      scenario,
      header,
      runId: 'r',
      speedup: 15,
      graceSeconds: 30,
      logins: ['agent-l1-01'],
      botLogin: 'bot',
      pollMs: 500,
      botPollMs: 200,
    });
    expect(() => checkReplayInputs(scenario, header, p)).toThrow(/group L2 \(tier 2\)/);
  });

  it('writes a k6-operator TestRun with the script and lib/ in a ConfigMap and the data beside it', () => {
    const { header, plan: p } = plan(scenario);
    const trace = encodeTrace(
      header,
      generateTrace(scenario, { seed: 1, from: WED10, to: WED10 + 1200 }).tickets,
    );
    const out = k8sManifests({
      name: 'slalab-replay-run-1',
      parallelism: 3,
      plan: p,
      trace,
      target: 'http://rt.internal:8080',
      allowRemote: true,
      image: 'grafana/k6:1.3.0',
      volumeClaim: 'slalab-replay-data',
      secret: 'slalab-rt-tokens',
      scriptDir: join(k6ScriptPath('replay.ts'), '..'),
    });
    const files = Object.fromEntries(out.files.map((f) => [f.path, f.content]));
    const testRun = files['testrun.yaml']!;
    expect(testRun).toMatch(/kind: TestRun/);
    expect(testRun).toMatch(/parallelism: 3/);
    expect(testRun).toMatch(/localFile: \/scripts\/replay.ts/);
    expect(testRun).toMatch(/- \{ key: lib-timing.ts, path: lib\/timing.ts \}/);
    expect(testRun).toMatch(/secretRef:\n\s+name: slalab-rt-tokens/);
    expect(testRun).toMatch(/name: ALLOW_REMOTE\n\s+value: "1"/);
    expect(files['configmap-script.yaml']).toMatch(/lib-thresholds.ts: \|-/);
    expect(files['configmap-data.yaml']).toMatch(/trace.ndjson: \|-/);
    expect(files['README.txt']).toMatch(/slalab merge-summaries/);
    // No RT token value (1-<uid>-<32 hex>) in any file: they come from the Secret.
    expect(out.files.map((f) => f.content).join('\n')).not.toMatch(/\b1-\d+-[0-9a-f]{32}\b/);
  });

  it('ships a trace over the 1 MiB ConfigMap limit on a volume instead', () => {
    const { plan: p } = plan(scenario);
    const big = `${'x'.repeat(1_100_000)}\n`;
    const out = k8sManifests({
      name: 'n',
      parallelism: 2,
      plan: p,
      trace: big,
      target: 'http://127.0.0.1:8080',
      allowRemote: false,
      image: 'grafana/k6',
      volumeClaim: 'claim-x',
      secret: 's',
      scriptDir: join(k6ScriptPath('replay.ts'), '..'),
    });
    const paths = out.files.map((f) => f.path);
    expect(paths).toContain('data/trace.ndjson');
    expect(paths).not.toContain('configmap-data.yaml');
    expect(out.files.find((f) => f.path === 'testrun.yaml')!.content).toMatch(/claimName: claim-x/);
    expect(out.notes.join(' ')).toMatch(/1 MiB/);
  });
});

describe('running the replay', () => {
  it('finds a k6 executable on the PATH, and none where there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-k6-'));
    expect(findK6(dir)).toBeUndefined();
    writeFileSync(join(dir, 'k6'), '#!/bin/sh\n');
    chmodSync(join(dir, 'k6'), 0o755);
    expect(findK6(`/nonexistent:${dir}`)).toBe(join(dir, 'k6'));
  });

  it('reads the script’s progress lines from the runner’s log', () => {
    const p = new ProgressTracker(3, 90);
    expect(p.feed('INFO[0003] slalab-progress ticket=T0000001 lag=2 ok=1 source=console')).toBe(
      true,
    );
    expect(p.feed('INFO[0004] slalab-progress ticket=T0000002 lag=40 ok=0 source=console')).toBe(
      true,
    );
    expect(p.feed('WARN[0004] slalab-error op=create status=0 no answer source=console')).toBe(
      true,
    );
    expect(p.feed('some other line')).toBe(false);
    const s = p.snapshot();
    expect(s).toMatchObject({ sent: 1, failed: 1, total: 3, lagP50: 2, lagMax: 40, errors: 1 });
    expect(progressLine(s)).toMatch(
      /^replay: 1\/3 tickets sent \(1 failed\) · lag p50 2 ms, max 40 ms · 1 error · \d+\/90 s$/,
    );
  });

  it('runs a k6 binary found on the PATH, tokens through its environment only, and reads its summary', async () => {
    const scenario = defaultScenario();
    const dir = mkdtempSync(join(tmpdir(), 'slalab-fake-k6-'));
    // A stand-in for k6: checks it got no token on its command line, reports progress, writes the summary.
    writeFileSync(
      join(dir, 'k6'),
      `#!/bin/bash
echo "$@" > "${dir}/argv"
[ -n "$SLALAB_RT_PORTAL_TOKEN" ] && [ -n "$SLALAB_RT_AGENT_TOKEN_AGENT_L1_01" ] || exit 3
echo 'time="…" level=info msg="slalab-progress ticket=T0000001 lag=3 ok=1" source=console' >&2
printf '{"format":"slalab-k6-summary","version":1,"script":"replay","runId":"fake","startAt":1700000000000,"speedup":15,"origin":0,"segment":null,"segments":1,"durationMs":1,"thresholdsOk":true,"thresholds":{},"ops":{},"lag":{"count":1,"p50":3,"p95":3,"p99":3,"max":3},"tickets":{"created":1},"approximations":[],"extra":{},"metrics":{}}' > "$SUMMARY_OUT"
`,
    );
    chmodSync(join(dir, 'k6'), 0o755);
    const { header } = generateTrace(scenario, { seed: 1, from: WED10, to: WED10 + 600 });
    const credentials = {
      url: 'http://127.0.0.1:8080',
      adminToken: '1-14-admin',
      portalToken: '1-40-portalsecret',
      agentTokens: new Map(LOGINS.map((l) => [l, `1-50-${l}secret`])),
      botNames: new Set(['bot']),
      source: 'test',
    };
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    const progress: number[] = [];
    try {
      const r = await runReplay({
        scenario,
        header,
        tickets: [],
        tracePath: join(dir, 'trace.ndjson'),
        speedup: 15,
        graceSeconds: 10,
        target: 'http://127.0.0.1:8080',
        allowRemote: false,
        engine: 'k6',
        runId: 'fake',
        reset: false,
        pollMs: 500,
        botPollMs: 300,
        credentials,
        workDir: dir,
        onProgress: (p) => progress.push(p.sent),
      });
      expect(r.engine).toBe('k6');
      expect(r.exitCode).toBe(0);
      expect(r.manifest).toEqual({
        runId: 'fake',
        speedup: 15,
        startedAt: new Date(1_700_000_000_000).toISOString(),
        origin: WED10,
      });
      expect(progress.at(-1)).toBe(1);
      const argv = readFileSync(join(dir, 'argv'), 'utf8');
      expect(argv).toMatch(/^run --quiet --no-color \S+replay\.ts\n$/);
      expect(argv).not.toMatch(/secret/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('refuses a non-loopback TARGET in the init context, before any request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-replay-'));
    writeFileSync(join(dir, 'trace.ndjson'), '{"format":"slalab-trace"}\n');
    writeFileSync(join(dir, 'plan.json'), '{}');
    await expect(
      runK6({
        script: k6ScriptPath('replay.ts'),
        env: {
          TRACE: join(dir, 'trace.ndjson'),
          PLAN: join(dir, 'plan.json'),
          TARGET: 'http://rt.example.com',
        },
        includeSystemEnvVars: false,
        quiet: true,
        stdout: () => {},
        stderr: () => {},
      }),
    ).rejects.toThrow(/refusing to load rt.example.com/);
  });
});
