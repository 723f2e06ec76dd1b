/**
 * From a scenario file to the normalised `Scenario` the model consumes:
 * defaults → validate → build (Ciw's `import_params` order), reporting every
 * problem at once.
 *
 * 1. Field by field (`checkFileShape`, zod): types, ranges, durations, day and
 *    time syntax, unknown keys; defaults filled in.
 * 2. Across fields, on the file as written so they run even when step 1
 *    found problems: names that must exist (channels in groups, escalation
 *    and overflow groups, SLA channels and priorities), shares and priority
 *    mixes that must sum to 1, exactly one volume and one staffing form, kind
 *    rules (concurrency, slowdown, patience), channels no group serves.
 * 3. Build, when step 1 passed: the interval grid (interval divides a day,
 *    whole-day horizon, whole-interval warm-up and cool-down), arrival rates
 *    from the profiles or the CSV table, staffing per interval from constant /
 *    list / CSV / weekly / shifts, business hours, SLA names; with the checks
 *    that need those values (alignment to the interval, overlaps, CSV rows,
 *    special days and holidays inside the simulated days).
 *
 * Index conventions (see `types.ts`): interval i = 0 is the first warm-up
 * interval; the horizon starts at i = warmupIntervals, time 0, Monday 00:00
 * local time. Everything weekly repeats, so the warm-up takes the end of the
 * previous week (a one-day warm-up is the Sunday before).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DAY,
  formatDuration,
  formatWeekTime,
  parseDaySet,
  parseTimeRange,
  parseWeekTime,
  WEEK,
} from './duration.js';
import {
  CHANNEL_KINDS,
  checkFileShape,
  closestMatch,
  type FileDistribution,
  formatPath,
  type PathSegment,
  PRIORITY_NAMES,
  type RawIssue,
  ScenarioError,
  type ScenarioFile,
  type ScenarioIssue,
  showValue,
  suggest,
  TIME_OF_DAY_PRESETS,
} from './scenarioFile.js';
import type {
  BusinessHours,
  ChannelSpec,
  DistributionSpec,
  GroupSpec,
  Priority,
  Scenario,
  SlaMetric,
  SlaTarget,
} from './types.js';

export interface NormaliseOptions {
  /** Directory that CSV paths in the file are relative to (the scenario file's). */
  baseDir: string;
  /** Reads a referenced file (CSV) as text; default `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
  /** Line and column of a path in the source text, for messages. */
  locate?: (path: readonly PathSegment[]) => { line: number; column: number } | undefined;
  /** Name of the scenario file, for messages. */
  source?: string;
}

/** Sums within this of 1 count as 1 (shares, priority mixes). */
export const SUM_TOLERANCE = 1e-9;
/** Upper bound on warm-up + horizon + cool-down intervals (memory guard). */
export const MAX_INTERVALS = 2_000_000;
/** Channels a scenario may define: the simulator keeps a few fixed-size tables per channel. */
export const MAX_CHANNELS = 32;

const STAFFING_FORMS = ['constant', 'perInterval', 'weekly', 'shifts'] as const;
const VOLUME_FORMS = ['weeklyVolume', 'volumePerDay', 'table'] as const;
const METRIC_WORDS: Record<SlaMetric, string> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
  requesterWaitTime: 'requester wait time',
  agentWorkTime: 'agent work time',
  abandonment: 'abandonment',
  serviceLevel: 'service level',
};
const DEFAULT_BUSINESS_WEEK: Array<Array<[number, number]>> = [0, 1, 2, 3, 4, 5, 6].map((d) =>
  d < 5 ? [[9 * 3600, 18 * 3600]] : [],
);

/**
 * Validates a parsed scenario file and builds the normalised scenario.
 *
 * @param file the parsed YAML / JSON (anything: it is validated)
 * @throws {ScenarioError} listing every problem found; never anything else
 *   for bad input
 * @example
 * const scenario = normaliseScenario(YAML.parse(text), { baseDir: dirname(path) });
 * scenario.arrivalRates[0].length; // warm-up + horizon + cool-down intervals
 */
export function normaliseScenario(file: unknown, opts: NormaliseOptions): Scenario {
  const issues: RawIssue[] = [];
  const shape = checkFileShape(file);
  if (!shape.ok) issues.push(...shape.issues);
  crossCheck(file, issues);
  let scenario: Scenario | undefined;
  if (shape.ok) scenario = new Builder(shape.value, opts, issues).build();
  if (issues.length > 0 || scenario === undefined) {
    throw new ScenarioError(finishIssues(issues, opts.locate), opts.source);
  }
  return scenario;
}

/** Paths formatted, duplicates dropped, located in the source and sorted by line when possible. */
function finishIssues(
  raw: readonly RawIssue[],
  locate?: NormaliseOptions['locate'],
): ScenarioIssue[] {
  const seen = new Set<string>();
  const out: ScenarioIssue[] = [];
  for (const issue of raw) {
    const path = formatPath(issue.at);
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = locate?.(issue.at);
    out.push({
      path,
      message: issue.message,
      ...(issue.fix ? { fix: issue.fix } : {}),
      ...(where ? { line: where.line, column: where.column } : {}),
    });
  }
  // In file order when located (stable: issues on one line keep their order).
  return locate
    ? out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    : out;
}

