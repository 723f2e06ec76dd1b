/**
 * `slalab cleanup --run <id>`: deletes exactly the helpdesk tickets one run created (those
 * tagged with its run id) and prints how many. Tickets of other runs, and tickets without a run
 * id, are never touched.
 */
import type { Argv, CommandModule } from 'yargs';
import {
  assertRunId,
  HelpdeskError,
  HelpdeskRemoteRefusedError,
} from '../../scenarios/helpdesks/adapter.js';
import { RtHelpdesk } from '../../scenarios/helpdesks/rt/adapter.js';
import { UsageError } from '../errors.js';

interface CleanupArgs {
  run: string;
  url?: string;
  'allow-remote': boolean;
}

export const cleanupCommand: CommandModule<object, CleanupArgs> = {
  command: 'cleanup',
  describe: 'Delete exactly the helpdesk tickets of one run and print how many',
  builder: (yargs: Argv) =>
    yargs
      .options({
        run: {
          type: 'string',
          demandOption: true,
          describe: 'Run id the tickets are tagged with (letters, digits, . _ : -)',
        },
        url: {
          type: 'string',
          describe: 'Helpdesk base URL (default SLALAB_RT_URL, else ~/.slalab/rt.env)',
        },
        'allow-remote': {
          type: 'boolean',
          default: false,
          describe: 'Allow a helpdesk that is not on a loopback address',
        },
      })
      .example(
        '$0 cleanup --run 2026-11-24-peak',
        'delete that run’s tickets',
      ) as unknown as Argv<CleanupArgs>,
  handler: async (args) => {
    try {
      assertRunId(args.run, 'cleanup');
    } catch (error) {
      throw new UsageError(`--run: ${(error as Error).message}`);
    }
    try {
      const helpdesk = new RtHelpdesk({ baseUrl: args.url, allowRemote: args['allow-remote'] });
      const count = await helpdesk.deleteRun(args.run);
      process.stdout.write(
        `deleted ${count} ticket${count === 1 ? '' : 's'} of run ${args.run} from ${helpdesk.baseUrl}\n`,
      );
    } catch (error) {
      if (error instanceof HelpdeskRemoteRefusedError) {
        throw new UsageError(`${error.message} (--allow-remote)`);
      }
      if (error instanceof HelpdeskError) throw new UsageError(error.message, 1);
      throw error;
    }
  },
};
