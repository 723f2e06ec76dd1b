/**
 * `slalab observe --run <id> --scenario <file>`: reads every ticket of a run
 * back from the helpdesk and writes observed.json: per-ticket times rebuilt
 * from the helpdesk's own history, in scenario time, and the SLA aggregates
 * with the simulator's definitions.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import {
  assertRunId,
  HelpdeskError,
  HelpdeskRemoteRefusedError,
} from '../../scenarios/helpdesks/adapter.js';
import { observeRun } from '../../scenarios/helpdesks/observe.js';
import { RtHelpdesk } from '../../scenarios/helpdesks/rt/adapter.js';
import { loadScenario } from '../../scenarios/schema/validate.js';
import { requireNumber, UsageError } from '../errors.js';
import { progressBar, writeOutput } from '../output.js';
import { parseScenarioTime } from './trace.js';

interface ObserveArgs {
  run: string;
  scenario: string;
  helpdesk: string;
  manifest?: string;
  speedup: number;
  'started-at'?: string;
  origin: string;
  'bot-user': string;
  url?: string;
  'allow-remote': boolean;
  out?: string;
  force: boolean;
  quiet: boolean;
}

/** What a replay records about its run, so observe can map wall time to scenario time. */
export interface RunManifest {
  runId: string;
  speedup: number;
  startedAt: string;
  origin: number;
}

export const observeCommand: CommandModule<object, ObserveArgs> = {
  command: 'observe',
  describe:
    'Read a run’s tickets back from the helpdesk and write observed SLA times (observed.json)',
  builder: (yargs: Argv) =>
    yargs.options({
      run: { type: 'string', demandOption: true, describe: 'Run id the tickets are tagged with' },
      scenario: {
        type: 'string',
        demandOption: true,
        describe: 'The scenario whose SLA targets to measure',
      },
      helpdesk: { choices: ['rt'], default: 'rt', describe: 'Helpdesk product' },
      manifest: {
        type: 'string',
        describe: 'run.json written by slalab replay (speed-up, start, origin)',
      },
      speedup: {
        type: 'number',
        default: 1,
        describe: 'Scenario seconds per wall second of the replay',
      },
      'started-at': {
        type: 'string',
        describe: 'Wall-clock ISO time at which scenario time --origin was replayed',
      },
      origin: {
        type: 'string',
        default: '0',
        describe: 'Scenario time replayed at --started-at (e.g. Wed 09:00 or 2d9h)',
      },
      'bot-user': { type: 'string', default: 'bot', describe: 'Login of the bot user' },
      url: {
        type: 'string',
        describe: 'Helpdesk base URL (default SLALAB_RT_URL, else ~/.slalab/rt.env)',
      },
      'allow-remote': {
        type: 'boolean',
        default: false,
        describe: 'Allow a helpdesk that is not on a loopback address',
      },
      out: { alias: 'o', type: 'string', describe: 'Write observed.json here (default: stdout)' },
      force: { type: 'boolean', default: false, describe: 'Overwrite --out' },
      quiet: { type: 'boolean', default: false, describe: 'No progress bar' },
    }) as unknown as Argv<ObserveArgs>,
  handler: async (args) => {
    try {
      assertRunId(args.run, 'observe');
    } catch (error) {
      throw new UsageError(`--run: ${(error as Error).message}`);
    }
    const scenario = loadScenario(args.scenario);
    let speedup = requireNumber('--speedup', args.speedup, { min: 0, exclusiveMin: true });
    let origin = parseScenarioTime('--origin', args.origin);
    let startedAt: number | undefined;
    if (args.manifest) {
      if (!existsSync(args.manifest))
        throw new UsageError(`--manifest ${args.manifest}: no such file`);
      const m = JSON.parse(readFileSync(args.manifest, 'utf8')) as RunManifest;
      if (m.runId !== args.run)
        throw new UsageError(`--manifest: it describes run ${m.runId}, not ${args.run}`);
      speedup = m.speedup;
      origin = m.origin;
      startedAt = Date.parse(m.startedAt);
    }
    if (args['started-at'] !== undefined) {
      startedAt = Date.parse(args['started-at']);
      if (Number.isNaN(startedAt))
        throw new UsageError(`--started-at: "${args['started-at']}" is not an ISO date-time`);
    }
    const bar = progressBar('reading tickets', args.quiet || !args.out);
    try {
      const helpdesk = new RtHelpdesk({ baseUrl: args.url, allowRemote: args['allow-remote'] });
      const botCounts = new Map(
        scenario.channels.map((c) => [c.name, c.bot?.countsAsFirstResponse ?? false]),
      );
      const observed = await observeRun(
        helpdesk,
        scenario,
        {
          runId: args.run,
          speedup,
          // Without a manifest or --started-at, the first ticket's creation is scenario time --origin.
          startedAt: startedAt ?? (await firstCreation(helpdesk, args.run)),
          origin,
          botUser: args['bot-user'],
          botCounts: (channel) => botCounts.get(channel) ?? false,
        },
        (done, total) => bar.update(done, total),
      );
      bar.stop();
      const text = `${JSON.stringify(observed, null, 1)}\n`;
      if (args.out) {
        writeOutput(args.out, text, args.force);
        process.stderr.write(
          `${observed.counts.tickets} tickets of run ${args.run} observed; written to ${args.out}\n`,
        );
      } else process.stdout.write(text);
    } catch (error) {
      bar.stop();
      if (error instanceof HelpdeskRemoteRefusedError)
        throw new UsageError(`${error.message} (--allow-remote)`);
      if (error instanceof HelpdeskError) throw new UsageError(`helpdesk: ${error.message}`, 1);
      throw error;
    }
  },
};

async function firstCreation(helpdesk: RtHelpdesk, runId: string): Promise<number> {
  const tickets = await helpdesk.listRunTickets(runId);
  if (tickets.length === 0)
    throw new UsageError(`--run ${runId}: the helpdesk has no tickets of this run`, 1);
  return Math.min(...tickets.map((t) => Date.parse(t.createdAt)));
}
