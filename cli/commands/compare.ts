/**
 * `slalab compare <predicted.json> <observed.json> [--report compare.html] [--fail-on-divergence]`:
 * the prediction (results.json, typically `slalab simulate --trace` on the
 * replayed trace) against what the helpdesk recorded (observed.json from
 * `slalab replay`): a verdict per SLA target, percentiles per channel and the
 * helpdesk's own figures. See reports/compare.ts for the tolerance and the
 * verdicts.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import {
  type Comparison,
  compareReport,
  compareRuns,
  type ObservedInput,
} from '../../reports/compare.js';
import { parseTrace } from '../../scenarios/trace/format.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../output.js';
import { loadResults } from './report.js';

interface CompareArgs {
  predicted: string;
  observed: string;
  report?: string;
  json?: string;
  'fail-on-divergence': boolean;
  force: boolean;
}

/** Reads observed.json, checking its format. */
export function loadObserved(path: string): ObservedInput {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${path}: no such file (write one with \`slalab replay\`)`
        : `${path}: ${(error as Error).message}`,
    );
  }
  const v = value as Partial<ObservedInput> | null;
  const ok =
    v?.format === 'slalab-observed' && Array.isArray(v.tickets) && Array.isArray(v.targets);
  if (!ok) {
    throw new UsageError(
      `${path} is not observed.json (format slalab-observed) from slalab replay or observe`,
    );
  }
  return v as ObservedInput;
}

/**
 * What the replayed trace says of its tickets, when the file is still there:
 * which the bot resolved and each one's patience.
 */
function traceFacts(observed: ObservedInput): {
  contained: Set<string>;
  patience: Map<string, number | null> | undefined;
} {
  const path = (observed.replay as { trace?: { path?: string } } | undefined)?.trace?.path;
  if (!path || !existsSync(path)) return { contained: new Set(), patience: undefined };
  try {
    const { tickets } = parseTrace(readFileSync(path, 'utf8'));
    return {
      contained: new Set(tickets.filter((t) => t.botRouted && t.botContained).map((t) => t.id)),
      patience: new Map(tickets.map((t) => [t.id, t.patience])),
    };
  } catch {
    return { contained: new Set(), patience: undefined };
  }
}

export async function runCompare(args: CompareArgs): Promise<Comparison> {
  const predicted = loadResults(args.predicted);
  const observed = loadObserved(args.observed);
  const trace = traceFacts(observed);
  const comparison = compareRuns(predicted, observed, { patience: trace.patience });
  if (args.report) {
    const html = await compareReport(predicted, observed, comparison, trace.contained);
    writeOutput(args.report, html, args.force);
  }
  if (args.json) writeOutput(args.json, `${JSON.stringify(comparison, null, 1)}\n`, args.force);
  return comparison;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <predicted> <observed>',
  describe:
    'Compare a prediction (results.json) with a replay the helpdesk recorded (observed.json)',
  builder: (yargs: Argv) =>
    yargs
      .positional('predicted', {
        type: 'string',
        demandOption: true,
        describe: 'results.json (slalab simulate <scenario> --trace <trace> --out …)',
      })
      .positional('observed', {
        type: 'string',
        demandOption: true,
        describe: 'observed.json (slalab replay … --out …)',
      })
      .options({
        report: { type: 'string', describe: 'Also write the comparison as an HTML page here' },
        json: { type: 'string', describe: 'Also write the comparison as JSON here' },
        'fail-on-divergence': {
          type: 'boolean',
          default: false,
          describe: 'Exit 1 when any target diverged (helpdesk or model)',
        },
        force: { type: 'boolean', default: false, describe: 'Overwrite --report and --json' },
      })
      .example(
        '$0 compare predicted.json observed.json --report compare.html',
        'verdict per SLA target, with the helpdesk’s latency',
      ) as unknown as Argv<CompareArgs>,
  handler: async (args) => {
    const { comparisonText } = await import('../../reports/compare.js');
    const comparison = await runCompare(args);
    process.stdout.write(comparisonText(comparison));
    if (args.report) process.stderr.write(`report written to ${args.report}\n`);
    if (args['fail-on-divergence'] && comparison.diverged) {
      const n = comparison.targets.filter((t) => t.verdict.startsWith('diverged')).length;
      throw new UsageError(`${n} target${n === 1 ? '' : 's'} diverged from the prediction`, 1);
    }
  },
};
