import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { businessSpan } from '../../scenarios/schema/normalise.js';
import { PRIORITIES } from '../../scenarios/schema/types.js';
import { fromSpec } from '../../simulator/distributions/fromSpec.js';
import { build, type Doc, fixture, minimal, sum } from './support.js';

const DAY = 96; // 15-minute intervals per day
const WEEK = 7 * DAY;

/** One channel, 2400 contacts a day, one group: the smallest scenario to reason about by hand. */
function oneChannel(extra: Doc = {}): Doc {
  return {
    version: 1,
    name: 'one channel',
    arrivals: { volumePerDay: 2400 },
    channels: { phone: { kind: 'realtime', handleTime: '5m' } },
    groups: { L1: { channels: ['phone'], staffing: { constant: 1 } } },
    ...extra,
  };
}

/** Hourly grid, one-day warm-up and cool-down: staffing positions are hours of the week. */
function hourly(staffing: Doc, shrinkage = 0): Doc {
  return oneChannel({
    interval: '1h',
    warmup: '1d',
    cooldown: '1d',
    groups: { L1: { channels: ['phone'], shrinkage, staffing } },
  });
}

describe('defaults', () => {
  it('fill every optional field of a minimal scenario', () => {
    const s = build(minimal());
    expect(s).toMatchObject({
      version: 1,
      name: 'test',
      description: '',
      interval: 900,
      warmupIntervals: DAY,
      horizonIntervals: WEEK,
      cooldownIntervals: DAY,
      timezone: 'UTC',
      overdispersion: 0,
      routing: { policy: 'priority-fifo', overflow: [], deferredWhenIdle: true },
      businessHours: {
        week: [
          [[32_400, 64_800]],
          [[32_400, 64_800]],
          [[32_400, 64_800]],
          [[32_400, 64_800]],
          [[32_400, 64_800]],
          [],
          [],
        ],
        holidays: [],
      },
    });
    expect(s).not.toHaveProperty('escalation');
    expect(s).not.toHaveProperty('reopen');
    expect(s.channels[0]).toEqual({
      name: 'phone',
      kind: 'realtime',
      handleTime: { dist: 'deterministic', value: 300 },
      patience: { dist: 'exponential', mean: 120 },
      concurrency: 1,
      slowdown: [1],
      priorityMix: { P1: 0, P2: 0, P3: 1, P4: 0 },
      firstContactResolution: 1,
    });
    expect(s.channels[1]).toMatchObject({ concurrency: 2, slowdown: [1, 1] });
    expect(s.groups).toEqual([
      {
        name: 'L1',
        tier: 1,
        channels: ['phone', 'chat'],
        takesEscalations: false,
        staffing: new Array(DAY + WEEK + DAY).fill(10),
        shrinkage: 0,
      },
    ]);
    expect(s.sla).toEqual([
      {
        name: 'first response 80% within 60s',
        metric: 'firstResponse',
        within: 60,
        attainment: 0.8,
        clock: 'calendar',
      },
    ]);
  });

  it('give a single channel the whole volume without a share', () => {
    const s = build(oneChannel());
    expect(sum(s.arrivalRates[0], DAY, DAY + WEEK)).toBeCloseTo(16_800, 9);
  });

  it('canonicalise the time zone name', () => {
    expect(build({ ...minimal(), timezone: 'asia/shanghai' }).timezone).toBe('Asia/Shanghai');
  });

  it('take a group that receives escalations as taking them, whatever its tier', () => {
    const doc = minimal();
    doc.groups.L2 = { tier: 1, staffing: { constant: 2 } };
    doc.work = { firstContactResolution: 0.9, escalation: { to: 'L2', handleTime: '30m' } };
    const s = build(doc);
    expect(s.groups.map((g) => [g.name, g.takesEscalations])).toEqual([
      ['L1', false],
      ['L2', true],
    ]);
    expect(s.channels.map((c) => c.firstContactResolution)).toEqual([0.9, 0.9]);
    expect(s.escalation).toEqual({
      toGroup: 'L2',
      handleTime: { dist: 'deterministic', value: 1800 },
    });
  });
});

