/**
 * Arrivals per channel from the history: the weekly volume, a day-of-week ×
 * time-of-day profile per interval, the day-to-day spread beyond Poisson
 * (the scenario's `overdispersion`), and the outlier days kept out of it.
 *
 * Counting: contacts per channel × local day × interval of the day (a grid
 * whose size is the history's length, not its row count). Days run from the
 * first contact's local day to the last's; a day inside that range with no
 * contacts counts as a day with zero.
 *
 * Estimates (normal days only — see `outlierDays.ts`):
 * - mean daily volume of channel c on weekday w: m_cw = Σ N_cd / n_w over the
 *   n_w normal days of weekday w; the weekly volume is Σ_w m_cw (so partial
 *   weeks and excluded days weigh nothing), dayOfWeek ∝ m_cw.
 * - time of day: the share of the channel's contacts in each interval of the
 *   day (Wilson interval: within a day the counts are multinomial whatever
 *   the day's total), written as weights with mean 1. With Poisson counts the
 *   separable rate a_w·b_j fitted this way (row × column totals over the
 *   grand total) is the maximum-likelihood fit of the multiplicative model.
 * - overdispersion: under the scenario's model a day's count is Poisson with
 *   a gamma(mean 1, cv) multiplier, so Var N = m + cv²m². Within each channel
 *   and weekday the squared deviations from the weekday mean are a χ² pivot;
 *   pooled, they give cv and its interval (`estimateOverdispersion`).
 * - intervals of volumes from Var m_cw = (m + cv²m²)/n_w; shares by the delta
 *   method from those variances.
 *
 * Reference: A. Agresti (2013), Categorical Data Analysis, 3rd ed., §9.2
 * (independence log-linear model MLE); D. R. Cox (1983) and W. Whitt (1999)
 * on overdispersed (doubly stochastic) call arrivals; L. Brown et al. (2005),
 * "Statistical analysis of a telephone call center", JASA 100:36–50.
 */
import { regularizedGammaQ } from '../analytic/incompleteGamma.js';
import { type Estimate, normalEstimate, proportion } from './estimate.js';
import { type DayTotal, flagOutlierDays, type OutlierDay } from './outlierDays.js';
import { chiSquareQuantile } from './special.js';

const DAY = 86_400;

/** Weekday of a local day number (days since 1970-01-01, a Thursday), 0 = Monday. */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

export class ArrivalCounter {
  readonly perDay: number;
  private readonly days = new Map<number, Array<Float64Array | undefined>>();

  constructor(readonly interval: number) {
    this.perDay = Math.round(DAY / interval);
  }

  /** One contact of channel index `channel` created at local wall-clock second `local`. */
  add(channel: number, local: number): void {
    const day = Math.floor(local / DAY);
    let row = this.days.get(day);
    if (!row) {
      row = [];
      this.days.set(day, row);
    }
    let counts = row[channel];
    if (!counts) {
      counts = new Float64Array(this.perDay);
      row[channel] = counts;
    }
    counts[Math.floor((local - day * DAY) / this.interval)]++;
  }

  /** First and last day with a contact; undefined when empty. */
  dayRange(): [number, number] | undefined {
    if (this.days.size === 0) return undefined;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const day of this.days.keys()) {
      if (day < first) first = day;
      if (day > last) last = day;
    }
    return [first, last];
  }

  /** Counts per interval of one channel on one day (undefined: none). */
  counts(day: number, channel: number): Float64Array | undefined {
    return this.days.get(day)?.[channel];
  }
}

export interface HomogeneityTest {
  /** Likelihood-ratio statistic G² of this channel's shape against the pooled one. */
  g2: number;
  df: number;
  pValue: number;
}

export interface ChannelArrivals {
  name: string;
  contacts: number;
  weeklyVolume: Estimate;
  share: Estimate;
  /** Mean contacts per normal day of each weekday, Monday first. */
  dayMeans: number[];
  /** Each weekday's share of the week. */
  dayShares: Estimate[];
  /** Each interval's share of the day (Wilson). */
  timeShares: Estimate[];
  /** Mean contacts in each interval of the week (Monday 00:00 first), for `arrivals.table`. */
  weekProfile: number[];
  /** Whether the shapes differ from the pooled ones enough to write the channel's own. */
  timeOfDayTest: HomogeneityTest;
  dayOfWeekTest: HomogeneityTest;
}

