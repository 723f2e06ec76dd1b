/**
 * `slalab trace <scenario>`: the synthetic tickets both the simulator and the
 * load test consume, as NDJSON (see scenarios/trace/format.ts).
 */
import type { Argv, CommandModule } from 'yargs';
import { parseDuration, parseWeekTime } from '../../scenarios/schema/duration.js';
import { loadScenario } from '../../scenarios/schema/validate.js';
import { encodeTrace } from '../../scenarios/trace/format.js';
import { generateTrace } from '../../scenarios/trace/generate.js';
import { LOCALES, type TraceLocale } from '../../scenarios/trace/text.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../output.js';

interface TraceArgs {
  scenario: string;
  seed: string;
  replication: number;
  from?: string;
  to?: string;
  locale: string;
  out?: string;
  force: boolean;
}

/**
 * A point in scenario time: a duration from the horizon start (`2d9h`, `-1d`,
 * `3600`) or a time in the first week (`Wed 09:00`).
 */
export function parseScenarioTime(flag: string, text: string): number {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const week = parseWeekTime(trimmed);
  if (!negative && week.ok && week.value.days.length === 1)
    return week.value.days[0] * 86_400 + week.value.offset;
  try {
    const seconds = parseDuration(negative ? trimmed.slice(1) : trimmed);
    return negative ? -seconds : seconds;
  } catch {
    throw new UsageError(
      `${flag}: "${text}" is not a time; write a duration from the horizon start (2d9h, 90m) or a weekday and time (Wed 09:00)`,
    );
  }
}

export const traceCommand: CommandModule<object, TraceArgs> = {
  command: 'trace <scenario>',
  describe:
    'Write the synthetic ticket trace of a scenario (NDJSON) for replay and simulate --trace',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
      .options({
        seed: {
          alias: 's',
          type: 'string',
          default: '1',
          describe: 'Seed (the same seed gives the same tickets and texts)',
        },
        replication: {
          type: 'number',
          default: 0,
          describe: 'Which replication’s sample path to record',
        },
        from: {
          type: 'string',
          describe:
            'Window start: a duration from the horizon start (2d9h) or a weekday time (Wed 09:00); default the warm-up start',
        },
        to: {
          type: 'string',
          describe: 'Window end (exclusive); default the end of the cool-down',
        },
        locale: {
          choices: LOCALES,
          default: 'en' as const,
          describe: 'Language of names and texts',
        },
        out: { alias: 'o', type: 'string', describe: 'Write here instead of stdout' },
        force: { type: 'boolean', default: false, describe: 'Overwrite --out' },
      }) as unknown as Argv<TraceArgs>,
  handler: (args) => {
    const scenario = loadScenario(args.scenario);
    const from = args.from === undefined ? undefined : parseScenarioTime('--from', args.from);
    const to = args.to === undefined ? undefined : parseScenarioTime('--to', args.to);
    if (from !== undefined && to !== undefined && to <= from)
      throw new UsageError('--to: must be after --from');
    const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    const { header, tickets } = generateTrace(scenario, {
      seed,
      replication: args.replication,
      locale: args.locale as TraceLocale,
      from,
      to,
    });
    const text = encodeTrace(header, tickets);
    if (args.out) {
      writeOutput(args.out, text, args.force);
      process.stderr.write(`${tickets.length} tickets written to ${args.out}\n`);
    } else process.stdout.write(text);
  },
};