describe('the bundled-style fixture', () => {
  const s = build(fixture());

  it('keeps the channels in file order and rates for each over the whole grid', () => {
    expect(s.channels.map((c) => c.name)).toEqual(['phone', 'chat', 'email', 'messaging']);
    expect(s.arrivalRates).toHaveLength(4);
    const total = s.warmupIntervals + s.horizonIntervals + s.cooldownIntervals;
    for (const rates of s.arrivalRates) expect(rates).toHaveLength(total);
    for (const group of s.groups) expect(group.staffing).toHaveLength(total);
  });

  it('converts every duration to seconds', () => {
    expect(s.channels[0].handleTime).toEqual({ dist: 'lognormal', mean: 360, cv: 0.7 });
    expect(s.channels[0].afterContactWork).toEqual({ dist: 'deterministic', value: 60 });
    expect(s.channels[2].handleTime).toEqual({ dist: 'erlang', mean: 720, k: 2 });
    expect(s.channels[3].handleTime).toEqual({ dist: 'uniform', min: 120, max: 600 });
    expect(s.channels[3].patience).toEqual({ dist: 'deterministic', value: 1800 });
    expect(s.reopen).toEqual({
      probability: 0.03,
      delay: { dist: 'exponential', mean: 86_400 },
      handleTime: { dist: 'deterministic', value: 600 },
    });
    expect(s.routing.overflow).toEqual([{ fromGroup: 'L1', toGroup: 'L2', after: 600 }]);
  });

  it('builds the bot, priorities and chat slowdown as written', () => {
    expect(s.channels[1].bot).toEqual({
      share: 0.6,
      handleTime: { dist: 'deterministic', value: 120 },
      containment: 0.5,
      handoffHandleTimeMultiplier: 1.1,
      countsAsFirstResponse: false,
    });
    expect(s.channels[1]).toMatchObject({ concurrency: 3, slowdown: [1, 1.15, 1.35] });
    expect(s.channels[0].priorityMix).toEqual({ P1: 0.05, P2: 0.2, P3: 0.5, P4: 0.25 });
    for (const channel of s.channels) {
      expect(sum(PRIORITIES.map((p) => channel.priorityMix[p]))).toBeCloseTo(1, 12);
    }
  });

  it('gives SLA targets readable names and maps abandonment max to attainment', () => {
    expect(s.sla).toEqual([
      {
        name: 'chat first response',
        metric: 'firstResponse',
        channel: 'chat',
        within: 60,
        attainment: 0.8,
        clock: 'calendar',
      },
      {
        name: 'first response 95% within 2h',
        metric: 'firstResponse',
        within: 7200,
        attainment: 0.95,
        clock: 'calendar',
      },
      {
        name: 'resolution 85% within 24h',
        metric: 'resolution',
        within: 86_400,
        attainment: 0.85,
        clock: 'calendar',
      },
      {
        name: 'phone abandonment at most 5%',
        metric: 'abandonment',
        channel: 'phone',
        attainment: 0.05,
        clock: 'calendar',
      },
    ]);
  });

  it('defaults the cool-down to twice the longest threshold (24h → 2d)', () => {
    expect(s.cooldownIntervals).toBe(2 * DAY);
  });

  it('builds distributions the simulator accepts', () => {
    const specs = s.channels.flatMap((c) => [
      c.handleTime,
      c.afterContactWork,
      c.patience,
      c.bot?.handleTime,
    ]);
    specs.push(s.escalation?.handleTime, s.reopen?.delay, s.reopen?.handleTime);
    for (const spec of specs) if (spec) expect(() => fromSpec(spec)).not.toThrow();
  });
});

