/**
 * The scenario FILE: what people write (YAML or JSON), as a zod schema.
 *
 * Every field carries a `.describe()` text (units, default, an example) so
 * `z.toJSONSchema` gives editors useful hover text; `scenarios/README.md`
 * documents the same fields at length. This schema checks each field on its
 * own (types, ranges, durations, day and time syntax, unknown keys); checks
 * that span fields (names that must exist, shares that must sum to 1, staffing
 * given two ways…) and the conversion to the normalised `Scenario` live in
 * `normalise.ts`.
 *
 * Issues are reported as {@link ScenarioIssue}s (dotted path, message with the
 * value received, and a fix), all at once, after zod's own issue list
 * (`packages/zod/src/v4/core/errors.ts`): {@link checkFileShape} translates
 * zod's issues into that form.
 */
import { z } from 'zod';
import {
  DAY,
  DURATION_PATTERN,
  formatDuration,
  type Parsed,
  parseClockTime,
  parseDaySet,
  parseTimeRange,
  safeParseDuration,
} from './duration.js';

// ------------------------------------------------------------------ issues

/** A path into the file: object keys and array indices. */
export type PathSegment = string | number;

/** One problem in a scenario file. */
export interface ScenarioIssue {
  /** Dotted path to the field, e.g. `channels.chat.concurrency` or `sla[2].within`. */
  path: string;
  /** What is wrong, with the value received: `must be an integer ≥ 1, got 0`. */
  message: string;
  /** What to write instead, when there is something specific to say. */
  fix?: string;
  /** 1-based line and column of the field in the file, when known. */
  line?: number;
  column?: number;
}

/**
 * Every problem found in a scenario file. Thrown by `normaliseScenario` and
 * `loadScenario`; `format()` gives one line per issue, for people.
 */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];
  /** The file the issues are about, when known. */
  readonly source: string | undefined;

  constructor(issues: readonly ScenarioIssue[], source?: string) {
    const n = issues.length;
    super(
      `${n} problem${n === 1 ? '' : 's'} in ${source ?? 'the scenario'}:\n${formatIssues(issues, source)}`,
    );
    this.name = 'ScenarioError';
    this.issues = issues;
    this.source = source;
  }

  /** One line per issue: `file:line:col path: message — fix: …`. */
  format(): string {
    return formatIssues(this.issues, this.source);
  }
}

/** One line per issue, as {@link ScenarioError.format} prints them. */
export function formatIssues(issues: readonly ScenarioIssue[], source?: string): string {
  return issues
    .map((issue) => {
      const where = [source, issue.line, issue.line !== undefined ? issue.column : undefined]
        .filter((part) => part !== undefined)
        .join(':');
      const fix = issue.fix ? ` — fix: ${issue.fix}` : '';
      return `${where ? `${where} ` : ''}${issue.path}: ${issue.message}${fix}`;
    })
    .join('\n');
}

/** `channels.chat.concurrency`, `sla[2].within`, `weekly.Mon-Fri['08:00-20:00']`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `['${segment}']`;
  }
  return out;
}

/** How a received value is shown in a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string')
    return value.length > 60 ? `'${value.slice(0, 57)}…'` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/**
 * The candidate closest to `word` if it is a plausible typo (case ignored,
 * edit distance with transpositions at most 40% of the length, at least 1),
 * else undefined.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.round(Math.max(w.length, best.length) * 0.4));
  return bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/** `did you mean 'x'?` or the list of what is allowed. */
export function suggest(word: unknown, allowed: readonly string[], what = 'one of'): string {
  const close = typeof word === 'string' ? closestMatch(word, allowed) : undefined;
  if (close !== undefined) return `did you mean '${close}'?`;
  return `use ${what} ${allowed.join(', ')}`;
}

// ------------------------------------------------------------------ vocabulary

export const CHANNEL_KINDS = ['realtime', 'chat', 'deferred', 'messaging'] as const;
export const PRIORITY_NAMES = ['P1', 'P2', 'P3', 'P4'] as const;
export const SLA_METRICS = [
  'firstResponse',
  'nextResponse',
  'resolution',
  'requesterWaitTime',
  'agentWorkTime',
  'abandonment',
  'serviceLevel',
] as const;
export const NEXT_RESPONSE_TRIGGER_NAMES = ['handoff', 'escalation', 'reopen'] as const;
export const ROUTING_POLICIES = ['priority-fifo', 'deadline-first'] as const;

/** Channel and group names: a letter, then letters, digits, `_` or `-`. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Named time-of-day shapes, 24 hourly relative weights (00:00–01:00 first).
 * - `flat`: the same rate all day (a 7×24 queue with no daily pattern).
 * - `business`: office hours — a ramp from 07:00, peaks around 10:00 and
 *   14:00–16:00, a lunch dip at 12:00, quiet after 19:00 and at night.
 * - `extended`: consumers and apps — busy 09:00–21:00 with an evening
 *   shoulder, a smaller morning ramp, a low night.
 */
