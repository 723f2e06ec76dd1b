/**
 * Benchmark cases, each run in a fresh child process by `bench/run.ts` so its
 * peak memory (max RSS) is its own. Prints one JSON line.
 */
import { exponential } from '../simulator/distributions/index.js';
import { Streams } from '../simulator/engine/random.js';
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

export const CASES: Record<string, Case> = {
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