// ------------------------------------------------------------------ step 2: across fields

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function numbersOf(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every(isNumber) ? value : undefined;
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** Checks that span fields, on the file as written (tolerant of bad shapes). */
function crossCheck(raw: unknown, issues: RawIssue[]): void {
  if (!isDict(raw)) return;
  const add = (at: PathSegment[], message: string, fix?: string) =>
    issues.push({ at, message, ...(fix ? { fix } : {}) });

  const channels = isDict(raw.channels) ? raw.channels : undefined;
  const channelNames = channels ? Object.keys(channels) : undefined;
  const groups = isDict(raw.groups) ? raw.groups : undefined;
  const groupNames = groups ? Object.keys(groups) : undefined;
  const arrivals = isDict(raw.arrivals) ? raw.arrivals : undefined;
  const work = isDict(raw.work) ? raw.work : undefined;
  const routing = isDict(raw.routing) ? raw.routing : undefined;
  const escalation = work && isDict(work.escalation) ? work.escalation : undefined;
  const escalationTarget = typeof escalation?.to === 'string' ? escalation.to : undefined;

  const checkChannel = (at: PathSegment[], name: unknown) => {
    if (typeof name !== 'string' || !channelNames || channelNames.includes(name)) return;
    add(
      at,
      `names no channel: '${name}'`,
      channelNames.length ? suggest(name, channelNames) : 'define it under channels',
    );
  };
  const checkGroup = (at: PathSegment[], name: unknown) => {
    if (typeof name !== 'string' || !groupNames || groupNames.includes(name)) return;
    add(
      at,
      `names no group: '${name}'`,
      groupNames.length ? suggest(name, groupNames) : 'define it under groups',
    );
  };

  // arrivals: exactly one volume form; profiles only with a volume
  let byTable = false;
  if (arrivals) {
    const given = VOLUME_FORMS.filter((key) => arrivals[key] !== undefined);
    byTable = given[0] === 'table';
    if (given.length === 0) {
      add(
        ['arrivals'],
        'gives no volume',
        'add weeklyVolume (contacts per week), volumePerDay or table (a CSV)',
      );
    }
    for (const extra of given.slice(1)) {
      add(
        ['arrivals', extra],
        `conflicts with arrivals.${given[0]}: give exactly one of weeklyVolume, volumePerDay, table`,
        `remove arrivals.${extra} or arrivals.${given[0]}`,
      );
    }
    if (byTable) {
      for (const key of ['dayOfWeek', 'timeOfDay'] as const) {
        if (arrivals[key] !== undefined) {
          add(
            ['arrivals', key],
            'is not used with arrivals.table (the table gives every interval)',
            'remove it',
          );
        }
      }
    }
    if (Array.isArray(arrivals.specialDays)) {
      arrivals.specialDays.forEach((special, i) => {
        if (isDict(special))
          checkChannel(['arrivals', 'specialDays', i, 'channel'], special.channel);
      });
    }
  }

  // groups: channels exist, exactly one staffing form
  const served = new Set<string>();
  let servedKnown = groups !== undefined;
  const overflowTargets = new Set<string>();
  if (routing && Array.isArray(routing.overflow)) {
    routing.overflow.forEach((rule, i) => {
      if (!isDict(rule)) return;
      checkGroup(['routing', 'overflow', i, 'from'], rule.from);
      checkGroup(['routing', 'overflow', i, 'to'], rule.to);
      if (typeof rule.to === 'string') overflowTargets.add(rule.to);
      if (typeof rule.from === 'string' && rule.from === rule.to) {
        add(
          ['routing', 'overflow', i, 'to'],
          `is the same group as from ('${rule.from}')`,
          'overflow to another group',
        );
      }
    });
  }
  if (groups) {
    if (groupNames?.length === 0)
      add(['groups'], 'defines no group', 'add at least one group of agents');
    for (const [name, group] of Object.entries(groups)) {
      if (!isDict(group)) {
        servedKnown = false;
        continue;
      }
      const list = group.channels === undefined ? [] : stringsOf(group.channels);
      if (!list) servedKnown = false;
      const seen = new Set<string>();
      (Array.isArray(group.channels) ? group.channels : []).forEach((channel: unknown, i) => {
        if (typeof channel !== 'string') return;
        checkChannel(['groups', name, 'channels', i], channel);
        if (seen.has(channel))
          add(['groups', name, 'channels', i], `lists '${channel}' twice`, 'remove the repeat');
        seen.add(channel);
        served.add(channel);
      });
      if (isDict(group.staffing)) {
        const staffing = group.staffing;
        const given = STAFFING_FORMS.filter((key) => staffing[key] !== undefined);
        if (given.length === 0) {
          add(
            ['groups', name, 'staffing'],
            'gives no staffing',
            'give exactly one of constant, perInterval, weekly, shifts',
          );
        }
        for (const extra of given.slice(1)) {
          add(
            ['groups', name, 'staffing', extra],
            `conflicts with staffing.${given[0]}: staffing is given two ways`,
            'give exactly one of constant, perInterval, weekly, shifts',
          );
        }
      }
      const tier = isNumber(group.tier) ? group.tier : 1;
      const takes = group.takesEscalations ?? (tier > 1 || name === escalationTarget);
      if (list && list.length === 0 && takes === false && !overflowTargets.has(name)) {
        add(
          ['groups', name],
          'serves no channel and takes no escalations, so it never works',
          'list channels it serves, or set takesEscalations: true',
        );
      }
      if (name === escalationTarget && group.takesEscalations === false) {
        add(
          ['groups', name, 'takesEscalations'],
          'is false, but work.escalation sends contacts to this group',
          'remove takesEscalations or set it to true',
        );
      }
    }
  }

  // channels: shares, kinds, priorities, who serves them
  const workFcr = work && isNumber(work.firstContactResolution) ? work.firstContactResolution : 1;
  let belowOne: string | undefined = workFcr < 1 ? 'work.firstContactResolution' : undefined;
  if (channels && channelNames) {
    if (channelNames.length === 0)
      add(
        ['channels'],
        'defines no channel',
        'add at least one channel, e.g. phone: { kind: realtime, … }',
      );
    if (channelNames.length > MAX_CHANNELS)
      add(
        ['channels'],
        `defines ${channelNames.length} channels, more than ${MAX_CHANNELS}`,
        `merge channels that share a kind and SLAs, down to ${MAX_CHANNELS}`,
      );
    const shares: Array<[string, number]> = [];
    let sharesComplete = true;
    for (const [name, channel] of Object.entries(channels)) {
      if (!isDict(channel)) {
        sharesComplete = false;
        continue;
      }
      const at = ['channels', name];
      const kind = CHANNEL_KINDS.find((k) => k === channel.kind);
      if (arrivals && !byTable) {
        if (isNumber(channel.share)) shares.push([name, channel.share]);
        else sharesComplete = false;
        if (channel.share === undefined && channelNames.length > 1) {
          add(
            [...at, 'share'],
            'is required when there are several channels (fraction of the arrivals on this channel)',
            'give every channel a share; the shares sum to 1',
          );
        }
      } else if (arrivals && byTable) {
        for (const key of ['share', 'dayOfWeek', 'timeOfDay'] as const) {
          if (channel[key] !== undefined) {
            add(
              [...at, key],
              'is not used with arrivals.table (the table gives each channel’s volume)',
              'remove it',
            );
          }
        }
      }
      if (kind === 'realtime' || kind === 'deferred') {
        if (channel.concurrency !== undefined && channel.concurrency !== 1) {
          add(
            [...at, 'concurrency'],
            `must be 1 for a ${kind} channel (one contact per agent), got ${showValue(channel.concurrency)}`,
            'remove it, or make the channel kind: chat or messaging',
          );
        }
        const slowdown = numbersOf(channel.slowdown);
        if (channel.slowdown !== undefined && !(slowdown?.length === 1 && slowdown[0] === 1)) {
          add(
            [...at, 'slowdown'],
            `is only for chat and messaging channels, not ${kind}`,
            'remove it',
          );
        }
      } else if (kind) {
        const concurrency = channel.concurrency === undefined ? 1 : channel.concurrency;
        const slowdown = numbersOf(channel.slowdown);
        if (slowdown && Number.isInteger(concurrency)) {
          if (slowdown.length !== concurrency) {
            add(
              [...at, 'slowdown'],
              `must list one factor per session, ${concurrency} for concurrency ${concurrency}, got a list of ${slowdown.length}`,
              `e.g. [${[1, 1.15, 1.35, 1.6, 1.9].slice(0, Math.min(Number(concurrency), 5)).join(', ')}${Number(concurrency) > 5 ? ', …' : ''}]`,
            );
          }
          if (slowdown.length > 0 && slowdown[0] !== 1) {
            add(
              [...at, 'slowdown', 0],
              `must be 1 (one session goes at full speed), got ${slowdown[0]}`,
              'start the list with 1',
            );
          }
          for (let j = 1; j < slowdown.length; j++) {
            if (slowdown[j] < slowdown[j - 1]) {
              add(
                [...at, 'slowdown', j],
                `must be ≥ the factor before it (${slowdown[j - 1]}), got ${slowdown[j]}`,
                'the stretch cannot fall as an agent takes more sessions',
              );
            }
          }
        }
      }
      if (kind === 'deferred' && channel.patience !== undefined) {
        add(
          [...at, 'patience'],
          'is not used: deferred contacts wait in a backlog and never abandon',
          'remove it, or use kind: messaging',
        );
      }
      if (isDict(channel.priorities)) {
        const values = Object.values(channel.priorities);
        if (values.every(isNumber)) {
          const sum = values.reduce((s, v) => s + v, 0);
          if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            add(
              [...at, 'priorities'],
              `must sum to 1, got ${round(sum)}`,
              values.length === 0
                ? 'give at least one priority, e.g. { P3: 1 }'
                : sum < 1
                  ? `scale them, or put the rest (${Number((1 - sum).toPrecision(6))}) on one priority`
                  : 'they add up to more than 1: scale them down',
            );
          }
        }
      }
      if (isNumber(channel.firstContactResolution) && channel.firstContactResolution < 1) {
        belowOne ??= `channels.${name}.firstContactResolution`;
      }
      if (servedKnown && !served.has(name)) {
        add(
          at,
          'is served by no group',
          `add '${name}' to a group's channels, e.g. groups.${groupNames?.[0] ?? 'L1'}.channels`,
        );
      }
    }
    if (arrivals && !byTable && sharesComplete && shares.length > 1) {
      const sum = shares.reduce((s, [, v]) => s + v, 0);
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        add(
          ['channels'],
          `shares must sum to 1, got ${round(sum)} (${shares.map(([n, v]) => `${n} ${v}`).join(' + ')})`,
          'adjust the shares so they add up to exactly 1',
        );
      }
    }
  }

  // escalation
  if (belowOne && (work ? work.escalation === undefined : raw.work === undefined)) {
    add(
      ['work', 'escalation'],
      `is required: ${belowOne} is below 1, so some contacts are escalated`,
      'add work.escalation: { to: L2, handleTime: 45m }, or set first-contact resolution to 1',
    );
  }
  if (escalation) checkGroup(['work', 'escalation', 'to'], escalation.to);

  // business hours: keys are day sets (or holidays)
  if (isDict(raw.businessHours)) {
    for (const key of Object.keys(raw.businessHours)) {
      if (key === 'holidays') continue;
      const days = parseDaySet(key);
      if (!days.ok) {
        add(
          ['businessHours', key],
          `is neither a set of days (Mon-Fri, Sat, daily…) nor holidays: ${days.problem}`,
          closestMatch(key, ['holidays']) ? "did you mean 'holidays'?" : days.fix,
        );
      }
    }
  }

  // SLA targets
  if (Array.isArray(raw.sla)) {
    const names = new Map<string, number>();
    raw.sla.forEach((target, i) => {
      if (!isDict(target)) return;
      const at: PathSegment[] = ['sla', i];
      checkChannel([...at, 'channel'], target.channel);
      if (typeof target.name === 'string') {
        const first = names.get(target.name);
        if (first !== undefined) {
          add(
            [...at, 'name'],
            `'${target.name}' is already the name of sla[${first}]`,
            'give each target its own name',
          );
        } else names.set(target.name, i);
      }
      if (target.metric === 'abandonment') {
        if (target.within !== undefined) {
          add([...at, 'within'], 'is not used for abandonment (a rate, not a time)', 'remove it');
        }
        if (target.attainment !== undefined) {
          add(
            [...at, 'attainment'],
            'is not used for abandonment, which takes max (the highest acceptable rate)',
            `write max: ${isNumber(target.attainment) ? target.attainment : 0.05}`,
          );
        } else if (target.max === undefined) {
          add(
            [...at, 'max'],
            'is required for abandonment (the highest acceptable abandonment rate)',
            'e.g. max: 0.05',
          );
        }
        const channel =
          typeof target.channel === 'string' && channels ? channels[target.channel] : undefined;
        if (isDict(channel) && channel.kind === 'deferred') {
          add(
            [...at, 'channel'],
            `'${target.channel}' is deferred and never abandons`,
            'choose a realtime, chat or messaging channel',
          );
        }
      } else if (typeof target.metric === 'string') {
        if (target.within === undefined)
          add([...at, 'within'], `is required for ${target.metric} (the threshold, e.g. 2h)`);
        if (target.attainment === undefined) {
          add(
            [...at, 'attainment'],
            `is required for ${target.metric} (the share that must meet the threshold, e.g. 0.95)`,
          );
        }
        if (target.max !== undefined)
          add([...at, 'max'], 'is only for abandonment', 'use attainment');
      }
      if (typeof target.priority === 'string' && channels) {
        const relevant =
          typeof target.channel === 'string' ? [channels[target.channel]] : Object.values(channels);
        const mixes = relevant.map((c) => (isDict(c) ? (c.priorities ?? { P3: 1 }) : undefined));
        if (mixes.every(isDict)) {
          const any = mixes.some(
            (mix) =>
              isNumber(mix[target.priority as string]) &&
              (mix[target.priority as string] as number) > 0,
          );
          if (!any) {
            add(
              [...at, 'priority'],
              `no contact${typeof target.channel === 'string' ? ` on '${target.channel}'` : ''} has priority ${target.priority} (its share is 0${mixes.some((m) => m.priorities === undefined) ? '; the default mix is all P3' : ''})`,
              `give ${target.priority} a share in the channel's priorities, or remove priority`,
            );
          }
        }
      }
    });
  }
}

