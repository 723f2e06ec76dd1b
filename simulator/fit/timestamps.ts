/**
 * Timestamps in a history: text → an instant (epoch seconds) → local
 * wall-clock time in the desk's time zone, which is what the day-of-week and
 * time-of-day profile are about.
 *
 * Accepted (documented in scenarios/README.md, "History files"):
 * - ISO 8601 / RFC 3339: `2024-03-04T09:15:00Z`, `2024-03-04 09:15:00+08:00`,
 *   `2024-03-04T09:15:00.250`, `2024-03-04 09:15`, `2024/03/04 09:15:07`, a
 *   bare date `2024-03-04` (midnight). Without an offset (`Z`, `±HH:MM`,
 *   `±HHMM`, `±HH`) the time is local wall-clock time in the time zone.
 * - a number: Unix time in seconds, or in milliseconds when ≥ 10¹¹.
 *
 * Local time is epoch seconds plus the zone's UTC offset at that instant,
 * from `Intl.DateTimeFormat` (the IANA database Node carries); offsets are
 * cached per quarter hour, so a million rows cost a few thousand lookups.
 * A local time that does not exist (the hour skipped when clocks spring
 * forward) is read with the offset before the change, as most databases do.
 */

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const CACHE_SLOT = 900;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of a year (month 1–12). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The digit at position i of t, or −1000 (poisoning any sum) when it is not a digit. */
function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

export class TimeZoneClock {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly cache = new Map<number, number>();

  /** @throws {RangeError} for a time zone the IANA database does not know */
  constructor(readonly timeZone: string) {
    this.format =
      timeZone === 'UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** The zone's offset from UTC, seconds, at an instant. */
  offset(epoch: number): number {
    if (!this.format) return 0;
    const slot = Math.floor(epoch / CACHE_SLOT);
    const cached = this.cache.get(slot);
    if (cached !== undefined) return cached;
    const at = slot * CACHE_SLOT;
    const parts = this.format.formatToParts(new Date(at * 1000));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall =
      Date.UTC(
        get('year'),
        get('month') - 1,
        get('day'),
        get('hour'),
        get('minute'),
        get('second'),
      ) / 1000;
    const offset = wall - at;
    this.cache.set(slot, offset);
    return offset;
  }

  /** Local wall-clock seconds since 1970-01-01 00:00 local. */
  local(epoch: number): number {
    return epoch + this.offset(epoch);
  }

  /** The instant of a local wall-clock time (seconds since 1970-01-01 00:00 local). */
  fromLocal(wall: number): number {
    const first = this.offset(wall);
    const utc = wall - first;
    const second = this.offset(utc);
    return second === first ? utc : wall - second;
  }

  /**
   * Epoch seconds of a timestamp, or NaN when the text is not one of the
   * accepted forms (or names an impossible date such as 31 April).
   */
  parse(text: string): number {
    const t = text.trim();
    const fast = this.parseCommon(t);
    if (!Number.isNaN(fast)) return fast;
    if (NUMBER.test(t)) {
      const n = Number(t);
      return Math.abs(n) >= 1e11 ? n / 1000 : n;
    }
    const m = ISO.exec(t);
    if (!m) return Number.NaN;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = m[4] === undefined ? 0 : Number(m[4]);
    const minute = m[5] === undefined ? 0 : Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
    if (hour > 23 || minute > 59 || second > 60) return Number.NaN;
    const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + fraction;
    const zone = m[8];
    if (zone === undefined) return this.fromLocal(wall);
    if (zone === 'Z' || zone === 'z' || zone === 'UTC' || zone === 'GMT') return wall;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60;
    return wall - sign * offset;
  }

  /**
   * The common layout `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]`, read with
   * character codes (a million rows hold about ten million timestamps); NaN
   * sends anything else to the general parser.
   */
  private parseCommon(t: string): number {
    const n = t.length;
    if (n < 16 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58)
      return Number.NaN;
    const sep = t.charCodeAt(10);
    if (sep !== 84 && sep !== 32) return Number.NaN;
    const year = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
    const month = digit(t, 5) * 10 + digit(t, 6);
    const day = digit(t, 8) * 10 + digit(t, 9);
    const hour = digit(t, 11) * 10 + digit(t, 12);
    const minute = digit(t, 14) * 10 + digit(t, 15);
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59
    )
      return Number.NaN;
    if (day > daysInMonth(year, month)) return Number.NaN;
    let i = 16;
    let second = 0;
    let fraction = 0;
    if (i < n && t.charCodeAt(i) === 58) {
      second = digit(t, 17) * 10 + digit(t, 18);
      if (second < 0 || second > 60) return Number.NaN;
      i = 19;
      const dot = t.charCodeAt(i);
      if (i < n && (dot === 46 || dot === 44)) {
        i++;
        let scale = 0.1;
        const from = i;
        while (i < n) {
          const c = t.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          fraction += c * scale;
          scale /= 10;
          i++;
        }
        if (i === from) return Number.NaN;
      }
    }
    const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + fraction;
    if (i === n) return this.fromLocal(wall);
    const z = t.charCodeAt(i);
    if (z === 90 || z === 122) return i + 1 === n ? wall : Number.NaN;
    if (z !== 43 && z !== 45) return Number.NaN;
    const rest = n - i - 1;
    if (rest !== 2 && rest !== 4 && rest !== 5) return Number.NaN;
    const oh = digit(t, i + 1) * 10 + digit(t, i + 2);
    const mAt = rest === 5 ? i + 4 : i + 3;
    if (rest === 5 && t.charCodeAt(i + 3) !== 58) return Number.NaN;
    const om = rest === 2 ? 0 : digit(t, mAt) * 10 + digit(t, mAt + 1);
    if (oh < 0 || om < 0) return Number.NaN;
    return wall - (z === 45 ? -1 : 1) * (oh * 3600 + om * 60);
  }
}

/** A local day number (days since 1970-01-01 local) as an ISO date with its weekday: `2024-03-04 Mon`. */
export function localDayLabel(day: number): string {
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  return `${date} ${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][(((day + 3) % 7) + 7) % 7]}`;
}

/** Whether a time zone name is known to this Node's IANA database. */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