describe('arrival profiles', () => {
  const withoutSpecials = () => {
    const doc = fixture();
    doc.arrivals.specialDays = [];
    return doc;
  };

  it('sum over one horizon week to the weekly volume', () => {
    const s = build(withoutSpecials());
    const total = sum(
      s.arrivalRates.map((r) => sum(r, s.warmupIntervals, s.warmupIntervals + WEEK)),
    );
    expect(total).toBeCloseTo(21_000, 8);
    // each channel gets its share
    expect(sum(s.arrivalRates[0], DAY, DAY + WEEK)).toBeCloseTo(21_000 * 0.25, 8);
    expect(sum(s.arrivalRates[3], DAY, DAY + WEEK)).toBeCloseTo(21_000 * 0.1, 8);
  });

  it('split the week by dayOfWeek, normalised (Monday 1.15 of 6 → 4025 contacts)', () => {
    const s = build(withoutSpecials());
    const monday = sum(s.arrivalRates.map((r) => sum(r, DAY, 2 * DAY)));
    expect(monday).toBeCloseTo((21_000 * 1.15) / 6, 8);
  });

  it('multiply a launch day by 3 (day 2, Wednesday: 21000 + 2 × 3675)', () => {
    const s = build(fixture());
    const total = sum(s.arrivalRates.map((r) => sum(r, DAY, DAY + WEEK)));
    expect(total).toBeCloseTo(21_000 + 2 * ((21_000 * 1.05) / 6), 8);
    const plain = build(withoutSpecials());
    for (let c = 0; c < 4; c++) {
      for (let i = DAY + 2 * DAY; i < DAY + 3 * DAY; i++) {
        expect(s.arrivalRates[c][i]).toBeCloseTo(3 * plain.arrivalRates[c][i], 12);
      }
      // Tuesday and Thursday untouched
      expect(s.arrivalRates[c].slice(DAY + DAY, DAY + 2 * DAY)).toEqual(
        plain.arrivalRates[c].slice(DAY + DAY, DAY + 2 * DAY),
      );
    }
  });

  it('map the warm-up to the end of the previous week: a 1-day warm-up is Sunday', () => {
    const s = build(fixture());
    const sunday = DAY + 6 * DAY;
    for (const rates of s.arrivalRates) {
      expect(rates.slice(0, DAY)).toEqual(rates.slice(sunday, sunday + DAY));
      expect(rates[0]).not.toBe(rates[DAY]); // Sunday 00:00 ≠ Monday 00:00 (0.3 vs 1.15)
    }
  });

  it('map a 2-day warm-up to Saturday and Sunday and repeat the week in the cool-down', () => {
    const doc = withoutSpecials();
    doc.warmup = '2d';
    doc.cooldown = '1w';
    const s = build(doc);
    const start = 2 * DAY;
    for (const rates of s.arrivalRates) {
      expect(rates.slice(0, 2 * DAY)).toEqual(rates.slice(start + 5 * DAY, start + WEEK));
      expect(rates.slice(start + WEEK, start + 2 * WEEK)).toEqual(rates.slice(start, start + WEEK));
    }
  });

  it('apply weekday specials in every week, warm-up included, and channel specials to one channel', () => {
    const doc = withoutSpecials();
    doc.arrivals.specialDays = [
      { day: 'Sun', multiplier: 2 },
      { day: 'Mon-Tue', multiplier: 0.5, channel: 'email' },
    ];
    const s = build(doc);
    const plain = build(withoutSpecials());
    expect(s.arrivalRates[0].slice(0, DAY)).toEqual(
      plain.arrivalRates[0].slice(0, DAY).map((v) => 2 * v),
    );
    expect(s.arrivalRates[0][DAY]).toBe(plain.arrivalRates[0][DAY]);
    expect(s.arrivalRates[2][DAY + DAY + 5]).toBeCloseTo(
      plain.arrivalRates[2][DAY + DAY + 5] / 2,
      12,
    );
    expect(s.arrivalRates[1][DAY + DAY + 5]).toBe(plain.arrivalRates[1][DAY + DAY + 5]);
  });

  it('multiply several specials on the same day together', () => {
    const doc = oneChannel();
    doc.arrivals.specialDays = [
      { day: 0, multiplier: 2 },
      { day: 'Mon', multiplier: 1.5 },
    ];
    const s = build(doc);
    expect(s.arrivalRates[0][DAY]).toBeCloseTo(3 * (2400 / DAY), 12);
    expect(s.arrivalRates[0][DAY + WEEK]).toBeCloseTo(1.5 * (2400 / DAY), 12); // the cool-down Monday
  });

  it('spread 24 hourly weights evenly over 15-minute intervals', () => {
    const tod = new Array(24).fill(0);
    tod[9] = 1;
    const s = build(oneChannel({ arrivals: { volumePerDay: 2400, timeOfDay: tod } }));
    const monday = s.arrivalRates[0].slice(DAY, 2 * DAY);
    expect(monday.slice(36, 40)).toEqual([600, 600, 600, 600]);
    expect(sum(monday)).toBe(2400);
  });

  it('integrate the profile over intervals of any length (30m, 1h, 10m)', () => {
    const hourly = new Array(24).fill(0);
    hourly[9] = 1;
    const quarter = new Array(96).fill(0);
    quarter[37] = 1; // 09:15–09:30
    const half = build(
      oneChannel({ interval: '30m', arrivals: { volumePerDay: 2400, timeOfDay: hourly } }),
    );
    expect(half.arrivalRates[0].slice(48 + 18, 48 + 20)).toEqual([1200, 1200]);
    const hour = build(
      oneChannel({ interval: '1h', arrivals: { volumePerDay: 2400, timeOfDay: quarter } }),
    );
    expect(hour.arrivalRates[0][24 + 9]).toBe(2400);
    const ten = build(
      oneChannel({ interval: '10m', arrivals: { volumePerDay: 2400, timeOfDay: hourly } }),
    );
    expect(ten.arrivalRates[0].slice(144 + 54, 144 + 60)).toEqual(new Array(6).fill(400));
  });

  it('shape the business preset as office hours', () => {
    const s = build(oneChannel({ arrivals: { volumePerDay: 2400, timeOfDay: 'business' } }));
    const monday = s.arrivalRates[0].slice(DAY, 2 * DAY);
    expect(sum(monday)).toBeCloseTo(2400, 9);
    expect(monday[40]).toBeGreaterThan(20 * monday[12]); // 10:00 vs 03:00
    expect(monday[48]).toBeLessThan(monday[40]); // the lunch dip
  });

  it('let a channel override the shape of the day', () => {
    const s = build(fixture());
    const email = s.arrivalRates[2].slice(DAY, 2 * DAY);
    expect(new Set(email.map((v) => v.toFixed(9))).size).toBe(1); // flat all day
    const phone = s.arrivalRates[0].slice(DAY, 2 * DAY);
    expect(phone[40]).toBeGreaterThan(phone[12]);
  });

  it('read an explicit CSV table that repeats weekly', () => {
    const doc = minimal();
    doc.arrivals = { table: 'volumes.csv' };
    delete doc.channels.phone.share;
    delete doc.channels.chat.share;
    const csv = [
      'interval_start,channel,volume',
      '# comments and blank lines are skipped',
      '',
      'Mon 09:00,phone,10',
      '09:00,chat,2',
      'd6 23:45,phone,5',
      '3600,phone,1',
      '"Tue 10:00",phone,"7.5"',
    ].join('\r\n');
    const s = build(doc, { 'volumes.csv': csv });
    const phone = s.arrivalRates[0];
    expect(phone[DAY + 36]).toBe(10);
    expect(phone[DAY + 4]).toBe(1);
    expect(phone[DAY + WEEK - 1]).toBe(5);
    expect(phone[DAY - 1]).toBe(5); // the warm-up's last interval is the same Sunday 23:45
    expect(phone[DAY + DAY + 40]).toBe(7.5);
    expect(sum(phone, DAY, DAY + WEEK)).toBe(23.5);
    const chat = s.arrivalRates[1];
    for (let d = 0; d < 7; d++) expect(chat[DAY + d * DAY + 36]).toBe(2);
    expect(sum(chat, DAY, DAY + WEEK)).toBe(14);
  });
});

