/**
 * Shift patterns: the rules a schedule must follow, read from the `staffing`
 * section of a patterns file or derived from the scenario's own shift list,
 * and expanded into the concrete weekly variants the integer program chooses
 * from.
 *
 * The patterns file (YAML or JSON; other top-level keys are ignored, so the
 * section may live in a file of its own or beside other settings):
 *
 * ```yaml
 * staffing:
 *   contractWeek: 40h            # paid hours of one full-time agent a week (default 40h)
 *   groups:
 *     L1-voice:
 *       patterns:
 *         - name: early
 *           start: '07:00'       # or ['07:00', '07:30'], or { from: '06:00', to: '09:00', every: 30m }
 *           length: 9h
 *           breaks: [{ after: 4h, length: 1h }]   # unpaid unless paid: true
 *           days: Mon-Fri        # days it may be worked (default daily)
 *           daysOn: 5            # optional: each agent works this many consecutive days
 *           min: 2               # agents on the pattern on each day it runs (default 0)
 *           max: 20              # (default unbounded)
 * ```
 *
 * Semantics:
 * - without `daysOn`, the agents of a pattern work every one of its `days`
 *   (a fixed weekly roster, one count for all those days);
 * - with `daysOn: n`, each agent works n consecutive days (wrapping Sunday →
 *   Monday) that all lie in `days`; the program chooses how many agents start
 *   their run on each day (a days-on/days-off rotation: n on, 7 − n off);
 * - `min` and `max` bound the agents working the pattern (all its start times
 *   together) on each of its days;
 * - paid time = length − unpaid breaks, per day worked;
 * - start, length and breaks must fall on interval boundaries.
 *
 * A group the patterns file does not list takes its patterns from the
 * scenario's shift list (`staffing.shifts`): each shift line becomes a
 * pattern with its start, length, breaks and days, `daysOn: 1` (the count may
 * differ from day to day), `min` 0 and no `max`.
 */
import {
  DAY,
  formatDuration,
  parseClockTime,
  parseDaySet,
  safeParseDuration,
  WEEK,
  WEEKDAYS,
} from '../../scenarios/schema/duration.js';
import {
  checkFileShape,
  formatPath,
  type PathSegment,
  ScenarioError,
  type ScenarioIssue,
  showValue,
} from '../../scenarios/schema/scenarioFile.js';
import type { Scenario } from '../../scenarios/schema/types.js';

/** One allowed shift pattern, validated, in seconds. */
export interface Pattern {
  name: string;
  /** Allowed start times, seconds after midnight, ascending. */
  starts: number[];
  length: number;
  breaks: Array<{ after: number; length: number; paid: boolean }>;
  /** Days it may be worked (0 = Monday), ascending. */
  days: number[];
  /** Consecutive days each agent works; undefined = every day of `days`. */
  daysOn?: number;
  /** Agents on the pattern on each of its days: at least `min`, at most `max`. */
  min: number;
  max: number;
}

export interface GroupPatterns {
  group: string;
  /** Where the patterns came from. */
  source: 'patterns file' | 'scenario shifts';
  patterns: Pattern[];
}

export interface StaffingRules {
  /** Paid seconds of one full-time agent a week. */
  contractWeek: number;
  /** One entry per scenario group, in the scenario's order. */
  groups: GroupPatterns[];
}

/** One concrete weekly schedule a group of identical agents can work. */
export interface Variant {
  /** Index of the pattern in its group's list. */
  pattern: number;
  start: number;
  /** Days worked (0 = Monday). */
  days: number[];
  /** Paid seconds per agent per week. */
  paidSeconds: number;
  /** Week positions (interval index from Monday 00:00) the agent is on duty. */
  cover: number[];
}

export const DEFAULT_CONTRACT_WEEK = 40 * 3600;

interface Issues {
  list: ScenarioIssue[];
  add(at: PathSegment[], message: string, fix?: string): void;
}

