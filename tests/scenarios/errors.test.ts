/**
 * Every documented error: each case breaks one thing in a valid scenario and
 * asserts the issue's path, message and (where there is one) fix.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../scenarios/schema/scenarioFile.js';
import { loadScenario, validateScenarioText } from '../../scenarios/schema/validate.js';
import { type Doc, type Files, fixture, issuesOf, minimal } from './support.js';

interface Case {
  name: string;
  edit: (doc: Doc) => void;
  path: string;
  message: string | RegExp;
  fix?: string | RegExp;
  files?: Files;
  base?: () => Doc;
}

function check({ edit, path, message, fix, files, base }: Case): void {
  const doc = (base ?? minimal)();
  edit(doc);
  const issues = issuesOf(doc, files);
  const hit = issues.find(
    (issue) =>
      issue.path === path &&
      (typeof message === 'string' ? issue.message === message : message.test(issue.message)),
  );
  expect(
    hit,
    `no issue at ${path} matching ${message}; got:\n${JSON.stringify(issues, null, 1)}`,
  ).toBeDefined();
  if (fix !== undefined) {
    if (typeof fix === 'string') expect(hit?.fix).toBe(fix);
    else expect(hit?.fix).toMatch(fix);
  }
}

const hourlyShifts = (shifts: Doc[]) => (doc: Doc) => {
  doc.interval = '1h';
  doc.groups.L1.staffing = { shifts };
};

const cases: Case[] = [
  // ---- top level
  {
    name: 'version missing',
    edit: (d) => delete d.version,
    path: 'version',
    message: 'is required; it must be 1, the only file format version so far',
  },
  {
    name: 'version 2',
    edit: (d) => (d.version = 2),
    path: 'version',
    message: 'must be 1, the only file format version so far, got 2',
  },
  {
    name: 'name missing',
    edit: (d) => delete d.name,
    path: 'name',
    message: 'is required; it must be a name',
  },
  {
    name: 'name empty',
    edit: (d) => (d.name = ''),
    path: 'name',
    message: "must be a non-empty name, got ''",
  },
  {
    name: 'unknown top-level key',
    edit: (d) => (d.horizn = '1w'),
    path: 'horizn',
    message: 'is not a known key',
    fix: "did you mean 'horizon'?",
  },
  {
    name: 'unknown key, nothing close',
    edit: (d) => (d.zzz = 1),
    path: 'zzz',
    message: 'is not a known key',
    fix: /^remove it; keys allowed here: \$schema, version, name/,
  },
  {
    name: 'unknown time zone',
    edit: (d) => (d.timezone = 'Asia/Shangai'),
    path: 'timezone',
    message: /^must be an IANA time zone name .* got 'Asia\/Shangai': unknown time zone$/,
    fix: "did you mean 'Asia/Shanghai'?",
  },
  {
    name: 'interval not dividing a day',
    edit: (d) => (d.interval = '7m'),
    path: 'interval',
    message: "must be whole seconds, at least 1m, that divide 1 day, got '7m'",
    fix: 'use 1m, 5m, 10m, 15m, 20m, 30m or 1h',
  },
  {
    name: 'interval under a minute',
    edit: (d) => (d.interval = 30),
    path: 'interval',
    message: 'must be whole seconds, at least 1m, that divide 1 day, got 30',
  },
  {
    name: 'horizon not whole days',
    edit: (d) => (d.horizon = '36h'),
    path: 'horizon',
    message: "must be whole days, at least 1d, got '36h'",
    fix: 'e.g. 2d',
  },
  {
    name: 'warm-up not whole intervals',
    edit: (d) => (d.warmup = '20m'),
    path: 'warmup',
    message: 'must be a whole number of intervals (15m each), got 20m',
    fix: 'use 15m or 30m',
  },
  {
    name: 'cool-down not whole intervals',
    edit: (d) => (d.cooldown = '1h5m'),
    path: 'cooldown',
    message: 'must be a whole number of intervals (15m each), got 1h5m',
  },
  {
    name: 'unparsable duration',
    edit: (d) => (d.warmup = '1 fortnight'),
    path: 'warmup',
    message:
      /^must be a duration such as 45s, 15m, 1h30m or 2d .*, got '1 fortnight': unknown unit 'fortnight'$/,
    fix: /^use s, m \(minutes\), h, d or w/,
  },
  {
    name: 'negative duration',
    edit: (d) => (d.warmup = -60),
    path: 'warmup',
    message: /got -60: durations cannot be negative$/,
  },
  {
    name: 'duration of the wrong type',
    edit: (d) => (d.warmup = true),
    path: 'warmup',
    message: /^must be a duration such as .*, got true$/,
  },
  {
    name: 'a mapping expected',
    edit: (d) => (d.arrivals = 5),
    path: 'arrivals',
    message: 'must be a mapping (key: value lines), got 5',
  },
  {
    name: 'channels empty',
    edit: (d) => (d.channels = {}),
    path: 'channels',
    message: 'defines no channel',
  },
  {
    name: 'too many channels',
    edit: (d) => {
      const phone = d.channels.phone;
      d.channels = {};
      for (let k = 0; k < 33; k++) d.channels[`c${k}`] = { ...phone, share: 1 / 33 };
    },
    path: 'channels',
    message: 'defines 33 channels, more than 32',
    fix: 'merge channels that share a kind and SLAs, down to 32',
  },
  {
    name: 'groups empty',
    edit: (d) => (d.groups = {}),
    path: 'groups',
    message: 'defines no group',
  },
  {
    name: 'bad channel name',
    edit: (d) => (d.channels['my phone'] = d.channels.phone),
    path: "channels['my phone']",
    message: /^must be a name that starts with a letter .*, got 'my phone'$/,
  },
  {
    name: 'null value',
    edit: (d) => (d.description = null),
    path: 'description',
    message: 'must be a text, got an empty value',
    fix: 'give a value or remove the key',
  },

  // ---- arrivals
  {
    name: 'no volume',
    edit: (d) => delete d.arrivals.weeklyVolume,
    path: 'arrivals',
    message: 'gives no volume',
    fix: /weeklyVolume/,
  },
  {
    name: 'two volumes',
    edit: (d) => (d.arrivals.volumePerDay = 1000),
    path: 'arrivals.volumePerDay',
    message:
      'conflicts with arrivals.weeklyVolume: give exactly one of weeklyVolume, volumePerDay, table',
  },
  {
    name: 'negative volume',
    edit: (d) => (d.arrivals.weeklyVolume = -1),
    path: 'arrivals.weeklyVolume',
    message: 'must be a number ≥ 0, got -1',
  },
  {
    name: 'dayOfWeek of 5',
    edit: (d) => (d.arrivals.dayOfWeek = [1, 1, 1, 1, 1]),
    path: 'arrivals.dayOfWeek',
    message: 'must list 7 weights, Monday first, got a list of 5',
  },
  {
    name: 'dayOfWeek all zero',
    edit: (d) => (d.arrivals.dayOfWeek = [0, 0, 0, 0, 0, 0, 0]),
    path: 'arrivals.dayOfWeek',
    message: 'must have at least one weight above 0, got all 0',
  },
  {
    name: 'timeOfDay preset typo',
    edit: (d) => (d.arrivals.timeOfDay = 'buisness'),
    path: 'arrivals.timeOfDay',
    message: "must be one of flat, business, extended or a list of weights, got 'buisness'",
    fix: "did you mean 'business'?",
  },
  {
    name: 'timeOfDay of 25',
    edit: (d) => (d.arrivals.timeOfDay = new Array(25).fill(1)),
    path: 'arrivals.timeOfDay',
    message: /^must list 24 \(hourly\) or 96 \(quarter-hour\) weights.*got a list of 25$/,
  },
  {
    name: 'timeOfDay negative weight',
    edit: (d) => (d.arrivals.timeOfDay = [...new Array(23).fill(1), -1]),
    path: 'arrivals.timeOfDay[23]',
    message: 'must be a number ≥ 0, got -1',
  },
  {
    name: 'special day after the horizon',
    edit: (d) => (d.arrivals.specialDays = [{ day: 30, multiplier: 2 }]),
    path: 'arrivals.specialDays[0].day',
    message: /^is after the simulated days \(days 0–7: 1w horizon and 1d cool-down\), got 30$/,
  },
  {
    name: 'special day not a weekday',
    edit: (d) => (d.arrivals.specialDays = [{ day: 'Holiday', multiplier: 2 }]),
    path: 'arrivals.specialDays[0].day',
    message: /got 'Holiday': 'Holiday' is not a day$/,
  },
  {
    name: 'special day unknown channel',
    edit: (d) => (d.arrivals.specialDays = [{ day: 1, multiplier: 2, channel: 'fone' }]),
    path: 'arrivals.specialDays[0].channel',
    message: "names no channel: 'fone'",
    fix: "did you mean 'phone'?",
  },
  {
    name: 'table with a day profile',
    edit: (d) => {
      d.arrivals = { table: 'v.csv', dayOfWeek: [1, 1, 1, 1, 1, 1, 1] };
    },
    path: 'arrivals.dayOfWeek',
    message: 'is not used with arrivals.table (the table gives every interval)',
  },
  {
    name: 'share with a table',
    edit: (d) => (d.arrivals = { table: 'v.csv' }),
    path: 'channels.phone.share',
    message: 'is not used with arrivals.table (the table gives each channel’s volume)',
    files: { 'v.csv': 'interval_start,channel,volume\n' },
  },
  {
    name: 'table missing',
    edit: (d) => {
      d.arrivals = { table: 'nope.csv' };
      delete d.channels.phone.share;
      delete d.channels.chat.share;
    },
    path: 'arrivals.table',
    message: "cannot read 'nope.csv' (/virtual/nope.csv): ENOENT",
    fix: 'check the path; it is relative to the scenario file',
  },
  {
    name: 'table without a column',
    edit: (d) => {
      d.arrivals = { table: 'v.csv' };
      delete d.channels.phone.share;
      delete d.channels.chat.share;
    },
    files: { 'v.csv': 'interval_start,volume\nMon 00:00,1\n' },
    path: 'arrivals.table',
    message: "v.csv has no column 'channel' (header: interval_start, volume)",
  },
  {
    name: 'table bad rows',
    edit: (d) => {
      d.arrivals = { table: 'v.csv' };
      delete d.channels.phone.share;
      delete d.channels.chat.share;
    },
    files: {
      'v.csv':
        'interval_start,channel,volume\nMon 09:10,phone,1\nMon 09:00,fone,1\nMon 09:00,phone,x\nMon 09:00,phone,1\n09:00,phone,2\nNoday 09:00,phone,1\n',
    },
    path: 'arrivals.table',
    message:
      /^v\.csv line (2: interval_start 'Mon 09:10' is not the start of a 15m interval|3: channel 'fone' is not defined|4: volume must be a number ≥ 0, got 'x'|6: phone at Mon 09:00 is already given on line 5|7: interval_start 'Noday 09:00': .*)$/,
  },

  // ---- channels
  {
    name: 'kind missing',
    edit: (d) => delete d.channels.phone.kind,
    path: 'channels.phone.kind',
    message: 'is required; it must be one of realtime, chat, deferred, messaging',
  },
  {
    name: 'kind typo',
    edit: (d) => (d.channels.phone.kind = 'realtme'),
    path: 'channels.phone.kind',
    message: "must be one of realtime, chat, deferred, messaging, got 'realtme'",
    fix: "did you mean 'realtime'?",
  },
  {
    name: 'unknown channel key',
    edit: (d) => (d.channels.chat.shre = 0.4),
    path: 'channels.chat.shre',
    message: 'is not a known key',
    fix: "did you mean 'share'?",
  },
  {
    name: 'share as a string',
    edit: (d) => (d.channels.chat.share = '0.4'),
    path: 'channels.chat.share',
    message: "must be a fraction between 0 and 1, got '0.4'",
    fix: 'write 0.4 without quotes',
  },
  {
    name: 'share missing',
    edit: (d) => delete d.channels.chat.share,
    path: 'channels.chat.share',
    message:
      'is required when there are several channels (fraction of the arrivals on this channel)',
  },
  {
    name: 'shares not summing to 1',
    edit: (d) => (d.channels.chat.share = 0.3),
    path: 'channels',
    message: 'shares must sum to 1, got 0.9 (phone 0.6 + chat 0.3)',
  },
  {
    name: 'handleTime missing',
    edit: (d) => delete d.channels.phone.handleTime,
    path: 'channels.phone.handleTime',
    message: /^is required; it must be a duration \(e\.g\. 6m, a constant\) or a distribution/,
  },
  {
    name: 'handleTime bad duration',
    edit: (d) => (d.channels.phone.handleTime = '6x'),
    path: 'channels.phone.handleTime',
    message: /got '6x': unknown unit 'x'$/,
  },
  {
    name: 'dist unknown',
    edit: (d) => (d.channels.chat.handleTime.dist = 'gama'),
    path: 'channels.chat.handleTime.dist',
    message:
      "must be one of deterministic, exponential, erlang, gamma, lognormal, uniform, empirical, got 'gama'",
    fix: "did you mean 'gamma'?",
  },
  {
    name: 'dist missing',
    edit: (d) => delete d.channels.chat.handleTime.dist,
    path: 'channels.chat.handleTime.dist',
    message:
      'is required; it must be one of deterministic, exponential, erlang, gamma, lognormal, uniform, empirical',
  },
  {
    name: 'dist parameter missing',
    edit: (d) => delete d.channels.chat.handleTime.cv,
    path: 'channels.chat.handleTime.cv',
    message: 'is required; it must be a number ≥ 0',
  },
  {
    name: 'dist parameter foreign',
    edit: (d) => (d.channels.phone.patience.cv = 1),
    path: 'channels.phone.patience.cv',
    message: 'is not a known key',
    fix: 'remove it; keys allowed here: dist, mean',
  },
  {
    name: 'dist mean zero',
    edit: (d) => (d.channels.phone.patience.mean = 0),
    path: 'channels.phone.patience.mean',
    message: 'must be a duration > 0, got 0',
  },
  {
    name: 'uniform max below min',
    edit: (d) => (d.channels.phone.handleTime = { dist: 'uniform', min: '5m', max: '1m' }),
    path: 'channels.phone.handleTime.max',
    message: 'must be ≥ min (5m), got 1m',
    fix: 'swap min and max',
  },
  {
    name: 'empirical without samples',
    edit: (d) => (d.channels.phone.handleTime = { dist: 'empirical', samples: [] }),
    path: 'channels.phone.handleTime.samples',
    message: 'must list at least one observed duration, got a list of 0',
  },
  {
    name: 'erlang k not whole',
    edit: (d) => (d.channels.phone.handleTime = { dist: 'erlang', mean: '5m', k: 1.5 }),
    path: 'channels.phone.handleTime.k',
    message: 'must be an integer ≥ 1, got 1.5',
  },
  {
    name: 'concurrency 0',
    edit: (d) => (d.channels.chat.concurrency = 0),
    path: 'channels.chat.concurrency',
    message: 'must be an integer from 1 to 100, got 0',
  },
  {
    name: 'concurrency on realtime',
    edit: (d) => (d.channels.phone.concurrency = 2),
    path: 'channels.phone.concurrency',
    message: 'must be 1 for a realtime channel (one contact per agent), got 2',
    fix: 'remove it, or make the channel kind: chat or messaging',
  },
  {
    name: 'slowdown on realtime',
    edit: (d) => (d.channels.phone.slowdown = [1, 1.2]),
    path: 'channels.phone.slowdown',
    message: 'is only for chat and messaging channels, not realtime',
  },
  {
    name: 'slowdown length',
    edit: (d) => (d.channels.chat.slowdown = [1, 1.1, 1.2]),
    path: 'channels.chat.slowdown',
    message: 'must list one factor per session, 2 for concurrency 2, got a list of 3',
    fix: 'e.g. [1, 1.15]',
  },
  {
    name: 'slowdown not starting at 1',
    edit: (d) => (d.channels.chat.slowdown = [1.1, 1.2]),
    path: 'channels.chat.slowdown[0]',
    message: 'must be 1 (one session goes at full speed), got 1.1',
  },
  {
    name: 'slowdown falling',
    edit: (d) => {
      d.channels.chat.concurrency = 3;
      d.channels.chat.slowdown = [1, 1.3, 1.2];
    },
    path: 'channels.chat.slowdown[2]',
    message: 'must be ≥ the factor before it (1.3), got 1.2',
  },
  {
    name: 'slowdown below 1',
    edit: (d) => (d.channels.chat.slowdown = [1, 0.9]),
    path: 'channels.chat.slowdown[1]',
    message: 'must be a number ≥ 1, got 0.9',
  },
  {
    name: 'concurrency on deferred',
    edit: (d) => (d.channels.chat.kind = 'deferred'),
    path: 'channels.chat.concurrency',
    message: 'must be 1 for a deferred channel (one contact per agent), got 2',
  },
  {
    name: 'patience on a deferred channel',
    edit: (d) => (d.channels.phone.kind = 'deferred'),
    path: 'channels.phone.patience',
    message: 'is not used: deferred contacts wait in a backlog and never abandon',
  },
  {
    name: 'priorities not summing to 1',
    edit: (d) => (d.channels.phone.priorities = { P1: 0.1, P3: 0.8 }),
    path: 'channels.phone.priorities',
    message: 'must sum to 1, got 0.9',
    fix: 'scale them, or put the rest (0.1) on one priority',
  },
  {
    name: 'priorities off by more than 1e-9',
    edit: (d) => (d.channels.phone.priorities = { P1: 0.5, P2: 0.5 + 2e-9 }),
    path: 'channels.phone.priorities',
    message: 'must sum to 1, got 1.000000002',
    fix: 'they add up to more than 1: scale them down',
  },
  {
    name: 'unknown priority',
    edit: (d) => (d.channels.phone.priorities = { P1: 0.5, P5: 0.5 }),
    path: 'channels.phone.priorities.P5',
    message: 'is not a known key',
    fix: /^did you mean 'P[1-4]'\?$/,
  },
  {
    name: 'bot containment above 1',
    edit: (d) => (d.channels.chat.bot = { share: 0.5, handleTime: '2m', containment: 50 }),
    path: 'channels.chat.bot.containment',
    message: 'must be a fraction between 0 and 1, got 50',
    fix: 'a fraction: write 0.5 for 50%',
  },
  {
    name: 'bot without handle time',
    edit: (d) => (d.channels.chat.bot = { share: 0.5, containment: 0.5 }),
    path: 'channels.chat.bot.handleTime',
    message: /^is required; it must be a duration/,
  },
  {
    name: 'channel no group serves',
    edit: (d) => (d.groups.L1.channels = ['phone']),
    path: 'channels.chat',
    message: 'is served by no group',
    fix: "add 'chat' to a group's channels, e.g. groups.L1.channels",
  },

  // ---- groups and staffing
  {
    name: 'unknown channel in a group',
    edit: (d) => (d.groups.L1.channels = ['phone', 'chta']),
    path: 'groups.L1.channels[1]',
    message: "names no channel: 'chta'",
    fix: "did you mean 'chat'?",
  },
  {
    name: 'channel listed twice',
    edit: (d) => (d.groups.L1.channels = ['phone', 'chat', 'phone']),
    path: 'groups.L1.channels[2]',
    message: "lists 'phone' twice",
  },
  {
    name: 'staffing missing',
    edit: (d) => delete d.groups.L1.staffing,
    path: 'groups.L1.staffing',
    message: /^is required/,
  },
  {
    name: 'staffing empty',
    edit: (d) => (d.groups.L1.staffing = {}),
    path: 'groups.L1.staffing',
    message: 'gives no staffing',
    fix: 'give exactly one of constant, perInterval, weekly, shifts',
  },
  {
    name: 'staffing given two ways',
    edit: (d) => (d.groups.L1.staffing = { constant: 3, weekly: { daily: { '00:00-24:00': 3 } } }),
    path: 'groups.L1.staffing.weekly',
    message: 'conflicts with staffing.constant: staffing is given two ways',
  },
  {
    name: 'staffing key typo',
    edit: (d) => (d.groups.L1.staffing = { constnt: 3 }),
    path: 'groups.L1.staffing.constnt',
    message: 'is not a known key',
    fix: "did you mean 'constant'?",
  },
  {
    name: 'negative agents',
    edit: (d) => (d.groups.L1.staffing.constant = -2),
    path: 'groups.L1.staffing.constant',
    message: 'must be an integer ≥ 0, got -2',
  },
  {
    name: 'shrinkage of 1',
    edit: (d) => (d.groups.L1.shrinkage = 1),
    path: 'groups.L1.shrinkage',
    message: 'must be a fraction from 0 up to (not including) 1, got 1',
  },
  {
    name: 'tier 0',
    edit: (d) => (d.groups.L1.tier = 0),
    path: 'groups.L1.tier',
    message: 'must be an integer ≥ 1, got 0',
  },
  {
    name: 'group that never works',
    edit: (d) =>
      (d.groups.L2 = { channels: [], takesEscalations: false, staffing: { constant: 1 } }),
    path: 'groups.L2',
    message: 'serves no channel and takes no escalations, so it never works',
  },
  {
    name: 'perInterval wrong length',
    edit: (d) => (d.groups.L1.staffing = { perInterval: [1, 2, 3] }),
    path: 'groups.L1.staffing.perInterval',
    message:
      'must list 672 numbers (one week of 15m intervals, Monday 00:00 first) or 96 (one day, repeated), got a list of 3',
  },
  {
    name: 'perInterval CSV incomplete',
    edit: (d) => (d.groups.L1.staffing = { perInterval: 's.csv' }),
    files: { 's.csv': 'interval_start,agents\nMon 00:00,3\n' },
    path: 'groups.L1.staffing.perInterval',
    message:
      "s.csv covers 1 of the week's 672 intervals; missing Mon 00:15, Mon 00:30, Mon 00:45, …",
  },
  {
    name: 'perInterval CSV bad agents',
    edit: (d) => (d.groups.L1.staffing = { perInterval: 's.csv' }),
    files: { 's.csv': 'interval_start,agents\n00:00,2.5\n' },
    path: 'groups.L1.staffing.perInterval',
    message: "s.csv line 2: agents must be an integer ≥ 0, got '2.5'",
  },
  {
    name: 'weekly bad day key',
    edit: (d) => (d.groups.L1.staffing = { weekly: { 'Mon-Fry': { '08:00-20:00': 3 } } }),
    path: 'groups.L1.staffing.weekly.Mon-Fry',
    message:
      /^key must be days such as Mon-Fri, Sat-Sun or daily, got 'Mon-Fry': 'Fry' is not a day$/,
  },
  {
    name: 'weekly bad range key',
    edit: (d) => (d.groups.L1.staffing = { weekly: { daily: { '08:00-25:00': 3 } } }),
    path: "groups.L1.staffing.weekly.daily['08:00-25:00']",
    message: /^key must be a range of times such as '08:00-20:00', got '08:00-25:00'/,
  },
  {
    name: 'weekly overlap',
    edit: (d) =>
      (d.groups.L1.staffing = {
        weekly: { 'Mon-Fri': { '08:00-20:00': 3 }, Mon: { '19:00-21:00': 1 } },
      }),
    path: "groups.L1.staffing.weekly.Mon['19:00-21:00']",
    message: "overlaps Mon-Fri '08:00-20:00': both cover Mon 19:00",
  },
  {
    name: 'weekly off the grid',
    edit: (d) => (d.groups.L1.staffing = { weekly: { daily: { '08:10-20:00': 3 } } }),
    path: "groups.L1.staffing.weekly.daily['08:10-20:00']",
    message: "start must be on a 15m interval boundary, got '08:10'",
    fix: 'use 08:00 or 08:15',
  },
  {
    name: 'shift start off the grid',
    edit: hourlyShifts([{ start: '07:30', length: '8h', agents: 2 }]),
    path: 'groups.L1.staffing.shifts[0].start',
    message: "must be on a 1h interval boundary, got '07:30'",
    fix: "use '07:00' or '08:00'",
  },
  {
    name: 'shift start not a time',
    edit: hourlyShifts([{ start: '7am', length: '8h', agents: 2 }]),
    path: 'groups.L1.staffing.shifts[0].start',
    message: "must be a time of day such as '07:00', got '7am': not a time of day",
  },
  {
    name: 'shift length off the grid',
    edit: hourlyShifts([{ start: '07:00', length: '8h30m', agents: 2 }]),
    path: 'groups.L1.staffing.shifts[0].length',
    message: 'must be a whole number of 1h intervals, got 8h30m',
    fix: 'use 8h or 9h',
  },
  {
    name: 'shift bad days',
    edit: hourlyShifts([{ start: '07:00', length: '8h', agents: 2, days: ['Mon', 'Funday'] }]),
    path: 'groups.L1.staffing.shifts[0].days[1]',
    message: /got 'Funday': 'Funday' is not a day$/,
  },
  {
    name: 'break after the shift',
    edit: hourlyShifts([
      { start: '07:00', length: '8h', agents: 2, breaks: [{ after: '7h30m', length: '1h' }] },
    ]),
    path: 'groups.L1.staffing.shifts[0].breaks[0]',
    message: 'ends after the shift: 7h30m + 1h > 8h',
  },
  {
    name: 'no shifts',
    edit: (d) => (d.groups.L1.staffing = { shifts: [] }),
    path: 'groups.L1.staffing.shifts',
    message: 'must list at least one shift, got a list of 0',
  },

  // ---- work and routing
  {
    name: 'escalation missing',
    edit: (d) => (d.work = { firstContactResolution: 0.9 }),
    path: 'work.escalation',
    message: 'is required: work.firstContactResolution is below 1, so some contacts are escalated',
  },
  {
    name: 'escalation missing for a channel',
    edit: (d) => (d.channels.phone.firstContactResolution = 0.8),
    path: 'work.escalation',
    message:
      'is required: channels.phone.firstContactResolution is below 1, so some contacts are escalated',
  },
  {
    name: 'escalation target missing',
    edit: (d) => (d.work = { escalation: { to: 'L3', handleTime: '30m' } }),
    path: 'work.escalation.to',
    message: "names no group: 'L3'",
    fix: "did you mean 'L1'?",
  },
  {
    name: 'escalation target refuses',
    edit: (d) => {
      d.groups.L2 = {
        tier: 2,
        takesEscalations: false,
        channels: ['phone'],
        staffing: { constant: 1 },
      };
      d.work = { escalation: { to: 'L2', handleTime: '30m' } };
    },
    path: 'groups.L2.takesEscalations',
    message: 'is false, but work.escalation sends contacts to this group',
  },
  {
    name: 'reopen probability above 1',
    edit: (d) => (d.work = { reopen: { probability: 3, delay: '1d', handleTime: '10m' } }),
    path: 'work.reopen.probability',
    message: 'must be a fraction between 0 and 1, got 3',
    fix: 'a fraction: write 0.03 for 3%',
  },
  {
    name: 'routing policy typo',
    edit: (d) => (d.routing = { policy: 'priority-fifio' }),
    path: 'routing.policy',
    message: "must be one of priority-fifo, deadline-first, got 'priority-fifio'",
    fix: "did you mean 'priority-fifo'?",
  },
  {
    name: 'overflow to an unknown group',
    edit: (d) => (d.routing = { overflow: [{ from: 'L1', to: 'L9', after: '10m' }] }),
    path: 'routing.overflow[0].to',
    message: "names no group: 'L9'",
  },
  {
    name: 'overflow to itself',
    edit: (d) => (d.routing = { overflow: [{ from: 'L1', to: 'L1', after: '10m' }] }),
    path: 'routing.overflow[0].to',
    message: "is the same group as from ('L1')",
  },

  // ---- business hours
  {
    name: 'business hours bad day key',
    edit: (d) => (d.businessHours = { 'Mon-Fir': '09:00-18:00' }),
    path: 'businessHours.Mon-Fir',
    message: "is neither a set of days (Mon-Fri, Sat, daily…) nor holidays: 'Fir' is not a day",
  },
  {
    name: 'business hours holiday typo',
    edit: (d) => (d.businessHours = { holiday: [3] }),
    path: 'businessHours.holiday',
    message: /^is neither a set of days/,
    fix: "did you mean 'holidays'?",
  },
  {
    name: 'business hours bad range',
    edit: (d) => (d.businessHours = { 'Mon-Fri': '09:00-9:00' }),
    path: 'businessHours.Mon-Fri',
    message: "must be ranges of times such as '09:00-18:00', got '09:00-9:00': the range is empty",
  },
  {
    name: 'holiday after the horizon',
    edit: (d) => (d.businessHours = { 'Mon-Fri': '09:00-18:00', holidays: [8] }),
    path: 'businessHours.holidays[0]',
    message: /^is after the simulated days .*, got 8$/,
  },
  {
    name: 'business clock with no open hours',
    edit: (d) => {
      d.businessHours = { holidays: [] };
      d.sla = [{ metric: 'resolution', within: '1d', attainment: 0.9, clock: 'business' }];
    },
    path: 'sla[0].clock',
    message: 'is business, but businessHours has no open time, so the clock would never run',
  },

  // ---- SLA
  {
    name: 'metric typo',
    edit: (d) => (d.sla[0].metric = 'firstRespons'),
    path: 'sla[0].metric',
    message:
      "must be one of firstResponse, nextResponse, resolution, requesterWaitTime, agentWorkTime, abandonment, serviceLevel, got 'firstRespons'",
    fix: "did you mean 'firstResponse'?",
  },
  {
    name: 'within missing',
    edit: (d) => delete d.sla[0].within,
    path: 'sla[0].within',
    message: 'is required for firstResponse (the threshold, e.g. 2h)',
  },
  {
    name: 'attainment missing',
    edit: (d) => delete d.sla[0].attainment,
    path: 'sla[0].attainment',
    message: 'is required for firstResponse (the share that must meet the threshold, e.g. 0.95)',
  },
  {
    name: 'attainment as a percentage',
    edit: (d) => (d.sla[0].attainment = 95),
    path: 'sla[0].attainment',
    message: 'must be a fraction above 0, at most 1, got 95',
    fix: 'a fraction: write 0.95 for 95%',
  },
  {
    name: 'max on a time metric',
    edit: (d) => (d.sla[0].max = 0.1),
    path: 'sla[0].max',
    message: 'is only for abandonment',
    fix: 'use attainment',
  },
  {
    name: 'unknown SLA channel',
    edit: (d) => (d.sla[0].channel = 'emial'),
    path: 'sla[0].channel',
    message: "names no channel: 'emial'",
  },
  {
    name: 'priority nobody has',
    edit: (d) => (d.sla[0].priority = 'P1'),
    path: 'sla[0].priority',
    message: 'no contact has priority P1 (its share is 0; the default mix is all P3)',
  },
  {
    name: 'within on abandonment',
    edit: (d) => (d.sla = [{ metric: 'abandonment', within: '1m', max: 0.05 }]),
    path: 'sla[0].within',
    message: 'is not used for abandonment (a rate, not a time)',
  },
  {
    name: 'attainment on abandonment',
    edit: (d) => (d.sla = [{ metric: 'abandonment', attainment: 0.05 }]),
    path: 'sla[0].attainment',
    message: 'is not used for abandonment, which takes max (the highest acceptable rate)',
    fix: 'write max: 0.05',
  },
  {
    name: 'max missing on abandonment',
    edit: (d) => (d.sla = [{ metric: 'abandonment' }]),
    path: 'sla[0].max',
    message: 'is required for abandonment (the highest acceptable abandonment rate)',
  },
  {
    name: 'abandonment on a deferred channel',
    edit: (d) => {
      d.channels.email = { kind: 'deferred', share: 0, handleTime: '10m' };
      d.groups.L1.channels.push('email');
      d.sla = [{ metric: 'abandonment', channel: 'email', max: 0.05 }];
    },
    path: 'sla[0].channel',
    message: "'email' is deferred and never abandons",
  },
  {
    name: 'duplicate names',
    edit: (d) =>
      (d.sla = [
        { name: 'x', metric: 'resolution', within: '1d', attainment: 0.9 },
        { name: 'x', metric: 'resolution', within: '2d', attainment: 0.9 },
      ]),
    path: 'sla[1].name',
    message: "'x' is already the name of sla[0]",
  },
  {
    name: 'duplicate generated names',
    edit: (d) => d.sla.push({ ...d.sla[0] }),
    path: 'sla[1]',
    message: "has the same name as sla[0]: 'first response 80% within 60s'",
    fix: 'give one of them a name of its own',
  },
];

describe('every documented error names its path, the value and a fix', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));

  it('keeps the base scenarios valid (so each case breaks exactly what it says)', () => {
    expect(issuesOf(minimal())).toEqual([]);
    expect(issuesOf(fixture())).toEqual([]);
  });
});

describe('issues all at once', () => {
  it('reports problems in different parts of the file together', () => {
    const doc = minimal();
    doc.version = 3;
    doc.channels.chat.concurrency = 0;
    doc.groups.L1.channels = ['phone', 'chta'];
    doc.sla[0].within = '1 fortnight';
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'channels.chat.concurrency',
        'groups.L1.channels[1]',
        'sla[0].within',
      ]),
    );
  });
});

describe('reading text', () => {
  const text = (body: string) => validateScenarioText(body, 'scenario.yaml');

  it('names the line and column of a YAML syntax error', () => {
    const result = text('version: 1\nname: x\n  bad: indent\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path: '(syntax)', line: 2, column: 7 });
    expect(result.issues[0].message).toMatch(/^YAML syntax error: /);
    expect(result.error.format()).toMatch(/^scenario\.yaml:2:7 \(syntax\): YAML syntax error/);
  });

  it('names duplicate keys', () => {
    const result = text('version: 1\nname: a\nname: b\n');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]).toMatchObject({
        path: '(syntax)',
        line: 3,
        column: 1,
        message: 'YAML syntax error: Map keys must be unique',
      });
  });

  it('names the line and column of a JSON syntax error', () => {
    const result = text('{\n  "version": 1,\n  "name": "x",\n}\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({ path: '(syntax)', line: 4, column: 1 });
      expect(result.issues[0].message).toMatch(/^JSON syntax error: /);
    }
  });

  it('reports an empty file and a file that is not a mapping', () => {
    const empty = text('# nothing\n');
    expect(empty.ok ? [] : empty.issues).toEqual([
      {
        path: '(top level)',
        message: 'the file is empty',
        fix: 'start with version: 1, then name, arrivals, channels, groups',
      },
    ]);
    const list = text('- 1\n- 2\n');
    expect(list.ok ? [] : list.issues).toEqual([
      {
        path: '(top level)',
        message: 'must be a mapping (key: value lines), got a list of 2',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('locates issues on their line, in file order, one line each in format()', () => {
    const body = [
      'version: 1',
      'name: located',
      'arrivals: { weeklyVolume: 100 }',
      'channels:',
      '  chat:',
      '    kind: chat',
      '    handleTime: 5m',
      '    concurrency: 0',
      'groups:',
      '  L1:',
      '    channels: [chat, fone]',
      '    staffing: { constant: 2 }',
    ].join('\n');
    const result = text(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: 'channels.chat.concurrency',
        message: 'must be an integer from 1 to 100, got 0',
        line: 8,
        column: 5,
      },
      {
        path: 'groups.L1.channels[1]',
        message: "names no channel: 'fone'",
        fix: 'use one of chat',
        line: 11,
        column: 22,
      },
    ]);
    expect(result.error.format().split('\n')).toEqual([
      'scenario.yaml:8:5 channels.chat.concurrency: must be an integer from 1 to 100, got 0',
      "scenario.yaml:11:22 groups.L1.channels[1]: names no channel: 'fone' — fix: use one of chat",
    ]);
    expect(result.error.message).toMatch(/^2 problems in scenario\.yaml:\n/);
  });

  it('reads JSON files by their content', () => {
    const json = JSON.stringify({ ...minimal(), name: 'from json' });
    const result = text(json);
    expect(result.ok && result.scenario.name).toBe('from json');
  });

  it('loads a file from disk and throws a ScenarioError for a missing one', () => {
    expect(() => loadScenario('/nonexistent/scenario.yaml')).toThrow(ScenarioError);
    try {
      loadScenario('/nonexistent/scenario.yaml');
    } catch (error) {
      expect((error as ScenarioError).issues).toEqual([
        {
          path: '(file)',
          message: 'cannot read /nonexistent/scenario.yaml: no such file',
          fix: 'check the path',
        },
      ]);
    }
  });
});
