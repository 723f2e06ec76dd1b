/**
 * `slalab sweep <scenario> --vary <path>=<from>:<to>:<step>`: what-if tables
 * and charts, every point simulated on common random numbers.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import type { Argv, CommandModule } from 'yargs';
import { sweepReport } from '../../reports/sweepReport.js';
import { ScenarioError } from '../../scenarios/schema/scenarioFile.js';
import { parseRange, sweep, type Variation } from '../../simulator/sweep/sweep.js';
import { requireNumber, UsageError } from '../errors.js';
import { packageVersion, progressBar, readInput, writeOutput } from '../output.js';

interface SweepArgs {
  scenario: string;
  vary: string[];
  replications: number;
  seed: string;
  workers: number;
  out?: string;
  report?: string;
  force: boolean;
  quiet: boolean;
}

export function parseVary(text: string): Variation {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new UsageError(
      `--vary: write path=from:to:step (e.g. channels.chat.bot.containment=0:0.7:0.1), got "${text}"`,
    );
  try {
    return { path: text.slice(0, eq).trim(), values: parseRange(text.slice(eq + 1)) };
  } catch (error) {
    throw new UsageError(`--vary ${text}: ${(error as Error).message}`);
  }
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <scenario>',
  describe:
    'What-if sweep: vary scenario fields over a grid and simulate every point on common random numbers',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'Scenario file (YAML or JSON)',
      })
      .options({
        vary: {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'path=from:to:step; repeat for a grid',
        },
        replications: {
          alias: 'r',
          type: 'number',
          default: 10,
          describe: 'Replications per point',
        },
        seed: { alias: 's', type: 'string', default: '1', describe: 'Seed shared by every point' },
        workers: {
          alias: 'w',
          type: 'number',
          default: availableParallelism(),
          describe: 'Worker threads',
        },
        out: { alias: 'o', type: 'string', describe: 'Write sweep.json here' },
        report: { type: 'string', describe: 'Write the HTML page of curves and table here' },
        force: { type: 'boolean', default: false, describe: 'Overwrite --out and --report' },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress bar' },
      })
      .example(
        '$0 sweep scenarios/examples/default.yaml --vary channels.chat.bot.containment=0:0.7:0.1',
        'bot containment what-if',
      )
      .example(
        '$0 sweep scenarios/examples/default.yaml --vary arrivals.weeklyVolume=12600:18900:1260',
        'volume growth',
      ) as unknown as Argv<SweepArgs>,
  handler: async (args) => {
    const variations = args.vary.map(parseVary);
    const replications = requireNumber('--replications', args.replications, {
      integer: true,
      min: 1,
    });
    const workers = requireNumber('--workers', args.workers, { integer: true, min: 1 });
    const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    let file: unknown;
    try {
      file = parse(readInput(args.scenario, 'scenario'));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `${args.scenario}: not YAML or JSON (${(error as Error).message}); slalab validate shows where`,
      );
    }
    const bar = progressBar('sweeping', args.quiet);
    let results: Awaited<ReturnType<typeof sweep>>;
    try {
      results = await sweep(file, variations, {
        baseDir: dirname(args.scenario),
        seed,
        replications,
        workers,
        version: packageVersion(),
        onProgress: (done, total) => bar.update(done, total),
      });
    } catch (error) {
      bar.stop();
      if (error instanceof ScenarioError)
        throw new UsageError(`a sweep point is not a valid scenario:\n${error.format()}`);
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    bar.stop();
    if (args.out) writeOutput(args.out, `${JSON.stringify(results, null, 1)}\n`, args.force);
    if (args.report) writeOutput(args.report, await sweepReport(results), args.force);
    const paths = variations.map((v) => v.path);
    const names = results.points[0].targets.map((t) => t.name);
    const header = [...paths, ...names];
    const rows = results.points.map((p) => [
      ...paths.map((path) => String(p.values[path])),
      ...p.targets.map(
        (t) =>
          `${(100 * (t.attainment.mean ?? Number.NaN)).toFixed(1)}% ${t.verdict === 'met' ? '✓' : t.verdict === 'missed' ? '✗' : '?'}`,
      ),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    if (args.out || args.report) {
      process.stdout.write(`\n${[args.out, args.report].filter(Boolean).join(' and ')} written\n`);
    }
  },
};
