/**
 * CSV export round-trips: every table behind the report parses back equal to
 * the rows it was written from, and the awkward cases — quotes, commas, line
 * breaks, edge spaces, nulls, long decimals — survive the trip.
 */
import { describe, expect, it } from 'vitest';
import { type Columns, fromCsv, parseCsvRecords, toCsv } from '../../reports/csv.js';
import { buildReport } from '../../reports/report.js';
import {
  agentRows,
  arrivalRows,
  backlogRows,
  COLUMNS,
  firstResponseRows,
  firstResponseTargetRows,
  flowRows,
  heatmapRows,
  inputRows,
  scorecardRows,
} from '../../reports/tables.js';
import { fixtureResults } from './fixture.js';
import { seriesSets } from './support.js';

process.env.TZ = 'UTC';
const results = await fixtureResults();
const sets = seriesSets(results, true);

/** A table under test: its rows, and its CSV written and read back. */
function table<T>(name: string, rows: T[], columns: Columns<T>) {
  const csv = toCsv(rows, columns);
  return { name, rows, csv, parsed: () => fromCsv(csv, columns) };
}

describe('every table behind the charts', () => {
  const tables = [
    table('scorecard', scorecardRows(sets), COLUMNS.scorecard),
    table('heatmap', heatmapRows(sets, 'phone answered in 60s'), COLUMNS.heatmap),
    table('first-response', firstResponseRows(sets), COLUMNS.firstResponse),
    table('first-response-targets', firstResponseTargetRows(sets), COLUMNS.firstResponseTargets),
    table('arrivals', arrivalRows(sets), COLUMNS.arrivals),
    table('agents', agentRows(sets), COLUMNS.agents),
    table('backlog', backlogRows(sets), COLUMNS.backlog),
    table('flow', flowRows(sets), COLUMNS.flow),
    table('inputs', inputRows(sets), COLUMNS.inputs),
  ];

  it.each(tables)('$name parses back equal to its rows', ({ rows, parsed }) => {
    expect(rows.length).toBeGreaterThan(0);
    expect(parsed()).toEqual(rows);
  });

  it.each(tables)(
    '$name has a column for every field of its rows, in a header line',
    ({ rows, csv }) => {
      const header = csv.split('\n')[0].split(',');
      expect(new Set(header)).toEqual(new Set(Object.keys(rows[0] as object)));
    },
  );

  it('the report’s own CSVs are those tables', async () => {
    const report = await buildReport(results);
    const scorecard = report.tables.find((t) => t.name === 'scorecard')!;
    expect(fromCsv(scorecard.csv, COLUMNS.scorecard)).toEqual(scorecardRows(seriesSets(results)));
    expect(report.tables.map((t) => t.name)).toEqual([
      'scorecard',
      'heatmap',
      'first-response',
      'first-response-targets',
      'arrivals',
      'agents',
      'backlog',
      'flow',
      'inputs',
    ]);
  });
});

describe('CSV fields', () => {
  interface Row {
    text: string;
    n: number;
    maybe: number | null;
    flag: boolean;
  }
  const columns: Columns<Row> = { text: 'string', n: 'number', maybe: 'number?', flag: 'boolean' };

  it('survive quotes, commas, line breaks, edge spaces, unicode and empty strings', () => {
    const rows: Row[] = [
      { text: 'plain', n: 0, maybe: null, flag: true },
      { text: 'a, b', n: -1.5, maybe: 0, flag: false },
      { text: 'say "hi"', n: 0.1 + 0.2, maybe: 1e-12, flag: true },
      { text: 'two\nlines\r\nthree', n: 2 ** 53, maybe: -0.000123, flag: false },
      { text: ' padded ', n: 1 / 3, maybe: 123456789.123, flag: true },
      { text: '', n: Number.MAX_VALUE, maybe: Number.MIN_VALUE, flag: false },
      { text: 'Ünïcödé — “quotes” 日本', n: 42, maybe: null, flag: true },
    ];
    const csv = toCsv(rows, columns);
    expect(fromCsv(csv, columns)).toEqual(rows);
  });

  it('quote only what needs quoting, doubling quotes', () => {
    const csv = toCsv([{ text: 'say "hi", ok', n: 1, maybe: null, flag: true }], columns);
    expect(csv).toBe('text,n,maybe,flag\n"say ""hi"", ok",1,,true\n');
  });

  it('read CRLF line ends too', () => {
    expect(parseCsvRecords('a,b\r\n1,"x\r\ny"\r\n')).toEqual([
      ['a', 'b'],
      ['1', 'x\r\ny'],
    ]);
  });

  it('refuse a header that is not the expected columns', () => {
    expect(() => fromCsv('text,n\nx,1\n', columns)).toThrow(/header/);
  });

  it('refuse a field that is not its column’s type, naming the line and column', () => {
    expect(() => fromCsv('text,n,maybe,flag\nx,one,,true\n', columns)).toThrow(
      /line 2, column n: expected a number, got "one"/,
    );
    expect(() => fromCsv('text,n,maybe,flag\nx,1,,yes\n', columns)).toThrow(/column flag/);
  });

  it('refuse to write a null where a value is required', () => {
    expect(() =>
      toCsv([{ text: 'x', n: null as unknown as number, maybe: null, flag: true }], columns),
    ).toThrow(/column n/);
  });
});
