/**
 * `npm run bench`: runs each case in a fresh process several times and
 * reports the median wall time, throughput and peak memory. Benchmarks, not
 * tests: machines are shared and noisy, so read medians and ratios.
 *
 * The 1 M-customer queue cases run five times in each process: the first run
 * is what a fresh process takes (the JIT compiles the hot code while it runs,
 * on every core); the median of the other four is the simulator's throughput
 * once compiled, as later replications of `slalab sim-queue` run.
 *
 *   npm run bench                 every group
 *   npm run bench -- kernel       one group
 *   npm run bench -- --runs 9     more runs per case
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './cases.js';

const casesScript = fileURLToPath(new URL('./cases.js', import.meta.url));

interface Planned {
  group: string;
  caseName: string;
  arg?: string;
  label: string;
}

const PLAN: Planned[] = [
  { group: 'kernel', caseName: 'mmc', arg: '1000000x5', label: 'M/M/c, 1M customers' },
  { group: 'kernel', caseName: 'mmc', arg: '4000000', label: 'M/M/c, 4M customers (memory check)' },
  {
    group: 'kernel',
    caseName: 'mmc-bare',
    arg: '1000000x5',
    label: 'M/M/c, 1M customers, the kernel with a bare model (no statistics)',
  },
  {
    group: 'kernel',
    caseName: 'mmc-floor',
    arg: '1000000x5',
    label: 'M/M/c, 1M customers, hand-written loop without the kernel (the floor)',
  },
  { group: 'kernel', caseName: 'mmcm', arg: '1000000x5', label: 'M/M/c+M, 1M customers' },
  {
    group: 'kernel',
    caseName: 'mmcm',
    arg: '4000000',
    label: 'M/M/c+M, 4M customers (memory check)',
  },
  {
    group: 'scenario',
    caseName: 'launch-week-10x',
    label: 'launch week at 10× volume, 1 replication (memory baseline)',
  },
  {
    group: 'scenario',
    caseName: 'default-year-10x',
    label: 'largest bundled scenario, a year at 10× volume, 1 replication',
  },
  {
    group: 'scenario',
    caseName: 'default-week-30',
    label: 'default scenario, 1 week × 30 replications, all cores',
  },
  { group: 'staffing', caseName: 'staffing-week', label: 'default week: requirements + shifts' },
  {
    group: 'staffing',
    caseName: 'sweep-50',
    label: 'default week: 50-point containment sweep, 10 replications each, all cores',
  },
  { group: 'fit', caseName: 'fit', arg: '1000000', label: 'slalab fit, 1M contacts (13 weeks)' },
];

const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;
/** Whole-scenario and staffing cases are long: fewer runs unless asked. */
const runsFor = (group: string) =>
  (group === 'scenario' || group === 'staffing') && runsIndex < 0 ? 3 : runs;
const groups = args.filter((a, i) => !a.startsWith('--') && (runsIndex < 0 || i !== runsIndex + 1));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A rate in the unit that reads best: 3.50 M, 180 k, 0.86. */
const perSecond = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e4 ? `${(x / 1e3).toFixed(0)} k` : x.toFixed(2);

console.log(`slalab benchmarks: ${runs} runs per case, median reported (node ${process.version})`);
for (const p of PLAN) {
  if (groups.length > 0 && !groups.includes(p.group)) continue;
  const results: CaseResult[] = [];
  for (let r = 0; r < runsFor(p.group); r++) {
    const out = execFileSync(
      process.execPath,
      [casesScript, p.caseName, ...(p.arg ? [p.arg] : [])],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    results.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
  const seconds = median(results.map((r) => r.seconds));
  const rate = median(results.map((r) => r.units / r.seconds));
  const rss = Math.max(...results.map((r) => r.maxRssMiB));
  const rates = results.map((r) => r.units / r.seconds);
  console.log(
    `[${p.group}] ${p.label}: median ${seconds.toFixed(3)} s, ${perSecond(rate)} ${results[0].unit}/s ` +
      `(min ${perSecond(Math.min(...rates))}, max ${perSecond(Math.max(...rates))}), peak RSS ${rss.toFixed(0)} MiB`,
  );
  if (results[0].extra?.warmSeconds !== undefined) {
    const warm = results.map((r) => Number(r.extra?.warmSeconds));
    console.log(
      `  the above is each process's first run, JIT warm-up included; compiled (runs 2-5): median ` +
        `${median(warm).toFixed(3)} s, ${perSecond(median(results.map((r, i) => r.units / warm[i])))} ${results[0].unit}/s`,
    );
  }
  // Shares of the wall time a case reports (e.g. simulating vs solving), as medians.
  const shares = Object.keys(results[0].extra ?? {}).filter((k) => k.endsWith('Share'));
  if (shares.length > 0) {
    const part = (k: string) => median(results.map((r) => Number(r.extra?.[k])));
    console.log(
      `  ${shares.map((k) => `${k.slice(0, -5)} ${(100 * part(k)).toFixed(0)}%`).join(', ')}`,
    );
  }
}
