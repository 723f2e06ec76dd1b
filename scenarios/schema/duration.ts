/**
 * Durations, clock times and days of the week as people write them in a
 * scenario file, and back.
 *
 * Durations: `45s`, `1.5m`, `90min`, `2h`, `1d`, `1w`, `1h30m`, `1h 30m`,
 * ISO 8601 `PT1H30M` / `P1D`, or a plain number of seconds (`90`, `'90'`).
 * `m` is minutes (never months: months and years have no fixed length and are
 * refused). Components go largest unit first, each unit at most once, so a
 * typo such as `1m30m` is caught rather than summed.
 *
 * Clock times are `HH:MM` (or `HH:MM:SS`) on the 24-hour clock, `24:00` only
 * as the end of a range. Days are `Mon`…`Sun` (any case, full names too) and
 * day sets `Mon-Fri`, `Fri-Mon` (wraps), `Mon,Wed,Fri`, `daily`, `weekdays`,
 * `weekends`. Day 0 is Monday.
 *
 * Every parser has a non-throwing form returning `{ ok: false, problem, fix }`
 * so the scenario validator can report all problems at once; the throwing
 * forms raise {@link DurationError} (a RangeError) with the same text.
 */

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
export const WEEK = 7 * DAY;

/** A parse result: the value, or what is wrong and how to fix it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string; fix?: string };

/** Thrown by the throwing parsers; `fix` says what to write instead. */
export class DurationError extends RangeError {
  readonly fix: string | undefined;

  constructor(message: string, fix?: string) {
    super(fix ? `${message}; ${fix}` : message);
    this.name = 'DurationError';
    this.fix = fix;
  }
}

const UNITS: ReadonlyArray<{ names: readonly string[]; seconds: number }> = [
  { names: ['w', 'wk', 'wks', 'week', 'weeks'], seconds: WEEK },
  { names: ['d', 'day', 'days'], seconds: DAY },
  { names: ['h', 'hr', 'hrs', 'hour', 'hours'], seconds: HOUR },
  { names: ['m', 'min', 'mins', 'minute', 'minutes'], seconds: MINUTE },
  { names: ['s', 'sec', 'secs', 'second', 'seconds'], seconds: 1 },
  { names: ['ms', 'msec', 'millisecond', 'milliseconds'], seconds: 0.001 },
];
const NO_FIXED_LENGTH = ['mo', 'mon', 'month', 'months', 'y', 'yr', 'yrs', 'year', 'years'];
const UNIT_FIX = 'use s, m (minutes), h, d or w, e.g. 45s, 15m, 1h30m, 2d';

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const PLAIN_NUMBER = new RegExp(`^${NUMBER}$`, 'i');
const COMPONENT = new RegExp(`(${NUMBER})\\s*([a-zµ]*)\\s*`, 'giy');
const ISO =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * A regular expression (source) that accepts the duration strings
 * {@link safeParseDuration} accepts, for the JSON Schema's `pattern` (editors
 * flag a typo as you type; the parser still gives the precise message).
 */
export const DURATION_PATTERN = String.raw`^\s*(?:(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*[a-zA-Zµ]*\s*)+|[pP][0-9.wWdDtThHmMsS]+\s*)$`;

