/**
 * Where each per-replication figure sits in the flat arrays a replication
 * returns. Flat Float64Arrays cross worker threads cheaply and merge in
 * replication order, so results never depend on the number of workers.
 */

/** Counters per cell (horizon interval × channel × priority). */
export const CELL = {
  arrivals: 0,
  botRouted: 1,
  botContained: 2,
  answered: 3,
  handled: 4,
  abandoned: 5,
  escalated: 6,
  reopened: 7,
  resolved: 8,
  firstResponseSum: 9,
  firstResponseCount: 10,
  resolutionSum: 11,
  resolutionCount: 12,
  openAtEnd: 13,
} as const;
export const CELL_FIELDS = 14;
export type CellField = keyof typeof CELL;

/** Per SLA target and horizon interval: contacts it applies to, and hits. */
export const TARGET_FIELDS = 2;

/**
 * Per horizon interval and agent group: time-averaged agents staffed and
 * busy, and the contacts (first contacts, escalations, reopens) whose
 * handling started there.
 */
export const GROUP_FIELDS = 3;

/** Weeks of horizon up to which results keep per-interval detail (and per-interval percentiles). */
export const INTERVAL_DETAIL_MAX_WEEKS = 5;

export const QUANTILES = [0.5, 0.8, 0.9, 0.95, 0.99] as const;
/** Percentiles of first response and resolution: [metric][quantile]. */
export const PERCENTILE_METRICS = ['firstResponse', 'resolution'] as const;

export interface Dimensions {
  intervals: number; // horizon intervals
  days: number;
  channels: number;
  groups: number;
  targets: number;
}

export const cellIndex = (d: Dimensions, interval: number, channel: number, priority: number) =>
  ((interval * d.channels + channel) * 4 + priority) * CELL_FIELDS;

/** One replication's raw figures. */
export interface ReplicationOutput {
  cells: Float64Array; // intervals × channels × 4 × CELL_FIELDS
  targets: Float64Array; // targets × intervals × TARGET_FIELDS
  groups: Float64Array; // intervals × groups × GROUP_FIELDS
  queues: Float64Array; // intervals × (channels + 1): mean waiting, the last column escalations
  /**
   * Percentiles over the horizon per channel × priority, with "all" rows:
   * index ((c * 5 + p) * 2 + metric) * 5 + quantile, where c = channels means
   * every channel and p = 4 every priority; NaN where no contact was measured.
   */
  percentiles: Float64Array;
  /** Percentiles per day × channel (c = channels: every channel): ((day * (C+1) + c) * 2 + metric) * 5 + quantile. */
  dayPercentiles: Float64Array;
  /**
   * Percentiles per horizon interval × channel, laid out like dayPercentiles
   * with intervals for days; empty (length 0) beyond INTERVAL_DETAIL_MAX_WEEKS.
   */
  intervalPercentiles: Float64Array;
  /** Contacts created in the counted window, and how each ended. */
  conservation: { created: number; resolved: number; abandoned: number; openAtEnd: number };
  events: number;
  contacts: number;
}