export const TIME_OF_DAY_PRESETS = {
  flat: Array.from({ length: 24 }, () => 1),
  business: [
    0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.7, 1.2, 1.35, 1.3, 0.95, 1.15, 1.3, 1.3, 1.2,
    0.9, 0.5, 0.3, 0.2, 0.12, 0.07, 0.04,
  ],
  extended: [
    0.12, 0.06, 0.04, 0.03, 0.03, 0.05, 0.15, 0.4, 0.8, 1.1, 1.2, 1.2, 1.1, 1.1, 1.15, 1.15, 1.1,
    1.0, 1.0, 1.05, 1.0, 0.85, 0.6, 0.3,
  ],
} as const satisfies Record<string, readonly number[]>;
export type TimeOfDayPreset = keyof typeof TIME_OF_DAY_PRESETS;
const PRESET_NAMES = ['flat', 'business', 'extended'] as const satisfies readonly TimeOfDayPreset[];

// ------------------------------------------------------------------ building blocks

const must = (phrase: string) => ({ error: phrase });

/** A whole number ≥ min. */
function integer(min: number) {
  const phrase = `must be an integer ≥ ${min}`;
  return z.int(must(phrase)).min(min, must(phrase));
}

/** A number ≥ 0. */
function nonNegative() {
  const phrase = 'must be a number ≥ 0';
  return z.number(must(phrase)).min(0, must(phrase));
}

/** A number in [0, 1]. */
function fraction() {
  const phrase = 'must be a fraction between 0 and 1';
  return z.number(must(phrase)).min(0, must(phrase)).max(1, must(phrase));
}

/** A field whose text is read by one of the parsers in duration.ts. */
function parsedText<T>(phrase: string, parse: (text: string) => Parsed<T>) {
  return z.string(must(phrase)).transform((text, ctx): T => {
    const result = parse(text);
    if (result.ok) return result.value;
    ctx.addIssue({
      code: 'custom',
      message: `${phrase}, got ${showValue(text)}: ${result.problem}`,
      params: result.fix ? { fix: result.fix } : undefined,
    });
    return z.NEVER;
  });
}

const DURATION_PHRASE =
  'must be a duration such as 45s, 15m, 1h30m or 2d (a plain number is seconds)';

