/**
 * `slalab simulate <scenario>`: predicts the scenario's SLAs by simulation and
 * prints the scorecard; writes results.json with --out.
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { encodeNormalised, loadAnyScenario } from '../../scenarios/schema/normalisedFile.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { parseTrace, TraceError } from '../../scenarios/trace/format.js';
import { traceContacts } from '../../scenarios/trace/generate.js';
import { shardJobManifests } from '../../simulator/distributed/k8s.js';
import { encodePartial, shardIndices } from '../../simulator/distributed/partial.js';
import { replicate } from '../../simulator/model/replicate.js';
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
  shard?: string;
  k8s?: number;
  'out-dir'?: string;
  image: string;
  'volume-claim': string;
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
        shard: {
          type: 'string',
          describe:
            'i/n: run only shard i of n (replications i, i+n, …) and write partial results to --out; combine with slalab merge',
        },
        k8s: {
          type: 'number',
          describe:
            'Write a Kubernetes Indexed Job running n shards (with --out-dir) instead of simulating',
        },
        trace: {
          type: 'string',
          describe:
            'Simulate exactly this trace’s tickets (from slalab trace) instead of drawing them',
        },
        'out-dir': { type: 'string', describe: 'Folder for the --k8s manifests' },
        image: {
          type: 'string',
          default: 'slalab:latest',
          describe: 'Container image with slalab, for --k8s',
        },
        'volume-claim': {
          type: 'string',
          default: 'slalab-results',
          describe: 'PersistentVolumeClaim the shards write to, for --k8s',
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
    let scenario: Scenario;
    try {
      scenario = loadAnyScenario(args.scenario);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    if (args.k8s !== undefined) {
      writeK8s(args, scenario, replications, seed);
      return;
    }
    const shard = args.shard === undefined ? undefined : parseShard(args.shard, replications);
    if (shard && !args.out) throw new UsageError('--shard: needs --out for the partial results');
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
    if (shard) {
      const indices = shardIndices(replications, shard.index, shard.count);
      const outputs = await replicate(scenario, {
        replications,
        seed,
        workers,
        indices,
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.stop();
      writeOutput(
        args.out!,
        `${JSON.stringify(encodePartial(scenario, seed, replications, shard, indices, outputs))}\n`,
        args.force,
      );
      process.stdout.write(
        `shard ${shard.index}/${shard.count}: replications ${indices.join(', ')} written to ${args.out}\n`,
      );
      return;
    }
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

/** `i/n` with 0 ≤ i < n ≤ replications. */
export function parseShard(text: string, replications: number): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index >= count) {
    throw new UsageError(`--shard: write i/n with 0 ≤ i < n (e.g. 0/3), got "${text}"`);
  }
  if (count > replications)
    throw new UsageError(`--shard: ${count} shards but only ${replications} replications`);
  return { index, count };
}

function writeK8s(
  args: SimulateArgs,
  scenario: Scenario,
  replications: number,
  seed: number | string,
): void {
  const shards = requireNumber('--k8s', args.k8s, { integer: true, min: 1, max: replications });
  if (!args['out-dir']) throw new UsageError('--k8s: needs --out-dir for the manifests');
  const name = `slalab-${
    scenario.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'run'
  }`;
  let manifests: ReturnType<typeof shardJobManifests>;
  try {
    manifests = shardJobManifests({
      name,
      image: args.image,
      shards,
      replications,
      seed,
      scenarioJson: encodeNormalised(scenario),
      volumeClaim: args['volume-claim'],
    });
  } catch (error) {
    throw new UsageError(`--k8s: ${(error as Error).message}`);
  }
  const dir = args['out-dir'];
  writeOutput(`${dir}/configmap.yaml`, manifests.configMap, args.force);
  writeOutput(`${dir}/job.yaml`, manifests.job, args.force);
  writeOutput(`${dir}/merge.sh`, manifests.mergeScript, args.force);
  process.stdout.write(
    `Indexed Job "${name}" with ${shards} shards of ${replications} replications written to ${dir}/\n` +
      `  kubectl apply -f ${dir}/configmap.yaml -f ${dir}/job.yaml\n  then run ${dir}/merge.sh where the results volume is mounted\n`,
  );
}