function showText(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** The longest duration accepted: 100 years (no scenario needs more; it keeps arithmetic finite). */
export const MAX_DURATION = 100 * 365 * DAY;

/** Rounds to the microsecond so `0.1h` is 360, not 360.00000000000006. */
function tidy(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

function bounded(seconds: number): Parsed<number> {
  if (seconds > MAX_DURATION) {
    return {
      ok: false,
      problem: 'longer than 100 years',
      fix: 'check the unit (m is minutes, not months)',
    };
  }
  return { ok: true, value: tidy(seconds) };
}

/**
 * Parses a duration to seconds without throwing.
 *
 * @example
 * safeParseDuration('1h30m'); // { ok: true, value: 5400 }
 * safeParseDuration('1x');    // { ok: false, problem: "unknown unit 'x'", fix: 'use s, m (minutes), …' }
 */
export function safeParseDuration(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: 'not a finite number' };
    if (input < 0) return { ok: false, problem: 'durations cannot be negative' };
    return bounded(input);
  }
  if (typeof input !== 'string') {
    return {
      ok: false,
      problem: 'not a duration',
      fix: 'write e.g. 45s, 15m, 2h or a number of seconds',
    };
  }
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty', fix: 'write e.g. 45s, 15m or 2h' };
  if (text.startsWith('-')) return { ok: false, problem: 'durations cannot be negative' };
  if (PLAIN_NUMBER.test(text)) return bounded(Number(text));
  if (/^p/i.test(text)) return parseIso(text);

  let total = 0;
  let lastRank = -1;
  COMPONENT.lastIndex = 0;
  let end = 0;
  for (let match = COMPONENT.exec(text); match; match = COMPONENT.exec(text)) {
    end = COMPONENT.lastIndex;
    const amount = Number(match[1]);
    const unit = match[2].toLowerCase();
    if (unit === '') {
      return {
        ok: false,
        problem: `'${match[1]}' has no unit`,
        fix: 'give every number a unit, e.g. 1h30m (a bare number alone means seconds)',
      };
    }
    if (NO_FIXED_LENGTH.includes(unit)) {
      return {
        ok: false,
        problem: `'${unit}': months and years have no fixed length`,
        fix: 'use days or weeks, e.g. 30d or 52w',
      };
    }
    const rank = UNITS.findIndex((u) => u.names.includes(unit));
    if (rank < 0) return { ok: false, problem: `unknown unit '${match[2]}'`, fix: UNIT_FIX };
    if (rank === lastRank) {
      return {
        ok: false,
        problem: `unit '${unit}' appears twice`,
        fix: 'write each unit once, e.g. 1h30m',
      };
    }
    if (rank < lastRank) {
      return {
        ok: false,
        problem: 'units out of order',
        fix: 'write the largest unit first, e.g. 1h30m',
      };
    }
    lastRank = rank;
    total += amount * UNITS[rank].seconds;
  }
  if (end !== text.length) {
    return {
      ok: false,
      problem: `cannot read '${text.slice(end)}'`,
      fix: 'write numbers with units, e.g. 45s, 15m, 1h30m, 2d (ISO 8601 PT1H30M also works)',
    };
  }
  return bounded(total);
}

function parseIso(text: string): Parsed<number> {
  const match = ISO.exec(text);
  if (!match || match.slice(1).every((part) => part === undefined) || /t$/i.test(text)) {
    return {
      ok: false,
      problem: 'not an ISO 8601 duration with weeks, days, hours, minutes or seconds',
      fix: 'write e.g. PT1H30M or P1D (months and years have no fixed length), or 1h30m',
    };
  }
  const [w, d, h, m, s] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return bounded(w * WEEK + d * DAY + h * HOUR + m * MINUTE + s);
}

/**
 * Parses a duration to seconds.
 *
 * @throws {DurationError} naming the text and what to write instead
 * @example
 * parseDuration('1h30m'); // 5400
 * parseDuration('1.5m');  // 90
 * parseDuration(45);      // 45
 * parseDuration('PT2H');  // 7200
 */
export function parseDuration(input: string | number): number {
  const result = safeParseDuration(input);
  if (result.ok) return result.value;
  throw new DurationError(`invalid duration ${showText(input)}: ${result.problem}`, result.fix);
}

