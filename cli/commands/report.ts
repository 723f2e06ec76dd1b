/**
 * `slalab report <results.json>`: the report people would rather look at
 * than read — a self-contained HTML page, and on request each chart as PNG
 * or SVG and the tables behind them as CSV. Nothing is overwritten without
 * --force, and nothing at all is written when any output exists already.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { buildReport, reportFiles } from '../../reports/report.js';
import { heatmapTarget } from '../../reports/tables.js';
import { resultsIssues } from '../../reports/validate.js';
import type { Results } from '../../simulator/model/results.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../output.js';

interface ReportArgs {
  results: string;
  out?: string;
  png?: string;
  svg?: string;
  csv?: string;
  force: boolean;
  'heatmap-target'?: string;
}

/** Reads and checks a results.json; every problem is a UsageError naming the file and the field. */
export function loadResults(path: string): Results {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${path}: no such file (write one with \`slalab simulate <scenario> --out ${path}\`)`
        : code === 'EISDIR'
          ? `${path} is a folder: name a results.json file`
          : `${path}: cannot read it (${(error as Error).message})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const issues = resultsIssues(value);
  if (issues.length > 0) {
    throw new UsageError(
      `${path} is not slalab results:\n${issues.map((i) => `  - ${i}`).join('\n')}`,
    );
  }
  return value as Results;
}

export interface ReportFileOptions {
  /** The HTML page. */
  html?: string;
  /** Folders for one PNG / SVG per chart and one CSV per table. */
  png?: string;
  svg?: string;
  csv?: string;
  force: boolean;
  /** The target the heatmap shows (default: the first first-response or service-level one). */
  heatmapTarget?: string;
}

/**
 * Builds the report for `results` and writes the parts asked for; returns the
 * paths written. Refuses (UsageError naming every one) when any output exists
 * and `force` is false, before writing anything. The simulate command's
 * `--report` shortcut calls this too.
 */
export async function writeReportFiles(
  results: Results,
  options: ReportFileOptions,
): Promise<string[]> {
  if (options.heatmapTarget !== undefined) {
    try {
      heatmapTarget(results, options.heatmapTarget);
    } catch (error) {
      throw new UsageError(`--heatmap-target: ${(error as Error).message}`);
    }
  }
  const report = await buildReport(results, { heatmapTarget: options.heatmapTarget });
  const files = reportFiles(report, {
    html: options.html,
    pngDir: options.png,
    svgDir: options.svg,
    csvDir: options.csv,
  });
  if (!options.force) {
    const existing = files.map((f) => f.path).filter((p) => existsSync(p));
    if (existing.length > 0) {
      const list =
        existing.length > 3
          ? `${existing.slice(0, 3).join(', ')} and ${existing.length - 3} more`
          : existing.join(', ');
      throw new UsageError(
        `${list} already exist${existing.length === 1 ? 's' : ''}: pass --force to overwrite, or choose other outputs`,
      );
    }
  }
  for (const f of files) writeOutput(f.path, f.content, options.force);
  return files.map((f) => f.path);
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe: 'Turn results.json into a self-contained HTML report (and PNG, SVG, CSV)',
  builder: (yargs: Argv) =>
    yargs
      .positional('results', {
        type: 'string',
        describe: 'results.json written by `slalab simulate --out`',
        demandOption: true,
      })
      .options({
        out: {
          alias: 'o',
          type: 'string',
          describe:
            'Write the HTML report here (default: report.html beside the results, unless only --png/--svg/--csv are given)',
        },
        png: { type: 'string', describe: 'Write each chart as PNG into this folder' },
        svg: { type: 'string', describe: 'Write each chart as SVG into this folder' },
        csv: {
          type: 'string',
          describe: 'Write the table behind each chart as CSV into this folder',
        },
        'heatmap-target': {
          type: 'string',
          describe:
            'SLA target the heatmap shows (default: the first first-response or service-level one)',
        },
        force: { type: 'boolean', default: false, describe: 'Overwrite outputs that exist' },
      })
      .example('$0 report out/results.json', 'write out/report.html')
      .example(
        '$0 report results.json --out report.html --png charts --csv tables',
        'the page, one PNG per chart and the tables behind them',
      ) as unknown as Argv<ReportArgs>,
  handler: async (args) => {
    for (const flag of ['out', 'png', 'svg', 'csv', 'heatmap-target'] as const) {
      const value = args[flag];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        throw new UsageError(`--${flag}: needs a value`);
      }
    }
    const results = loadResults(args.results);
    const html =
      args.out ??
      (args.png || args.svg || args.csv ? undefined : join(dirname(args.results), 'report.html'));
    const written = await writeReportFiles(results, {
      html,
      png: args.png,
      svg: args.svg,
      csv: args.csv,
      force: args.force,
      heatmapTarget: args['heatmap-target'],
    });
    const parts = [
      html ? `report ${html}` : '',
      args.png ? `PNGs in ${args.png}` : '',
      args.svg ? `SVGs in ${args.svg}` : '',
      args.csv ? `CSVs in ${args.csv}` : '',
    ].filter(Boolean);
    process.stdout.write(
      `wrote ${written.length} file${written.length === 1 ? '' : 's'}: ${parts.join('; ')}\n`,
    );
  },
};
