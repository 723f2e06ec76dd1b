/**
 * `slalab merge <partial.json>...`: combines the partial results of a run's
 * shards into exactly the results.json one unsharded run gives.
 */
import type { Argv, CommandModule } from 'yargs';
import {
  MergeError,
  mergePartials,
  type PartialResults,
} from '../../simulator/distributed/partial.js';
import { compileScenario } from '../../simulator/model/compile.js';
import { buildResults } from '../../simulator/model/results.js';
import { INTERVAL_DETAIL_MAX_WEEKS } from '../../simulator/model/simulate.js';
import { UsageError } from '../errors.js';
import { packageVersion, readInput, writeOutput } from '../output.js';
import { scorecard } from '../scorecard.js';
import { writeReportFiles } from './report.js';

interface MergeArgs {
  partials: string[];
  out: string;
  report?: string;
  force: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <partials..>',
  describe: 'Merge the partial results of simulate --shard into one results.json',
  builder: (yargs: Argv) =>
    yargs
      .positional('partials', {
        type: 'string',
        array: true,
        describe: 'partial-*.json files, one per shard',
      })
      .options({
        out: {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Write results.json here',
        },
        report: { type: 'string', describe: 'Also write the HTML report here' },
        force: { type: 'boolean', default: false, describe: 'Overwrite --out and --report' },
      }) as unknown as Argv<MergeArgs>,
  handler: async (args) => {
    const partials = args.partials.map((path) => {
      try {
        return JSON.parse(readInput(path, 'partial')) as PartialResults;
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`${path}: not JSON (${(error as Error).message})`);
      }
    });
    let merged: ReturnType<typeof mergePartials>;
    try {
      merged = mergePartials(partials);
    } catch (error) {
      if (error instanceof MergeError) throw new UsageError(error.message);
      throw error;
    }
    const { scenario, seed, outputs } = merged;
    const weeks = (scenario.horizonIntervals * scenario.interval) / (7 * 86_400);
    const results = buildResults(compileScenario(scenario), outputs, {
      seed,
      version: packageVersion(),
      detail: weeks <= INTERVAL_DETAIL_MAX_WEEKS ? 'interval' : 'day',
    });
    writeOutput(args.out, `${JSON.stringify(results)}\n`, args.force);
    if (args.report) await writeReportFiles(results, { html: args.report, force: args.force });
    process.stdout.write(
      `${scorecard(results)}\n\nmerged ${partials.length} shards (${outputs.length} replications) into ${args.out}\n`,
    );
  },
};
