/**
 * `slalab backtest <history> <scenario>`: simulates the period the history
 * covers with the scenario and compares, per day and per interval, what was
 * predicted with what happened; prints the error per metric and writes the
 * backtest report (HTML) with --report and the figures (JSON) with --out.
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError } from '../../scenarios/schema/validate.js';
import { type BacktestResult, backtest } from '../../simulator/fit/backtest.js';
import { buildBacktestReport } from '../../simulator/fit/backtestReport.js';
import { formatBadRows } from '../../simulator/fit/badRows.js';
import { parseColumnMap } from '../../simulator/fit/columns.js';
import { HistoryError } from '../../simulator/fit/historyReader.js';
import { isKnownTimeZone } from '../../simulator/fit/timestamps.js';
import { requireNumber, UsageError } from '../errors.js';
import { progressBar, readInput, writeOutput } from '../output.js';

export interface BacktestArgs {
  history: string;
  scenario: string;
  report?: string;
  out?: string;
  replications: number;
  seed: string;
  workers: number;
  map?: string[];
  tz?: string;
  'max-bad-rows': number;
  force: boolean;
  quiet: boolean;
}

export const backtestCommand: CommandModule<object, BacktestArgs> = {
  command: 'backtest <history> <scenario>',
  describe:
    'Simulate the period a history covers and compare predicted with actual, per day and interval',
  builder: (yargs: Argv) =>
    yargs
      .positional('history', {
        type: 'string',
        describe: 'Contact history: CSV, NDJSON or observed.json (as for slalab fit)',
        demandOption: true,
      })
      .positional('scenario', {
        type: 'string',
        describe: 'Scenario file (fitted or any)',
        demandOption: true,
      })
      .options({
        report: { type: 'string', describe: 'Write the backtest report (HTML) here' },
        out: { alias: 'o', type: 'string', describe: 'Write the comparison (JSON) here' },
        replications: {
          alias: 'r',
          type: 'number',
          default: 30,
          describe: 'Replications (≥ 2 for bands)',
        },
        seed: { alias: 's', type: 'string', default: '1', describe: 'Seed' },
        workers: {
          alias: 'w',
          type: 'number',
          default: availableParallelism(),
          describe: 'Worker threads (results do not depend on it)',
        },
        map: { type: 'string', array: true, describe: 'Your column names, as for slalab fit' },
        tz: { type: 'string', describe: 'Time zone of the history (default: the scenario’s)' },
        'max-bad-rows': {
          type: 'number',
          default: 0.01,
          describe: 'Largest share of bad rows allowed (0–1)',
        },
        force: { type: 'boolean', default: false, describe: 'Overwrite --report and --out' },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress bar' },
      }) as unknown as Argv<BacktestArgs>,
  handler: async (args) => {
    const result = await runBacktest(args);
    process.stdout.write(backtestSummary(result, args));
  },
};

export async function runBacktest(args: BacktestArgs): Promise<BacktestResult> {
  const replications = requireNumber('--replications', args.replications, {
    min: 1,
    integer: true,
  });
  const workers = requireNumber('--workers', args.workers, { min: 1, integer: true });
  const maxBadShare = requireNumber('--max-bad-rows', args['max-bad-rows'], { min: 0, max: 1 });
  if (args.tz !== undefined && !isKnownTimeZone(args.tz))
    throw new UsageError(`--tz ${args.tz}: not an IANA time zone (e.g. UTC, Europe/Berlin)`);
  let map: ReturnType<typeof parseColumnMap>;
  try {
    map = parseColumnMap(args.map ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
  const text = readInput(args.scenario, 'scenario');
  const bar = progressBar('simulating', args.quiet);
  let result: BacktestResult;
  try {
    result = await backtest(args.history, text, args.scenario, {
      map,
      timeZone: args.tz,
      maxBadShare,
      replications,
      seed,
      workers,
      onProgress: (done, total) => bar.update(done, total),
    });
  } catch (error) {
    if (error instanceof HistoryError) throw new UsageError(error.message);
    if (error instanceof ScenarioError) throw new UsageError(error.format());
    throw error;
  } finally {
    bar.stop();
  }
  if (args.out) writeOutput(args.out, `${JSON.stringify(result)}\n`, args.force);
  if (args.report) writeOutput(args.report, await buildBacktestReport(result), args.force);
  return result;
}

/** The terminal table: one line per metric. */
export function backtestSummary(
  result: BacktestResult,
  args: Pick<BacktestArgs, 'report' | 'out'>,
): string {
  const h = result.history;
  const lines = [
    `backtest of ${result.scenario.name} on ${h.used.toLocaleString('en')} contacts, ${result.period.first} to ${result.period.last} (${result.period.days} days), ${result.run.replications} replications`,
  ];
  if (h.bad.total > 0) lines.push('bad rows (left out):', formatBadRows(h.bad, h.source));
  const rows = [['metric', 'days', 'MAE/day', 'bias', 'outside band']];
  for (const e of result.errors) {
    const unit = e.unit === 'share' ? ' pp' : e.unit === 'seconds' ? ' s' : '';
    const f = (x: number | null, signed = false) =>
      x === null
        ? '—'
        : `${signed && x > 0 ? '+' : ''}${x.toFixed(e.unit === 'count' ? 1 : 2)}${unit}`;
    rows.push([
      e.label,
      String(e.days),
      `${f(e.mae)}${e.relativeMae !== null ? ` (${e.relativeMae.toFixed(1)}%)` : ''}`,
      f(e.bias, true),
      `${e.outside}${e.outsideDays.length ? ` (${e.outsideDays.slice(0, 3).join(', ')}${e.outsideDays.length > 3 ? ', …' : ''})` : ''}`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    lines.push(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  if (result.skipped.length) lines.push(`not compared: ${result.skipped.join('; ')}`);
  const written = [args.report, args.out].filter(Boolean);
  if (written.length) lines.push(`written: ${written.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
