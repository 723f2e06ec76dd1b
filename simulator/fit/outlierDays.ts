/**
 * Days whose volume is out of line with the same weekday in other weeks —
 * holidays, outages, incidents, a partial first or last day of the export —
 * flagged so they stay out of the arrival profile and are listed instead.
 *
 * Method: each day's total T is compared with M, the median of the other
 * days of its weekday (leaving the day out, so a holiday does not pull its
 * own reference down); the spread of the relative deviations (T − M)/M is
 * measured robustly by 1.4826 × their median absolute deviation, σ, which
 * already holds the Poisson noise, the day-to-day (overdispersion) noise and
 * the noise of a median of few days. A day is an outlier when
 * |T − M| > z·√(M + σ²M²), with z = 4: for normal noise a day is flagged
 * about once in 16 000. Needs at least three of a weekday (so two others to
 * take a median of); other days are not judged.
 *
 * Reference: F. R. Hampel (1974), "The influence curve and its role in
 * robust estimation", JASA 69:383–393 (the MAD scale, 1.4826); P. J.
 * Rousseeuw & C. Croux (1993) on MAD-based outlier rules.
 */

export interface DayTotal {
  /** Day number (any origin), used as the key. */
  day: number;
  /** 0 = Monday. */
  dow: number;
  total: number;
}

export interface OutlierDay extends DayTotal {
  /** The median total of the other days of its weekday. */
  expected: number;
  /** total ÷ expected. */
  ratio: number;
  direction: 'high' | 'low';
}

export interface OutlierResult {
  outliers: OutlierDay[];
  /** The median total of each weekday with enough days (NaN otherwise). */
  medians: number[];
  /** The robust relative spread σ. */
  spread: number;
  /** Why some or all days could not be judged, or null. */
  note: string | null;
}

/** At least this many of a weekday are needed to judge its days. */
export const MIN_SAME_WEEKDAY = 3;

export const OUTLIER_Z = 4;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function flagOutlierDays(days: readonly DayTotal[], z = OUTLIER_Z): OutlierResult {
  const byDow = Array.from({ length: 7 }, (_, w) => days.filter((d) => d.dow === w));
  const medians = byDow.map((list) =>
    list.length >= MIN_SAME_WEEKDAY ? median(list.map((d) => d.total)) : Number.NaN,
  );
  // Each day against the median of the other days of its weekday (leave one out).
  const reference = new Map<DayTotal, number>();
  for (const list of byDow) {
    if (list.length < MIN_SAME_WEEKDAY) continue;
    for (const d of list) {
      const others = list.filter((x) => x !== d).map((x) => x.total);
      const m = median(others);
      if (m > 0) reference.set(d, m);
    }
  }
  const judged = days.filter((d) => reference.has(d));
  if (judged.length === 0) {
    return {
      outliers: [],
      medians,
      spread: Number.NaN,
      note: `outlier days need at least ${MIN_SAME_WEEKDAY} of each weekday (3 weeks of history); none were judged`,
    };
  }
  const relative = judged.map((d) => (d.total - reference.get(d)!) / reference.get(d)!);
  const centre = median(relative);
  const spread = 1.4826 * median(relative.map((e) => Math.abs(e - centre)));
  const outliers: OutlierDay[] = [];
  for (const d of judged) {
    const m = reference.get(d)!;
    if (Math.abs(d.total - m) > z * Math.sqrt(m + spread * spread * m * m)) {
      outliers.push({
        ...d,
        expected: m,
        ratio: d.total / m,
        direction: d.total > m ? 'high' : 'low',
      });
    }
  }
  const unjudged = days.length - judged.length;
  return {
    outliers,
    medians,
    spread,
    note:
      unjudged > 0
        ? `${unjudged} day${unjudged === 1 ? '' : 's'} not judged (fewer than ${MIN_SAME_WEEKDAY} of that weekday, or a weekday with no contacts)`
        : null,
  };
}