describe('staffing', () => {
  const H = 24; // hourly grid: warm-up is 24 intervals, positions are hours of the week

  it('expands shifts by hand: across midnight, with a break, Sunday night into Monday', () => {
    const s = build(
      hourly({
        shifts: [
          {
            name: 'sunday night',
            start: '22:00',
            length: '4h',
            days: ['Sun'],
            agents: 3,
            breaks: [{ after: '1h', length: '1h' }],
          },
          { name: 'monday late', start: '22:00', length: '4h', days: 'Mon', agents: 2 },
        ],
      }),
    );
    const st = s.groups[0].staffing;
    expect(st).toHaveLength(H + 168 + H);
    // Sunday 22:00 of the week before (warm-up), then its break at 23:00
    expect(st.slice(20, 24)).toEqual([0, 0, 3, 0]);
    // Monday 00:00 = horizon interval 0 is the Sunday shift's third hour
    expect(st.slice(H, H + 3)).toEqual([3, 3, 0]);
    // Monday 22:00 to Tuesday 02:00
    expect(st.slice(H + 21, H + 27)).toEqual([0, 2, 2, 2, 2, 0]);
    // the horizon's own Sunday night, then the cool-down Monday
    expect(st.slice(H + 166, H + 168)).toEqual([3, 0]);
    expect(st.slice(H + 168, H + 171)).toEqual([3, 3, 0]);
  });

  it('adds overlapping shifts and repeats weekday shifts', () => {
    const s = build(
      hourly({
        shifts: [
          { start: '08:00', length: '8h', days: 'Mon-Fri', agents: 5 },
          { start: '12:00', length: '8h', days: 'weekdays', agents: 4 },
        ],
      }),
    );
    const st = s.groups[0].staffing;
    for (let d = 0; d < 5; d++) {
      const day = st.slice(H + d * 24, H + (d + 1) * 24);
      expect(day.slice(7, 21)).toEqual([0, 5, 5, 5, 5, 9, 9, 9, 9, 4, 4, 4, 4, 0]);
    }
    expect(sum(st, H + 120, H + 168)).toBe(0); // the weekend
  });

  it('expands weekly hours; a range past midnight covers both ends of each listed day', () => {
    const s = build(
      hourly({
        weekly: {
          'Mon-Fri': { '08:00-20:00': 30, '20:00-08:00': 8 },
          'Sat-Sun': { '00:00-24:00': 10 },
        },
      }),
    );
    const st = s.groups[0].staffing.slice(H, H + 168);
    expect(st.slice(0, 9)).toEqual([8, 8, 8, 8, 8, 8, 8, 8, 30]);
    expect(st[19]).toBe(30);
    expect(st[20]).toBe(8);
    expect(st[4 * 24 + 23]).toBe(8);
    expect(st[5 * 24]).toBe(10);
    expect(st[6 * 24 + 23]).toBe(10);
  });

  it('takes per-interval lists for a week or for a day', () => {
    const day = Array.from({ length: 24 }, (_, h) => h);
    const s = build(hourly({ perInterval: day }));
    expect(s.groups[0].staffing.slice(H + 48, H + 72)).toEqual(day);
    const week = Array.from({ length: 168 }, (_, p) => p % 7);
    expect(build(hourly({ perInterval: week })).groups[0].staffing.slice(H, H + 168)).toEqual(week);
  });

  it('reads per-interval staffing from a CSV, by group when it has a group column', () => {
    const rows = ['group,interval_start,agents'];
    for (let h = 0; h < 24; h++) {
      rows.push(`L1,${String(h).padStart(2, '0')}:00,${h + 1}`);
      rows.push(`L2,${String(h).padStart(2, '0')}:00,99`);
    }
    const s = build(hourly({ perInterval: 'staff.csv' }), { 'staff.csv': rows.join('\n') });
    expect(s.groups[0].staffing.slice(H, H + 24)).toEqual(
      Array.from({ length: 24 }, (_, h) => h + 1),
    );
  });

  it('applies shrinkage as round(scheduled × (1 − shrinkage)), halves up', () => {
    const on = (agents: number, shrinkage: number) =>
      build(hourly({ constant: agents }, shrinkage)).groups[0].staffing[H];
    expect(on(20, 0.3)).toBe(14);
    expect(on(10, 0.15)).toBe(9); // 8.5 → 9
    expect(on(3, 0.5)).toBe(2); // 1.5 → 2
    expect(on(1, 0.6)).toBe(0); // 0.4 → 0
    expect(on(7, 0)).toBe(7);
    const s = build(
      hourly({ shifts: [{ start: '00:00', length: '2h', days: 'Mon', agents: 12 }] }, 0.3),
    );
    expect(s.groups[0].staffing.slice(H, H + 3)).toEqual([8, 8, 0]);
    expect(s.groups[0].shrinkage).toBe(0.3);
  });

  it('expands the fixture’s 15-minute shifts with their break', () => {
    const s = build(fixture());
    const l1 = s.groups[0].staffing.slice(DAY, 2 * DAY); // Monday
    expect(l1[0]).toBe(3); // the Sunday 23:00 night shift, 4 × 0.7 = 2.8 → 3
    expect(l1[28]).toBe(8); // 07:00 early shift, 12 × 0.7 = 8.4 → 8
    expect(l1.slice(44, 48)).toEqual([0, 0, 0, 0]); // 11:00–12:00 break
    expect(l1[60]).toBe(15); // 15:00: early + late, 22 × 0.7
    expect(l1[92]).toBe(10); // 23:00: late + night, 14 × 0.7 = 9.8
  });
});

