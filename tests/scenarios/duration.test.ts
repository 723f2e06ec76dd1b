import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DURATION_PATTERN,
  DurationError,
  formatDuration,
  formatWeekTime,
  parseClockTime,
  parseDaySet,
  parseDuration,
  parseTimeRange,
  parseWeekTime,
  safeParseDuration,
} from '../../scenarios/schema/duration.js';

describe('parseDuration', () => {
  it.each([
    ['45s', 45],
    ['1.5m', 90],
    ['90min', 5400],
    ['2h', 7200],
    ['1d', 86_400],
    ['1w', 604_800],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['1 h 30 min', 5400],
    ['2 hours', 7200],
    ['3 days', 259_200],
    ['1w2d', 777_600],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['0.1h', 360],
    ['.5h', 1800],
    ['90', 90],
    [' 90 ', 90],
    ['2.5', 2.5],
    ['0', 0],
    ['0s', 0],
    ['PT1H30M', 5400],
    ['P1D', 86_400],
    ['P1W', 604_800],
    ['pt45s', 45],
    ['1H', 3600],
    [90, 90],
    [0, 0],
    [2.25, 2.25],
  ] as Array<[string | number, number]>)('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['1x', "unknown unit 'x'"],
    ['-5m', 'cannot be negative'],
    [-1, 'cannot be negative'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['1h30', "'30' has no unit"],
    ['30m1h', 'units out of order'],
    ['1m30m', "unit 'm' appears twice"],
    ['2mo', 'months and years have no fixed length'],
    ['1y', 'months and years have no fixed length'],
    ['P1M', 'not an ISO 8601 duration'],
    ['PT', 'not an ISO 8601 duration'],
    ['P', 'not an ISO 8601 duration'],
    ['abc', "cannot read 'abc'"],
    ['5m!', "cannot read '!'"],
    [Number.POSITIVE_INFINITY, 'not a finite number'],
    [Number.NaN, 'not a finite number'],
    ['200y', 'months and years have no fixed length'],
    ['10000w', 'longer than 100 years'],
    [1e300, 'longer than 100 years'],
  ] as Array<[string | number, string]>)('refuses %j: %s', (text, problem) => {
    const result = safeParseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(problem);
  });

  it('says what to write instead of an unknown unit', () => {
    expect(() => parseDuration('5 parsecs')).toThrow(
      "invalid duration '5 parsecs': unknown unit 'parsecs'; use s, m (minutes), h, d or w",
    );
  });

  it('refuses anything but a string or a number without throwing from the safe form', () => {
    for (const value of [null, undefined, true, {}, []]) {
      expect(safeParseDuration(value).ok).toBe(false);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [5400, '1h30m'],
    [90, '1m30s'],
    [0, '0s'],
    [45, '45s'],
    [86_400, '1d'],
    [604_800, '1w'],
    [691_200, '1w1d'],
    [90_000, '1d1h'],
    [0.5, '0.5s'],
    [3600.25, '1h0.25s'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('refuses negative and non-finite numbers', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips every whole number of seconds through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
  });

  it('gives strings the JSON Schema pattern accepts', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
        expect(pattern.test(formatDuration(seconds))).toBe(true);
      }),
    );
  });
});

describe('the JSON Schema pattern for durations', () => {
  it('accepts every string the parser accepts', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    for (const text of [
      '45s',
      '1.5m',
      '90min',
      '1h 30m',
      '2 hours',
      'PT1H30M',
      '90',
      '500ms',
      '1e3s',
    ]) {
      expect(safeParseDuration(text).ok).toBe(true);
      expect(pattern.test(text)).toBe(true);
    }
  });

  it('rejects obvious non-durations', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    for (const text of ['', 'abc', 'h5', '-5m', '5m!']) expect(pattern.test(text)).toBe(false);
  });
});