export interface DaySummary {
  day: number;
  dow: number;
  label: string;
  total: number;
  outlier: OutlierDay | undefined;
}

export interface ArrivalsFit {
  interval: number;
  firstDay: number;
  lastDay: number;
  /** Days from the first to the last, inclusive. */
  days: number;
  normalDays: number;
  weeks: number;
  weeklyVolume: Estimate;
  channels: ChannelArrivals[];
  /** Pooled over channels. */
  dayMeans: number[];
  timeShares: Estimate[];
  overdispersion: Estimate;
  outliers: OutlierDay[];
  outlierNote: string | null;
  daySummaries: DaySummary[];
  /** Weekdays with no normal day (their volume is the channel's mean day). */
  missingWeekdays: number[];
}

/** p-value threshold below which a channel gets its own arrival shape. */
export const SHAPE_TEST_LEVEL = 0.001;

function gTest(counts: number[], pooledShares: number[]): HomogeneityTest {
  const total = counts.reduce((s, v) => s + v, 0);
  let g2 = 0;
  let df = -1;
  for (let j = 0; j < counts.length; j++) {
    if (pooledShares[j] <= 0) continue;
    df++;
    if (counts[j] > 0) g2 += 2 * counts[j] * Math.log(counts[j] / (total * pooledShares[j]));
  }
  df = Math.max(1, df);
  g2 = Math.max(0, g2);
  return { g2, df, pValue: regularizedGammaQ(df / 2, g2 / 2) };
}

