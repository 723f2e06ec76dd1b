/**
 * Benchmark cases, each run in a fresh child process by `bench/run.ts` so its
 * peak memory (max RSS) is its own. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Streams } from '../simulator/engine/random.js';

// Each case imports the modules it measures when it runs, not at the top: a
// kernel case's process then holds the kernel alone, and its time is not
// spent collecting the parsers, solvers and fitters the other cases load.
const yaml = () => import('yaml');
const normalise = () => import('../scenarios/schema/normalise.js');

export interface CaseResult {
  name: string;
  seconds: number;
  units: number;
  unit: string;
  maxRssMiB: number;
  extra?: Record<string, number | string>;
}

type Case = (arg?: string) => Promise<Omit<CaseResult, 'maxRssMiB'>>;

/**
 * Parses a queue case's argument: `N` customers, or `NxR` for R runs in one
 * process (the first includes the JIT's warm-up, the last does not).
 */
function customersArg(arg: string | undefined): { customers: number; runs: number } {
  const [customers, runs] = (arg ?? '1000000').split('x').map(Number);
  return { customers, runs: runs ?? 1 };
}

/**
 * Times `runs` runs of `customers` customers in this process. `seconds` is the
 * first run's, as a fresh process takes it (the JIT compiles the hot code
 * while it runs); with more than one run, `warmSeconds` is the median of the
 * later runs, once the hot code is compiled. The sample path's pWait and
 * event count go along.
 */
function timeCustomers(
  name: string,
  arg: string | undefined,
  run: (customers: number) => { pWait: number; events: number },
): Omit<CaseResult, 'maxRssMiB'> {
  const { customers, runs } = customersArg(arg);
  const times: number[] = [];
  let m = { pWait: 0, events: 0 };
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    m = run(customers);
    times.push((performance.now() - started) / 1000);
  }
  const extra: Record<string, number> = { pWait: m.pWait, events: m.events };
  if (runs > 1) extra.warmSeconds = medianOf(times.slice(1));
  return { name, seconds: times[0], units: customers, unit: 'customers', extra };
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * A queue case. Its parameters are built once, and each run simulates them on
 * fresh streams of the same seed, as `slalab sim-queue` runs replications.
 */
const queueCase =
  (name: string, arrivalRate: number, patienceMean: number | undefined): Case =>
  async (arg) => {
    const { exponential } = await import('../simulator/distributions/index.js');
    const { simulateQueue } = await import('../simulator/queue/multiServerQueue.js');
    const params = {
      arrivalRates: [arrivalRate],
      servers: 100,
      service: exponential(1),
      patience: patienceMean ? exponential(patienceMean) : undefined,
      warmup: 0,
      target: 0.1,
    };
    return timeCustomers(name, arg, (customers) =>
      simulateQueue({ ...params, customers }, new Streams(1).child('bench', 0)),
    );
  };

/** The same M/M/c without the queue model (bareKernel.ts) or without the kernel (floor.ts). */
const rungCase =
  (name: string, load: () => Promise<Rung>): Case =>
  async (arg) => {
    const run = await load();
    return timeCustomers(name, arg, (customers) =>
      run(new Streams(1).child('bench', 0), 95, 100, customers),
    );
  };

type Rung = (
  streams: Streams,
  arrivalRate: number,
  servers: number,
  customers: number,
) => { pWait: number; events: number };

const DEFAULT_SCENARIO = fileURLToPath(
  new URL('../../scenarios/examples/default.yaml', import.meta.url),
);

/** The largest bundled scenario by volume: the launch week. */
const LAUNCH_SCENARIO = fileURLToPath(
  new URL('../../scenarios/examples/launch-day.yaml', import.meta.url),
);

/** A bundled scenario, scaled: `weeks` of horizon, volume and every shift's agents × `scale`. */
async function scaledDefault(weeks: number, scale: number, path = DEFAULT_SCENARIO) {
  const { parse } = await yaml();
  const { normaliseScenario } = await normalise();
  const file = parse(readFileSync(path, 'utf8'));
  file.horizon = `${weeks}w`;
  file.arrivals.weeklyVolume *= scale;
  for (const group of Object.values(file.groups) as Array<{
    staffing: { shifts: Array<{ agents: number }> };
  }>) {
    for (const shift of group.staffing.shifts) shift.agents *= scale;
  }
  return normaliseScenario(file, { baseDir: '.' });
}

const scenarioCase =
  (
    name: string,
    weeks: number,
    scale: number,
    replications: number,
    workers: number,
    path = DEFAULT_SCENARIO,
  ): Case =>
  async () => {
    const { replicate } = await import('../simulator/model/replicate.js');
    const scenario = await scaledDefault(weeks, scale, path);
    const started = performance.now();
    const outputs = await replicate(scenario, { replications, seed: 1, workers });
    const seconds = (performance.now() - started) / 1000;
    const contacts = outputs.reduce((sum, o) => sum + o.contacts, 0);
    const events = outputs.reduce((sum, o) => sum + o.events, 0);
    return {
      name,
      seconds,
      units: contacts,
      unit: 'contacts',
      extra: { events, workers, replications },
    };
  };