// ------------------------------------------------------------------ step 3: build

interface Grid {
  interval: number;
  warmup: number;
  horizon: number;
  cooldown: number;
  /** Intervals per week and per day. */
  week: number;
  day: number;
  total: number;
}

class Builder {
  private readonly readFile: (path: string) => string;

  constructor(
    private readonly file: ScenarioFile,
    private readonly opts: NormaliseOptions,
    private readonly issues: RawIssue[],
  ) {
    this.readFile = opts.readFile ?? ((path) => readFileSync(path, 'utf8'));
  }

  private add(at: PathSegment[], message: string, fix?: string): void {
    this.issues.push({ at, message, ...(fix ? { fix } : {}) });
  }

  build(): Scenario | undefined {
    const f = this.file;
    const interval = f.interval; // whole seconds dividing a day (checked by the schema)
    const businessHours = this.businessHours();
    const sla = this.slaTargets(businessHours);
    const grid = this.grid(interval, sla, businessHours);
    if (grid === undefined) return undefined;
    this.checkDays(grid);

    const channelNames = Object.keys(f.channels);
    const channels = channelNames.map((name) => this.channel(name));
    const arrivalRates = this.arrivalRates(grid, channelNames);
    const escalationTarget = f.work.escalation?.to;
    const groups: GroupSpec[] = Object.entries(f.groups).map(([name, g]) => ({
      name,
      tier: g.tier,
      channels: [...g.channels],
      takesEscalations: g.takesEscalations ?? (g.tier > 1 || name === escalationTarget),
      staffing: this.staffing(name, grid),
      shrinkage: g.shrinkage,
    }));

    const scenario: Scenario = {
      version: 1,
      name: f.name,
      description: f.description,
      interval: grid.interval,
      warmupIntervals: grid.warmup,
      horizonIntervals: grid.horizon,
      cooldownIntervals: grid.cooldown,
      timezone: f.timezone,
      channels,
      arrivalRates,
      overdispersion: f.arrivals.overdispersion,
      groups,
      ...(f.work.escalation
        ? {
            escalation: {
              toGroup: f.work.escalation.to,
              handleTime: toSpec(f.work.escalation.handleTime),
            },
          }
        : {}),
      ...(f.work.reopen
        ? {
            reopen: {
              probability: f.work.reopen.probability,
              delay: toSpec(f.work.reopen.delay),
              handleTime: toSpec(f.work.reopen.handleTime),
            },
          }
        : {}),
      routing: {
        policy: f.routing.policy,
        overflow: f.routing.overflow.map((rule) => ({
          fromGroup: rule.from,
          toGroup: rule.to,
          after: rule.after,
        })),
        deferredWhenIdle: f.routing.deferredWhenIdle,
      },
      businessHours,
      sla,
    };
    return this.issues.length === 0 ? scenario : undefined;
  }

