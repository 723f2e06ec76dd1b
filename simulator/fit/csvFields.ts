/**
 * Splitting one CSV record into fields (RFC 4180: fields may be quoted with
 * `"`, a quote inside a quoted field is doubled, a quoted field may hold the
 * delimiter or a line break), and telling whether a physical line ends inside
 * a quoted field so the reader joins it with the next one.
 */

/** Splits a record into `out` (cleared first) and returns it. Unbalanced quotes close at the end. */
export function splitCsvRecord(record: string, delimiter: string, out: string[] = []): string[] {
  out.length = 0;
  const d = delimiter.charCodeAt(0);
  const n = record.length;
  let i = 0;
  for (;;) {
    if (i < n && record.charCodeAt(i) === 34) {
      // Quoted field.
      let field = '';
      let from = i + 1;
      i = from;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) {
          field += record.slice(from);
          i = n;
          break;
        }
        if (record.charCodeAt(q + 1) === 34) {
          field += `${record.slice(from, q)}"`;
          i = q + 2;
          from = i;
          continue;
        }
        field += record.slice(from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept (lenient).
      const next = record.indexOf(delimiter, i);
      if (next < 0) {
        out.push(field + record.slice(i));
        return out;
      }
      out.push(field + record.slice(i, next));
      i = next + 1;
      continue;
    }
    let next = i;
    while (next < n && record.charCodeAt(next) !== d) next++;
    out.push(record.slice(i, next));
    if (next >= n) return out;
    i = next + 1;
  }
}

/** Whether `text` leaves a quoted field open (an odd number of `"`). */
export function opensQuote(text: string): boolean {
  let count = 0;
  let at = text.indexOf('"');
  while (at >= 0) {
    count++;
    at = text.indexOf('"', at + 1);
  }
  return count % 2 === 1;
}

/** The likeliest delimiter of a header line: `,`, `;` or a tab, whichever occurs most outside quotes. */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = splitCsvRecord(header, candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}