describe('business hours, SLA targets and the cool-down', () => {
  it('builds business hours from day sets, splitting ranges past midnight and merging overlaps', () => {
    const doc = minimal();
    doc.businessHours = {
      'Mon-Fri': '09:00-12:00, 13:00-18:00',
      Mon: ['22:00-06:00', '11:00-14:00'],
      Sat: '10:00-16:00',
      holidays: [4, 2, 2],
    };
    const s = build(doc);
    expect(s.businessHours.week[0]).toEqual([
      [0, 21_600],
      [32_400, 64_800],
      [79_200, 86_400],
    ]);
    expect(s.businessHours.week[1]).toEqual([
      [32_400, 43_200],
      [46_800, 64_800],
    ]);
    expect(s.businessHours.week[5]).toEqual([[36_000, 57_600]]);
    expect(s.businessHours.week[6]).toEqual([]);
    expect(s.businessHours.holidays).toEqual([2, 4]);
  });

  it('names targets from their metric, scope, attainment and threshold', () => {
    const doc = minimal();
    doc.sla = [
      { metric: 'firstResponse', channel: 'chat', priority: 'P3', within: '90s', attainment: 0.9 },
      { metric: 'resolution', within: '48h', attainment: 0.855, clock: 'business' },
      { metric: 'serviceLevel', channel: 'phone', within: '20s', attainment: 0.8 },
      { metric: 'nextResponse', within: '4d', attainment: 0.9 },
      { metric: 'abandonment', max: 0.05 },
    ];
    expect(build(doc).sla.map((t) => t.name)).toEqual([
      'chat P3 first response 90% within 90s',
      'resolution 85.5% within 48h business',
      'phone service level 80% within 20s',
      'next response 90% within 4d',
      'abandonment at most 5%',
    ]);
  });

  it('defaults the cool-down to 2 × a business-hours threshold at its longest calendar span', () => {
    // 9 business hours from Friday 18:00 end on Monday 18:00: 3 days, so 6 days of cool-down
    const doc = minimal();
    doc.sla = [{ metric: 'resolution', within: '9h', attainment: 0.9, clock: 'business' }];
    expect(build(doc).cooldownIntervals).toBe(6 * DAY);
    const week = build(minimal()).businessHours.week;
    expect(businessSpan(week, 9 * 3600)).toBe(3 * 86_400);
    expect(businessSpan(week, 45 * 3600)).toBe(7 * 86_400); // a full business week
  });

  it('keeps an explicit cool-down and at least a day by default', () => {
    expect(build({ ...minimal(), cooldown: '6h' }).cooldownIntervals).toBe(24);
    expect(build({ ...minimal(), sla: [] }).cooldownIntervals).toBe(DAY);
  });

  it('reads a JSON-style document with plain seconds as well', () => {
    const doc = parse(
      JSON.stringify({
        version: 1,
        name: 'json',
        interval: 1800,
        warmup: 0,
        arrivals: { weeklyVolume: 700 },
        channels: { email: { kind: 'deferred', handleTime: { dist: 'exponential', mean: 600 } } },
        groups: { L1: { channels: ['email'], staffing: { constant: 2 } } },
      }),
    );
    const s = build(doc);
    expect(s).toMatchObject({
      interval: 1800,
      warmupIntervals: 0,
      horizonIntervals: 336,
      cooldownIntervals: 48,
    });
    expect(sum(s.arrivalRates[0], 0, 336)).toBeCloseTo(700, 9);
  });
});
