/**
 * `slalab fit <history> --out fitted.yaml`: estimates a scenario from a
 * helpdesk's contact history (CSV, NDJSON or observed.json), every parameter
 * with its 95% interval, and writes it as commented YAML; `--report` adds the
 * fit report (HTML). Bad rows are counted and shown with line numbers; the
 * fit stops only when they exceed --max-bad-rows.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { parseDuration } from '../../scenarios/schema/duration.js';
import type { ChannelKind } from '../../scenarios/schema/types.js';
import { formatBadRows } from '../../simulator/fit/badRows.js';
import { parseColumnMap } from '../../simulator/fit/columns.js';
import { checkInterval, type FitResult, fitHistory } from '../../simulator/fit/fitHistory.js';
import { buildFitReport } from '../../simulator/fit/fitReport.js';
import { HistoryError } from '../../simulator/fit/historyReader.js';
import { writeFittedScenario } from '../../simulator/fit/scenarioWriter.js';
import { isKnownTimeZone } from '../../simulator/fit/timestamps.js';
import { requireNumber, UsageError } from '../errors.js';
import { formatSeconds } from '../format.js';
import { readInput, writeOutput } from '../output.js';

export interface FitArgs {
  history: string;
  out: string;
  map?: string[];
  tz: string;
  interval: string;
  report?: string;
  kind?: string[];
  channels?: string;
  'max-bad-rows': number;
  arrivals: 'separable' | 'table';
  criterion: 'aic' | 'bic';
  name?: string;
  'sla-from'?: string;
  force: boolean;
  quiet: boolean;
}

const KINDS: readonly ChannelKind[] = ['realtime', 'chat', 'deferred', 'messaging'];

/** `phone=realtime` entries (several per entry, comma-separated) → kinds by channel. */
export function parseKinds(entries: readonly string[]): Record<string, ChannelKind> {
  const kinds: Record<string, ChannelKind> = {};
  for (const part of entries.flatMap((e) => e.split(','))) {
    const [name, kind] = part.split('=').map((s) => s.trim());
    if (!name || !KINDS.includes(kind as ChannelKind)) {
      throw new UsageError(`--kind ${part}: write channel=kind, kind one of ${KINDS.join(', ')}`);
    }
    kinds[name] = kind as ChannelKind;
  }
  return kinds;
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit <history>',
  describe: 'Fit a scenario from a helpdesk’s contact history, every estimate with its interval',
  builder: (yargs: Argv) =>
    yargs
      .positional('history', {
        type: 'string',
        describe: 'Contact history: CSV, NDJSON (.ndjson) or the observed.json of slalab observe',
        demandOption: true,
      })
      .options({
        out: {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Write the fitted scenario (YAML) here',
        },
        map: {
          type: 'string',
          array: true,
          describe: 'Your column names: created=CreatedAt,channel=Medium (repeatable)',
        },
        tz: {
          type: 'string',
          default: 'UTC',
          describe: 'IANA time zone of the desk (local day and time of day)',
        },
        interval: {
          type: 'string',
          default: '15m',
          describe: 'Interval of the profile and staffing',
        },
        report: { type: 'string', describe: 'Also write the fit report (HTML) here' },
        kind: {
          type: 'string',
          array: true,
          describe:
            'Channel kinds: phone=realtime,email=deferred (default: guessed from name and data)',
        },
        channels: {
          type: 'string',
          describe: 'Comma-separated channels to accept; rows of others are bad',
        },
        'max-bad-rows': {
          type: 'number',
          default: 0.01,
          describe: 'Largest share of bad rows before the fit stops (0–1)',
        },
        arrivals: {
          choices: ['separable', 'table'] as const,
          default: 'separable' as const,
          describe:
            'Write arrivals as day-of-week × time-of-day weights, or as a CSV per interval of the week',
        },
        criterion: {
          choices: ['bic', 'aic'] as const,
          default: 'bic' as const,
          describe: 'Information criterion that picks each distribution',
        },
        name: { type: 'string', describe: 'Scenario name (default: from the file name)' },
        'sla-from': { type: 'string', describe: 'Copy the SLA targets of this scenario file' },
        force: {
          type: 'boolean',
          default: false,
          describe: 'Overwrite --out, --report and the table',
        },
        quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors' },
      }) as unknown as Argv<FitArgs>,
  handler: async (args) => {
    const result = await runFit(args);
    if (!args.quiet) process.stdout.write(result.summary);
  },
};

