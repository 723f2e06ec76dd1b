/**
 * Reads a contact history — CSV, NDJSON, or the observed.json that `slalab
 * observe` writes — one row at a time, hands every good row to a sink as a
 * {@link HistoryContact} and accounts for every bad one. Nothing is held but
 * the current line, so a million-row file costs no more memory than a small
 * one (the estimators behind the sink keep bounded statistics).
 *
 * Columns: see `columns.ts` (and scenarios/README.md, "History files"). A row
 * is bad — counted with its line number, reason and a sample, and left out —
 * when a time does not parse, a time comes before the one it follows
 * (resolved before created, service_end before service_start …), the channel
 * is missing or not one of `channels`, a value is not of its kind, or a CSV
 * row has the wrong number of fields. The read fails (a {@link HistoryError})
 * only when bad rows exceed `maxBadShare` of all rows (default 1%), when no
 * row is usable, or when a required column is missing.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { OBSERVED_FORMAT, type ObservedRun } from '../../scenarios/helpdesks/observe.js';
import { closestMatch } from '../../scenarios/schema/scenarioFile.js';
import { type BadRow, BadRowLog, type BadRowSummary, formatBadRows } from './badRows.js';
import { COLUMN_NAMES, COLUMNS, type ColumnName, looseName } from './columns.js';
import { opensQuote, sniffDelimiter, splitCsvRecord } from './csvFields.js';
import {
  parseBooleanCell,
  parseDurationCell,
  parseOutcomeCell,
  parsePriorityCell,
  parseTierCell,
  scenarioName,
} from './fieldValues.js';
import { TimeZoneClock } from './timestamps.js';

/** One contact as the estimators see it. Times after creation are seconds from `created`. */
export interface HistoryContact {
  /** Line in the file. */
  line: number;
  /** Creation instant, epoch seconds. */
  created: number;
  /** Creation in local wall-clock seconds since 1970-01-01 00:00 local. */
  local: number;
  channel: string;
  /** 0 = P1 … 3 = P4. */
  priority?: number;
  queued?: number;
  firstReply?: number;
  serviceStart?: number;
  /** Agent handling seconds (handle_time, else service_end − service_start). */
  handleTime?: number;
  acw?: number;
  resolved?: number;
  firstResolved?: number;
  reopened?: boolean;
  reopenedAt?: number;
  abandoned?: boolean;
  abandonedAt?: number;
  agent?: string;
  group?: string;
  tier?: number;
  escalated?: boolean;
  l2HandleTime?: number;
  bot?: boolean;
  botContained?: boolean;
  botHandleTime?: number;
}

export type HistoryFormat = 'csv' | 'ndjson' | 'observed';

export interface HistoryOptions {
  /** The user's own column names: canonical name → header. */
  map?: Partial<Record<ColumnName, string>>;
  /** IANA time zone of local times (default UTC). */
  timeZone?: string;
  /** Channels allowed; any other is a bad row. Default: any valid name. */
  channels?: readonly string[];
  /** The largest share of bad rows that still lets the read go on (default 0.01). */
  maxBadShare?: number;
  /** Default: by extension (.ndjson/.jsonl, .json), else by content. */
  format?: HistoryFormat;
  /** Called every 100 000 rows. */
  onRows?: (rows: number) => void;
}

export interface HistorySummary {
  source: string;
  format: HistoryFormat;
  /** Data rows read (blank lines aside). */
  rows: number;
  used: number;
  bad: BadRowSummary;
  maxBadShare: number;
  /** Canonical columns found, with the header each was read from. */
  columns: Partial<Record<ColumnName, string>>;
  /** Headers not used. */
  ignored: string[];
  timeZone: string;
  /** Channel values renamed to scenario names. */
  renamed: Array<{ from: string; to: string }>;
}

