/**
 * `slalab replay <scenario> --trace trace.ndjson --speedup 120 --out observed.json`:
 * replays a trace against the real helpdesk with scenarios/k6/replay.ts, then
 * reads the helpdesk back and writes observed.json (the helpdesk's own times,
 * with the k6 summary beside them).
 *
 * In order: check the trace against the scenario; reset the helpdesk to its
 * seeded data (unless --no-reset); write the replay plan (staffing table,
 * channels, SLA targets; no secrets); run the script with a `k6` binary
 * found on the PATH or slalab's built-in runner (--engine), passing the
 * helpdesk tokens from the credentials file through the environment only;
 * show a live progress line; write the run manifest; observe the run; write
 * observed.json. The whole run is bounded: the window ÷ speed-up + the grace,
 * plus at most RUN_OVERHEAD_SECONDS for set-up and wind-down, after which it
 * is stopped. Load goes to loopback only unless --target is remote and
 * --allow-remote is given.
 *
 * With --k8s N --out-dir DIR it writes a k6-operator TestRun (and what it
 * needs) instead of running; `slalab merge-summaries` combines the
 * instances' summaries afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import {
  assertLoopbackUrl,
  assertRunId,
  type Helpdesk,
  HelpdeskError,
  HelpdeskRemoteRefusedError,
  isLoopbackHost,
  type TicketEvent,
} from '../../scenarios/helpdesks/adapter.js';
import { type ObservedRun, observeRun } from '../../scenarios/helpdesks/observe.js';
import { RtHelpdesk } from '../../scenarios/helpdesks/rt/adapter.js';
import { loadRtCredentials, type RtCredentials } from '../../scenarios/helpdesks/rt/credentials.js';
import { PLAN_FORMAT, PLAN_VERSION, type ReplayPlan } from '../../scenarios/k6/lib/plan.js';
import { autoGraceSeconds } from '../../scenarios/k6/lib/schedule.js';
import { buildStaffingTable } from '../../scenarios/k6/lib/staffing.js';
import { type K6Summary, normaliseSummary } from '../../scenarios/k6/lib/summary.js';
import { maxDurationSeconds } from '../../scenarios/k6/lib/timing.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { loadScenario } from '../../scenarios/schema/validate.js';
import {
  parseTrace,
  TraceError,
  type TraceHeader,
  type TraceTicket,
} from '../../scenarios/trace/format.js';
import { requireNumber, UsageError } from '../errors.js';
import { writeOutput } from '../output.js';
import { rtScriptsDir } from './helpdesk.js';
import type { RunManifest } from './observe.js';

/** Set-up (setup() ≤ 30 s), the start lead, graceful stop and summary: the most a run adds. */
export const RUN_OVERHEAD_SECONDS = 50;

export type Engine = 'auto' | 'k6' | 'builtin';

export interface ReplayRunOptions {
  scenario: Scenario;
  header: TraceHeader;
  tickets: TraceTicket[];
  /** Absolute path of the trace file (the script opens it). */
  tracePath: string;
  speedup: number;
  graceSeconds: number;
  target: string;
  allowRemote: boolean;
  engine: Engine;
  runId: string;
  reset: boolean;
  pollMs: number;
  botPollMs: number;
  credentials: RtCredentials;
  /** Where the plan and the k6 summary go (a temporary folder by default). */
  workDir?: string;
  /** `--execution-segment`/`--execution-segment-sequence` for one instance of a split run. */
  executionSegment?: string;
  executionSegmentSequence?: string;
  /** Progress lines and the runner's own messages. */
  onProgress?: (p: ReplayProgress) => void;
  log?: (line: string) => void;
}

export interface ReplayProgress {
  sent: number;
  failed: number;
  total: number;
  lagP50: number | null;
  lagMax: number | null;
  errors: number;
  elapsedSeconds: number;
  boundSeconds: number;
}

export interface ReplayRunResult {
  engine: 'k6' | 'builtin';
  exitCode: number;
  summary: K6Summary;
  manifest: RunManifest;
  plan: ReplayPlan;
  wallSeconds: number;
  /** True when the watchdog had to stop the run. */
  stopped: boolean;
}

// ------------------------------------------------------------------ the plan

/** Tier of an RT agent login as seeded (`agent-l1-01` → 1), or undefined. */
export function loginTier(login: string): number | undefined {
  const m = /^agent-l(\d+)-/i.exec(login);
  return m ? Number(m[1]) : undefined;
}

/**
 * The replay plan for a scenario and trace window: staffing over the window
 * plus the grace (in scenario time), channels with their queues, the
 * escalation queue, logins per tier, SLA targets and tuning.
 */
