#!/usr/bin/env node
/**
 * slalab's front door: parses the command line and dispatches to one command
 * module per verb. Each module parses its flags, calls one library function
 * and writes the result; errors the user can fix print without a stack trace.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../scenarios/schema/scenarioFile.js';
import { backtestCommand } from './commands/backtest.js';
import { cleanupCommand } from './commands/cleanup.js';
import { compareCommand } from './commands/compare.js';
import { erlangCommand } from './commands/erlang.js';
import { fitCommand } from './commands/fit.js';
import { helpdeskCommand } from './commands/helpdesk.js';
import { k6Command } from './commands/k6.js';
import { mergeCommand } from './commands/merge.js';
import { mergeSummariesCommand } from './commands/mergeSummaries.js';
import { observeCommand } from './commands/observe.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { schemaCommand } from './commands/schema.js';
import { simQueueCommand } from './commands/simQueue.js';
import { simulateCommand } from './commands/simulate.js';
import { staffCommand } from './commands/staff.js';
import { sweepCommand } from './commands/sweep.js';
import { traceCommand } from './commands/trace.js';
import { validateCommand } from './commands/validate.js';
import { UsageError } from './errors.js';

async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('slalab')
    .usage('$0 <command> [options]\n\nPredict and prove customer-support service levels.')
    .strict()
    .demandCommand(1, 'Name a command; `slalab --help` lists them.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .help()
    .alias('h', 'help')
    .version();
  // Commands register here, one line each (keep explicit imports: no magic loading).
  cli.command(erlangCommand);
  cli.command(helpdeskCommand);
  cli.command(cleanupCommand);
  cli.command(simQueueCommand);
  cli.command(simulateCommand);
  cli.command(staffCommand);
  cli.command(reportCommand);
  cli.command(traceCommand);
  cli.command(observeCommand);
  cli.command(mergeCommand);
  cli.command(sweepCommand);
  cli.command(validateCommand);
  cli.command(fitCommand);
  cli.command(backtestCommand);
  cli.command(schemaCommand);
  cli.command(k6Command);
  cli.command(replayCommand);
  cli.command(compareCommand);
  cli.command(mergeSummariesCommand);
  await cli.parseAsync();
}

// A closed pipe (`slalab schema | head`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(hideBin(process.argv)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`slalab: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  if (error instanceof ScenarioError) {
    // Every problem of a scenario file, one per line, with where and how to fix it.
    process.stderr.write(`slalab: ${error.format()}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `slalab: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 70;
});