  // ---------------------------------------------------------------- the grid

  private wholeIntervals(at: PathSegment[], seconds: number, interval: number): number | undefined {
    const n = seconds / interval;
    if (Number.isInteger(n)) return n;
    const lo = Math.floor(n) * interval;
    this.add(
      at,
      `must be a whole number of intervals (${formatDuration(interval)} each), got ${formatDuration(seconds)}`,
      `use ${formatDuration(lo)} or ${formatDuration(lo + interval)}`,
    );
    return undefined;
  }

  private grid(interval: number, sla: SlaTarget[], hours: BusinessHours): Grid | undefined {
    const f = this.file;
    const warmup = this.wholeIntervals(['warmup'], f.warmup, interval);
    let cooldown: number | undefined;
    if (f.cooldown !== undefined) {
      cooldown = this.wholeIntervals(['cooldown'], f.cooldown, interval);
    } else {
      cooldown = Math.ceil(defaultCooldown(sla, hours) / interval);
    }
    if (warmup === undefined || cooldown === undefined) return undefined;
    const horizon = f.horizon / interval;
    const total = warmup + horizon + cooldown;
    if (total > MAX_INTERVALS) {
      this.add(
        ['horizon'],
        `makes ${total} intervals of ${formatDuration(interval)} with warm-up and cool-down, more than ${MAX_INTERVALS}`,
        'use a longer interval or a shorter horizon',
      );
      return undefined;
    }
    return {
      interval,
      warmup,
      horizon,
      cooldown,
      week: WEEK / interval,
      day: DAY / interval,
      total,
    };
  }

  /** Special days and holidays must fall on simulated days from the horizon start. */
  private checkDays(grid: Grid): void {
    const days = Math.ceil(((grid.horizon + grid.cooldown) * grid.interval) / DAY);
    const range = `days 0–${days - 1}: ${formatDuration(grid.horizon * grid.interval)} horizon and ${formatDuration(grid.cooldown * grid.interval)} cool-down`;
    this.file.arrivals.specialDays.forEach((special, i) => {
      if (typeof special.day === 'number' && special.day >= days) {
        this.add(
          ['arrivals', 'specialDays', i, 'day'],
          `is after the simulated days (${range}), got ${special.day}`,
          'use a day index inside the horizon, or lengthen it',
        );
      }
    });
    const holidays = this.file.businessHours?.holidays ?? [];
    holidays.forEach((day, i) => {
      if (day >= days) {
        this.add(
          ['businessHours', 'holidays', i],
          `is after the simulated days (${range}), got ${day}`,
          'use a day index inside the horizon',
        );
      }
    });
  }

  // ---------------------------------------------------------------- channels

  private channel(name: string): ChannelSpec {
    const c = this.file.channels[name];
    const live = c.kind === 'chat' || c.kind === 'messaging';
    const concurrency = live ? (c.concurrency ?? 1) : 1;
    const given = c.priorities ?? { P3: 1 };
    const sum = PRIORITY_NAMES.reduce((s, p) => s + (given[p] ?? 0), 0) || 1;
    const priorityMix = Object.fromEntries(
      PRIORITY_NAMES.map((p) => [p, (given[p] ?? 0) / sum]),
    ) as Record<Priority, number>;
    const spec: ChannelSpec = {
      name,
      kind: c.kind,
      handleTime: toSpec(c.handleTime),
      ...(c.afterContactWork !== undefined ? { afterContactWork: toSpec(c.afterContactWork) } : {}),
      ...(c.patience !== undefined && c.kind !== 'deferred'
        ? { patience: toSpec(c.patience) }
        : {}),
      concurrency,
      slowdown: live && c.slowdown ? [...c.slowdown] : Array.from({ length: concurrency }, () => 1),
      priorityMix,
      firstContactResolution: c.firstContactResolution ?? this.file.work.firstContactResolution,
    };
    if (c.bot) {
      spec.bot = {
        share: c.bot.share,
        handleTime: toSpec(c.bot.handleTime),
        containment: c.bot.containment,
        handoffHandleTimeMultiplier: c.bot.handoffHandleTimeMultiplier,
        countsAsFirstResponse: c.bot.countsAsFirstResponse,
      };
    }
    return spec;
  }

