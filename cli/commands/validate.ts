/**
 * `slalab validate <file>`: checks a scenario file and says what it holds, or
 * lists every problem (path, line, value, fix) and exits 2.
 */
import type { Argv, CommandModule } from 'yargs';
import { formatDuration } from '../../scenarios/schema/duration.js';
import type { Scenario } from '../../scenarios/schema/types.js';
import { loadScenario, ScenarioError } from '../../scenarios/schema/validate.js';
import { UsageError } from '../errors.js';

interface ValidateArgs {
  file: string;
}

/** `ok: <name> — 4 channels, 2 groups, 4 SLA targets, horizon 1w (672 × 15m intervals), …`. */
export function describeScenario(scenario: Scenario): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const iv = scenario.interval;
  return (
    `ok: ${scenario.name} — ${plural(scenario.channels.length, 'channel')}, ` +
    `${plural(scenario.groups.length, 'group')}, ${plural(scenario.sla.length, 'SLA target')}, ` +
    `horizon ${formatDuration(scenario.horizonIntervals * iv)} (${scenario.horizonIntervals} × ${formatDuration(iv)} intervals), ` +
    `warm-up ${formatDuration(scenario.warmupIntervals * iv)}, cool-down ${formatDuration(scenario.cooldownIntervals * iv)}`
  );
}

/**
 * Validates one file: the summary line, or a UsageError (exit 2) listing
 * every issue, one per line.
 */
export function runValidate(file: string): string {
  try {
    return describeScenario(loadScenario(file));
  } catch (error) {
    if (error instanceof ScenarioError) {
      const n = error.issues.length;
      throw new UsageError(`${file}: ${n} problem${n === 1 ? '' : 's'}\n${error.format()}`, 2);
    }
    throw error;
  }
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <file>',
  describe: 'Check a scenario file and list every problem in it',
  builder: (yargs: Argv) =>
    yargs.positional('file', {
      type: 'string',
      describe: 'Scenario file (YAML or JSON)',
      demandOption: true,
    }) as unknown as Argv<ValidateArgs>,
  handler: (args) => {
    process.stdout.write(`${runValidate(args.file)}\n`);
  },
};
