/**
 * Accounting for rows the fit cannot use: each is counted under its reason,
 * with the first line numbers and a few raw samples kept for the report, so
 * nothing is dropped silently and the memory stays bounded however many rows
 * are bad. `rows read = rows used + bad rows`, always.
 */

export type BadRowReason = 'malformed' | 'time' | 'order' | 'channel' | 'value';

export const BAD_ROW_REASONS: Record<BadRowReason, string> = {
  malformed: 'malformed row (wrong number of fields, or not a JSON object)',
  time: 'unparseable time',
  order: 'end before start',
  channel: 'unknown or missing channel',
  value: 'invalid value (number, yes/no, priority or tier)',
};

export interface BadRow {
  /** Line number in the file (1 = the first line; a CSV header is line 1). */
  line: number;
  reason: BadRowReason;
  /** What was wrong, naming the column and value. */
  message: string;
  /** The raw row, for the sample. */
  text: string;
}

export interface BadRowGroup {
  reason: BadRowReason;
  description: string;
  count: number;
  /** The first line numbers (at most {@link LINES_KEPT}). */
  lines: number[];
  /** The first few rows with their messages (at most {@link SAMPLES_KEPT}). */
  samples: Array<{ line: number; message: string; text: string }>;
}

export interface BadRowSummary {
  total: number;
  groups: BadRowGroup[];
}

export const LINES_KEPT = 20;
export const SAMPLES_KEPT = 3;
const SAMPLE_CHARS = 200;

export class BadRowLog {
  private readonly groups = new Map<BadRowReason, BadRowGroup>();
  private count = 0;

  add(row: BadRow): void {
    this.count++;
    let group = this.groups.get(row.reason);
    if (!group) {
      group = {
        reason: row.reason,
        description: BAD_ROW_REASONS[row.reason],
        count: 0,
        lines: [],
        samples: [],
      };
      this.groups.set(row.reason, group);
    }
    group.count++;
    if (group.lines.length < LINES_KEPT) group.lines.push(row.line);
    if (group.samples.length < SAMPLES_KEPT) {
      const text =
        row.text.length > SAMPLE_CHARS ? `${row.text.slice(0, SAMPLE_CHARS)}…` : row.text;
      group.samples.push({ line: row.line, message: row.message, text });
    }
  }

  get total(): number {
    return this.count;
  }

  summary(): BadRowSummary {
    const order = Object.keys(BAD_ROW_REASONS) as BadRowReason[];
    return {
      total: this.count,
      groups: order.flatMap((r) => {
        const g = this.groups.get(r);
        return g ? [{ ...g, lines: [...g.lines], samples: [...g.samples] }] : [];
      }),
    };
  }
}

/** Bad rows in a few lines of text: per reason, count, first lines, one sample message. */
export function formatBadRows(summary: BadRowSummary, source: string): string {
  return summary.groups
    .map((g) => {
      const more = g.count > g.lines.length ? `, … (${g.count - g.lines.length} more)` : '';
      const sample = g.samples[0];
      return `  ${g.count.toLocaleString('en')} × ${g.description} — lines ${g.lines.join(', ')}${more}\n    e.g. ${source}:${sample.line}: ${sample.message}`;
    })
    .join('\n');
}