  // ---------------------------------------------------------------- arrivals

  /** Expected arrivals per interval for one week (position 0 = Monday 00:00), per channel. */
  private weekVolumes(grid: Grid, channelNames: string[]): number[][] | undefined {
    const a = this.file.arrivals;
    if (a.table !== undefined) return this.tableVolumes(grid, channelNames, a.table);
    const weekly = a.weeklyVolume ?? (a.volumePerDay ?? 0) * 7;
    const shares = channelNames.map(
      (name) => this.file.channels[name].share ?? (channelNames.length === 1 ? 1 : 0),
    );
    const shareSum = shares.reduce((s, v) => s + v, 0) || 1;
    const out: number[][] = [];
    let ok = true;
    for (const [c, name] of channelNames.entries()) {
      const channel = this.file.channels[name];
      const dayShares = this.dayShares(
        channel.dayOfWeek ?? a.dayOfWeek,
        channel.dayOfWeek ? ['channels', name, 'dayOfWeek'] : ['arrivals', 'dayOfWeek'],
      );
      const timeShares = this.timeShares(
        channel.timeOfDay ?? a.timeOfDay ?? 'flat',
        channel.timeOfDay ? ['channels', name, 'timeOfDay'] : ['arrivals', 'timeOfDay'],
        grid,
      );
      if (!dayShares || !timeShares) {
        ok = false;
        continue;
      }
      const volume = (weekly * shares[c]) / shareSum;
      const rates = new Array<number>(grid.week);
      for (let p = 0; p < grid.week; p++) {
        rates[p] = volume * dayShares[Math.floor(p / grid.day)] * timeShares[p % grid.day];
      }
      out.push(rates);
    }
    return ok ? out : undefined;
  }

  /** The days' fractions of the week (sum 1). */
  private dayShares(
    weights: readonly number[] | undefined,
    at: PathSegment[],
  ): number[] | undefined {
    if (weights === undefined) return Array.from({ length: 7 }, () => 1 / 7);
    const sum = weights.reduce((s, v) => s + v, 0);
    if (!(sum > 0)) {
      this.add(
        at,
        'must have at least one weight above 0, got all 0',
        'give each day its relative volume, e.g. [1, 1, 1, 1, 1, 0.4, 0.3]',
      );
      return undefined;
    }
    return weights.map((w) => w / sum);
  }

  /**
   * The intervals' fractions of a day (sum 1): the weights are a
   * piecewise-constant rate over equal slots from 00:00, integrated over each
   * interval (so 24 hourly weights spread evenly over four 15-minute
   * intervals, and 96 quarter-hour weights sum in pairs for 30-minute ones).
   */
  private timeShares(
    shape: string | readonly number[],
    at: PathSegment[],
    grid: Grid,
  ): number[] | undefined {
    const weights: readonly number[] =
      typeof shape === 'string'
        ? TIME_OF_DAY_PRESETS[shape as keyof typeof TIME_OF_DAY_PRESETS]
        : shape;
    const slots = weights.length;
    if (slots === 0 || 1440 % slots !== 0) {
      this.add(
        at,
        `must list 24 (hourly) or 96 (quarter-hour) weights, or any count that splits the day into whole minutes, got a list of ${slots}`,
        'e.g. 24 weights, 00:00–01:00 first',
      );
      return undefined;
    }
    const total = weights.reduce((s, v) => s + v, 0);
    if (!(total > 0)) {
      this.add(
        at,
        'must have at least one weight above 0, got all 0',
        'give each slot its relative volume',
      );
      return undefined;
    }
    const slot = DAY / slots;
    const out = new Array<number>(grid.day);
    for (let j = 0; j < grid.day; j++) {
      const a = j * grid.interval;
      const b = a + grid.interval;
      let share = 0;
      for (let k = Math.floor(a / slot); k * slot < b; k++) {
        share += (weights[k] * (Math.min(b, (k + 1) * slot) - Math.max(a, k * slot))) / slot;
      }
      out[j] = share / total;
    }
    return out;
  }

  private tableVolumes(grid: Grid, channelNames: string[], table: string): number[][] | undefined {
    const at: PathSegment[] = ['arrivals', 'table'];
    const csv = this.readCsv(at, table, ['interval_start', 'channel', 'volume']);
    if (!csv) return undefined;
    const out = channelNames.map(() => new Array<number>(grid.week).fill(0));
    const firstLine = channelNames.map(() => new Map<number, number>());
    let bad = 0;
    const report = (message: string, fix?: string) => {
      if (bad++ < 10) this.add(at, `${table} ${message}`, fix);
    };
    for (const row of csv.rows) {
      const [startText, channel, volumeText] = [
        row.get('interval_start'),
        row.get('channel'),
        row.get('volume'),
      ];
      const c = channelNames.indexOf(channel);
      if (c < 0) {
        report(
          `line ${row.line}: channel '${channel}' is not defined`,
          suggest(channel, channelNames),
        );
        continue;
      }
      const volume = Number(volumeText);
      if (volumeText.trim() === '' || !Number.isFinite(volume) || volume < 0) {
        report(`line ${row.line}: volume must be a number ≥ 0, got '${volumeText}'`);
        continue;
      }
      const positions = this.positions(startText, grid, row.line, report);
      for (const p of positions ?? []) {
        const seen = firstLine[c].get(p);
        if (seen !== undefined) {
          report(
            `line ${row.line}: ${channel} at ${formatWeekTime(p * grid.interval)} is already given on line ${seen}`,
            'give each interval and channel once',
          );
          continue;
        }
        firstLine[c].set(p, row.line);
        out[c][p] = volume;
      }
    }
    if (bad > 10) this.add(at, `${table} has ${bad - 10} more problems`);
    return bad === 0 ? out : undefined;
  }

  /** Week positions an `interval_start` names, or undefined (reported). */
  private positions(
    text: string,
    grid: Grid,
    line: number,
    report: (message: string, fix?: string) => void,
  ): number[] | undefined {
    const time = parseWeekTime(text);
    if (!time.ok) {
      report(`line ${line}: interval_start ${showValue(text)}: ${time.problem}`, time.fix);
      return undefined;
    }
    if (time.value.offset % grid.interval !== 0) {
      const lo = time.value.offset - (time.value.offset % grid.interval);
      report(
        `line ${line}: interval_start '${text}' is not the start of a ${formatDuration(grid.interval)} interval`,
        `use ${formatWeekTime(lo).slice(4)} or ${formatWeekTime(lo + grid.interval).slice(4)}`,
      );
      return undefined;
    }
    return time.value.days.map((d) => (d * DAY + time.value.offset) / grid.interval);
  }