/** Parses the flags, fits, writes the files; returns what to print. */
export async function runFit(
  args: FitArgs,
): Promise<{ fit: FitResult; summary: string; written: string[] }> {
  let interval: number;
  try {
    interval = parseDuration(args.interval);
    checkInterval(interval);
  } catch (error) {
    throw new UsageError(`--interval ${args.interval}: ${(error as Error).message}`);
  }
  if (!isKnownTimeZone(args.tz)) {
    throw new UsageError(
      `--tz ${args.tz}: not an IANA time zone (e.g. UTC, Europe/Berlin, Asia/Shanghai)`,
    );
  }
  let map: ReturnType<typeof parseColumnMap>;
  try {
    map = parseColumnMap(args.map ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const maxBadShare = requireNumber('--max-bad-rows', args['max-bad-rows'], { min: 0, max: 1 });
  const slaFrom = args['sla-from'] ? readInput(args['sla-from'], '--sla-from') : undefined;
  const table = args.arrivals === 'table';
  const tablePath = table
    ? join(dirname(args.out), `${basename(args.out).replace(/\.(ya?ml|json)$/i, '')}.arrivals.csv`)
    : undefined;
  // Refuse to overwrite before the work, not after.
  for (const path of [args.out, args.report, tablePath]) {
    if (path && existsSync(path) && !args.force)
      throw new UsageError(
        `${path} already exists: pass --force to overwrite it, or choose another path`,
      );
  }
  const started = performance.now();
  let fit: FitResult;
  try {
    fit = await fitHistory(args.history, {
      map,
      timeZone: args.tz,
      interval,
      channels: args.channels
        ? args.channels
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean)
        : undefined,
      maxBadShare,
      kinds: parseKinds(args.kind ?? []),
      criterion: args.criterion,
    });
  } catch (error) {
    if (error instanceof HistoryError) throw new UsageError(error.message);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  let written: ReturnType<typeof writeFittedScenario>;
  try {
    written = writeFittedScenario(fit, {
      name: args.name,
      arrivals: args.arrivals,
      tableFile: tablePath ? basename(tablePath) : undefined,
      slaFrom,
      path: args.out,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const paths: string[] = [];
  writeOutput(args.out, written.yaml, args.force);
  paths.push(args.out);
  if (tablePath && written.table !== undefined) {
    writeOutput(tablePath, written.table, args.force);
    paths.push(tablePath);
  }
  if (args.report) {
    writeOutput(args.report, await buildFitReport(fit, written.yaml), args.force);
    paths.push(args.report);
  }
  return { fit, summary: fitSummary(fit, seconds, paths), written: paths };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** What the terminal shows after a fit. */
export function fitSummary(fit: FitResult, seconds: number, paths: readonly string[]): string {
  const h = fit.history;
  const lines: string[] = [
    `${h.used.toLocaleString('en')} contacts fitted from ${h.source} in ${seconds.toFixed(1)} s (${h.rows.toLocaleString('en')} rows, ${h.bad.total.toLocaleString('en')} bad); ${fit.period.days} days, ${fit.period.first} to ${fit.period.last}`,
  ];
  if (h.bad.total > 0) lines.push('bad rows (left out):', formatBadRows(h.bad, h.source));
  const a = fit.arrivals;
  lines.push(
    `weekly volume ${Math.round(a.weeklyVolume.value).toLocaleString('en')} [${Math.round(a.weeklyVolume.lo).toLocaleString('en')}–${Math.round(a.weeklyVolume.hi).toLocaleString('en')}], overdispersion ${a.overdispersion.value.toFixed(3)}, ${a.outliers.length} outlier day${a.outliers.length === 1 ? '' : 's'}`,
  );
  for (const c of fit.channels) {
    const arr = a.channels.find((x) => x.name === c.name)!;
    const parts = [`${c.name} (${c.kind}): ${pct(arr.share.value)} of volume`];
    if (c.handleTime)
      parts.push(
        `handle ${c.handleTime.chosen.family} mean ${formatSeconds(c.handleTime.chosen.mean.value)}`,
      );
    if (c.patience)
      parts.push(
        `patience ${c.patience.chosen} mean ${formatSeconds(c.patience.mean.value)} [${formatSeconds(c.patience.mean.lo)}–${formatSeconds(c.patience.mean.hi)}]`,
      );
    if (c.abandonment) parts.push(`abandonment ${pct(c.abandonment.value)}`);
    if (c.escalation) parts.push(`escalated ${pct(c.escalation.value)}`);
    lines.push(`  ${parts.join(', ')}`);
  }
  if (fit.staffing.length) lines.push(`staffing: ${fit.staffing[0].method} per interval`);
  if (fit.defaults.length)
    lines.push('defaults (not in the history):', ...fit.defaults.map((d) => `  - ${d}`));
  lines.push(`written: ${paths.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