/**
 * Formats seconds the way the parser reads them, largest unit first:
 * weeks, days, hours, minutes, seconds (fractions of a second to the ms).
 *
 * @throws {RangeError} for a negative or non-finite number
 * @example
 * formatDuration(5400);   // '1h30m'
 * formatDuration(90);     // '1m30s'
 * formatDuration(691200); // '1w1d'
 * formatDuration(0);      // '0s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`formatDuration: seconds must be a finite number ≥ 0, got ${seconds}`);
  }
  let rest = Math.round(seconds * 1000) / 1000;
  let out = '';
  for (const [unit, size] of [
    ['w', WEEK],
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
  ] as const) {
    const whole = Math.floor(rest / size);
    if (whole > 0) {
      out += `${whole}${unit}`;
      rest = Math.round((rest - whole * size) * 1000) / 1000;
    }
  }
  if (rest > 0 || out === '') out += `${rest}s`;
  return out;
}

// ---------------------------------------------------------------- clock times

/**
 * Parses `HH:MM` or `HH:MM:SS` to seconds after midnight. `24:00` is accepted
 * only with `allowEndOfDay` (the end of a range).
 */
export function parseClockTime(text: unknown, allowEndOfDay = false): Parsed<number> {
  const fix = "write a 24-hour time such as '07:00' or '19:30' (quote it in YAML)";
  if (typeof text !== 'string') return { ok: false, problem: 'not a time of day', fix };
  const match = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return { ok: false, problem: 'not a time of day', fix };
  const [h, m, s] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 0];
  if (m > 59 || s > 59 || h > 24 || (h === 24 && (m > 0 || s > 0))) {
    return { ok: false, problem: 'not a valid time of day', fix };
  }
  if (h === 24 && !allowEndOfDay) {
    return {
      ok: false,
      problem: '24:00 is only valid as the end of a range',
      fix: "write '00:00'",
    };
  }
  return { ok: true, value: h * HOUR + m * MINUTE + s };
}

/**
 * Parses a range of the day, `'08:00-20:00'`, to `[start, end)` seconds after
 * midnight. `end` may be `86400` (`24:00`); `end < start` means the range runs
 * past midnight (`'20:00-08:00'`) and the caller decides what that covers.
 */
export function parseTimeRange(text: unknown): Parsed<[number, number]> {
  const fix = "write e.g. '09:00-18:00', '20:00-08:00' (over midnight) or '00:00-24:00'";
  if (typeof text !== 'string') return { ok: false, problem: 'not a range of times', fix };
  const parts = text.split(/\s*[-–]\s*/);
  if (parts.length !== 2) return { ok: false, problem: 'not a range of times', fix };
  const start = parseClockTime(parts[0]);
  const end = parseClockTime(parts[1], true);
  if (!start.ok) return { ok: false, problem: `start '${parts[0].trim()}': ${start.problem}`, fix };
  if (!end.ok) return { ok: false, problem: `end '${parts[1].trim()}': ${end.problem}`, fix };
  if (start.value === end.value) {
    return {
      ok: false,
      problem: 'the range is empty',
      fix: "for the whole day write '00:00-24:00'",
    };
  }
  return { ok: true, value: [start.value, end.value] };
}

// ---------------------------------------------------------------- days

/** Monday first: index 0 is Monday, as everywhere in slalab. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const DAY_ALIASES = new Map<string, number[]>([
  ['daily', [0, 1, 2, 3, 4, 5, 6]],
  ['every day', [0, 1, 2, 3, 4, 5, 6]],
  ['everyday', [0, 1, 2, 3, 4, 5, 6]],
  ['weekdays', [0, 1, 2, 3, 4]],
  ['weekends', [5, 6]],
  ['weekend', [5, 6]],
]);
const DAY_FIX =
  'write day names Mon…Sun, ranges such as Mon-Fri or Sat-Sun, lists such as Mon,Wed,Fri, or daily / weekdays / weekends';

/** Day index (0 = Monday) of a name such as `Mon`, `tue`, `Thursday`; -1 if none. */
export function weekdayIndex(name: string): number {
  const word = name.trim().toLowerCase();
  if (word.length < 3) return -1;
  return FULL_NAMES.findIndex((full) => full.startsWith(word));
}