  private arrivalRates(grid: Grid, channelNames: string[]): number[][] {
    const week = this.weekVolumes(grid, channelNames);
    if (!week) return [];
    const specials = this.file.arrivals.specialDays;
    const rates = channelNames.map((name, c) => {
      const rates = new Array<number>(grid.total);
      let day = Number.NaN;
      let factor = 1;
      for (let i = 0; i < grid.total; i++) {
        const k = i - grid.warmup;
        const d = Math.floor((k * grid.interval) / DAY);
        if (d !== day) {
          day = d;
          factor = 1;
          for (const s of specials) {
            if (s.channel !== undefined && s.channel !== name) continue;
            const hit = typeof s.day === 'number' ? s.day === d : s.day.includes(mod(d, 7));
            if (hit) factor *= s.multiplier;
          }
        }
        rates[i] = week[c][mod(k, grid.week)] * factor;
      }
      return rates;
    });
    if (rates.some((r) => !r.every(Number.isFinite))) {
      this.add(
        ['arrivals'],
        'gives arrival rates too large to represent',
        'check the volume, the weights and the special-day multipliers',
      );
    }
    return rates;
  }

  // ---------------------------------------------------------------- staffing

  /** Agents on duty per interval over the whole grid, after shrinkage. */
  private staffing(name: string, grid: Grid): number[] {
    const group = this.file.groups[name];
    const week = this.scheduledWeek(name, grid);
    if (!week) return [];
    const keep = 1 - group.shrinkage;
    const out = new Array<number>(grid.total);
    for (let i = 0; i < grid.total; i++) {
      // round(scheduled × (1 − shrinkage)), halves up; the 1e-9 absorbs 0.85 × 10 = 8.499…
      out[i] = Math.floor(week[mod(i - grid.warmup, grid.week)] * keep + 0.5 + 1e-9);
    }
    return out;
  }

  /** Scheduled agents per week position (0 = Monday 00:00), before shrinkage. */
  private scheduledWeek(name: string, grid: Grid): number[] | undefined {
    const s = this.file.groups[name].staffing;
    const at: PathSegment[] = ['groups', name, 'staffing'];
    if (s.constant !== undefined) return new Array<number>(grid.week).fill(s.constant);
    if (s.perInterval !== undefined) {
      if (typeof s.perInterval === 'string')
        return this.staffingCsv([...at, 'perInterval'], s.perInterval, name, grid);
      const list = s.perInterval;
      if (list.length === grid.week) return [...list];
      if (list.length === grid.day)
        return Array.from({ length: grid.week }, (_, p) => list[p % grid.day]);
      this.add(
        [...at, 'perInterval'],
        `must list ${grid.week} numbers (one week of ${formatDuration(grid.interval)} intervals, Monday 00:00 first) or ${grid.day} (one day, repeated), got a list of ${list.length}`,
        'or give a CSV file, weekly hours or shifts',
      );
      return undefined;
    }
    if (s.weekly !== undefined) return this.weeklyStaffing([...at, 'weekly'], s.weekly, grid);
    if (s.shifts !== undefined) return this.shiftStaffing([...at, 'shifts'], s.shifts, grid);
    return undefined;
  }

  private staffingCsv(
    at: PathSegment[],
    path: string,
    group: string,
    grid: Grid,
  ): number[] | undefined {
    const csv = this.readCsv(at, path, ['interval_start', 'agents']);
    if (!csv) return undefined;
    const out = new Array<number>(grid.week).fill(Number.NaN);
    const firstLine = new Map<number, number>();
    let bad = 0;
    const report = (message: string, fix?: string) => {
      if (bad++ < 10) this.add(at, `${path} ${message}`, fix);
    };
    const byGroup = csv.header.includes('group');
    for (const row of csv.rows) {
      if (byGroup && row.get('group') !== group) continue;
      const agentsText = row.get('agents');
      const agents = Number(agentsText);
      if (agentsText.trim() === '' || !Number.isInteger(agents) || agents < 0) {
        report(`line ${row.line}: agents must be an integer ≥ 0, got '${agentsText}'`);
        continue;
      }
      for (const p of this.positions(row.get('interval_start'), grid, row.line, report) ?? []) {
        const seen = firstLine.get(p);
        if (seen !== undefined) {
          report(
            `line ${row.line}: ${formatWeekTime(p * grid.interval)} is already given on line ${seen}`,
            'give each interval once',
          );
          continue;
        }
        firstLine.set(p, row.line);
        out[p] = agents;
      }
    }
    if (bad > 10) this.add(at, `${path} has ${bad - 10} more problems`);
    if (bad > 0) return undefined;
    const missing = out.flatMap((v, p) => (Number.isNaN(v) ? [p] : []));
    if (missing.length > 0) {
      this.add(
        at,
        `${path} covers ${grid.week - missing.length} of the week's ${grid.week} intervals${byGroup ? ` for group ${group}` : ''}; missing ${missing
          .slice(0, 3)
          .map((p) => formatWeekTime(p * grid.interval))
          .join(', ')}${missing.length > 3 ? ', …' : ''}`,
        'give every interval of the week a row (a bare 09:00 covers every day), or use weekly or shifts',
      );
      return undefined;
    }
    return out;
  }

  private weeklyStaffing(
    at: PathSegment[],
    weekly: Record<string, Record<string, number>>,
    grid: Grid,
  ): number[] | undefined {
    const out = new Array<number>(grid.week).fill(0);
    const owner = new Array<string | undefined>(grid.week);
    const reported = new Set<string>();
    let ok = true;
    for (const [dayKey, ranges] of Object.entries(weekly)) {
      const days = parseDaySet(dayKey);
      if (!days.ok) continue;
      for (const [rangeKey, agents] of Object.entries(ranges)) {
        const here = [...at, dayKey, rangeKey];
        const segments = this.daySegments(here, rangeKey, grid);
        if (!segments) {
          ok = false;
          continue;
        }
        const label = `${dayKey} '${rangeKey}'`;
        for (const d of days.value) {
          for (const [a, b] of segments) {
            for (let t = a; t < b; t += grid.interval) {
              const p = (d * DAY + t) / grid.interval;
              const other = owner[p];
              if (other !== undefined) {
                const pair = `${other}|${label}`;
                if (!reported.has(pair)) {
                  reported.add(pair);
                  this.add(
                    here,
                    `overlaps ${other}: both cover ${formatWeekTime(p * grid.interval)}`,
                    'give each time of the week once (a range ending before it starts covers both ends of the day)',
                  );
                }
                ok = false;
                continue;
              }
              owner[p] = label;
              out[p] = agents;
            }
          }
        }
      }
    }
    return ok ? out : undefined;
  }