/** Bad input that stops the read: a missing column, no usable row, too many bad rows. */
export class HistoryError extends Error {
  constructor(
    message: string,
    readonly summary?: HistorySummary,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

export const DEFAULT_MAX_BAD_SHARE = 0.01;
/** Seconds a time may precede the one it follows before the row is "end before start". */
const ORDER_TOLERANCE = 1e-3;
/** observed.json times are scenario seconds; this Monday is their day 0 (local = UTC). */
export const OBSERVED_ORIGIN = Date.UTC(2024, 0, 1) / 1000;

const INDEX = new Map(COLUMN_NAMES.map((name, i) => [name, i]));
const col = (name: ColumnName) => INDEX.get(name)!;
const CREATED = col('created');
const CHANNEL = col('channel');
const KIND = COLUMNS.map((c) => c.kind);
const EMPTY = new Set(['', 'null', 'n/a', 'na', 'none', '-']);

/** Turns fields (in any order, through an index) into contacts or bad rows. */
class RowDecoder {
  private readonly clock: TimeZoneClock;
  private readonly allowed: Set<string> | undefined;
  private readonly names = new Map<string, string | null>();
  readonly renamed: Array<{ from: string; to: string }> = [];
  private readonly times = new Float64Array(COLUMN_NAMES.length);

  constructor(timeZone: string, channels: readonly string[] | undefined) {
    this.clock = new TimeZoneClock(timeZone);
    this.allowed = channels ? new Set(channels) : undefined;
  }

  private cell(
    fields: readonly (string | undefined)[],
    index: Int32Array,
    k: number,
  ): string | undefined {
    const i = index[k];
    if (i < 0) return undefined;
    const raw = fields[i];
    if (raw === undefined || raw.length === 0) return undefined;
    const t = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 ? raw.trim() : raw;
    return t.length <= 4 && EMPTY.has(t.toLowerCase()) ? undefined : t;
  }

  private channelName(raw: string): string | null {
    let name = this.names.get(raw);
    if (name === undefined) {
      name = scenarioName(raw);
      this.names.set(raw, name);
      if (name !== null && name !== raw) this.renamed.push({ from: raw, to: name });
    }
    return name;
  }

  /** A contact, or the reason the row is bad. */
  decode(
    fields: readonly (string | undefined)[],
    index: Int32Array,
    line: number,
    text: string,
  ): HistoryContact | BadRow {
    const bad = (reason: BadRow['reason'], message: string): BadRow => ({
      line,
      reason,
      message,
      text,
    });
    const createdText = this.cell(fields, index, CREATED);
    if (createdText === undefined) return bad('time', 'created is empty');
    const created = this.clock.parse(createdText);
    if (Number.isNaN(created)) return bad('time', `created: not a time: '${createdText}'`);
    const channelText = this.cell(fields, index, CHANNEL);
    if (channelText === undefined) return bad('channel', 'channel is empty');
    const channel = this.channelName(channelText);
    if (channel === null)
      return bad(
        'channel',
        `channel '${channelText}' cannot be a scenario name (start with a letter)`,
      );
    if (this.allowed && !this.allowed.has(channel)) {
      const near = closestMatch(channel, this.allowed);
      return bad(
        'channel',
        `channel '${channelText}' is not one of ${[...this.allowed].join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`,
      );
    }
    const contact: HistoryContact = { line, created, local: this.clock.local(created), channel };
    const times = this.times;
    for (let k = 0; k < COLUMN_NAMES.length; k++) {
      times[k] = Number.NaN;
      const kind = KIND[k];
      if (k === CREATED || k === CHANNEL) continue;
      const name = COLUMN_NAMES[k];
      const text = this.cell(fields, index, k);
      if (text === undefined) continue;
      switch (kind) {
        case 'time': {
          const t = this.clock.parse(text);
          if (Number.isNaN(t)) return bad('time', `${name}: not a time: '${text}'`);
          if (t - created < -ORDER_TOLERANCE)
            return bad('order', `${name} ${text} is before created ${createdText}`);
          times[k] = t - created;
          break;
        }
        case 'duration': {
          const d = parseDurationCell(text);
          if (!(d >= 0) || !Number.isFinite(d))
            return bad('value', `${name}: not a duration ≥ 0: '${text}'`);
          times[k] = d;
          break;
        }
        case 'boolean': {
          const b = parseBooleanCell(text);
          if (b === null) return bad('value', `${name}: not yes/no: '${text}'`);
          if (name === 'reopened') contact.reopened = b;
          else if (name === 'abandoned') contact.abandoned = b;
          else if (name === 'escalated') contact.escalated = b;
          else if (name === 'bot') contact.bot = b;
          break;
        }
        case 'priority': {
          const p = parsePriorityCell(text);
          if (p === null)
            return bad('value', `priority: not P1–P4 or urgent/high/normal/low: '${text}'`);
          contact.priority = p;
          break;
        }
        case 'tier': {
          const t = parseTierCell(text);
          if (t === null) return bad('value', `tier: not a tier (1, 2, L2 …): '${text}'`);
          contact.tier = t;
          break;
        }
        case 'outcome': {
          const o = parseOutcomeCell(text);
          if (o === null) return bad('value', `bot_outcome: not contained or handoff: '${text}'`);
          contact.botContained = o;
          break;
        }
        case 'text':
          if (name === 'agent') contact.agent = text;
          else if (name === 'group') contact.group = text;
          break;
      }
    }
    const t = (name: ColumnName) => {
      const v = times[INDEX.get(name)!];
      return Number.isNaN(v) ? undefined : v;
    };
    const start = t('service_start');
    const end = t('service_end');
    if (start !== undefined && end !== undefined && end < start - ORDER_TOLERANCE) {
      return bad('order', 'service_end is before service_start');
    }
    const resolved = t('resolved');
    const firstResolved = t('first_resolved');
    if (
      firstResolved !== undefined &&
      resolved !== undefined &&
      resolved < firstResolved - ORDER_TOLERANCE
    ) {
      return bad('order', 'resolved is before first_resolved');
    }
    const reopenedAt = t('reopened_at');
    if (
      reopenedAt !== undefined &&
      firstResolved !== undefined &&
      reopenedAt < firstResolved - ORDER_TOLERANCE
    ) {
      return bad('order', 'reopened_at is before first_resolved');
    }
    contact.queued = t('queued');
    contact.firstReply = t('first_reply');
    contact.serviceStart = start;
    contact.handleTime =
      t('handle_time') ?? (start !== undefined && end !== undefined ? end - start : undefined);
    contact.acw = t('acw');
    contact.resolved = resolved;
    contact.firstResolved = firstResolved;
    contact.reopenedAt = reopenedAt;
    if (contact.reopened === undefined && reopenedAt !== undefined) contact.reopened = true;
    contact.abandonedAt = t('abandoned_at');
    if (contact.abandoned === undefined && contact.abandonedAt !== undefined)
      contact.abandoned = true;
    contact.l2HandleTime = t('l2_handle_time');
    contact.botHandleTime = t('bot_handle_time');
    if (contact.bot === undefined && contact.botContained !== undefined) contact.bot = true;
    return contact;
  }
}

function isBad(x: HistoryContact | BadRow): x is BadRow {
  return (x as BadRow).reason !== undefined;
}

/** Streams lines in, contacts out. */
class HistoryReader {
  private format: HistoryFormat | undefined;
  private readonly decoder: RowDecoder;
  private readonly bad = new BadRowLog();
  private rows = 0;
  private used = 0;
  private lineNo = 0;
  private rest = '';
  private pending = '';
  private pendingLine = 0;
  private header: string[] | undefined;
  private delimiter = ',';
  private index = new Int32Array(COLUMN_NAMES.length).fill(-1);
  private readonly identity = Int32Array.from(COLUMN_NAMES, (_, i) => i);
  private readonly fields: string[] = [];
  private columns: Partial<Record<ColumnName, string>> = {};
  private ignored: string[] = [];
  private json = '';
  private readonly looseToColumn: Map<string, number>;
  private readonly timeZone: string;

  constructor(
    private readonly source: string,
    private readonly options: HistoryOptions,
    private readonly sink: (contact: HistoryContact) => void,
  ) {
    this.timeZone = options.timeZone ?? 'UTC';
    this.format = options.format;
    this.decoder = new RowDecoder(this.timeZone, options.channels);
    this.looseToColumn = new Map();
    COLUMNS.forEach((c, k) => {
      for (const alias of [c.name, ...c.aliases]) this.looseToColumn.set(looseName(alias), k);
    });
    for (const [name, theirs] of Object.entries(options.map ?? {})) {
      if (theirs !== undefined) this.looseToColumn.set(`\u0000${theirs}`, col(name as ColumnName));
    }
  }

  push(chunk: string): void {
    if (this.format === 'observed') {
      this.json += chunk;
      return;
    }
    let text = this.rest + chunk;
    if (this.lineNo === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line(text.slice(from, end));
      from = nl + 1;
      if (this.isObserved()) {
        this.json += text.slice(from);
        this.rest = '';
        return;
      }
    }
    this.rest = text.slice(from);
  }

  /** Whether the content turned out to be one JSON document (observed.json). */
  private isObserved(): boolean {
    return this.format === 'observed';
  }

  end(): void {
    if (this.format === 'observed') {
      this.observed(this.json);
      return;
    }
    if (this.rest !== '') this.line(this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest);
    this.rest = '';
    if (this.isObserved()) {
      this.observed(this.json);
      return;
    }
    if (this.pending !== '') {
      // A quoted field never closed: the rest of the file is one bad row.
      this.rows++;
      this.bad.add({
        line: this.pendingLine,
        reason: 'malformed',
        message: 'a quoted field is never closed',
        text: this.pending,
      });
      this.pending = '';
    }
  }

  private line(raw: string): void {
    this.lineNo++;
    if (this.format === undefined) {
      if (raw.trim() === '') return;
      this.format = this.sniff(raw);
      if (this.format === 'observed') {
        this.json = `${raw}\n`;
        return;
      }
    }
    if (this.format === 'ndjson') {
      this.ndjsonLine(raw, this.lineNo);
      return;
    }
    // CSV: join physical lines while a quoted field is open.
    if (this.pending !== '') {
      this.pending += `\n${raw}`;
      if (!opensQuote(this.pending)) {
        const record = this.pending;
        this.pending = '';
        this.csvRecord(record, this.pendingLine);
      }
      return;
    }
    if (raw.includes('"') && opensQuote(raw)) {
      this.pending = raw;
      this.pendingLine = this.lineNo;
      return;
    }
    this.csvRecord(raw, this.lineNo);
  }

  private sniff(first: string): HistoryFormat {
    const ext = extname(this.source).toLowerCase();
    if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
    if (ext === '.json') return 'observed';
    const t = first.trim();
    if (t.startsWith('{')) {
      try {
        JSON.parse(t);
        return 'ndjson';
      } catch {
        return 'observed';
      }
    }
    return 'csv';
  }

  private csvHeader(record: string): void {
    this.delimiter = sniffDelimiter(record);
    const header = splitCsvRecord(record, this.delimiter).map((h) => h.trim());
    this.header = header;
    const used = new Set<number>();
    const problems: string[] = [];
    const map = this.options.map ?? {};
    for (const [name, theirs] of Object.entries(map) as Array<[ColumnName, string]>) {
      let at = header.indexOf(theirs);
      if (at < 0) at = header.findIndex((h) => h.toLowerCase() === theirs.toLowerCase());
      if (at < 0) {
        const near = closestMatch(theirs, header);
        problems.push(
          `--map ${name}=${theirs}: the header has no column '${theirs}'${near ? ` (did you mean '${near}'?)` : ''}`,
        );
        continue;
      }
      this.index[col(name)] = at;
      this.columns[name] = header[at];
      used.add(at);
    }
    header.forEach((h, at) => {
      if (used.has(at)) return;
      const k = this.looseToColumn.get(looseName(h));
      if (k === undefined || this.index[k] >= 0) return;
      this.index[k] = at;
      this.columns[COLUMN_NAMES[k]] = h;
      used.add(at);
    });
    this.ignored = header.filter((_, at) => !used.has(at));
    for (const c of COLUMNS) {
      if (!c.required || this.index[col(c.name)] >= 0) continue;
      const near = closestMatch(c.name, this.ignored);
      problems.push(
        `no '${c.name}' column (${c.meaning})${near ? `: did you mean '${near}'? pass --map ${c.name}=${near}` : `; name yours with --map ${c.name}=<your column>`}`,
      );
    }
    if (problems.length > 0) {
      throw new HistoryError(
        `${this.source}:1: the header cannot be read as a contact history:\n  ${problems.join('\n  ')}\n  header: ${header.join(', ')}`,
      );
    }
  }

  private csvRecord(record: string, line: number): void {
    if (!this.header) {
      this.csvHeader(record);
      return;
    }
    if (record.trim() === '') return;
    this.rows++;
    const fields = splitCsvRecord(record, this.delimiter, this.fields);
    if (fields.length !== this.header.length) {
      this.bad.add({
        line,
        reason: 'malformed',
        message: `${fields.length} fields, the header has ${this.header.length}`,
        text: record,
      });
      return;
    }
    this.take(this.decoder.decode(fields, this.index, line, record));
  }

  private ndjsonLine(raw: string, line: number): void {
    if (raw.trim() === '') return;
    this.rows++;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      this.bad.add({
        line,
        reason: 'malformed',
        message: `not JSON: ${(error as Error).message}`,
        text: raw,
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.bad.add({ line, reason: 'malformed', message: 'not a JSON object', text: raw });
      return;
    }
    const fields: Array<string | undefined> = new Array(COLUMN_NAMES.length).fill(undefined);
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const k = this.looseToColumn.get(`\u0000${key}`) ?? this.looseToColumn.get(looseName(key));
      if (k === undefined) continue;
      if (this.columns[COLUMN_NAMES[k]] === undefined) this.columns[COLUMN_NAMES[k]] = key;
      if (v === null || v === undefined) continue;
      if (typeof v === 'object') {
        this.bad.add({ line, reason: 'malformed', message: `${key}: a nested value`, text: raw });
        return;
      }
      fields[k] = String(v);
    }
    this.take(this.decoder.decode(fields, this.identity, line, raw));
  }

  private take(result: HistoryContact | BadRow): void {
    if (isBad(result)) this.bad.add(result);
    else {
      this.used++;
      this.sink(result);
    }
    if (this.rows % 100_000 === 0) this.options.onRows?.(this.rows);
  }

  /** observed.json: every ticket of a replay run, times in scenario seconds. */
  private observed(text: string): void {
    let data: ObservedRun;
    try {
      data = JSON.parse(text) as ObservedRun;
    } catch (error) {
      throw new HistoryError(
        `${this.source}: not JSON (${(error as Error).message}); a history is CSV, NDJSON (one object per line) or the observed.json slalab observe writes`,
      );
    }
    if (data?.format !== OBSERVED_FORMAT || !Array.isArray(data.tickets)) {
      throw new HistoryError(
        `${this.source}: a JSON file must be an observed.json (format '${OBSERVED_FORMAT}'); for one contact per line use NDJSON (.ndjson)`,
      );
    }
    for (const [k, ticket] of data.tickets.entries()) {
      this.rows++;
      const line = k + 1;
      const textOf = () => JSON.stringify(ticket);
      const channel = typeof ticket.channel === 'string' ? scenarioName(ticket.channel) : null;
      if (!Number.isFinite(ticket.created)) {
        this.bad.add({
          line,
          reason: 'time',
          message: `tickets[${k}].created is not a number`,
          text: textOf(),
        });
        continue;
      }
      if (channel === null || (this.options.channels && !this.options.channels.includes(channel))) {
        this.bad.add({
          line,
          reason: 'channel',
          message: `tickets[${k}].channel '${ticket.channel}' is not usable`,
          text: textOf(),
        });
        continue;
      }
      const time = OBSERVED_ORIGIN + ticket.created;
      const after = (x: number | null) => (x === null || !Number.isFinite(x) ? undefined : x);
      const firstReply = after(ticket.firstResponse);
      const resolved = after(ticket.resolution);
      if ((firstReply ?? 0) < -ORDER_TOLERANCE || (resolved ?? 0) < -ORDER_TOLERANCE) {
        this.bad.add({
          line,
          reason: 'order',
          message: `tickets[${k}]: a time before creation`,
          text: textOf(),
        });
        continue;
      }
      const priority =
        typeof ticket.priority === 'string' ? parsePriorityCell(ticket.priority) : null;
      this.take({
        line,
        created: time,
        local: time,
        channel,
        priority: priority ?? undefined,
        firstReply: ticket.firstResponder === 'agent' ? firstReply : undefined,
        resolved,
        escalated: ticket.escalated,
        reopened: ticket.reopened,
        abandoned: ticket.abandoned,
      });
    }
    this.columns = {
      created: 'created',
      channel: 'channel',
      priority: 'priority',
      first_reply: 'firstResponse',
      resolved: 'resolution',
      escalated: 'escalated',
      reopened: 'reopened',
      abandoned: 'abandoned',
    };
  }

  summary(): HistorySummary {
    return {
      source: this.source,
      format: this.format ?? 'csv',
      rows: this.rows,
      used: this.used,
      bad: this.bad.summary(),
      maxBadShare: this.options.maxBadShare ?? DEFAULT_MAX_BAD_SHARE,
      columns: { ...this.columns },
      ignored: this.ignored,
      timeZone: this.format === 'observed' ? 'UTC' : this.timeZone,
      renamed: this.decoder.renamed,
    };
  }

  /** @throws {HistoryError} when nothing is usable or bad rows exceed the threshold */
  check(): HistorySummary {
    const summary = this.summary();
    if (this.format !== 'observed' && !this.header && this.format !== 'ndjson') {
      throw new HistoryError(`${this.source}: the file is empty (no header line)`, summary);
    }
    const share = summary.rows > 0 ? summary.bad.total / summary.rows : 0;
    if (summary.bad.total > 0 && share > summary.maxBadShare) {
      throw new HistoryError(
        `${this.source}: ${summary.bad.total.toLocaleString('en')} of ${summary.rows.toLocaleString('en')} rows are bad (${(100 * share).toFixed(2)}%, above the ${(100 * summary.maxBadShare).toFixed(2)}% allowed; raise it with --max-bad-rows):\n${formatBadRows(summary.bad, this.source)}`,
        summary,
      );
    }
    if (summary.used === 0) {
      throw new HistoryError(
        summary.rows === 0
          ? `${this.source}: no contacts (the file has no data rows)`
          : `${this.source}: no usable contacts:\n${formatBadRows(summary.bad, this.source)}`,
        summary,
      );
    }
    return summary;
  }
}

/**
 * Streams a history file into `sink`, one contact at a time.
 *
 * @throws {HistoryError} (see the module comment); a RangeError for an unknown time zone
 */
export async function readHistory(
  path: string,
  options: HistoryOptions,
  sink: (contact: HistoryContact) => void,
): Promise<HistorySummary> {
  const reader = new HistoryReader(path, options, sink);
  let stream: AsyncIterable<string | Buffer>;
  try {
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream) reader.push(String(chunk));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HistoryError(`${path}: no such file`);
    if (code === 'EISDIR') throw new HistoryError(`${path}: is a directory`);
    throw error;
  }
  reader.end();
  return reader.check();
}

/** The same from text in memory (tests, small files). `source` names it in messages and picks the format by extension. */
export function readHistoryText(
  text: string,
  options: HistoryOptions,
  sink: (contact: HistoryContact) => void,
  source = 'history.csv',
): HistorySummary {
  const reader = new HistoryReader(source, options, sink);
  reader.push(text);
  reader.end();
  return reader.check();
}