describe('clock times, ranges and days', () => {
  it('reads HH:MM and HH:MM:SS, with 24:00 only as an end', () => {
    expect(parseClockTime('07:00')).toEqual({ ok: true, value: 25_200 });
    expect(parseClockTime('7:30')).toEqual({ ok: true, value: 27_000 });
    expect(parseClockTime('23:59:30')).toEqual({ ok: true, value: 86_370 });
    expect(parseClockTime('24:00').ok).toBe(false);
    expect(parseClockTime('24:00', true)).toEqual({ ok: true, value: 86_400 });
    expect(parseClockTime('25:00').ok).toBe(false);
    expect(parseClockTime('07:60').ok).toBe(false);
    expect(parseClockTime('7am').ok).toBe(false);
    expect(parseClockTime(420).ok).toBe(false);
  });

  it('reads ranges, including ranges past midnight, and refuses empty ones', () => {
    expect(parseTimeRange('09:00-18:00')).toEqual({ ok: true, value: [32_400, 64_800] });
    expect(parseTimeRange('20:00 - 08:00')).toEqual({ ok: true, value: [72_000, 28_800] });
    expect(parseTimeRange('00:00-24:00')).toEqual({ ok: true, value: [0, 86_400] });
    const empty = parseTimeRange('08:00-08:00');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.fix).toContain('00:00-24:00');
    expect(parseTimeRange('09:00').ok).toBe(false);
    expect(parseTimeRange('09:00-25:00').ok).toBe(false);
  });

  it('reads day names, ranges (wrapping past Sunday), lists and aliases', () => {
    expect(parseDaySet('Mon-Fri')).toEqual({ ok: true, value: [0, 1, 2, 3, 4] });
    expect(parseDaySet('Fri-Mon')).toEqual({ ok: true, value: [0, 4, 5, 6] });
    expect(parseDaySet('mon, wed,Friday')).toEqual({ ok: true, value: [0, 2, 4] });
    expect(parseDaySet('Sun')).toEqual({ ok: true, value: [6] });
    expect(parseDaySet('daily')).toEqual({ ok: true, value: [0, 1, 2, 3, 4, 5, 6] });
    expect(parseDaySet('weekdays')).toEqual({ ok: true, value: [0, 1, 2, 3, 4] });
    expect(parseDaySet('weekends')).toEqual({ ok: true, value: [5, 6] });
    const bad = parseDaySet('Mun-Fri');
    expect(bad).toMatchObject({ ok: false, problem: "'Mun' is not a day" });
    expect(parseDaySet('').ok).toBe(false);
  });

  it('reads the start of a table row as days and an offset into the day', () => {
    expect(parseWeekTime('Mon 09:00')).toEqual({ ok: true, value: { days: [0], offset: 32_400 } });
    expect(parseWeekTime('Sunday 23:45')).toEqual({
      ok: true,
      value: { days: [6], offset: 85_500 },
    });
    expect(parseWeekTime('d3 00:15')).toEqual({ ok: true, value: { days: [3], offset: 900 } });
    expect(parseWeekTime('09:00')).toEqual({
      ok: true,
      value: { days: [0, 1, 2, 3, 4, 5, 6], offset: 32_400 },
    });
    expect(parseWeekTime('90000')).toEqual({ ok: true, value: { days: [1], offset: 3600 } });
    expect(parseWeekTime(3600)).toEqual({ ok: true, value: { days: [0], offset: 3600 } });
    expect(parseWeekTime('604800').ok).toBe(false);
    expect(parseWeekTime('d7 09:00').ok).toBe(false);
    expect(parseWeekTime('Someday 09:00').ok).toBe(false);
  });

  it('formats offsets into the week for messages', () => {
    expect(formatWeekTime(0)).toBe('Mon 00:00');
    expect(formatWeekTime(6 * 86_400 + 85_500)).toBe('Sun 23:45');
    expect(formatWeekTime(-900)).toBe('Sun 23:45');
  });
});
