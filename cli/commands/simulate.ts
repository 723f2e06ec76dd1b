/**
 * `slalab simulate <scenario>`: predicts the scenario's SLAs by simulation and
 * prints the scorecard; writes results.json with --out.
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { loadScenario } from '../../scenarios/schema/validate.js';
import { parseTrace, TraceError } from '../../scenarios/trace/format.js';
import { traceContacts } from '../../scenarios/trace/generate.js';
import { simulateScenario } from '../../simulator/model/simulate.js';
import type { TraceContact } from '../../simulator/model/supportModel.js';
import { requireNumber, UsageError } from '../errors.js';
import { packageVersion, progressBar, readInput, writeOutput } from '../output.js';
import { scorecard } from '../scorecard.js';
import { writeReportFiles } from './report.js';

interface SimulateArgs {
  scenario: string;
  replications: number;
  seed: string;
  workers: number;
  out?: string;
  force: boolean;
  quiet: boolean;
  'fail-on-breach': boolean;
  detail?: 'interval' | 'day' | 'horizon';
  json: boolean;
  trace?: string;
  report?: string;
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate <scenario>',
  describe: 'Predict a scenario’s SLAs by simulation, with confidence intervals',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', {
        type: 'string',
        describe: 'Scenario file (YAML or JSON)',
        demandOption: true,
      })
      .options({
        replications: {
          alias: 'r',
          type: 'number',
          default: 30,
          describe: 'Independent replications (≥ 2 for intervals)',
        },
        seed: {
          alias: 's',
          type: 'string',
          default: '1',
          describe: 'Seed: the same seed gives the same results',
        },
        workers: {
          alias: 'w',
          type: 'number',
          default: availableParallelism(),
          describe: 'Worker threads (results do not depend on it)',
        },
        out: { alias: 'o', type: 'string', describe: 'Write results.json here' },
        report: {
          type: 'string',
          describe: 'Also write the HTML report here (as slalab report does)',
        },
        force: {
          type: 'boolean',
          default: false,
          describe: 'Overwrite --out and --report if they exist',
        },
        detail: {
          choices: ['interval', 'day', 'horizon'] as const,
          describe: 'Finest period in results.json (default: interval up to 5 weeks, else day)',
        },
        'fail-on-breach': {
          type: 'boolean',
          default: false,
          describe: 'Exit 1 when any target is predicted missed or at risk',
        },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress bar' },
        json: {
          type: 'boolean',
          default: false,
          describe: 'Print results.json on stdout instead of the scorecard',
        },
      }) as unknown as Argv<SimulateArgs>,
  handler: async (args) => {
    const replications = requireNumber('--replications', args.replications, {
      min: 1,
      integer: true,
    });
    const workers = requireNumber('--workers', args.workers, { min: 1, integer: true });
    const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    const scenario = loadScenario(args.scenario);
    let trace: TraceContact[] | undefined;
    if (args.trace) {
      const text = readInput(args.trace, '--trace');
      try {
        trace = traceContacts(scenario, parseTrace(text).tickets);
      } catch (error) {
        if (error instanceof TraceError || error instanceof RangeError)
          throw new UsageError(`--trace ${args.trace}: ${error.message}`);
        throw error;
      }
    }
    // A trace is one sample path: every replication of it would be the same.
    const runs = trace ? 1 : replications;
    const bar = progressBar('simulating', args.quiet || args.json);
    const started = performance.now();
    const results = await simulateScenario(scenario, {
      replications: runs,
      seed,
      workers,
      version: packageVersion(),
      detail: args.detail,
      trace,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    if (args.out) writeOutput(args.out, `${JSON.stringify(results)}\n`, args.force);
    if (args.report) await writeReportFiles(results, { html: args.report, force: args.force });
    if (args.json) process.stdout.write(`${JSON.stringify(results)}\n`);
    else {
      process.stdout.write(`${scorecard(results)}\n\n`);
      process.stdout.write(
        `${results.run.contacts.toLocaleString('en')} contacts simulated in ${seconds.toFixed(1)} s` +
          (args.out ? `; results written to ${args.out}` : '') +
          (args.report ? `; report written to ${args.report}` : '') +
          '\n',
      );
    }
    if (args['fail-on-breach']) {
      const breached = results.targets.filter((t) => t.verdict !== 'met');
      if (breached.length > 0) {
        throw new UsageError(
          `${breached.length} SLA target${breached.length === 1 ? '' : 's'} not predicted met: ${breached.map((t) => `${t.name} (${t.verdict})`).join(', ')}`,
          1,
        );
      }
    }
  },
};
