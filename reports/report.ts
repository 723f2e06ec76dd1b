/**
 * The report: results.json → a self-contained HTML page (charts inlined as
 * SVG, no script, no network), the charts' specs and SVGs, and the tables
 * behind them as CSV; `writeReport` puts any of these on disk, PNGs too.
 *
 * The page, in order: the verdict, the scorecard, where in the week the
 * promise breaks, how long first responses take, demand against staffing,
 * queues, where contacts go, and what it takes to reproduce the run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../simulator/model/results.js';
import { type Columns, toCsv } from './csv.js';
import { formatSpan } from './format.js';
import { inputsBlock, note, scorecardTable, verdictBanner } from './render/blocks.js';
import { type PageSection, renderPage } from './render/html.js';
import { svgToPng } from './render/png.js';
import { namespaceSvgIds, renderSvg } from './render/svg.js';
import { backlogSpec } from './specs/backlog.js';
import { firstResponseSpec } from './specs/firstResponse.js';
import { flowSpec } from './specs/flow.js';
import { heatmapSpec } from './specs/heatmap.js';
import { scorecardSpec } from './specs/scorecard.js';
import { staffingSpec } from './specs/staffing.js';
import {
  agentRows,
  arrivalRows,
  backlogRows,
  COLUMNS,
  firstResponseRows,
  firstResponseTargetRows,
  flowRows,
  heatmapRows,
  heatmapTarget,
  inputRows,
  type SeriesResults,
  scorecardRows,
} from './tables.js';

export interface ReportOptions {
  /** What this result set is called in charts and tables (default 'predicted'). */
  series?: string;
  /** The target the heatmap shows (default: the first firstResponse or serviceLevel target). */
  heatmapTarget?: string;
  /** Heatmap slot length, seconds (default: the interval, at least an hour). */
  heatmapSlotSeconds?: number;
}

export type ChartName =
  | 'scorecard'
  | 'heatmap'
  | 'first-response'
  | 'staffing'
  | 'backlog'
  | 'flow';

export interface ReportChart {
  name: ChartName;
  spec: TopLevelSpec;
  /** The rendered chart, a standalone SVG document. */
  svg: string;
}

export interface ReportTable {
  /** File name without extension: `scorecard`, `heatmap`, … */
  name: string;
  csv: string;
}

export interface Report {
  html: string;
  charts: ReportChart[];
  tables: ReportTable[];
}

/** An interval length as a compound adjective: `15-minute`, `1-hour`. */
function intervalText(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}

function table<T>(name: string, rows: readonly T[], columns: Columns<T>): ReportTable {
  return { name, csv: toCsv(rows, columns) };
}

const figure = (chart: ReportChart) =>
  `<figure class="chart" data-chart="${chart.name}">${namespaceSvgIds(chart.svg, `${chart.name}-`)}</figure>`;

/**
 * Builds the report for one result set.
 *
 * @throws Error when `heatmapTarget` names no target, or one the heatmap cannot show.
 */