export function estimateArrivals(
  counter: ArrivalCounter,
  channels: readonly string[],
  labelDay: (day: number) => string,
): ArrivalsFit | undefined {
  const range = counter.dayRange();
  if (!range) return undefined;
  const [firstDay, lastDay] = range;
  const I = counter.perDay;
  const C = channels.length;
  const dayList: number[] = [];
  for (let d = firstDay; d <= lastDay; d++) dayList.push(d);
  const total = (day: number, c: number) => {
    const counts = counter.counts(day, c);
    if (!counts) return 0;
    let s = 0;
    for (let j = 0; j < I; j++) s += counts[j];
    return s;
  };
  const perChannel = dayList.map((day) => channels.map((_, c) => total(day, c)));
  const totals: DayTotal[] = dayList.map((day, k) => ({
    day,
    dow: weekdayOf(day),
    total: perChannel[k].reduce((s, v) => s + v, 0),
  }));
  const flagged = flagOutlierDays(totals);
  const outlierSet = new Set(flagged.outliers.map((o) => o.day));
  const normal = dayList.map((day) => !outlierSet.has(day));
  const nByDow = new Array<number>(7).fill(0);
  dayList.forEach((day, k) => {
    if (normal[k]) nByDow[weekdayOf(day)]++;
  });
  const missingWeekdays = nByDow.flatMap((n, w) => (n === 0 ? [w] : []));

  // Mean daily volume per channel × weekday.
  const sums = channels.map(() => new Array<number>(7).fill(0));
  dayList.forEach((day, k) => {
    if (!normal[k]) return;
    for (let c = 0; c < C; c++) sums[c][weekdayOf(day)] += perChannel[k][c];
  });
  const means = sums.map((row) => {
    const seen = row.flatMap((s, w) => (nByDow[w] > 0 ? [s / nByDow[w]] : []));
    const fallback = seen.length > 0 ? seen.reduce((a, b) => a + b, 0) / seen.length : 0;
    return row.map((s, w) => (nByDow[w] > 0 ? s / nByDow[w] : fallback));
  });

  // Overdispersion: within each channel × weekday, (n − 1)·S²/V ~ χ²(n − 1) with
  // V = m + cv²m² (normal approximation of the day counts), pooled over the groups.
  const groups: Array<{ df: number; ss: number; m: number }> = [];
  for (let c = 0; c < C; c++) {
    for (let w = 0; w < 7; w++) {
      const n = nByDow[w];
      const m = means[c][w];
      if (n < 2 || !(m > 0)) continue;
      let ss = 0;
      dayList.forEach((day, k) => {
        if (normal[k] && weekdayOf(day) === w) ss += (perChannel[k][c] - m) ** 2;
      });
      groups.push({ df: n - 1, ss, m });
    }
  }
  const overdispersion = estimateOverdispersion(groups);
  const cv2 = overdispersion.value ** 2;

  // Volumes and their variances.
  const varMean = (m: number, w: number) => (nByDow[w] > 0 ? (m + cv2 * m * m) / nByDow[w] : 0);
  const weekly = means.map((row) => row.reduce((s, v) => s + v, 0));
  const weeklyVar = means.map((row) => row.reduce((s, m, w) => s + varMean(m, w), 0));
  const V = weekly.reduce((s, v) => s + v, 0);
  const VVar = weeklyVar.reduce((s, v) => s + v, 0);
  const normalDays = normal.filter(Boolean).length;
  const weeks = dayList.length / 7;
  const volumeBasis = (what: string) =>
    `${what}: Σ over weekdays of the mean daily count on ${normalDays} normal days (${flagged.outliers.length} outlier day${flagged.outliers.length === 1 ? '' : 's'} excluded); variance (m + cv²m²)/n`;

  // Pooled shapes.
  const pooledDayMeans = Array.from({ length: 7 }, (_, w) =>
    means.reduce((s, row) => s + row[w], 0),
  );
  const intervalCounts = channels.map(() => new Array<number>(I).fill(0));
  dayList.forEach((day, k) => {
    if (!normal[k]) return;
    for (let c = 0; c < C; c++) {
      const counts = counter.counts(day, c);
      if (!counts) continue;
      for (let j = 0; j < I; j++) intervalCounts[c][j] += counts[j];
    }
  });
  const pooledIntervals = Array.from({ length: I }, (_, j) =>
    intervalCounts.reduce((s, row) => s + row[j], 0),
  );
  const pooledTotal = pooledIntervals.reduce((s, v) => s + v, 0);
  const timeShares = (counts: number[]) => {
    const sum = counts.reduce((s, v) => s + v, 0);
    return counts.map((k) =>
      sum > 0 ? proportion(k, sum, 'contacts on normal days') : zeroEstimate(),
    );
  };
  const pooledTimeShares = pooledIntervals.map((k) => (pooledTotal > 0 ? k / pooledTotal : 0));
  const pooledDaySum = pooledDayMeans.reduce((s, v) => s + v, 0);
  const pooledDayShares = pooledDayMeans.map((m) => (pooledDaySum > 0 ? m / pooledDaySum : 0));

  const channelFits: ChannelArrivals[] = channels.map((name, c) => {
    const row = means[c];
    const sum = weekly[c];
    const dayShares = row.map((m, w) => {
      const s = sum > 0 ? m / sum : 0;
      const v =
        sum > 0
          ? ((1 - s) ** 2 * varMean(m, w) + s * s * (weeklyVar[c] - varMean(m, w))) / (sum * sum)
          : 0;
      return normalEstimate(s, Math.sqrt(v), nByDow[w], 'delta method from the weekday means', 0);
    });
    const share = V > 0 ? sum / V : 0;
    const shareVar =
      V > 0
        ? ((1 - share) ** 2 * weeklyVar[c] + share * share * (VVar - weeklyVar[c])) / (V * V)
        : 0;
    const weekProfile = new Array<number>(7 * I).fill(0);
    dayList.forEach((day, k) => {
      if (!normal[k]) return;
      const w = weekdayOf(day);
      const counts = counter.counts(day, c);
      if (!counts) return;
      for (let j = 0; j < I; j++) weekProfile[w * I + j] += counts[j] / nByDow[w];
    });
    for (const w of missingWeekdays) {
      const dayTotal = intervalCounts[c].reduce((s, v) => s + v, 0);
      for (let j = 0; j < I; j++)
        weekProfile[w * I + j] = dayTotal > 0 ? (row[w] * intervalCounts[c][j]) / dayTotal : 0;
    }
    const contacts = dayList.reduce((s, _, k) => s + perChannel[k][c], 0);
    const dayCounts = row.map((m, w) => m * Math.max(1, nByDow[w]));
    return {
      name,
      contacts,
      weeklyVolume: normalEstimate(sum, Math.sqrt(weeklyVar[c]), normalDays, volumeBasis(name), 0),
      share: normalEstimate(
        share,
        Math.sqrt(shareVar),
        contacts,
        'delta method from the weekly volumes',
        0,
      ),
      dayMeans: row,
      dayShares,
      timeShares: timeShares(intervalCounts[c]),
      weekProfile,
      timeOfDayTest: gTest(intervalCounts[c], pooledTimeShares),
      dayOfWeekTest: gTest(dayCounts, pooledDayShares),
    };
  });

  const labels = new Map(dayList.map((day) => [day, labelDay(day)]));
  const outliers = flagged.outliers.map((o) => o);
  return {
    interval: counter.interval,
    firstDay,
    lastDay,
    days: dayList.length,
    normalDays,
    weeks,
    weeklyVolume: normalEstimate(V, Math.sqrt(VVar), normalDays, volumeBasis('all channels'), 0),
    channels: channelFits,
    dayMeans: pooledDayMeans,
    timeShares: timeShares(pooledIntervals),
    overdispersion,
    outliers,
    outlierNote: flagged.note,
    daySummaries: dayList.map((day, k) => ({
      day,
      dow: weekdayOf(day),
      label: labels.get(day)!,
      total: totals[k].total,
      outlier: flagged.outliers.find((o) => o.day === day),
    })),
    missingWeekdays,
  };
}