export function buildReplayPlan(input: {
  scenario: Scenario;
  header: TraceHeader;
  runId: string;
  speedup: number;
  graceSeconds: number;
  logins: readonly string[];
  botLogin: string;
  pollMs: number;
  botPollMs: number;
}): ReplayPlan {
  const { scenario, header } = input;
  const end = header.to + input.graceSeconds * input.speedup;
  const logins: Record<string, string[]> = {};
  for (const login of input.logins) {
    const tier = loginTier(login);
    if (tier === undefined) continue;
    const list = logins[String(tier)] ?? [];
    list.push(login);
    logins[String(tier)] = list;
  }
  for (const list of Object.values(logins)) list.sort();
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    scenario: scenario.name,
    runId: input.runId,
    speedup: input.speedup,
    origin: header.from,
    windowEnd: header.to,
    graceSeconds: input.graceSeconds,
    channels: scenario.channels.map((c) => ({
      name: c.name,
      kind: c.kind,
      queue: c.name,
      concurrency: c.concurrency,
      slowdown: c.slowdown.length > 0 ? c.slowdown : [1],
      deferred: c.kind === 'deferred',
      bot: c.bot !== undefined,
    })),
    escalationQueue: scenario.escalation ? 'L2' : null,
    deferredWhenIdle: scenario.routing.deferredWhenIdle,
    staffing: buildStaffingTable(scenario, header.from, end),
    logins,
    botLogin: input.botLogin,
    sla: scenario.sla.map((t) => ({ name: t.name, metric: t.metric, within: t.within ?? null })),
    tuning: {
      pollMs: input.pollMs,
      pollMinMs: Math.max(50, Math.round(input.pollMs / 2)),
      botPollMs: input.botPollMs,
      requestTimeoutMs: 30_000,
      retries: 4,
    },
  };
}