  /** A range key as [start, end) pieces of one day, aligned to the interval. */
  private daySegments(
    at: PathSegment[],
    rangeKey: string,
    grid: Grid,
  ): Array<[number, number]> | undefined {
    const range = parseTimeRange(rangeKey);
    if (!range.ok) return undefined; // reported by the schema
    const [start, end] = range.value;
    const parts = rangeKey.split(/\s*[-–]\s*/);
    for (const [edge, t] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (t % grid.interval !== 0) {
        const lo = t - (t % grid.interval);
        this.add(
          at,
          `${edge} must be on a ${formatDuration(grid.interval)} interval boundary, got '${parts[edge === 'start' ? 0 : 1].trim()}'`,
          `use ${formatWeekTime(lo).slice(4)} or ${formatWeekTime(lo + grid.interval).slice(4)}`,
        );
        return undefined;
      }
    }
    return end > start
      ? [[start, end]]
      : ([
          [0, end],
          [start, DAY],
        ].filter(([a, b]) => b > a) as Array<[number, number]>);
  }

  private shiftStaffing(
    at: PathSegment[],
    shifts: NonNullable<ScenarioFile['groups'][string]['staffing']['shifts']>,
    grid: Grid,
  ): number[] | undefined {
    const out = new Array<number>(grid.week).fill(0);
    let ok = true;
    const aligned = (where: PathSegment[], seconds: number, asClock: boolean): boolean => {
      if (seconds % grid.interval === 0) return true;
      const lo = seconds - (seconds % grid.interval);
      const show = (t: number) => (asClock ? `'${formatWeekTime(t).slice(4)}'` : formatDuration(t));
      const iv = formatDuration(grid.interval);
      this.add(
        where,
        asClock
          ? `must be on a ${iv} interval boundary, got ${show(seconds)}`
          : `must be a whole number of ${iv} intervals, got ${show(seconds)}`,
        `use ${show(lo)} or ${show(lo + grid.interval)}`,
      );
      ok = false;
      return false;
    };
    shifts.forEach((shift, i) => {
      const here = [...at, i];
      let good = aligned([...here, 'start'], shift.start, true);
      good = aligned([...here, 'length'], shift.length, false) && good;
      if (shift.length > WEEK) {
        this.add([...here, 'length'], `must be at most 1w, got ${formatDuration(shift.length)}`);
        ok = good = false;
      }
      const off = new Set<number>();
      shift.breaks.forEach((brk, j) => {
        const b = [...here, 'breaks', j];
        let fits = aligned([...b, 'after'], brk.after, false);
        fits = aligned([...b, 'length'], brk.length, false) && fits;
        if (brk.after + brk.length > shift.length) {
          this.add(
            b,
            `ends after the shift: ${formatDuration(brk.after)} + ${formatDuration(brk.length)} > ${formatDuration(shift.length)}`,
            'start the break earlier or shorten it',
          );
          ok = fits = false;
        }
        good = good && fits;
        if (!fits || shift.length > WEEK) return;
        for (let t = brk.after; t < brk.after + brk.length; t += grid.interval)
          off.add(t / grid.interval);
      });
      if (!good) return;
      const steps = shift.length / grid.interval;
      for (const d of shift.days) {
        const first = (d * DAY + shift.start) / grid.interval;
        for (let k = 0; k < steps; k++) {
          if (!off.has(k)) out[mod(first + k, grid.week)] += shift.agents;
        }
      }
    });
    return ok ? out : undefined;
  }

  // ---------------------------------------------------------------- CSV

  private readCsv(
    at: PathSegment[],
    path: string,
    required: readonly string[],
  ):
    | { header: string[]; rows: Array<{ line: number; get: (column: string) => string }> }
    | undefined {
    const full = resolve(this.opts.baseDir, path);
    let text: string;
    try {
      text = this.readFile(full);
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error as NodeJS.ErrnoException).code ?? error.message)
          : String(error);
      this.add(
        at,
        `cannot read '${path}' (${full}): ${reason}`,
        'check the path; it is relative to the scenario file',
      );
      return undefined;
    }
    if (typeof text !== 'string') {
      this.add(at, `cannot read '${path}' (${full}) as text`, 'give a CSV file');
      return undefined;
    }
    const parsed = parseCsv(text);
    if (!parsed.ok) {
      this.add(at, `${path} ${parsed.problem}`);
      return undefined;
    }
    const header = parsed.header.map((h) => h.trim().toLowerCase());
    const missing = required.filter((column) => !header.includes(column));
    if (missing.length > 0) {
      this.add(
        at,
        `${path} has no column ${missing.map((m) => `'${m}'`).join(', ')} (header: ${parsed.header.join(', ')})`,
        `start the file with the header line ${required.join(',')}`,
      );
      return undefined;
    }
    return {
      header,
      rows: parsed.rows.map((row) => ({
        line: row.line,
        get: (column: string) => (row.cells[header.indexOf(column)] ?? '').trim(),
      })),
    };
  }

  // ---------------------------------------------------------------- hours and SLA

  private businessHours(): BusinessHours {
    const given = this.file.businessHours;
    if (!given)
      return {
        week: DEFAULT_BUSINESS_WEEK.map((day) => day.map(([a, b]) => [a, b])),
        holidays: [],
      };
    const week: Array<Array<[number, number]>> = Array.from({ length: 7 }, () => []);
    for (const [key, value] of Object.entries(given)) {
      if (key === 'holidays') continue;
      const days = parseDaySet(key);
      if (!days.ok) continue;
      for (const [start, end] of value as Array<[number, number]>) {
        const pieces: Array<[number, number]> =
          end > start
            ? [[start, end]]
            : [
                [0, end],
                [start, DAY],
              ];
        for (const d of days.value) week[d].push(...pieces.filter(([a, b]) => b > a));
      }
    }
    return {
      week: week.map(mergeRanges),
      holidays: [...new Set(given.holidays)].sort((a, b) => a - b),
    };
  }

  private slaTargets(hours: BusinessHours): SlaTarget[] {
    const targets: SlaTarget[] = [];
    const names = new Map<string, number>();
    const openWeek = hours.week.some((day) => day.length > 0);
    this.file.sla.forEach((t, i) => {
      const abandonment = t.metric === 'abandonment';
      const attainment = abandonment ? t.max : t.attainment;
      if (attainment === undefined) return; // reported in step 2
      if (!abandonment && t.within === undefined) return;
      const name =
        t.name ?? generatedName(t.metric, t.channel, t.priority, t.within, attainment, t.clock);
      const first = names.get(name);
      if (first !== undefined) {
        if (t.name === undefined || this.file.sla[first].name === undefined) {
          this.add(
            ['sla', i],
            `has the same name as sla[${first}]: '${name}'`,
            'give one of them a name of its own',
          );
        }
        return;
      }
      names.set(name, i);
      if (t.trigger !== undefined && t.metric !== 'nextResponse') {
        this.add(
          ['sla', i, 'trigger'],
          'is only for nextResponse targets',
          'remove trigger, or use metric: nextResponse',
        );
        return;
      }
      if (t.clock === 'business' && !openWeek && !abandonment) {
        this.add(
          ['sla', i, 'clock'],
          'is business, but businessHours has no open time, so the clock would never run',
          'add opening hours under businessHours, or use clock: calendar',
        );
      }
      targets.push({
        name,
        metric: t.metric,
        ...(t.channel !== undefined ? { channel: t.channel } : {}),
        ...(t.priority !== undefined ? { priority: t.priority } : {}),
        ...(!abandonment && t.within !== undefined ? { within: t.within } : {}),
        attainment,
        clock: t.clock,
        ...(t.trigger !== undefined ? { trigger: t.trigger } : {}),
      });
    });
    return targets;
  }
}

