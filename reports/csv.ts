/**
 * CSV for the tables behind the charts (RFC 4180: comma-separated, fields
 * quoted when they hold a comma, quote, line break or edge space, quotes
 * doubled), typed by a column spec so a table parses back equal to the rows
 * it was written from: numbers are written in JavaScript's shortest
 * round-tripping form, an empty field is null.
 */

/** How a column's text becomes a value again; `number?` may be null (an empty field). */
export type ColumnType = 'string' | 'number' | 'number?' | 'boolean';

/** A column type for every field of a row, in the order the columns are written. */
export type Columns<T> = { [K in keyof T]-?: ColumnType };

function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function cell(value: unknown, type: ColumnType, column: string): string {
  if (value === null || value === undefined) {
    if (type === 'number?') return '';
    throw new Error(`column ${column}: ${type} value is ${value}`);
  }
  if (type === 'string') return quote(String(value));
  return String(value);
}

/** Writes rows as CSV with a header line; every line ends with `\n`. */
export function toCsv<T>(rows: readonly T[], columns: Columns<T>): string {
  const keys = Object.keys(columns) as Array<keyof T & string>;
  const lines = [keys.map(quote).join(',')];
  for (const row of rows) {
    lines.push(keys.map((k) => cell(row[k], columns[k], k)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Splits CSV text into records of fields (RFC 4180; accepts `\n` or `\r\n`). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      any = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      any = true;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      any = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      any = true;
      i++;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (any || field !== '') {
    record.push(field);
    records.push(record);
  }
  return records;
}

function number(text: string, where: string): number {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(n) && text !== 'NaN') {
    throw new Error(`${where}: expected a number, got ${JSON.stringify(text)}`);
  }
  return n;
}

function value(text: string, type: ColumnType, where: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new Error(`${where}: expected true or false, got ${JSON.stringify(text)}`);
    case 'number?':
      return text === '' ? null : number(text, where);
    case 'number':
      return number(text, where);
  }
}

/**
 * Parses CSV written by {@link toCsv} back into typed rows.
 *
 * @throws Error when the header is not the expected columns, a record has the
 *   wrong number of fields, or a field does not parse as its column's type.
 */
export function fromCsv<T>(text: string, columns: Columns<T>): T[] {
  const keys = Object.keys(columns) as Array<keyof T & string>;
  const [header, ...records] = parseCsvRecords(text);
  if (!header || header.join(',') !== keys.join(',')) {
    throw new Error(`CSV header ${JSON.stringify(header?.join(','))} is not ${keys.join(',')}`);
  }
  return records.map((fields, r) => {
    if (fields.length !== keys.length) {
      throw new Error(`CSV line ${r + 2}: ${fields.length} fields, expected ${keys.length}`);
    }
    const row = {} as Record<string, unknown>;
    keys.forEach((k, c) => {
      row[k] = value(fields[c], columns[k], `CSV line ${r + 2}, column ${k}`);
    });
    return row as T;
  });
}