function zeroEstimate(): Estimate {
  return { value: 0, lo: 0, hi: 0, n: 0, basis: 'no contacts' };
}

/**
 * The day-to-day cv beyond Poisson from within-group sums of squares.
 *
 * Each group (a channel on one weekday, n normal days, mean m) gives
 * SS = Σ(N − m)², and SS/V ~ χ²(n − 1) with V = m + cv²·m² when day counts
 * are Poisson with a gamma(1, cv) multiplier and large enough to be nearly
 * normal. Pooled, Q(c) = Σ SS_g/(m_g + c·m_g²) ~ χ²(ν), ν = Σ(n_g − 1), and Q
 * decreases in c = cv², so solving Q(c) = ν gives the estimate and
 * Q(c) = χ²₀.₉₇₅(ν), χ²₀.₀₂₅(ν) the interval (a pivot, as for a normal
 * variance), each clipped at 0 when even c = 0 leaves Q below the target
 * (no more spread than Poisson).
 */
export function estimateOverdispersion(
  groups: ReadonlyArray<{ df: number; ss: number; m: number }>,
): Estimate {
  const nu = groups.reduce((s, g) => s + g.df, 0);
  if (nu < 2) {
    return {
      value: 0,
      lo: 0,
      hi: Number.POSITIVE_INFINITY,
      n: groups.length,
      basis: 'not estimable (needs two normal days of the same weekday); default 0 (Poisson)',
    };
  }
  const q = (c: number) => groups.reduce((s, g) => s + g.ss / (g.m + c * g.m * g.m), 0);
  const solve = (target: number) => {
    if (q(0) <= target) return 0;
    let lo = 0;
    let hi = 1;
    while (q(hi) > target && hi < 1e6) hi *= 2;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (q(mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const c = solve(nu);
  return {
    value: Math.sqrt(c),
    lo: Math.sqrt(solve(chiSquareQuantile(0.975, nu))),
    hi: Math.sqrt(solve(chiSquareQuantile(0.025, nu))),
    n: groups.length,
    basis: `Σ SS/(m + cv²m²) = ν over ${groups.length} channel-weekday groups (ν = ${nu} degrees of freedom), χ² interval`,
  };
}
