/**
 * Benchmark cases, each run in a fresh child process by `bench/run.ts` so its
 * peak memory (max RSS) is its own. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { normaliseScenario } from '../scenarios/schema/normalise.js';
import { exponential } from '../simulator/distributions/index.js';
import { Streams } from '../simulator/engine/random.js';
import { replicate } from '../simulator/model/replicate.js';
import { simulateQueue } from '../simulator/queue/multiServerQueue.js';

export interface CaseResult {
  name: string;
  seconds: number;
  units: number;
  unit: string;
  maxRssMiB: number;
  extra?: Record<string, number | string>;
}

type Case = (arg?: string) => Promise<Omit<CaseResult, 'maxRssMiB'>>;

const queueCase =
  (name: string, arrivalRate: number, patienceMean: number | undefined): Case =>
  async (arg) => {
    const customers = Number(arg ?? 1_000_000);
    const started = performance.now();
    const m = simulateQueue(
      {
        arrivalRates: [arrivalRate],
        servers: 100,
        service: exponential(1),
        patience: patienceMean ? exponential(patienceMean) : undefined,
        customers,
        warmup: 0,
        target: 0.1,
      },
      new Streams(1).child('bench', 0),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      name,
      seconds,
      units: customers,
      unit: 'customers',
      extra: { pWait: m.pWait, events: m.events },
    };
  };

const DEFAULT_SCENARIO = fileURLToPath(
  new URL('../../scenarios/examples/default.yaml', import.meta.url),
);

/** The default scenario, scaled: `weeks` of horizon, volume and every shift's agents × `scale`. */
function scaledDefault(weeks: number, scale: number) {
  const file = parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
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
  (name: string, weeks: number, scale: number, replications: number, workers: number): Case =>
  async () => {
    const scenario = scaledDefault(weeks, scale);
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

export const CASES: Record<string, Case> = {
  'default-year-10x': scenarioCase(
    'default scenario, 52 weeks at 10× volume, 1 replication',
    52,
    10,
    1,
    1,
  ),
  'default-week-30': scenarioCase(
    'default scenario, 1 week, 30 replications on all cores',
    1,
    1,
    30,
    availableParallelism(),
  ),
  mmc: queueCase('M/M/c λ=95 μ=1 c=100', 95, undefined),
  mmcm: queueCase('M/M/c+M λ=110 μ=1 θ=0.5 c=100', 110, 2),
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
