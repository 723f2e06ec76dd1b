/**
 * `slalab k6 run <script> [k6 flags]`: runs a k6 script with slalab's
 * k6-compatible runner (scenarios/k6/runner), with k6's flags and exit codes
 * (0 ok, 99 thresholds failed, 104 refused options, 107 script error, 108
 * exec.test.abort(); see scenarios/k6/README.md). Traffic goes to loopback
 * hosts only unless `--allow-remote`.
 */
import type { Argv, CommandModule } from 'yargs';
import { K6RunError } from '../../scenarios/k6/runner/errors.js';
import type { K6RunConfig } from '../../scenarios/k6/runner/run.js';
import { requireNumber, UsageError } from '../errors.js';

export interface K6RunArgs {
  script: string;
  env?: string[];
  vus?: number | string;
  iterations?: number | string;
  duration?: string;
  summaryExport?: string;
  summaryTrendStats?: string;
  executionSegment?: string;
  executionSegmentSequence?: string;
  quiet?: boolean;
  summary?: boolean;
  thresholds?: boolean;
  setup?: boolean;
  teardown?: boolean;
  includeSystemEnvVars?: boolean;
  allowRemote?: boolean;
}

/** Turns the parsed flags into the runner's configuration; throws a UsageError naming a bad flag. */
export function k6RunConfig(args: K6RunArgs): K6RunConfig {
  const env: Record<string, string> = {};
  for (const pair of args.env ?? []) {
    const eq = String(pair).indexOf('=');
    if (eq <= 0) throw new UsageError(`-e ${pair}: write -e KEY=VALUE`);
    env[String(pair).slice(0, eq)] = String(pair).slice(eq + 1);
  }
  const config: K6RunConfig = {
    script: args.script,
    env,
    includeSystemEnvVars: args.includeSystemEnvVars !== false,
    quiet: args.quiet === true,
    noSummary: args.summary === false,
    noThresholds: args.thresholds === false,
    noSetup: args.setup === false,
    noTeardown: args.teardown === false,
    allowRemote: args.allowRemote === true,
  };
  if (args.vus !== undefined)
    config.vus = requireNumber('--vus', args.vus, { integer: true, min: 1 });
  if (args.iterations !== undefined) {
    config.iterations = requireNumber('--iterations', args.iterations, { integer: true, min: 1 });
  }
  if (args.duration !== undefined) config.duration = args.duration;
  if (args.summaryExport !== undefined) config.summaryExport = args.summaryExport;
  if (args.summaryTrendStats !== undefined) {
    config.summaryTrendStats = args.summaryTrendStats.split(',').map((s) => s.trim());
  }
  if (args.executionSegment !== undefined) config.executionSegment = args.executionSegment;
  if (args.executionSegmentSequence !== undefined) {
    config.executionSegmentSequence = args.executionSegmentSequence;
  }
  return config;
}

/** Runs the script; returns k6's exit code. Refusals become UsageErrors with the runner's exit code. */
export async function runK6Command(args: K6RunArgs): Promise<number> {
  const config = k6RunConfig(args);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    // Loaded on demand: the runner brings in the TypeScript compiler, which other commands do not need.
    const { runK6 } = await import('../../scenarios/k6/runner/run.js');
    const result = await runK6({ ...config, signal: controller.signal });
    return result.exitCode;
  } catch (error) {
    if (error instanceof K6RunError) throw new UsageError(error.message, error.exitCode);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const runCommand: CommandModule<object, K6RunArgs> = {
  command: 'run <script>',
  describe: 'Run a k6 script (TypeScript or JavaScript) under Node',
  builder: (yargs: Argv) =>
    yargs
      .positional('script', {
        type: 'string',
        describe: 'k6 script (.ts or .js)',
        demandOption: true,
      })
      .option('env', {
        alias: 'e',
        type: 'string',
        array: true,
        describe: 'Add an environment variable for __ENV: -e KEY=VALUE (repeatable)',
      })
      .option('vus', {
        alias: 'u',
        type: 'number',
        describe: 'Number of VUs (replaces the script’s vus)',
      })
      .option('iterations', {
        alias: 'i',
        type: 'number',
        describe: 'Total iterations (shared-iterations; replaces the script’s scenarios)',
      })
      .option('duration', {
        alias: 'd',
        type: 'string',
        describe: 'Test duration, e.g. 30s (constant-vus; replaces the script’s scenarios)',
      })
      .option('summary-export', {
        type: 'string',
        describe: 'Write the summary as k6’s legacy JSON to this file',
      })
      .option('summary-trend-stats', {
        type: 'string',
        describe: 'Trend stats in the summary, e.g. avg,p(95),p(99)',
      })
      .option('execution-segment', {
        type: 'string',
        describe: 'This instance’s segment, e.g. 0:1/3 or 1/3:2/3',
      })
      .option('execution-segment-sequence', {
        type: 'string',
        describe: 'All instances’ segments, e.g. 0,1/3,2/3,1',
      })
      .option('quiet', {
        alias: 'q',
        type: 'boolean',
        default: false,
        describe: 'No start banner or run line',
      })
      .option('summary', {
        type: 'boolean',
        default: true,
        describe:
          'End-of-test summary, handleSummary and --summary-export (--no-summary turns them off)',
      })
      .option('thresholds', {
        type: 'boolean',
        default: true,
        describe: '--no-thresholds skips thresholds',
      })
      .option('setup', { type: 'boolean', default: true, describe: '--no-setup skips setup()' })
      .option('teardown', {
        type: 'boolean',
        default: true,
        describe: '--no-teardown skips teardown()',
      })
      .option('include-system-env-vars', {
        type: 'boolean',
        default: true,
        describe: 'Pass the process environment to __ENV (k6 run’s default)',
      })
      .option('allow-remote', {
        type: 'boolean',
        default: false,
        describe: 'Allow traffic to hosts other than 127.0.0.1, ::1 and localhost',
      }) as unknown as Argv<K6RunArgs>,
  handler: async (args) => {
    process.exitCode = await runK6Command(args);
  },
};

export const k6Command: CommandModule<object, object> = {
  command: 'k6',
  describe: 'Run k6 scripts with slalab’s k6-compatible runner (loopback only by default)',
  builder: (yargs: Argv) =>
    yargs.command(runCommand).demandCommand(1, 'Name a k6 command: run') as Argv<object>,
  handler: () => {},
};