export async function buildReport(results: Results, options: ReportOptions = {}): Promise<Report> {
  const sets: SeriesResults[] = [{ series: options.series ?? 'predicted', results }];
  const hasIntervals = results.intervals.length > 0;
  const target = heatmapTarget(results, options.heatmapTarget);

  const scorecard = scorecardRows(sets);
  const heatmap = target ? heatmapRows(sets, target.name, options.heatmapSlotSeconds) : [];
  const quantiles = firstResponseRows(sets);
  const marks = firstResponseTargetRows(sets);
  const arrivals = arrivalRows(sets);
  const agents = agentRows(sets);
  const backlog = backlogRows(sets);
  const flow = flowRows(sets);
  const inputs = inputRows(sets);

  const specs: Array<[ChartName, TopLevelSpec]> = [];
  if (scorecard.length > 0) specs.push(['scorecard', scorecardSpec(scorecard)]);
  if (heatmap.length > 0) specs.push(['heatmap', heatmapSpec(heatmap)]);
  if (quantiles.length > 0) specs.push(['first-response', firstResponseSpec(quantiles, marks)]);
  if (arrivals.length > 0) {
    specs.push([
      'staffing',
      staffingSpec(arrivals, agents, { intervalSeconds: results.scenario.interval }),
    ]);
  }
  if (backlog.length > 0) specs.push(['backlog', backlogSpec(backlog)]);
  if (flow.length > 0) specs.push(['flow', flowSpec(flow)]);

  const charts: ReportChart[] = [];
  for (const [name, spec] of specs) charts.push({ name, spec, svg: await renderSvg(spec) });
  const chart = (name: ChartName) => charts.find((c) => c.name === name);
  const show = (name: ChartName, otherwise: string) => {
    const c = chart(name);
    return c ? figure(c) : note(otherwise);
  };
  const noIntervals =
    'These results hold no per-interval detail (simulated with --detail day or horizon); simulate with --detail interval to see this chart.';

  const sections: PageSection[] = [
    {
      id: 'scorecard',
      title: 'SLA scorecard',
      lead: 'Each target with its predicted attainment, the 95% confidence interval, and the probability that a week like this one meets the goal.',
      body:
        scorecard.length > 0
          ? `${scorecardTable(scorecard)}\n${show('scorecard', '')}`
          : note('The scenario sets no SLA targets.'),
    },
    {
      id: 'heatmap',
      title: 'Where the promise breaks',
      lead: target
        ? `Attainment of “${target.name}” for the contacts created in each hour of the week: red cells are the hours that miss the goal.`
        : 'Attainment by day and hour of the week, for a first-response or service-level target.',
      body: !target
        ? note('The scenario has no first-response or service-level target to map.')
        : hasIntervals
          ? show('heatmap', noIntervals)
          : note(noIntervals),
    },
    {
      id: 'first-response',
      title: 'First response time',
      lead: 'How long customers wait for a first response on each channel: the further up and left the curve, the faster, and it must pass above the red diamond for the target to hold.',
      body: show('first-response', 'No first responses were measured.'),
    },
    {
      id: 'staffing',
      title: 'Demand and staffing',
      lead: 'Contacts arriving in each interval against the agents staffed and busy in each group, and how much of their time is spent working.',
      body: hasIntervals ? show('staffing', noIntervals) : note(noIntervals),
    },
    {
      id: 'backlog',
      title: 'Queues and backlog',
      lead: 'How many contacts wait in each queue through the week; a queue that does not drain when the day quietens is a staffing gap.',
      body: hasIntervals ? show('backlog', noIntervals) : note(noIntervals),
    },
    {
      id: 'flow',
      title: 'Where contacts go',
      lead: 'How contacts end on each channel: contained by the bot, resolved by L1 at first contact, escalated to L2, abandoned, or still unanswered when the run ended.',
      body: show('flow', 'No contacts arrived over the horizon.'),
    },
    {
      id: 'reproduce',
      title: 'Inputs and reproduction',
      lead: 'The scenario’s key inputs and the run’s settings: the same scenario, seed and replications give the same figures on any machine.',
      body: inputsBlock(inputs, results),
    },
  ];

  const s = results.scenario;
  const horizon = s.horizonIntervals * s.interval;
  const reps = results.run.replications;
  const html = renderPage({
    title: `${s.name} — SLA prediction report`,
    eyebrow: 'slalab · SLA prediction report',
    heading: s.name,
    description: s.description || undefined,
    meta: [
      `${formatSpan(horizon)} horizon`,
      `${intervalText(s.interval)} intervals`,
      `${s.channels.length} channel${s.channels.length === 1 ? '' : 's'}, ${s.groups.length} group${s.groups.length === 1 ? '' : 's'}`,
      `${reps} replication${reps === 1 ? '' : 's'}`,
      `seed ${results.run.seed}`,
      `time zone ${s.timezone}`,
      `slalab ${results.generator.version}`,
    ],
    banner: verdictBanner(
      scorecard,
      horizon === 7 * 86_400 ? 'weeks' : horizon === 86_400 ? 'days' : 'runs',
    ),
    sections,
    footer: `Generated by slalab ${results.generator.version} from ${results.format} v${results.version}. Figures are means over ${reps} replication${reps === 1 ? '' : 's'} with 95% intervals; they are predictions for the inputs in section 7, not guarantees.`,
  });

  const tables: ReportTable[] = [
    table('scorecard', scorecard, COLUMNS.scorecard),
    table('heatmap', heatmap, COLUMNS.heatmap),
    table('first-response', quantiles, COLUMNS.firstResponse),
    table('first-response-targets', marks, COLUMNS.firstResponseTargets),
    table('arrivals', arrivals, COLUMNS.arrivals),
    table('agents', agents, COLUMNS.agents),
    table('backlog', backlog, COLUMNS.backlog),
    table('flow', flow, COLUMNS.flow),
    table('inputs', inputs, COLUMNS.inputs),
  ];
  return { html, charts, tables };
}

/** Where to write a report's parts; each is optional. */
export interface ReportDestinations {
  /** The HTML page. */
  html?: string;
  /** A folder for one PNG per chart (`<chart>.png`). */
  pngDir?: string;
  /** A folder for one SVG per chart (`<chart>.svg`). */
  svgDir?: string;
  /** A folder for one CSV per table (`<table>.csv`). */
  csvDir?: string;
}

export interface ReportFile {
  path: string;
  content: string | Uint8Array;
}

/** The files a report makes for the destinations asked for (PNGs rendered here, at `pngScale`). */
export function reportFiles(
  report: Report,
  destinations: ReportDestinations,
  options: { pngScale?: number } = {},
): ReportFile[] {
  const files: ReportFile[] = [];
  if (destinations.html) files.push({ path: destinations.html, content: report.html });
  if (destinations.svgDir) {
    for (const c of report.charts)
      files.push({ path: join(destinations.svgDir, `${c.name}.svg`), content: c.svg });
  }
  if (destinations.pngDir) {
    for (const c of report.charts) {
      files.push({
        path: join(destinations.pngDir, `${c.name}.png`),
        content: svgToPng(c.svg, { scale: options.pngScale ?? 2 }),
      });
    }
  }
  if (destinations.csvDir) {
    for (const t of report.tables)
      files.push({ path: join(destinations.csvDir, `${t.name}.csv`), content: t.csv });
  }
  return files;
}

/**
 * Builds the report and writes the parts asked for; returns the paths written.
 * Nothing is written when any file exists already, unless `force`.
 *
 * @throws Error naming every file that exists, when not `force`.
 */
export async function writeReport(
  results: Results,
  destinations: ReportDestinations & { force?: boolean },
  options: ReportOptions & { pngScale?: number } = {},
): Promise<string[]> {
  const report = await buildReport(results, options);
  const files = reportFiles(report, destinations, options);
  const existing = files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (existing.length > 0 && !destinations.force) {
    throw new Error(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: pass force to overwrite`,
    );
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content);
  }
  return files.map((f) => f.path);
}