/** Requirements (simulation search) + shifts (HiGHS) for one week of the default scenario. */
const staffingCase =
  (name: string, replications: number): Case =>
  async () => {
    const { parse } = await yaml();
    const { normaliseScenario } = await normalise();
    const { staffingRules } = await import('../simulator/staffing/patterns.js');
    const { weeklyRequirement } = await import('../simulator/staffing/plan.js');
    const { computeRequirements } = await import('../simulator/staffing/requirements.js');
    const { planShifts } = await import('../simulator/staffing/shifts.js');
    const file = parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
    const scenario = normaliseScenario(file, { baseDir: '.' });
    const rules = staffingRules(undefined, scenario, file);
    const started = performance.now();
    const req = await computeRequirements(scenario, {
      seed: 1,
      replications,
      workers: availableParallelism(),
    });
    const weekly = weeklyRequirement(
      scenario,
      req.groups.map((g) => g.required),
    );
    let solver = 0;
    for (let g = 0; g < scenario.groups.length; g++) {
      const plan = await planShifts(weekly[g], rules.groups[g].patterns, scenario.interval);
      solver += plan.solver.seconds;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      name,
      seconds,
      units: req.contactsRun,
      unit: 'contacts simulated',
      extra: {
        intervals: scenario.horizonIntervals,
        rounds: req.rounds,
        replications: req.replicationsRun,
        simulationShare: req.seconds.simulation / seconds,
        solverShare: solver / seconds,
      },
    };
  };

/** Writes the fit benchmark's history (run in its own process, so its memory is not the fit's). */
const fitHistoryCase: Case = async (arg) => {
  const { parse } = await yaml();
  const { normaliseScenario } = await normalise();
  const { benchmarkAgents, benchmarkScenarioText, syntheticContacts, writeHistoryCsv } =
    await import('../simulator/fit/syntheticHistory.js');
  const [n, path] = (arg ?? '').split('@');
  const scenario = normaliseScenario(parse(benchmarkScenarioText(Number(n))), { baseDir: '.' });
  const contacts = syntheticContacts(scenario, { seed: 1, agents: benchmarkAgents(Number(n)) });
  const fd = openSync(`${path}.part`, 'w');
  let chunk: string[] = [];
  writeHistoryCsv(contacts, (line) => {
    chunk.push(line);
    if (chunk.length === 10_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  });
  writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  renameSync(`${path}.part`, path);
  return { name: 'fit history', seconds: 0, units: contacts.length, unit: 'contacts' };
};

/** Fits a scenario from a history of about `arg` contacts (made once, cached in the temp folder). */
const fitCase: Case = async (arg) => {
  const { fitHistory } = await import('../simulator/fit/fitHistory.js');
  const n = Number(arg ?? 1_000_000);
  const path = join(tmpdir(), `slalab-bench-fit-${n}.csv`);
  if (!existsSync(path)) {
    execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.url), 'fit-history', `${n}@${path}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const started = performance.now();
  const fit = await fitHistory(path, {});
  const seconds = (performance.now() - started) / 1000;
  return {
    name: `fit from ${n} contacts`,
    seconds,
    units: fit.history.used,
    unit: 'contacts',
    extra: { rows: fit.history.rows, days: fit.period.days, channels: fit.channels.length },
  };
};

/** A what-if sweep of the default week: bot containment over 50 points, 10 replications each. */
const sweepCase: Case = async () => {
  const { parse } = await yaml();
  const { parseRange, sweep } = await import('../simulator/sweep/sweep.js');
  const file = parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
  const started = performance.now();
  const result = await sweep(
    file,
    [{ path: 'channels.chat.bot.containment', values: parseRange('0:0.98:0.02') }],
    {
      baseDir: '.',
      seed: 1,
      replications: 10,
      workers: availableParallelism(),
      version: 'bench',
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name: 'sweep of 50 points',
    seconds,
    units: result.points.length,
    unit: 'points',
    extra: { workers: availableParallelism() },
  };
};

export const CASES: Record<string, Case> = {
  'sweep-50': sweepCase,
  'staffing-week': staffingCase('default scenario, 1 week: requirements + shifts', 20),
  'default-year-10x': scenarioCase(
    'launch-week scenario (the largest bundled), 52 weeks at 10× volume, 1 replication',
    52,
    10,
    1,
    1,
    LAUNCH_SCENARIO,
  ),
  'launch-week-10x': scenarioCase(
    'launch-week scenario, 1 week at 10× volume, 1 replication (memory baseline)',
    1,
    10,
    1,
    1,
    LAUNCH_SCENARIO,
  ),
  'default-week-30': scenarioCase(
    'default scenario, 1 week, 30 replications on all cores',
    1,
    1,
    30,
    availableParallelism(),
  ),
  mmc: queueCase('M/M/c λ=95 μ=1 c=100', 95, undefined),
  'mmc-bare': rungCase(
    'M/M/c λ=95 μ=1 c=100 on the kernel, bare model',
    async () => (await import('./bareKernel.js')).bareKernelMmc,
  ),
  'mmc-floor': rungCase(
    'M/M/c λ=95 μ=1 c=100, hand-written loop without the kernel',
    async () => (await import('./floor.js')).floorMmc,
  ),
  mmcm: queueCase('M/M/c+M λ=110 μ=1 θ=0.5 c=100', 110, 2),
  fit: fitCase,
  'fit-history': fitHistoryCase,
};

const [name, arg] = process.argv.slice(2);
if (name) {
  const run = CASES[name];
  if (!run) {
    console.error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
    process.exit(2);
  }
  const result = await run(arg);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...result, maxRssMiB }));
}