// ------------------------------------------------------------------ helpers

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** A file distribution (seconds) as the model's spec: a bare duration is a constant. */
export function toSpec(value: number | FileDistribution): DistributionSpec {
  if (typeof value === 'number') return { dist: 'deterministic', value };
  switch (value.dist) {
    case 'deterministic':
      return { dist: 'deterministic', value: value.value };
    case 'exponential':
      return { dist: 'exponential', mean: value.mean };
    case 'erlang':
      return { dist: 'erlang', mean: value.mean, k: value.k };
    case 'gamma':
      return { dist: 'gamma', mean: value.mean, cv: value.cv };
    case 'lognormal':
      return { dist: 'lognormal', mean: value.mean, cv: value.cv };
    case 'uniform':
      return { dist: 'uniform', min: value.min, max: value.max };
    case 'empirical':
      return { dist: 'empirical', samples: [...value.samples] };
  }
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function percent(x: number): string {
  return `${Number((x * 100).toPrecision(6))}%`;
}

/** Thresholds as support people say them: `60s`, `90s`, `24h`, `48h`, else `1h30m`, `3d`. */
function thresholdText(seconds: number): string {
  if (seconds > 0 && seconds <= 180 && Number.isInteger(seconds)) return `${seconds}s`;
  if (seconds > 0 && seconds % 3600 === 0 && seconds <= 72 * 3600) return `${seconds / 3600}h`;
  return formatDuration(seconds);
}

/** `chat first response 80% within 60s`, `phone abandonment at most 5%`. */
export function generatedName(
  metric: SlaMetric,
  channel: string | undefined,
  priority: Priority | undefined,
  within: number | undefined,
  attainment: number,
  clock: 'calendar' | 'business',
): string {
  const scope = [channel, priority].filter((s) => s !== undefined).join(' ');
  const what =
    metric === 'abandonment'
      ? `${METRIC_WORDS[metric]} at most ${percent(attainment)}`
      : `${METRIC_WORDS[metric]} ${percent(attainment)} within ${thresholdText(within ?? 0)}${clock === 'business' ? ' business' : ''}`;
  return scope ? `${scope} ${what}` : what;
}

/**
 * The default cool-down: twice the longest SLA threshold, at least one day.
 * A business-hours threshold counts at its longest calendar span under the
 * weekly hours (a contact created at closing time on Friday), holidays aside.
 */
export function defaultCooldown(sla: readonly SlaTarget[], hours: BusinessHours): number {
  let longest = 0;
  for (const target of sla) {
    if (target.within === undefined) continue;
    const span =
      target.clock === 'business' ? businessSpan(hours.week, target.within) : target.within;
    longest = Math.max(longest, span);
  }
  return Math.max(DAY, 2 * longest);
}

/** The longest calendar time `amount` open seconds can take under the weekly hours. */
export function businessSpan(
  week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  amount: number,
): number {
  const perWeek = week.reduce((s, day) => s + day.reduce((t, [a, b]) => t + (b - a), 0), 0);
  if (amount <= 0 || perWeek <= 0) return amount;
  let longest = 0;
  for (let d = 0; d < 7; d++) {
    for (const [, close] of week[d]) {
      const start = d * DAY + close;
      longest = Math.max(longest, addOpenTime(week, start, amount, perWeek) - start);
    }
  }
  return longest;
}

function addOpenTime(
  week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  t0: number,
  amount: number,
  perWeek: number,
): number {
  const whole = Math.max(0, Math.floor(amount / perWeek) - 1);
  let remaining = amount - whole * perWeek;
  let day = Math.floor(t0 / DAY);
  const from = t0 + whole * WEEK;
  day += whole * 7;
  for (let guard = 0; guard < 7 * 3; guard++, day++) {
    const base = day * DAY;
    for (const [a, b] of week[mod(day, 7)]) {
      const lo = Math.max(from, base + a);
      const hi = base + b;
      if (hi <= lo) continue;
      if (hi - lo >= remaining) return lo + remaining;
      remaining -= hi - lo;
    }
  }
  return from + remaining;
}

// ------------------------------------------------------------------ CSV

/**
 * A small CSV reader: a header line, comma-separated cells, double quotes with
 * `""` escapes, blank lines and `#` comments skipped, CRLF and a BOM accepted.
 * Line numbers are 1-based in the file.
 */
export function parseCsv(
  text: string,
):
  | { ok: true; header: string[]; rows: Array<{ line: number; cells: string[] }> }
  | { ok: false; problem: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: Array<{ line: number; cells: string[] }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j];
      if (quoted) {
        if (ch === '"' && line[j + 1] === '"') {
          cell += '"';
          j++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    if (quoted) return { ok: false, problem: `line ${i + 1}: a quoted cell is not closed` };
    cells.push(cell);
    rows.push({ line: i + 1, cells });
  }
  if (rows.length === 0) return { ok: false, problem: 'is empty (it needs a header line)' };
  const [head, ...body] = rows;
  return { ok: true, header: head.cells.map((c) => c.trim()), rows: body };
}