/** A duration in any unit, converted to seconds; `check` adds a rule of the field's own. */
function duration(
  description: string,
  opts: {
    positive?: boolean;
    check?: (seconds: number) => { message: string; fix?: string } | undefined;
  } = {},
) {
  return z
    .union(
      [z.number().meta({ minimum: 0 }), z.string().meta({ pattern: DURATION_PATTERN })],
      must(DURATION_PHRASE),
    )
    .transform((value, ctx): number => {
      const result = safeParseDuration(value);
      if (!result.ok) {
        ctx.addIssue({
          code: 'custom',
          message: `${DURATION_PHRASE}, got ${showValue(value)}: ${result.problem}`,
          params: result.fix ? { fix: result.fix } : undefined,
        });
        return z.NEVER;
      }
      if (opts.positive && result.value <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration > 0, got ${showValue(value)}`,
          params: { fix: 'give a positive duration, e.g. 30s or 5m' },
        });
        return z.NEVER;
      }
      const problem = opts.check?.(result.value);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `${problem.message}, got ${showValue(value)}`,
          params: problem.fix ? { fix: problem.fix } : undefined,
        });
        return z.NEVER;
      }
      return result.value;
    })
    .describe(description);
}

/** The interval: whole seconds, at least a minute, dividing a day. */
function checkInterval(seconds: number) {
  if (Number.isInteger(seconds) && seconds >= 60 && DAY % seconds === 0) return undefined;
  return {
    message: 'must be whole seconds, at least 1m, that divide 1 day',
    fix: 'use 1m, 5m, 10m, 15m, 20m, 30m or 1h',
  };
}

/** The horizon: whole days, at least one. */
function checkHorizon(seconds: number) {
  if (seconds >= DAY && seconds % DAY === 0) return undefined;
  return {
    message: 'must be whole days, at least 1d',
    fix: `e.g. ${formatDuration(Math.max(1, Math.round(seconds / DAY)) * DAY)}`,
  };
}

const clockTime = (description: string) =>
  parsedText("must be a time of day such as '07:00'", (t) => parseClockTime(t))
    .meta({ pattern: String.raw`^\s*\d{1,2}:\d{2}(:\d{2})?\s*$` })
    .describe(description);

const daySetText = parsedText('must be days such as Mon, Mon-Fri, Sat-Sun or daily', parseDaySet);

/** Day names or day sets, as one string (`Mon-Fri`) or a list (`[Mon, Wed]`): sorted indices. */
const daysField = (description: string) =>
  z
    .union([daySetText, z.array(daySetText).min(1, must('must list at least one day'))], {
      error: 'must be days: a list such as [Mon, Tue] or a text such as Mon-Fri or daily',
    })
    .transform((value) => {
      const sets = Array.isArray(value[0]) ? (value as number[][]) : [value as number[]];
      return [...new Set(sets.flat())].sort((a, b) => a - b);
    })
    .describe(description);

/** One range or several (`'09:00-12:00, 13:00-18:00'`, or a list): `[start, end]` pairs. */
const timeRanges = (description: string) =>
  z
    .union(
      [z.string(), z.array(z.string(must("must be a range of times such as '09:00-18:00'")))],
      must(
        "must be a range of times such as '09:00-18:00', several separated by commas, or a list",
      ),
    )
    .transform((value, ctx): Array<[number, number]> => {
      const texts = (Array.isArray(value) ? value : [value])
        .flatMap((text) => text.split(','))
        .map((text) => text.trim())
        .filter((text) => text !== '');
      const out: Array<[number, number]> = [];
      for (const text of texts) {
        const range = parseTimeRange(text);
        if (range.ok) out.push(range.value);
        else {
          ctx.addIssue({
            code: 'custom',
            message: `must be ranges of times such as '09:00-18:00', got '${text}': ${range.problem}`,
            params: range.fix ? { fix: range.fix } : undefined,
          });
        }
      }
      return out;
    })
    .describe(description);

/** Checks a record key with one of the parsers (zod reports it as an invalid key). */
function keyText<T>(phrase: string, parse: (text: string) => Parsed<T>) {
  return z.string().superRefine((text, ctx) => {
    const result = parse(text);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: `${phrase}, got ${showValue(text)}: ${result.problem}`,
        params: result.fix ? { fix: result.fix } : undefined,
      });
    }
  });
}

const nameText = (description: string) =>
  z.string(must('must be a name')).min(1, must('must be a non-empty name')).describe(description);

// ------------------------------------------------------------------ distributions

const MEAN = 'Mean, a duration (e.g. 6m, 45s, 1h).';
const CV =
  'Coefficient of variation: standard deviation ÷ mean (0 = constant, 1 = as spread as an exponential).';

/** The families, with their fields; durations in any unit. */
export const distributionSchema = z.discriminatedUnion(
  'dist',
  [
    z
      .strictObject({
        dist: z.literal('deterministic'),
        value: duration('The constant value, a duration.'),
      })
      .describe('Always the same value.'),
    z
      .strictObject({
        dist: z.literal('exponential'),
        mean: duration(MEAN, { positive: true }),
      })
      .describe('Memoryless (cv = 1): the classic M/M/c assumption.'),
    z
      .strictObject({
        dist: z.literal('erlang'),
        mean: duration(MEAN, { positive: true }),
        k: integer(1).describe('Number of phases (cv = 1/√k).'),
      })
      .describe('Sum of k exponential phases: less spread than an exponential.'),
    z
      .strictObject({
        dist: z.literal('gamma'),
        mean: duration(MEAN, { positive: true }),
        cv: nonNegative().describe(CV),
      })
      .describe('Gamma with the given mean and cv.'),
    z
      .strictObject({
        dist: z.literal('lognormal'),
        mean: duration(MEAN, { positive: true }),
        cv: nonNegative().describe(CV),
      })
      .describe(
        'Lognormal with the given mean and cv: the usual fit for handle times (long right tail).',
      ),
    z
      .strictObject({
        dist: z.literal('uniform'),
        min: duration('Lower bound, a duration.'),
        max: duration('Upper bound, a duration (≥ min).'),
      })
      .superRefine((spec, ctx) => {
        if (spec.max < spec.min) {
          ctx.addIssue({
            code: 'custom',
            path: ['max'],
            message: `must be ≥ min (${formatDuration(spec.min)}), got ${formatDuration(spec.max)}`,
            params: { fix: 'swap min and max' },
          });
        }
      })
      .describe('Uniform between min and max.'),
    z
      .strictObject({
        dist: z.literal('empirical'),
        samples: z
          .array(duration('An observed value, a duration.'), must('must be a list of durations'))
          .min(1, must('must list at least one observed duration'))
          .describe('Observed values (durations); each is drawn with equal probability.'),
      })
      .describe('Resample observed values (e.g. handle times exported from a helpdesk).'),
  ],
  must('must be a distribution'),
);

/** A time that varies: a duration (a constant) or a distribution. */
const timeSpec = (description: string) =>
  z
    .union([duration('A constant duration.'), distributionSchema], {
      error:
        'must be a duration (e.g. 6m, a constant) or a distribution such as { dist: lognormal, mean: 6m, cv: 0.7 }',
    })
    .describe(description);

// ------------------------------------------------------------------ arrivals

const weights = (phrase: string) => z.array(nonNegative(), must(phrase));

const specialDaySchema = z
  .strictObject({
    day: z
      .union([integer(0), daySetText], {
        error:
          'must be a day index (0 = the first Monday of the horizon) or weekday names such as Sat or Sat-Sun',
      })
      .describe(
        'A day index from the horizon start (0 = the first Monday; the cool-down days follow the horizon), or weekday names (`Fri`, `Sat-Sun`) for that weekday in every week, warm-up and cool-down included.',
      ),
    multiplier: nonNegative().describe(
      'Factor on that whole day’s arrivals (3 = three times the usual volume, 0 = closed).',
    ),
    channel: z
      .string(must('must be a channel name'))
      .optional()
      .describe('Only this channel; default every channel.'),
    label: z.string().optional().describe('A note for people, e.g. `launch`.'),
  })
  .describe('A day with unusual volume: a launch, a campaign, a public holiday.');

const arrivalsSchema = z
  .strictObject({
    weeklyVolume: nonNegative()
      .optional()
      .describe(
        'Contacts per week over all channels (before bots), split by the channels’ `share`. Give exactly one of weeklyVolume, volumePerDay, table.',
      ),
    volumePerDay: nonNegative()
      .optional()
      .describe('Mean contacts per day over all channels (weeklyVolume = 7 × volumePerDay).'),
    table: z
      .string(must('must be a file name'))
      .min(1, must('must be a file name'))
      .optional()
      .describe(
        'A CSV of expected volumes per interval instead of volume × profiles: columns `interval_start` (`Mon 09:00`, `d0 09:00`, `09:00` = every day, or seconds from Monday 00:00), `channel`, `volume`. Path relative to the scenario file; one week that repeats; intervals without a row have no arrivals.',
      ),
    dayOfWeek: weights('must be a list of 7 weights, Monday first')
      .length(7, must('must list 7 weights, Monday first'))
      .optional()
      .describe(
        'Relative weights of the seven days, Monday first; only their ratios matter (they are scaled to sum 7, so with [1.15, 1.1, 1.05, 1.05, 1, 0.35, 0.3] Monday gets 1.15/7 of the weekly volume). Default all equal.',
      ),
    timeOfDay: z
      .union(
        [
          z.enum(
            PRESET_NAMES,
            must(`must be one of ${PRESET_NAMES.join(', ')} or a list of weights`),
          ),
          weights('must be a list of weights'),
        ],
        must(`must be a preset (${PRESET_NAMES.join(', ')}) or a list of 24 or 96 weights`),
      )
      .optional()
      .describe(
        'Shape of the day: a preset (`flat`, `business` = office hours with a lunch dip, `extended` = 09:00–21:00 with an evening shoulder) or relative weights for equal slots from 00:00: 24 (hourly), 48, 96 (quarter-hours)…, any count that splits the day into whole minutes. Default `flat`.',
      ),
    specialDays: z
      .array(specialDaySchema, must('must be a list of { day, multiplier }'))
      .default([])
      .describe(
        'Whole days whose arrivals are multiplied; several matching entries multiply together.',
      ),
    overdispersion: nonNegative()
      .default(0)
      .describe(
        'Forecast error: coefficient of variation of a gamma multiplier (mean 1) drawn per channel and day. 0 = plain Poisson. Default 0.',
      ),
  })
  .describe(
    'How many contacts arrive and when: a volume (weeklyVolume or volumePerDay) shaped by dayOfWeek × timeOfDay, or an explicit table. Everything repeats weekly; the warm-up takes the end of the previous week.',
  );

// ------------------------------------------------------------------ channels

const botSchema = z
  .strictObject({
    share: fraction().describe('Share of the channel’s contacts routed to the bot first (0–1).'),
    handleTime: timeSpec('How long the bot converses before it resolves or hands off.'),
    containment: fraction().describe(
      'Probability that the bot resolves the contact on its own (0–1); the rest go to a human queue, their elapsed time kept.',
    ),
    handoffHandleTimeMultiplier: z
      .number(must('must be a number > 0'))
      .positive(must('must be a number > 0'))
      .default(1)
      .describe('Handle-time multiplier for the human after a failed bot conversation. Default 1.'),
    countsAsFirstResponse: z
      .boolean(must('must be true or false'))
      .default(false)
      .describe('Whether the bot’s first reply fulfils the first-response SLA. Default false.'),
  })
  .describe('A bot in front of the human queue.');

const channelSchema = z
  .strictObject({
    kind: z
      .enum(CHANNEL_KINDS, must(`must be one of ${CHANNEL_KINDS.join(', ')}`))
      .describe(
        '`realtime` (phone: one contact per agent, callers abandon), `chat` (an agent holds up to `concurrency` sessions), `deferred` (e-mail, web form: a backlog that never abandons), `messaging` (app / WeChat: async, may go quiet).',
      ),
    share: fraction()
      .optional()
      .describe(
        'Fraction of arrivals.weeklyVolume on this channel (0–1; the channels’ shares sum to 1). Default 1 when there is only one channel; not used with arrivals.table.',
      ),
    dayOfWeek: weights('must be a list of 7 weights, Monday first')
      .length(7, must('must list 7 weights, Monday first'))
      .optional()
      .describe('This channel’s own day-of-week weights (overrides arrivals.dayOfWeek).'),
    timeOfDay: z
      .union(
        [
          z.enum(
            PRESET_NAMES,
            must(`must be one of ${PRESET_NAMES.join(', ')} or a list of weights`),
          ),
          weights('must be a list of weights'),
        ],
        must(`must be a preset (${PRESET_NAMES.join(', ')}) or a list of 24 or 96 weights`),
      )
      .optional()
      .describe('This channel’s own time-of-day shape (overrides arrivals.timeOfDay).'),
    handleTime: timeSpec(
      'Time an agent spends on one contact: a duration (constant) or a distribution such as { dist: lognormal, mean: 6m, cv: 0.7 }.',
    ),
    afterContactWork: timeSpec(
      'Wrap-up after each contact, the agent still busy: a duration or a distribution. Default none.',
    ).optional(),
    patience: timeSpec(
      'How long a waiting customer stays before abandoning (realtime, chat, messaging). Omitted: never abandons.',
    ).optional(),
    priorities: z
      .strictObject({
        P1: fraction().optional().describe('Share of P1 (urgent) contacts. Default 0.'),
        P2: fraction().optional().describe('Share of P2 (high) contacts. Default 0.'),
        P3: fraction().optional().describe('Share of P3 (normal) contacts. Default 0.'),
        P4: fraction().optional().describe('Share of P4 (low) contacts. Default 0.'),
      })
      .optional()
      .describe(
        'Priority mix of arriving contacts (shares sum to 1; P1 most urgent). Default all P3.',
      ),
    firstContactResolution: fraction()
      .optional()
      .describe(
        'Probability the contact is resolved at first contact (no escalation). Default work.firstContactResolution.',
      ),
    bot: botSchema.optional(),
    concurrency: z
      .int(must('must be an integer from 1 to 100'))
      .min(1, must('must be an integer from 1 to 100'))
      .max(100, must('must be an integer from 1 to 100'))
      .optional()
      .describe(
        'chat / messaging: sessions one agent holds at once, 1–100. Default 1 (realtime and deferred: 1).',
      ),
    slowdown: z
      .array(
        z.number(must('must be a number ≥ 1')).min(1, must('must be a number ≥ 1')),
        must('must be a list of numbers'),
      )
      .optional()
      .describe(
        'chat / messaging: s(j), the handle-time stretch when an agent holds j sessions, j = 1…concurrency: s(1) = 1, non-decreasing. Default all 1.',
      ),
  })
  .describe('One contact channel.');

// ------------------------------------------------------------------ groups and staffing

const shiftSchema = z
  .strictObject({
    name: z.string(must('must be a text')).optional().describe('A label used in messages.'),
    start: clockTime("Start time on each of `days`, e.g. '07:00' (quote it in YAML)."),
    length: duration(
      'How long the shift lasts, e.g. 9h (up to 1w; it may run past midnight and past Sunday into Monday).',
      {
        positive: true,
      },
    ),
    days: daysField(
      'Days the shift starts on: [Mon, Tue] or Mon-Fri or daily. Default daily.',
    ).prefault('daily'),
    agents: integer(0).describe('Agents on this shift.'),
    breaks: z
      .array(
        z.strictObject({
          after: duration('Time from the shift start to the break, e.g. 4h.'),
          length: duration('Length of the break, e.g. 30m or 1h.', { positive: true }),
        }),
        must('must be a list of { after, length }'),
      )
      .default([])
      .describe(
        'Breaks everyone on the shift takes together (split a shift into two lines to stagger them). Default none.',
      ),
  })
  .describe('A shift pattern.');

const staffingSchema = z
  .strictObject({
    constant: integer(0).optional().describe('The same number of agents at every interval.'),
    perInterval: z
      .union(
        [
          z.string().min(1, must('must be a file name')),
          z.array(integer(0), must('must be a list of agent counts')),
        ],
        must('must be a CSV file name or a list of agent counts'),
      )
      .optional()
      .describe(
        'Agents per interval: a CSV (columns `interval_start`, `agents`, optional `group`; every interval of the week exactly once) or a list covering one week (7 × intervals per day numbers, Monday 00:00 first) or one day (repeated daily).',
      ),
    weekly: z
      .record(
        keyText('must be days such as Mon-Fri, Sat-Sun or daily', parseDaySet),
        z.record(
          keyText("must be a range of times such as '08:00-20:00'", parseTimeRange),
          integer(0),
          must("must map time ranges to agents, e.g. { '08:00-20:00': 30 }"),
        ),
        must("must map days to time ranges, e.g. { Mon-Fri: { '08:00-20:00': 30 } }"),
      )
      .optional()
      .describe(
        "Agents by days and times of day: { Mon-Fri: { '08:00-20:00': 30, '20:00-08:00': 8 }, Sat-Sun: { '00:00-24:00': 10 } }. A range ending before it starts covers that day's night at both ends (00:00–08:00 and 20:00–24:00 of each listed day). Times not covered have no agents; overlaps are an error.",
      ),
    shifts: z
      .array(shiftSchema, must('must be a list of shifts'))
      .min(1, must('must list at least one shift'))
      .optional()
      .describe('Shift patterns; agents on overlapping shifts add up.'),
  })
  .meta({ minProperties: 1, maxProperties: 1 })
  .describe('How many agents are scheduled: exactly one of constant, perInterval, weekly, shifts.');

const groupSchema = z
  .strictObject({
    tier: integer(1).default(1).describe('1 for first line (L1), 2 for L2, … Default 1.'),
    channels: z
      .array(z.string(must('must be a channel name')), must('must be a list of channel names'))
      .default([])
      .describe('Channels this group works (names under `channels`). Default none.'),
    takesEscalations: z
      .boolean(must('must be true or false'))
      .optional()
      .describe(
        'Whether the group takes escalated contacts. Default: tier > 1, or it is work.escalation.to.',
      ),
    shrinkage: z
      .number(must('must be a fraction from 0 up to (not including) 1'))
      .min(0, must('must be a fraction from 0 up to (not including) 1'))
      .lt(1, must('must be a fraction from 0 up to (not including) 1'))
      .default(0)
      .describe(
        'Share of scheduled time lost to leave, training, meetings (0–1). Agents on duty = round(scheduled × (1 − shrinkage)), halves up. Default 0.',
      ),
    staffing: staffingSchema,
  })
  .describe('A group of agents (a tier or skill group).');

// ------------------------------------------------------------------ work, routing, hours, SLA

const workSchema = z
  .strictObject({
    firstContactResolution: fraction()
      .default(1)
      .describe(
        'Probability a contact is resolved at first contact, for channels that do not set their own. Default 1 (no escalations).',
      ),
    escalation: z
      .strictObject({
        to: nameText('The group that receives escalations.'),
        handleTime: timeSpec('Handle time of the escalated work at that group.'),
      })
      .optional()
      .describe(
        'Where unresolved contacts go. Required when any first-contact resolution is below 1.',
      ),
    reopen: z
      .strictObject({
        probability: fraction().describe('Probability a resolved contact comes back (0–1).'),
        delay: timeSpec(
          'Time from resolution to the reopen, e.g. { dist: exponential, mean: 1d }.',
        ),
        handleTime: timeSpec('Handle time of the second pass.'),
      })
      .optional()
      .describe('Contacts that come back after resolution. Default none.'),
  })
  .describe('What happens to a contact after the first agent: escalation and reopen.');

const routingSchema = z
  .strictObject({
    policy: z
      .enum(ROUTING_POLICIES, must(`must be one of ${ROUTING_POLICIES.join(', ')}`))
      .default('priority-fifo')
      .describe(
        '`priority-fifo` (P1 first, then first come first served) or `deadline-first` (earliest SLA due first). Default priority-fifo.',
      ),
    overflow: z
      .array(
        z.strictObject({
          from: nameText('The group whose queue overflows.'),
          to: nameText('The group that may also take those contacts.'),
          after: duration('Wait after which the other group may take the contact, e.g. 10m.'),
        }),
        must('must be a list of { from, to, after }'),
      )
      .default([])
      .describe('A contact waiting longer than `after` for `from` may also be taken by `to`.'),
    deferredWhenIdle: z
      .boolean(must('must be true or false'))
      .default(true)
      .describe(
        'Deferred work (e-mail) is taken only when no realtime, chat or messaging contact waits. Default true.',
      ),
  })
  .describe('How waiting contacts are picked.');

const businessHoursSchema = z
  .object({
    holidays: z
      .array(integer(0), must('must be a list of day indices'))
      .default([])
      .describe('Closed days, as day indices from the horizon start (0 = the first Monday).'),
  })
  .catchall(
    timeRanges(
      "Open hours on these days: '09:00-18:00', several ranges separated by commas, or a list. A range ending before it starts covers the night at both ends of each listed day.",
    ),
  )
  .describe(
    "Opening hours for business-hours SLA clocks: day sets (Mon-Fri, Sat, daily…) mapped to time ranges, plus `holidays`. Days not listed are closed. Default Mon-Fri '09:00-18:00', no holidays.",
  );

const slaSchema = z
  .strictObject({
    name: nameText(
      'A readable name, unique in the scenario. Default generated, e.g. `chat first response 80% within 60s`.',
    ).optional(),
    metric: z
      .enum(SLA_METRICS, must(`must be one of ${SLA_METRICS.join(', ')}`))
      .describe(
        '`firstResponse` (created → first human reply, or bot reply if it counts), `nextResponse` (oldest unanswered customer message → next agent reply), `resolution` (created → final resolve, reopen-aware), `requesterWaitTime` and `agentWorkTime` (time in new/open until solved, solved spells before a reopen excluded), `abandonment` (rate), `serviceLevel` (answered within a threshold).',
      ),
    trigger: z
      .enum(
        NEXT_RESPONSE_TRIGGER_NAMES,
        must(`must be one of ${NEXT_RESPONSE_TRIGGER_NAMES.join(', ')}`),
      )
      .optional()
      .describe(
        'nextResponse only: which unanswered message starts the clock — `handoff` (a bot hands the customer to a person), `escalation` or `reopen`. Default any of them.',
      ),
    channel: z
      .string(must('must be a channel name'))
      .optional()
      .describe('Only this channel. Default all.'),
    priority: z
      .enum(PRIORITY_NAMES, must(`must be one of ${PRIORITY_NAMES.join(', ')}`))
      .optional()
      .describe('Only this priority. Default all.'),
    within: duration(
      'The threshold, e.g. 60s, 2h, 24h. Required for every metric but abandonment.',
    ).optional(),
    attainment: z
      .number(must('must be a fraction between 0 and 1'))
      .gt(0, must('must be a fraction above 0, at most 1'))
      .max(1, must('must be a fraction above 0, at most 1'))
      .optional()
      .describe(
        'The share that must meet `within`, e.g. 0.95. Required for every metric but abandonment.',
      ),
    max: fraction()
      .optional()
      .describe('abandonment only: the highest acceptable abandonment rate, e.g. 0.05.'),
    clock: z
      .enum(['calendar', 'business'], must('must be calendar or business'))
      .default('calendar')
      .describe(
        '`calendar` (default): wall-clock time; `business`: the clock pauses outside businessHours.',
      ),
  })
  .describe('One service-level target.');

// ------------------------------------------------------------------ the file

let zoneNames: string[] | undefined;

/** An IANA zone name, canonicalised (`asia/shanghai` → `Asia/Shanghai`). */
function parseTimeZone(text: string): Parsed<string> {
  try {
    const zone = new Intl.DateTimeFormat('en', { timeZone: text.trim() }).resolvedOptions()
      .timeZone;
    return { ok: true, value: zone };
  } catch {
    zoneNames ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
    const close = closestMatch(text.trim(), zoneNames);
    return {
      ok: false,
      problem: 'unknown time zone',
      fix: close
        ? `did you mean '${close}'?`
        : 'use a name from the IANA database, e.g. Europe/Berlin or UTC',
    };
  }
}

const channelName = z.string().regex(NAME_PATTERN, {
  error:
    'must be a name that starts with a letter and uses letters, digits, _ or - (it is used in paths and reports)',
});

export const scenarioFileSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe('The JSON Schema this file follows (for editors); ignored.'),
    version: z
      .literal(1, must('must be 1, the only file format version so far'))
      .describe('File format version: 1 (required).'),
    name: nameText('A short name, shown in reports.'),
    description: z
      .string(must('must be a text'))
      .default('')
      .describe('Free text: what the scenario models and where its figures come from.'),
    timezone: parsedText('must be an IANA time zone name such as Asia/Shanghai', parseTimeZone)
      .prefault('UTC')
      .describe(
        'IANA time zone, e.g. Asia/Shanghai. Scenario times are local wall-clock times; the horizon starts Monday 00:00. Default UTC.',
      ),
    horizon: duration(
      'The counted window, whole days, e.g. 1w, 4w, 3d. Starts Monday 00:00. Default 1w.',
      {
        check: checkHorizon,
      },
    ).prefault('1w'),
    interval: duration(
      'Interval length for rates and staffing, e.g. 15m; at least 1m and must divide 1 day. Default 15m.',
      { check: checkInterval },
    ).prefault('15m'),
    warmup: duration(
      'Simulated before the horizon and not counted (whole intervals). Default 1d.',
    ).prefault('1d'),
    cooldown: duration(
      'Simulated after the horizon so late contacts can finish; arrivals go on uncounted (whole intervals). Default: 2 × the longest SLA threshold (business-hours thresholds at their longest calendar span), at least 1d.',
    ).optional(),
    arrivals: arrivalsSchema,
    channels: z
      .record(
        channelName,
        channelSchema,
        must('must map channel names to channels, e.g. { phone: { kind: realtime, … } }'),
      )
      .describe('Contact channels by name (phone, chat, email…).'),
    groups: z
      .record(channelName, groupSchema, must('must map group names to groups, e.g. { L1: { … } }'))
      .describe('Agent groups by name (L1, L2, VIP…).'),
    work: workSchema.prefault({}),
    routing: routingSchema.prefault({}),
    businessHours: businessHoursSchema.optional(),
    sla: z
      .array(slaSchema, must('must be a list of targets'))
      .default([])
      .describe('Service-level targets. Default none.'),
  })
  .describe('A slalab scenario: arrivals, channels, agents and the service levels to meet.');

/** A scenario file after field-by-field validation (durations in seconds). */
export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** A scenario file as written (durations as text). */
export type ScenarioFileInput = z.input<typeof scenarioFileSchema>;
export type FileDistribution = z.output<typeof distributionSchema>;

// ------------------------------------------------------------------ zod issues → ScenarioIssues

/** An issue located by path segments; `normalise.ts` turns it into a ScenarioIssue. */
export interface RawIssue {
  at: PathSegment[];
  message: string;
  fix?: string;
}

/**
 * Validates the file field by field. Returns the defaulted, converted file or
 * every issue, translated: dotted paths, the value received, a fix where
 * there is one (did-you-mean for unknown keys and names).
 */
export function checkFileShape(
  data: unknown,
): { ok: true; value: ScenarioFile } | { ok: false; issues: RawIssue[] } {
  const knownKeys = new WeakMap<object, string[]>();
  const result = scenarioFileSchema.safeParse(data, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys' && typeof iss.input === 'object' && iss.input !== null) {
        const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def
          ?.shape;
        if (shape) knownKeys.set(iss.input, Object.keys(shape));
      }
      return genericPhrase(iss);
    },
  });
  if (result.success) return { ok: true, value: result.data };
  const out: RawIssue[] = [];
  for (const issue of result.error.issues) translate(issue, [], data, knownKeys, out);
  return { ok: false, issues: out };
}

type AnyIssue = z.core.$ZodIssue;

const TYPE_PHRASES: Record<string, string> = {
  object: 'must be a mapping (key: value lines)',
  array: 'must be a list',
  string: 'must be a text',
  number: 'must be a number',
  int: 'must be an integer',
  boolean: 'must be true or false',
};

/** Messages for the issues no schema-level `error` covers (zod's defaults are terser). */
function genericPhrase(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return TYPE_PHRASES[iss.expected] ?? `must be ${iss.expected}`;
    case 'too_small':
      if (iss.origin === 'array') return `must list at least ${iss.minimum}`;
      if (iss.origin === 'string') return 'must not be empty';
      return `must be ${iss.inclusive ? '≥' : '>'} ${iss.minimum}`;
    case 'too_big':
      if (iss.origin === 'array') return `must list at most ${iss.maximum}`;
      return `must be ${iss.inclusive ? '≤' : '<'} ${iss.maximum}`;
    case 'invalid_value':
      return `must be ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    default:
      return undefined;
  }
}

function valueAt(
  root: unknown,
  path: readonly PathSegment[],
): { present: boolean; value: unknown } {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) {
      return { present: false, value: undefined };
    }
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return { present: true, value: node };
}

function isRootMismatch(issue: AnyIssue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  if (issue.code === 'invalid_union' && !('discriminator' in issue && issue.discriminator)) {
    return issue.errors.every((branch) => branch.some(isRootMismatch));
  }
  return false;
}

function numericText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function translate(
  issue: AnyIssue,
  base: PathSegment[],
  root: unknown,
  knownKeys: WeakMap<object, string[]>,
  out: RawIssue[],
): void {
  const at = [...base, ...(issue.path as PathSegment[])];
  const { present, value } = valueAt(root, at);
  const got = present ? `, got ${showValue(value)}` : '';
  const phrase =
    issue.message && issue.message !== 'Invalid input' ? issue.message : 'has the wrong type';
  const required = (what: string) =>
    out.push({ at, message: what.startsWith('must') ? `is required; it ${what}` : 'is required' });

  switch (issue.code) {
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        if (!present) {
          out.push({ at, message: `is required; it must be one of ${options.join(', ')}` });
        } else {
          out.push({
            at,
            message: `must be one of ${options.join(', ')}${got}`,
            fix: suggest(value, options),
          });
        }
        return;
      }
      const matching = issue.errors.filter((branch) => !branch.some(isRootMismatch));
      if (matching.length === 0) {
        if (!present) required(phrase);
        else out.push({ at, message: `${phrase}${got}` });
        return;
      }
      const best = matching.reduce((a, b) => (b.length < a.length ? b : a));
      for (const inner of best) translate(inner, at, root, knownKeys, out);
      return;
    }
    case 'unrecognized_keys': {
      const allowed =
        present && value !== null && typeof value === 'object' ? knownKeys.get(value) : undefined;
      for (const key of issue.keys) {
        const close = allowed ? closestMatch(key, allowed) : undefined;
        out.push({
          at: [...at, key],
          message: 'is not a known key',
          fix: close
            ? `did you mean '${close}'?`
            : allowed
              ? `remove it; keys allowed here: ${allowed.join(', ')}`
              : 'remove it',
        });
      }
      return;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const key = at[at.length - 1];
      if (inner?.code === 'custom') {
        out.push({
          at,
          message: `key ${inner.message}`,
          fix: (inner.params as { fix?: string })?.fix,
        });
      } else {
        out.push({
          at,
          message: `${inner?.message ?? 'is not a valid key'}, got '${String(key)}'`,
        });
      }
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v));
      if (!present) {
        required(phrase);
        return;
      }
      out.push({
        at,
        message: `${phrase}${got}`,
        fix: typeof value === 'string' ? suggest(value, options) : undefined,
      });
      return;
    }
    case 'custom': {
      const fix = (issue.params as { fix?: string } | undefined)?.fix;
      out.push({ at, message: issue.message, ...(fix ? { fix } : {}) });
      return;
    }
    case 'invalid_type': {
      if (!present) {
        required(phrase);
        return;
      }
      let fix: string | undefined;
      if (issue.expected === 'number' && numericText(value))
        fix = `write ${Number(value)} without quotes`;
      if (value === null) fix = 'give a value or remove the key';
      out.push({ at, message: `${phrase}${got}`, ...(fix ? { fix } : {}) });
      return;
    }
    case 'too_big': {
      let fix: string | undefined;
      if (Number(issue.maximum) === 1 && typeof value === 'number' && value > 1 && value <= 100) {
        fix = `a fraction: write ${value / 100} for ${value}%`;
      }
      out.push({ at, message: `${phrase}${got}`, ...(fix ? { fix } : {}) });
      return;
    }
    default:
      out.push({ at, message: `${phrase}${got}` });
  }
}