function issues(): Issues {
  const list: ScenarioIssue[] = [];
  return {
    list,
    add(at, message, fix) {
      list.push({ path: formatPath(at), message, ...(fix ? { fix } : {}) });
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The staffing rules for a scenario: patterns from `data` (a parsed patterns
 * file, or undefined) and, for groups it does not list, from the scenario
 * file's shift list.
 *
 * @param data the parsed patterns file (its `staffing` section is read), or undefined
 * @param scenarioFile the parsed scenario file, to derive patterns from its shifts
 * @throws {ScenarioError} listing every problem found (paths such as `staffing.groups.L1.patterns[0].length`)
 * @example
 * const rules = staffingRules(YAML.parse(patternsText), scenario, YAML.parse(scenarioText), 'patterns.yaml');
 * rules.groups[0].patterns[0].starts; // [25200] (07:00)
 */
export function staffingRules(
  data: unknown,
  scenario: Scenario,
  scenarioFile?: unknown,
  source?: string,
): StaffingRules {
  const found = issues();
  let contractWeek = DEFAULT_CONTRACT_WEEK;
  const given = new Map<string, Pattern[]>();
  if (data !== undefined) {
    if (!isRecord(data) || !isRecord(data.staffing)) {
      found.add(
        ['staffing'],
        `is required: a patterns file has a staffing section, got ${showValue(isRecord(data) ? data.staffing : data)}`,
        'start the file with `staffing:` and list `groups:` under it',
      );
    } else {
      const section = data.staffing;
      for (const key of Object.keys(section)) {
        if (key !== 'contractWeek' && key !== 'groups') {
          found.add(
            ['staffing', key],
            'is not a known key',
            'keys allowed here: contractWeek, groups',
          );
        }
      }
      if (section.contractWeek !== undefined) {
        const d = safeParseDuration(section.contractWeek);
        if (!d.ok || d.value <= 0) {
          found.add(
            ['staffing', 'contractWeek'],
            `must be a duration > 0 such as 40h, got ${showValue(section.contractWeek)}`,
          );
        } else contractWeek = d.value;
      }
      if (!isRecord(section.groups)) {
        found.add(
          ['staffing', 'groups'],
          `must map group names to { patterns: [...] }, got ${showValue(section.groups)}`,
        );
      } else {
        const names = scenario.groups.map((g) => g.name);
        for (const [name, entry] of Object.entries(section.groups)) {
          const at: PathSegment[] = ['staffing', 'groups', name];
          if (!names.includes(name)) {
            found.add(at, 'is not a group of the scenario', `use one of ${names.join(', ')}`);
            continue;
          }
          if (!isRecord(entry) || !Array.isArray(entry.patterns) || entry.patterns.length === 0) {
            found.add([...at, 'patterns'], 'must be a list of at least one pattern');
            continue;
          }
          for (const key of Object.keys(entry)) {
            if (key !== 'patterns') found.add([...at, key], 'is not a known key', 'remove it');
          }
          const list: Pattern[] = [];
          entry.patterns.forEach((p: unknown, i: number) => {
            const pattern = readPattern(p, [...at, 'patterns', i], scenario.interval, found);
            if (pattern) list.push(pattern);
          });
          given.set(name, list);
        }
      }
    }
  }

  const fromShifts = scenarioFile === undefined ? undefined : shiftsOfFile(scenarioFile);
  const groups: GroupPatterns[] = scenario.groups.map((g) => {
    const own = given.get(g.name);
    if (own) return { group: g.name, source: 'patterns file', patterns: own };
    const shifts = fromShifts?.get(g.name);
    if (!shifts || shifts.length === 0) {
      found.add(
        ['staffing', 'groups', g.name],
        'has no shift patterns: the patterns file does not list it and the scenario gives it no shifts',
        'list its patterns under staffing.groups in a patterns file (--patterns)',
      );
      return { group: g.name, source: 'scenario shifts', patterns: [] };
    }
    return { group: g.name, source: 'scenario shifts', patterns: shifts };
  });
  if (found.list.length > 0) throw new ScenarioError(found.list, source);
  return { contractWeek, groups };
}

/** Patterns derived from each group's shift list in a scenario file. */
function shiftsOfFile(file: unknown): Map<string, Pattern[]> {
  const out = new Map<string, Pattern[]>();
  const shape = checkFileShape(file);
  if (!shape.ok) return out;
  for (const [name, group] of Object.entries(shape.value.groups)) {
    const shifts = group.staffing.shifts;
    if (!shifts) continue;
    out.set(
      name,
      shifts.map((s, i) => ({
        name: s.name ?? `shift ${i + 1}`,
        starts: [s.start],
        length: s.length,
        breaks: s.breaks.map((b) => ({ after: b.after, length: b.length, paid: false })),
        days: s.days,
        daysOn: 1,
        min: 0,
        max: Number.POSITIVE_INFINITY,
      })),
    );
  }
  return out;
}

const PATTERN_KEYS = ['name', 'start', 'length', 'breaks', 'days', 'daysOn', 'min', 'max'];

function readPattern(
  raw: unknown,
  at: PathSegment[],
  interval: number,
  found: Issues,
): Pattern | undefined {
  if (!isRecord(raw)) {
    found.add(at, `must be a pattern { name, start, length, … }, got ${showValue(raw)}`);
    return undefined;
  }
  const before = found.list.length;
  for (const key of Object.keys(raw)) {
    if (!PATTERN_KEYS.includes(key)) {
      found.add(
        [...at, key],
        'is not a known key',
        `keys allowed here: ${PATTERN_KEYS.join(', ')}`,
      );
    }
  }
  const name = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : undefined;
  if (name === undefined)
    found.add([...at, 'name'], `must be a non-empty text, got ${showValue(raw.name)}`);
  const aligned = (where: PathSegment[], seconds: number, what: string) => {
    if (seconds % interval !== 0) {
      found.add(
        where,
        `must fall on the ${formatDuration(interval)} interval grid, got ${what}`,
        `use a multiple of ${formatDuration(interval)}`,
      );
    }
  };
  const duration = (
    where: PathSegment[],
    value: unknown,
    positive: boolean,
  ): number | undefined => {
    const d = safeParseDuration(value);
    if (!d.ok || (positive && d.value <= 0)) {
      found.add(
        where,
        `must be a duration${positive ? ' > 0' : ''} such as 9h or 30m, got ${showValue(value)}`,
      );
      return undefined;
    }
    aligned(where, d.value, formatDuration(d.value));
    return d.value;
  };
  const clock = (where: PathSegment[], value: unknown): number | undefined => {
    const t = parseClockTime(value);
    if (!t.ok) {
      found.add(where, `must be a time of day such as '07:00', got ${showValue(value)}`, t.fix);
      return undefined;
    }
    aligned(where, t.value, String(value));
    return t.value;
  };

  let starts: number[] = [];
  const start = raw.start;
  if (Array.isArray(start)) {
    if (start.length === 0) found.add([...at, 'start'], 'must list at least one start time');
    start.forEach((s, i) => {
      const t = clock([...at, 'start', i], s);
      if (t !== undefined) starts.push(t);
    });
  } else if (isRecord(start)) {
    const from = clock([...at, 'start', 'from'], start.from);
    const to = clock([...at, 'start', 'to'], start.to);
    const every = duration([...at, 'start', 'every'], start.every ?? interval, true);
    if (from !== undefined && to !== undefined && every !== undefined) {
      if (to < from) {
        found.add(
          [...at, 'start', 'to'],
          'must not be before from',
          'give from ≤ to within one day',
        );
      } else for (let t = from; t <= to; t += every) starts.push(t);
    }
  } else {
    const t = clock([...at, 'start'], start);
    if (t !== undefined) starts.push(t);
  }
  starts = [...new Set(starts)].sort((a, b) => a - b);

  const length = duration([...at, 'length'], raw.length, true);
  if (length !== undefined && length > WEEK) {
    found.add([...at, 'length'], `must be at most 1w, got ${formatDuration(length)}`);
  }
  const breaks: Pattern['breaks'] = [];
  if (raw.breaks !== undefined) {
    if (!Array.isArray(raw.breaks))
      found.add([...at, 'breaks'], 'must be a list of { after, length }');
    else {
      raw.breaks.forEach((b: unknown, i: number) => {
        const where = [...at, 'breaks', i];
        if (!isRecord(b)) {
          found.add(where, `must be { after, length, paid? }, got ${showValue(b)}`);
          return;
        }
        const after = duration([...where, 'after'], b.after, false);
        const len = duration([...where, 'length'], b.length, true);
        if (b.paid !== undefined && typeof b.paid !== 'boolean') {
          found.add([...where, 'paid'], `must be true or false, got ${showValue(b.paid)}`);
        }
        if (after === undefined || len === undefined) return;
        if (length !== undefined && after + len > length) {
          found.add(
            where,
            `ends after the shift: ${formatDuration(after)} + ${formatDuration(len)} > ${formatDuration(length)}`,
          );
        }
        breaks.push({ after, length: len, paid: b.paid === true });
      });
    }
  }

  let days = [0, 1, 2, 3, 4, 5, 6];
  if (raw.days !== undefined) {
    const texts = Array.isArray(raw.days) ? raw.days : [raw.days];
    const set = new Set<number>();
    texts.forEach((text: unknown) => {
      const parsed = parseDaySet(text);
      if (!parsed.ok)
        found.add(
          [...at, 'days'],
          `must be days such as Mon-Fri or daily, got ${showValue(text)}`,
          parsed.fix,
        );
      else for (const d of parsed.value) set.add(d);
    });
    days = [...set].sort((a, b) => a - b);
  }
  let daysOn: number | undefined;
  if (raw.daysOn !== undefined) {
    if (!Number.isInteger(raw.daysOn) || (raw.daysOn as number) < 1 || (raw.daysOn as number) > 7) {
      found.add(
        [...at, 'daysOn'],
        `must be a whole number of days from 1 to 7, got ${showValue(raw.daysOn)}`,
      );
    } else {
      daysOn = raw.daysOn as number;
      if (rotationStarts(days, daysOn).length === 0) {
        found.add(
          [...at, 'daysOn'],
          `no run of ${daysOn} consecutive days fits in the pattern's days (${days.map((d) => WEEKDAYS[d]).join(', ')})`,
          'lower daysOn or widen days',
        );
      }
    }
  }
  const count = (key: 'min' | 'max', fallback: number): number => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || (v as number) < 0) {
      found.add([...at, key], `must be a whole number ≥ 0, got ${showValue(v)}`);
      return fallback;
    }
    return v as number;
  };
  const min = count('min', 0);
  const max = count('max', Number.POSITIVE_INFINITY);
  if (max < min) found.add([...at, 'max'], `must be ≥ min (${min}), got ${max}`);
  if (found.list.length > before || name === undefined || length === undefined) return undefined;
  return { name, starts, length, breaks, days, daysOn, min, max };
}

/** First days d (in `days`) of every run d, d+1, …, d+n−1 (mod 7) inside `days`. */
function rotationStarts(days: readonly number[], n: number): number[] {
  const set = new Set(days);
  return days.filter((d) => {
    for (let k = 0; k < n; k++) if (!set.has((d + k) % 7)) return false;
    return true;
  });
}

/**
 * Every concrete weekly schedule of a group's patterns: each start time ×
 * (the pattern's fixed days, or each rotation of `daysOn` consecutive days).
 *
 * @example
 * expandPatterns([{ name: 'day', starts: [32400], length: 32400, breaks: [], days: [0, 1], min: 0, max: Infinity }], 3600);
 * // [{ pattern: 0, start: 32400, days: [0, 1], paidSeconds: 64800, cover: [9, …, 17, 33, …, 41] }]
 */
export function expandPatterns(patterns: readonly Pattern[], interval: number): Variant[] {
  const weekIntervals = WEEK / interval;
  const out: Variant[] = [];
  patterns.forEach((p, pi) => {
    const daySets =
      p.daysOn === undefined
        ? [p.days]
        : rotationStarts(p.days, p.daysOn).map((d) =>
            Array.from({ length: p.daysOn as number }, (_, k) => (d + k) % 7).sort((a, b) => a - b),
          );
    const steps = p.length / interval;
    const off = new Set<number>();
    let unpaid = 0;
    for (const b of p.breaks) {
      for (let t = b.after; t < b.after + b.length; t += interval) off.add(t / interval);
      if (!b.paid) unpaid += b.length;
    }
    for (const start of p.starts) {
      for (const days of daySets) {
        const cover: number[] = [];
        for (const d of days) {
          const first = (d * DAY + start) / interval;
          for (let k = 0; k < steps; k++) {
            if (!off.has(k)) cover.push((first + k) % weekIntervals);
          }
        }
        out.push({
          pattern: pi,
          start,
          days,
          paidSeconds: days.length * (p.length - unpaid),
          cover,
        });
      }
    }
  });
  return out;
}