/**
 * Parses a set of weekdays to sorted indices (0 = Monday).
 *
 * @example
 * parseDaySet('Mon-Fri');    // { ok: true, value: [0, 1, 2, 3, 4] }
 * parseDaySet('Fri-Mon');    // { ok: true, value: [0, 4, 5, 6] }
 * parseDaySet('Mon, Wed');   // { ok: true, value: [0, 2] }
 */
export function parseDaySet(text: unknown): Parsed<number[]> {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, problem: 'not a set of days', fix: DAY_FIX };
  }
  const days = new Set<number>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const alias = DAY_ALIASES.get(item.toLowerCase());
    if (alias) {
      for (const d of alias) days.add(d);
      continue;
    }
    const ends = item.split(/\s*[-–]\s*/);
    if (ends.length > 2) return { ok: false, problem: `cannot read '${raw.trim()}'`, fix: DAY_FIX };
    const from = weekdayIndex(ends[0]);
    const to = ends.length === 2 ? weekdayIndex(ends[1]) : from;
    if (from < 0 || to < 0) {
      const bad = from < 0 ? ends[0] : ends[1];
      return { ok: false, problem: `'${bad.trim()}' is not a day`, fix: DAY_FIX };
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

/** Where a row of a weekly table starts: on given weekdays at an offset into the day. */
export interface WeekTime {
  /** Weekdays (0 = Monday) the row applies to: one day, or all seven for a bare time. */
  days: number[];
  /** Seconds after midnight. */
  offset: number;
}

/**
 * Parses a table's `interval_start`: `'Mon 09:00'`, `'Monday 09:00'`,
 * `'d0 09:00'` (day index 0–6, 0 = Monday), a bare `'09:00'` (every day) or
 * a whole number of seconds from Monday 00:00 (`'32400'`, below one week).
 */
export function parseWeekTime(text: unknown): Parsed<WeekTime> {
  const fix =
    "write 'Mon 09:00', 'd0 09:00' (day 0 = Monday), '09:00' (every day) or seconds from Monday 00:00";
  const value = typeof text === 'number' ? String(text) : text;
  if (typeof value !== 'string') return { ok: false, problem: 'not a time of the week', fix };
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    if (seconds >= WEEK) return { ok: false, problem: 'must be below one week (604800 s)', fix };
    return { ok: true, value: { days: [Math.floor(seconds / DAY)], offset: seconds % DAY } };
  }
  const match = /^(?:([a-z]+|d\d+)[\sT]+)?(\d{1,2}:\d{2}(?::\d{2})?)$/i.exec(trimmed);
  if (!match) return { ok: false, problem: 'not a time of the week', fix };
  const time = parseClockTime(match[2]);
  if (!time.ok) return { ok: false, problem: time.problem, fix };
  if (match[1] === undefined)
    return { ok: true, value: { days: [0, 1, 2, 3, 4, 5, 6], offset: time.value } };
  const dayText = match[1].toLowerCase();
  const day = /^d\d+$/.test(dayText) ? Number(dayText.slice(1)) : weekdayIndex(dayText);
  if (day < 0 || day > 6)
    return { ok: false, problem: `'${match[1]}' is not a day (Mon…Sun or d0…d6)`, fix };
  return { ok: true, value: { days: [day], offset: time.value } };
}

/** `'Tue 09:15'` for an offset into the week, for messages. */
export function formatWeekTime(weekOffset: number): string {
  const t = ((weekOffset % WEEK) + WEEK) % WEEK;
  const day = Math.floor(t / DAY);
  const inDay = t - day * DAY;
  const hh = String(Math.floor(inDay / HOUR)).padStart(2, '0');
  const mm = String(Math.floor((inDay % HOUR) / MINUTE)).padStart(2, '0');
  const ss = inDay % MINUTE;
  return `${WEEKDAYS[day]} ${hh}:${mm}${ss ? `:${String(ss).padStart(2, '0')}` : ''}`;
}