/** Checks the trace fits the scenario: its channels exist and each group has a login to act as. */
export function checkReplayInputs(scenario: Scenario, header: TraceHeader, plan: ReplayPlan): void {
  const problems: string[] = [];
  const names = new Set(scenario.channels.map((c) => c.name));
  for (const c of header.channels) {
    if (!names.has(c)) problems.push(`the trace has channel "${c}", which the scenario lacks`);
  }
  for (const g of plan.staffing.groups) {
    const peak = Math.max(0, ...g.staffing);
    if (peak > 0 && (plan.logins[String(g.tier)] ?? []).length === 0) {
      problems.push(
        `group ${g.name} (tier ${g.tier}) is staffed but the helpdesk has no tier-${g.tier} agent login (agent-l${g.tier}-NN)`,
      );
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
}

// ------------------------------------------------------------------ engines

/** The `k6` executable on the PATH, if any. */
export function findK6(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** scenarios/k6/<name>, from the package root (sources or dist/). */
export function k6ScriptPath(name: string): string {
  return resolve(rtScriptsDir(), '..', '..', 'k6', name);
}

/** Parses the script's progress and error lines out of the runner's or k6's log output. */
export class ProgressTracker {
  sent = 0;
  failed = 0;
  errors = 0;
  private readonly lags: number[] = [];
  private readonly started = Date.now();

  constructor(
    readonly total: number,
    readonly boundSeconds: number,
  ) {}

  /** Feeds one log line; true when it was one of the script's progress or error lines. */
  feed(line: string): boolean {
    const p = /slalab-progress ticket=\S+ lag=(-?[\d.]+) ok=(\d)/.exec(line);
    if (p) {
      if (p[2] === '1') this.sent++;
      else this.failed++;
      this.lags.push(Number(p[1]));
      return true;
    }
    if (/slalab-error op=/.test(line)) {
      this.errors++;
      return true;
    }
    return false;
  }

  snapshot(): ReplayProgress {
    const sorted = [...this.lags].sort((a, b) => a - b);
    return {
      sent: this.sent,
      failed: this.failed,
      total: this.total,
      lagP50: sorted.length > 0 ? sorted[Math.floor((sorted.length - 1) / 2)]! : null,
      lagMax: sorted.length > 0 ? sorted[sorted.length - 1]! : null,
      errors: this.errors,
      elapsedSeconds: (Date.now() - this.started) / 1000,
      boundSeconds: this.boundSeconds,
    };
  }
}

export function progressLine(p: ReplayProgress): string {
  const lag =
    p.lagP50 === null
      ? 'lag –'
      : `lag p50 ${Math.round(p.lagP50)} ms, max ${Math.round(p.lagMax!)} ms`;
  return `replay: ${p.sent}/${p.total} tickets sent${p.failed ? ` (${p.failed} failed)` : ''} · ${lag} · ${p.errors} error${p.errors === 1 ? '' : 's'} · ${Math.round(p.elapsedSeconds)}/${p.boundSeconds} s`;
}

/** The environment the script gets: its settings and the tokens it needs, nothing else. */
function scriptEnv(
  o: ReplayRunOptions,
  planPath: string,
  summaryPath: string,
  plan: ReplayPlan,
): Record<string, string> {
  const env: Record<string, string> = {
    TRACE: o.tracePath,
    PLAN: planPath,
    TARGET: o.target,
    SUMMARY_OUT: summaryPath,
    PROGRESS: '1',
  };
  if (o.allowRemote) env.ALLOW_REMOTE = '1';
  if (o.executionSegment) env.SEGMENT = o.executionSegment;
  if (!o.credentials.portalToken) {
    throw new UsageError(
      'the credentials have no portal token (SLALAB_RT_PORTAL_TOKEN): re-seed with `slalab helpdesk up`',
      1,
    );
  }
  env.SLALAB_RT_PORTAL_TOKEN = o.credentials.portalToken;
  const needed = new Set<string>([plan.botLogin, ...Object.values(plan.logins).flat()]);
  for (const login of needed) {
    const token = o.credentials.agentTokens.get(login);
    if (token)
      env[`SLALAB_RT_AGENT_TOKEN_${login.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = token;
  }
  return env;
}

/** Resets the helpdesk to its seeded data with scenarios/helpdesks/rt/reset.sh. */
export function resetHelpdesk(): void {
  const r = spawnSync('bash', [join(rtScriptsDir(), 'reset.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new UsageError(
      `could not reset the helpdesk (reset.sh exit ${r.status ?? r.signal}): ${`${r.stdout}${r.stderr}`.trim().slice(-800)}\nRun \`slalab helpdesk up\` first, or pass --no-reset.`,
      1,
    );
  }
}

/**
 * Runs the replay script once (no reset, no observe): writes the plan, picks
 * the engine, runs within the bound and returns the k6 summary and manifest.
 */
export async function runReplay(o: ReplayRunOptions): Promise<ReplayRunResult> {
  assertRunId(o.runId, 'replay');
  assertLoopbackUrl(o.target, o.allowRemote);
  const plan = buildReplayPlan({
    scenario: o.scenario,
    header: o.header,
    runId: o.runId,
    speedup: o.speedup,
    graceSeconds: o.graceSeconds,
    logins: [...o.credentials.agentTokens.keys()],
    botLogin: [...o.credentials.botNames][0] ?? 'bot',
    pollMs: o.pollMs,
    botPollMs: o.botPollMs,
  });
  checkReplayInputs(o.scenario, o.header, plan);
  const runSeconds = maxDurationSeconds(o.header.to - o.header.from, o.speedup, o.graceSeconds);
  const boundSeconds = runSeconds + RUN_OVERHEAD_SECONDS;
  const own = o.workDir === undefined;
  const dir = o.workDir ?? mkdtempSync(join(tmpdir(), 'slalab-replay-'));
  const planPath = join(dir, 'plan.json');
  const summaryPath = join(
    dir,
    `summary-${o.runId}${o.executionSegment ? `-${o.executionSegment.replace(/[^\w]/g, '_')}` : ''}.json`,
  );
  writeOutput(planPath, `${JSON.stringify(plan, null, 1)}\n`, true);
  const env = scriptEnv(o, planPath, summaryPath, plan);
  const tracker = new ProgressTracker(o.tickets.length, boundSeconds);
  const log = o.log ?? (() => {});
  let lastShown = 0;
  const warnings = new Set<string>();
  const onLine = (line: string) => {
    if (line.trim() === '') return;
    if (tracker.feed(line)) {
      const now = Date.now();
      if (now - lastShown > 250) {
        lastShown = now;
        o.onProgress?.(tracker.snapshot());
      }
      return;
    }
    // The runner logs every failed request; the script counts them already.
    if (/Request Failed/.test(line)) return;
    const warning = /slalab-warning (.*?)(?:"? source=console)?$/.exec(line);
    if (warning) {
      if (warnings.has(warning[1]!)) return;
      warnings.add(warning[1]!);
      log(`warning: ${warning[1]}`);
      return;
    }
    log(line);
  };
  const script = k6ScriptPath('replay.ts');
  const k6 = o.engine === 'builtin' ? undefined : findK6();
  if (o.engine === 'k6' && !k6) {
    throw new UsageError('--engine k6: no k6 executable on the PATH (try --engine builtin)', 2);
  }
  const started = Date.now();
  let exitCode: number;
  let stopped = false;
  const watchdog = new AbortController();
  const timer = setTimeout(() => {
    stopped = true;
    watchdog.abort();
  }, boundSeconds * 1000);
  try {
    if (k6) {
      exitCode = await runK6Binary(k6, script, env, o, watchdog.signal, onLine);
    } else {
      const { runK6 } = await import('../../scenarios/k6/runner/run.js');
      const { K6RunError } = await import('../../scenarios/k6/runner/errors.js');
      let buffer = '';
      const stderr = (text: string) => {
        buffer += text;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const l of lines) onLine(l);
      };
      try {
        const result = await runK6({
          script,
          env,
          includeSystemEnvVars: false,
          quiet: true,
          allowRemote: o.allowRemote,
          executionSegment: o.executionSegment,
          executionSegmentSequence: o.executionSegmentSequence,
          stdout: (text) => {
            for (const l of text.split('\n')) if (l.trim()) log(l);
          },
          stderr,
          signal: watchdog.signal,
        });
        exitCode = result.exitCode;
      } catch (error) {
        if (error instanceof K6RunError) throw new UsageError(error.message, error.exitCode);
        throw error;
      }
      if (buffer.trim()) onLine(buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  o.onProgress?.(tracker.snapshot());
  if (!existsSync(summaryPath)) {
    throw new UsageError(
      `the replay wrote no summary (exit code ${exitCode}${stopped ? `, stopped after ${boundSeconds} s` : ''}): see the messages above`,
      exitCode === 0 ? 1 : exitCode,
    );
  }
  const raw = JSON.parse(readFileSync(summaryPath, 'utf8')) as K6Summary;
  normaliseSummary(raw); // throws on a malformed summary
  if (own) rmSync(dir, { recursive: true, force: true });
  if (raw.startAt === null) throw new UsageError('the replay summary has no start time', 1);
  return {
    engine: k6 ? 'k6' : 'builtin',
    exitCode,
    summary: raw,
    manifest: {
      runId: o.runId,
      speedup: o.speedup,
      startedAt: new Date(raw.startAt).toISOString(),
      origin: o.header.from,
    },
    plan,
    wallSeconds: (Date.now() - started) / 1000,
    stopped,
  };
}

function runK6Binary(
  k6: string,
  script: string,
  env: Record<string, string>,
  o: ReplayRunOptions,
  signal: AbortSignal,
  onLine: (line: string) => void,
): Promise<number> {
  const args = ['run', '--quiet', '--no-color'];
  if (o.executionSegment) args.push('--execution-segment', o.executionSegment);
  if (o.executionSegmentSequence) {
    args.push('--execution-segment-sequence', o.executionSegmentSequence);
  }
  args.push(script);
  return new Promise((resolvePromise, reject) => {
    // Only what k6 needs from this environment, plus the script's variables (tokens included):
    // they never appear on the command line.
    const child = spawn(k6, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = (stream: NodeJS.ReadableStream) => {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const l of parts) onLine(l);
      });
      stream.on('end', () => {
        if (buffer) onLine(buffer);
      });
    };
    lines(child.stdout);
    lines(child.stderr);
    const onAbort = () => child.kill('SIGINT');
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      signal.removeEventListener('abort', onAbort);
      resolvePromise(code ?? (sig === 'SIGINT' ? 105 : 1));
    });
  });
}

// ------------------------------------------------------------------ observe

/**
 * A helpdesk whose ticket histories were read ahead, `concurrency` at a time
 * (observeRun reads them one by one; the helpdesk has several workers).
 */
export async function prefetchedHelpdesk(
  helpdesk: Helpdesk,
  runId: string,
  concurrency = 4,
): Promise<Helpdesk> {
  const tickets = await helpdesk.listRunTickets(runId);
  const histories = new Map<string, TicketEvent[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tickets.length) }, async () => {
      while (next < tickets.length) {
        const t = tickets[next++]!;
        histories.set(t.id, await helpdesk.history(t.id));
      }
    }),
  );
  return new Proxy(helpdesk, {
    get(target, prop, receiver) {
      if (prop === 'listRunTickets') return async () => tickets;
      if (prop === 'history') {
        return async (id: string) => histories.get(id) ?? target.history(id);
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** observed.json with the k6 side of the run beside the helpdesk's own times. */
export interface ObservedReplay extends ObservedRun {
  k6: K6Summary;
  replay: {
    engine: 'k6' | 'builtin';
    exitCode: number;
    target: string;
    scenario: string;
    trace: { path: string; from: number; to: number; tickets: number };
    speedup: number;
    graceSeconds: number;
    wallSeconds: number;
    stopped: boolean;
    /** The helpdesk's timestamp resolution, wall ms. */
    timestampResolutionMs: number;
    pollMs: number;
  };
}

export async function observeReplay(
  o: Pick<
    ReplayRunOptions,
    'scenario' | 'target' | 'allowRemote' | 'tracePath' | 'header' | 'graceSeconds' | 'pollMs'
  >,
  result: ReplayRunResult,
  onProgress?: (done: number, total: number) => void,
): Promise<ObservedReplay> {
  const helpdesk = new RtHelpdesk({ baseUrl: o.target, allowRemote: o.allowRemote });
  const botCounts = new Map(
    o.scenario.channels.map((c) => [c.name, c.bot?.countsAsFirstResponse ?? false]),
  );
  const observed = await observeRun(
    await prefetchedHelpdesk(helpdesk, result.manifest.runId),
    o.scenario,
    {
      runId: result.manifest.runId,
      speedup: result.manifest.speedup,
      startedAt: Date.parse(result.manifest.startedAt),
      origin: result.manifest.origin,
      botUser: result.plan.botLogin,
      botCounts: (channel) => botCounts.get(channel) ?? false,
    },
    onProgress,
  );
  return {
    ...observed,
    k6: result.summary,
    replay: {
      engine: result.engine,
      exitCode: result.exitCode,
      target: o.target,
      scenario: o.scenario.name,
      trace: { path: o.tracePath, from: o.header.from, to: o.header.to, tickets: o.header.tickets },
      speedup: result.manifest.speedup,
      graceSeconds: o.graceSeconds,
      wallSeconds: result.wallSeconds,
      stopped: result.stopped,
      timestampResolutionMs: 1000,
      pollMs: o.pollMs,
    },
  };
}

// ------------------------------------------------------------------ k8s

export interface K8sFiles {
  files: Array<{ path: string; content: string }>;
  notes: string[];
}

/** ConfigMaps hold at most 1 MiB (keys and values together); leave room for metadata. */
export const CONFIGMAP_LIMIT = 1_048_576;

function yamlBlock(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : pad + l))
    .join('\n');
}

/** A ConfigMap holding files as `key: |` blocks. */
function configMap(
  name: string,
  files: Record<string, string>,
  labels: Record<string, string>,
): string {
  const data = Object.entries(files)
    .map(([key, text]) => `  ${key}: |-\n${yamlBlock(text.replace(/\s+$/, ''), 4)}`)
    .join('\n');
  const labelText = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n${labelText}\ndata:\n${data}\n`;
}

/**
 * The k6-operator manifests for a distributed replay (grafana/k6-operator
 * TestRun CRD, k6.io/v1alpha1): `parallelism` runner pods, each given one
 * execution segment by the operator; the script and its lib/ modules in a
 * ConfigMap mounted through `runner.volumes` (items map `lib-*.ts` keys to
 * `lib/*.ts`, since ConfigMap keys cannot hold a `/`); the trace and the plan
 * in a second ConfigMap when everything fits the 1 MiB ConfigMap limit, or
 * else on a PersistentVolumeClaim the user fills; the tokens from a Secret
 * (never in a manifest). Each pod prints its summary between markers in its
 * log, for `slalab merge-summaries`.
 */
export function k8sManifests(input: {
  name: string;
  parallelism: number;
  plan: ReplayPlan;
  trace: string;
  target: string;
  allowRemote: boolean;
  image: string;
  volumeClaim: string;
  secret: string;
  scriptDir: string;
}): K8sFiles {
  const { name, plan } = input;
  const labels = { 'app.kubernetes.io/part-of': 'slalab', 'slalab.io/run': plan.runId };
  const libDir = join(input.scriptDir, 'lib');
  const libFiles = [
    'plan',
    'routing',
    'rt',
    'schedule',
    'sessions',
    'staffing',
    'summary',
    'target',
    'thresholds',
    'timing',
  ];
  const scriptFiles: Record<string, string> = {
    'replay.ts': readFileSync(join(input.scriptDir, 'replay.ts'), 'utf8'),
  };
  for (const f of libFiles)
    scriptFiles[`lib-${f}.ts`] = readFileSync(join(libDir, `${f}.ts`), 'utf8');
  const planJson = `${JSON.stringify(plan, null, 1)}\n`;
  const dataSize = Buffer.byteLength(input.trace) + Buffer.byteLength(planJson);
  const scriptSize = Object.values(scriptFiles).reduce((s, t) => s + Buffer.byteLength(t), 0);
  if (scriptSize > CONFIGMAP_LIMIT - 16_384) {
    throw new Error(`the script alone is ${scriptSize} bytes, over the 1 MiB ConfigMap limit`);
  }
  const onVolume = dataSize > CONFIGMAP_LIMIT - 16_384;
  const files: K8sFiles['files'] = [];
  const notes: string[] = [];
  files.push({
    path: 'configmap-script.yaml',
    content: configMap(`${name}-script`, scriptFiles, labels),
  });
  if (!onVolume) {
    files.push({
      path: 'configmap-data.yaml',
      content: configMap(
        `${name}-data`,
        { 'trace.ndjson': input.trace, 'plan.json': planJson },
        labels,
      ),
    });
  } else {
    files.push({ path: 'data/trace.ndjson', content: input.trace });
    files.push({ path: 'data/plan.json', content: planJson });
    notes.push(
      `the trace and plan are ${dataSize} bytes, over the 1 MiB ConfigMap limit: copy data/trace.ndjson and data/plan.json to the root of PersistentVolumeClaim ${input.volumeClaim} (ReadOnlyMany) before applying`,
    );
  }
  const items = [
    '          - { key: replay.ts, path: replay.ts }',
    ...libFiles.map((f) => `          - { key: lib-${f}.ts, path: lib/${f}.ts }`),
  ].join('\n');
  const dataVolume = onVolume
    ? `      - name: data\n        persistentVolumeClaim:\n          claimName: ${input.volumeClaim}\n          readOnly: true`
    : `      - name: data\n        configMap:\n          name: ${name}-data`;
  const envLines = [
    ['TRACE', '/data/trace.ndjson'],
    ['PLAN', '/data/plan.json'],
    ['TARGET', input.target],
    ['SUMMARY_STDOUT', '1'],
    ...(input.allowRemote ? [['ALLOW_REMOTE', '1']] : []),
  ]
    .map(([k, v]) => `      - name: ${k}\n        value: ${JSON.stringify(v)}`)
    .join('\n');
  const testRun = `# slalab replay of ${JSON.stringify(plan.scenario)}, run ${plan.runId}: ${input.parallelism} k6 instances.
# Apply after the ConfigMaps and the Secret (see README.txt). Thresholds are evaluated per pod:
# merge the pods' summaries with \`slalab merge-summaries\` for one verdict.
apiVersion: k6.io/v1alpha1
kind: TestRun
metadata:
  name: ${name}
  labels:
${Object.entries(labels)
  .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
  .join('\n')}
spec:
  parallelism: ${input.parallelism}
  # The script is mounted by runner.volumes below (lib/ needs sub-paths a script ConfigMap cannot give).
  script:
    localFile: /scripts/replay.ts
  arguments: --no-color
  cleanup: post
  runner:
    image: ${input.image}
    env:
${envLines}
    envFrom:
      - secretRef:
          name: ${input.secret}
    volumes:
      - name: scripts
        configMap:
          name: ${name}-script
          items:
${items}
${dataVolume}
    volumeMounts:
      - name: scripts
        mountPath: /scripts
      - name: data
        mountPath: /data
`;
  files.push({ path: 'testrun.yaml', content: testRun });
  const readme = `slalab replay on the k6-operator: ${plan.scenario}, run ${plan.runId}, ${input.parallelism} instances

1. The helpdesk tokens, as a Secret (from the credentials file; nothing secret is in these files):
     kubectl create secret generic ${input.secret} --from-env-file=$HOME/.slalab/rt.env
2. The script${onVolume ? '' : ', the trace and the plan'}:
     kubectl apply -f configmap-script.yaml${onVolume ? '' : ' -f configmap-data.yaml'}
${onVolume ? `   The trace and plan exceed the 1 MiB ConfigMap limit: copy data/trace.ndjson and data/plan.json\n   to the root of PersistentVolumeClaim ${input.volumeClaim}.\n` : ''}3. Reset the helpdesk to its seeded data, then start the test:
     kubectl apply -f testrun.yaml
4. When it has finished, collect each runner pod's log and merge the summaries into one verdict:
     for p in $(kubectl get pods -l k6_cr=${name},runner=true -o name); do kubectl logs $p > $(basename $p).log; done
     slalab merge-summaries *.log --out k6-summary.json
5. Read the helpdesk back (the merged summary holds the start time):
     slalab observe --run ${plan.runId} --scenario <scenario> --speedup ${plan.speedup} --origin ${plan.origin} --started-at <ISO of k6-summary.json startAt> --out observed.json

TARGET is ${input.target}; the pods must reach it.${input.allowRemote ? '' : ' It is a loopback address: only a helpdesk in the same pod (a sidecar) answers there.'}
The instances agree on the start only as well as the operator starts them together (its starter
releases all pods at once); each instance measures its schedule lag against its own start.
`;
  files.push({ path: 'README.txt', content: readme });
  return { files, notes };
}

// ------------------------------------------------------------------ the command

interface ReplayArgs {
  scenario: string;
  trace: string;
  speedup: number;
  target?: string;
  engine: Engine;
  'run-id'?: string;
  reset: boolean;
  out?: string;
  manifest?: string;
  grace?: number;
  'poll-ms': number;
  'bot-poll-ms': number;
  'allow-remote': boolean;
  cleanup: boolean;
  force: boolean;
  quiet: boolean;
  k8s?: number;
  'out-dir'?: string;
  image: string;
  'volume-claim': string;
  secret: string;
}

/** A run id from the clock: `replay-20261124-063012-3fa9`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `replay-${stamp}-${Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <scenario>',
  describe:
    'Replay a trace against the real helpdesk with k6 (or the built-in runner) and write observed.json',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
      .options({
        trace: {
          type: 'string',
          demandOption: true,
          describe: 'Trace file (slalab trace <scenario> --from … --to …)',
        },
        speedup: {
          type: 'number',
          demandOption: true,
          describe: 'Scenario seconds per wall second (120: an hour in 30 s)',
        },
        target: {
          type: 'string',
          describe: 'Helpdesk base URL (default: the credentials file’s, http://127.0.0.1:8080)',
        },
        engine: {
          choices: ['auto', 'k6', 'builtin'] as const,
          default: 'auto' as const,
          describe: 'auto: a k6 binary on the PATH, else slalab’s built-in runner',
        },
        'run-id': { type: 'string', describe: 'Run id the tickets are tagged with (default: new)' },
        reset: {
          type: 'boolean',
          default: true,
          describe: 'Reset the helpdesk to its seeded data first (--no-reset keeps it)',
        },
        out: { alias: 'o', type: 'string', describe: 'Write observed.json here' },
        manifest: {
          type: 'string',
          describe: 'Write the run manifest here (default: beside --out, .run.json)',
        },
        grace: {
          type: 'number',
          describe:
            'Wall seconds after the window for work in progress (default: 1.5 × the 90th percentile of the tickets’ work ÷ speed-up + 5 s, within 10–600)',
        },
        'poll-ms': {
          type: 'number',
          default: 500,
          describe: 'How often, in wall ms, each agent group polls its queues',
        },
        'bot-poll-ms': {
          type: 'number',
          default: 200,
          describe: 'How often the bot polls, wall ms',
        },
        'allow-remote': {
          type: 'boolean',
          default: false,
          describe: 'Allow a --target that is not on a loopback address',
        },
        cleanup: {
          type: 'boolean',
          default: false,
          describe: 'Delete the run’s tickets from the helpdesk after observing them',
        },
        force: { type: 'boolean', default: false, describe: 'Overwrite --out and --manifest' },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress line' },
        k8s: {
          type: 'number',
          describe:
            'Write a k6-operator TestRun with this parallelism (with --out-dir) instead of running',
        },
        'out-dir': { type: 'string', describe: 'Folder for the --k8s manifests' },
        image: { type: 'string', default: 'grafana/k6:latest', describe: 'k6 image, for --k8s' },
        'volume-claim': {
          type: 'string',
          default: 'slalab-replay-data',
          describe: 'PersistentVolumeClaim for a trace over 1 MiB, for --k8s',
        },
        secret: {
          type: 'string',
          default: 'slalab-rt-tokens',
          describe: 'Secret holding the helpdesk tokens, for --k8s',
        },
      })
      .check((a) => {
        if (a.k8s === undefined && !a.out)
          throw new Error('--out is required (or --k8s with --out-dir)');
        if (a.k8s !== undefined && !a['out-dir']) throw new Error('--k8s needs --out-dir');
        return true;
      })
      .example(
        '$0 replay scenarios/examples/default.yaml --trace peak.ndjson --speedup 60 --out observed.json',
        'replay a trace at 60× against the local Request Tracker',
      ) as unknown as Argv<ReplayArgs>,
  handler: async (args) => {
    process.exitCode = await replayHandler(args);
  },
};

async function replayHandler(args: ReplayArgs): Promise<number> {
  const speedup = requireNumber('--speedup', args.speedup, { min: 0, exclusiveMin: true });
  const graceArg =
    args.grace === undefined
      ? undefined
      : requireNumber('--grace', args.grace, { min: 0, max: 86_400 });
  const pollMs = requireNumber('--poll-ms', args['poll-ms'], { min: 10, max: 60_000 });
  const botPollMs = requireNumber('--bot-poll-ms', args['bot-poll-ms'], { min: 10, max: 60_000 });
  const runId = args['run-id'] ?? newRunId();
  try {
    assertRunId(runId, 'replay');
  } catch (error) {
    throw new UsageError(`--run-id: ${(error as Error).message}`);
  }
  const scenario = loadScenario(args.scenario);
  const tracePath = resolve(args.trace);
  let header: TraceHeader;
  let tickets: TraceTicket[];
  try {
    ({ header, tickets } = parseTrace(readFileSync(tracePath, 'utf8')));
  } catch (error) {
    if (error instanceof TraceError)
      throw new UsageError(`--trace ${args.trace}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`--trace ${args.trace}: no such file`);
    }
    throw error;
  }
  if (tickets.length === 0)
    throw new UsageError(`--trace ${args.trace}: the window holds no tickets`);
  const grace = graceArg ?? autoGraceSeconds(tickets, speedup, scenario.escalation !== undefined);
  let credentials: RtCredentials;
  try {
    credentials = loadRtCredentials();
  } catch (error) {
    throw new UsageError((error as Error).message, 1);
  }
  const target = (args.target ?? credentials.url).replace(/\/+$/, '');
  let loopback: boolean;
  try {
    loopback = isLoopbackHost(assertLoopbackUrl(target, true).hostname);
  } catch (error) {
    throw new UsageError(`--target: ${(error as Error).message}`);
  }
  if (!loopback && !args['allow-remote']) {
    throw new UsageError(
      `--target ${target} is not a loopback address: load goes to 127.0.0.1, [::1] or localhost unless you also pass --allow-remote`,
    );
  }

  if (args.k8s !== undefined) {
    const parallelism = requireNumber('--k8s', args.k8s, { integer: true, min: 1, max: 1000 });
    const plan = buildReplayPlan({
      scenario,
      header,
      runId,
      speedup,
      graceSeconds: grace,
      logins: [...credentials.agentTokens.keys()],
      botLogin: [...credentials.botNames][0] ?? 'bot',
      pollMs,
      botPollMs,
    });
    checkReplayInputs(scenario, header, plan);
    const name = `slalab-replay-${runId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`
      .slice(0, 52)
      .replace(/-+$/, '');
    const out = k8sManifests({
      name,
      parallelism,
      plan,
      trace: readFileSync(tracePath, 'utf8'),
      target,
      allowRemote: args['allow-remote'],
      image: args.image,
      volumeClaim: args['volume-claim'],
      secret: args.secret,
      scriptDir: dirname(k6ScriptPath('replay.ts')),
    });
    for (const f of out.files) writeOutput(join(args['out-dir']!, f.path), f.content, args.force);
    process.stdout.write(
      `k6-operator TestRun for run ${runId} (${parallelism} instances) written to ${args['out-dir']}: ${out.files.map((f) => f.path).join(', ')}\n`,
    );
    for (const n of out.notes) process.stdout.write(`note: ${n}\n`);
    return 0;
  }

  const out = args.out!;
  const manifestPath = args.manifest ?? out.replace(/(\.json)?$/, '.run.json');
  for (const p of [out, manifestPath]) {
    if (existsSync(p) && !args.force) {
      throw new UsageError(`${p} already exists: pass --force to overwrite it`);
    }
  }
  if (args.reset) {
    if (!loopback)
      throw new UsageError(
        '--target is remote: slalab resets only its own local helpdesk; pass --no-reset',
      );
    resetHelpdesk();
  }
  const tty = process.stderr.isTTY && !args.quiet;
  let lastLine = 0;
  const result = await runReplay({
    scenario,
    header,
    tickets,
    tracePath,
    speedup,
    graceSeconds: grace,
    target,
    allowRemote: args['allow-remote'],
    engine: args.engine,
    runId,
    reset: args.reset,
    pollMs,
    botPollMs,
    credentials,
    onProgress: (p) => {
      if (args.quiet) return;
      if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
      else if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
    log: (line) => {
      if (!args.quiet) process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
    },
  }).catch((error: unknown) => {
    if (error instanceof HelpdeskRemoteRefusedError)
      throw new UsageError(`${error.message} (--allow-remote)`);
    if (error instanceof HelpdeskError) throw new UsageError(`helpdesk: ${error.message}`, 1);
    throw error;
  });
  if (tty) process.stderr.write('\n');
  writeOutput(manifestPath, `${JSON.stringify(result.manifest, null, 1)}\n`, true);
  let observed: ObservedReplay;
  try {
    observed = await observeReplay(
      {
        scenario,
        target,
        allowRemote: args['allow-remote'],
        tracePath,
        header,
        graceSeconds: grace,
        pollMs,
      },
      result,
    );
  } catch (error) {
    if (error instanceof HelpdeskError) throw new UsageError(`observe: ${error.message}`, 1);
    throw error;
  }
  writeOutput(out, `${JSON.stringify(observed, null, 1)}\n`, true);
  const s = result.summary;
  process.stderr.write(
    `replay ${runId}: ${s.tickets.created ?? 0}/${tickets.length} tickets created in ${result.wallSeconds.toFixed(1)} s (${result.engine} engine); schedule lag p50 ${fmt(s.lag.p50)} ms, p95 ${fmt(s.lag.p95)} ms; thresholds ${s.thresholdsOk ? 'passed' : 'FAILED'}${result.stopped ? '; STOPPED at the time bound' : ''}\n` +
      `observed ${observed.counts.tickets} tickets; written to ${out} (manifest ${manifestPath})\n`,
  );
  if (args.cleanup) {
    const helpdesk = new RtHelpdesk({ baseUrl: target, allowRemote: args['allow-remote'] });
    const n = await helpdesk.deleteRun(runId);
    process.stderr.write(`deleted ${n} ticket${n === 1 ? '' : 's'} of run ${runId}\n`);
  }
  return result.exitCode;
}

function fmt(x: number | null): string {
  return x === null ? '–' : x.toFixed(1);
}
