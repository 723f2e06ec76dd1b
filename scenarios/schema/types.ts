/**
 * The normalised scenario: what the model consumes after a scenario file has
 * been parsed, defaulted and validated. Every duration is in seconds, every
 * rate is an expected count per interval, every share is a fraction in [0, 1].
 * Time 0 is the start of the horizon, Monday 00:00 in the scenario's time
 * zone; the warm-up runs before it (negative times) and is not counted.
 *
 * The file format people write (durations such as `45s`, `2h`, `1d`, volumes
 * per week, profiles) lives in `scenarioFile.ts`; `normalise.ts` turns one into
 * this. The model trusts this shape and does no validation of its own.
 */

/** A distribution as the distributions module's `fromSpec` takes it (seconds). */
export interface DistributionSpec {
  dist:
    | 'deterministic'
    | 'exponential'
    | 'erlang'
    | 'gamma'
    | 'lognormal'
    | 'uniform'
    | 'empirical';
  mean?: number;
  cv?: number;
  k?: number;
  min?: number;
  max?: number;
  value?: number;
  samples?: number[];
}

export type ChannelKind = 'realtime' | 'chat' | 'deferred' | 'messaging';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

export interface BotSpec {
  /** Share of the channel's contacts that the bot takes first. */
  share: number;
  /** How long the bot converses before it resolves or hands off. */
  handleTime: DistributionSpec;
  /** Probability that the bot resolves the contact on its own. */
  containment: number;
  /** Handle-time multiplier for a human after a failed bot conversation. */
  handoffHandleTimeMultiplier: number;
  /** Whether the bot's first reply fulfils the first-response SLA. */
  countsAsFirstResponse: boolean;
}

export interface ChannelSpec {
  name: string;
  kind: ChannelKind;
  handleTime: DistributionSpec;
  afterContactWork?: DistributionSpec;
  /** Time a waiting customer stays (realtime, chat). Undefined: never abandons. */
  patience?: DistributionSpec;
  /** Chat: sessions one agent holds at once (1 for other kinds). */
  concurrency: number;
  /**
   * Chat: slowdown s(j) for an agent holding j sessions, index j−1, s(1) = 1;
   * each session then completes at rate μ₁ / s(j). Length = concurrency.
   */
  slowdown: number[];
  /** Priority mix of arriving contacts (sums to 1). */
  priorityMix: Record<Priority, number>;
  bot?: BotSpec;
  /** Probability the contact is resolved at first contact (no escalation). */
  firstContactResolution: number;
}

export interface Shift {
  /** Seconds from Monday 00:00 of each week the shift starts on each listed day. */
  start: number;
  length: number;
  /** Days of the week (0 = Monday) it is worked. */
  days: number[];
  agents: number;
  /** Breaks as offsets from the shift start, with their length. */
  breaks: Array<{ offset: number; length: number }>;
}

export interface GroupSpec {
  name: string;
  /** 1 for L1, 2 for L2, ... */
  tier: number;
  /** Channels this group works (by name). */
  channels: string[];
  /** Whether the group takes escalated contacts from a lower tier. */
  takesEscalations: boolean;
  /** Agents on duty per interval (after shrinkage), over warm-up + horizon + cool-down. */
  staffing: number[];
  /** Share of scheduled time lost to leave, training, meetings (already applied to `staffing`). */
  shrinkage: number;
}

export interface EscalationSpec {
  /** Group that receives escalations. */
  toGroup: string;
  handleTime: DistributionSpec;
}

export interface ReopenSpec {
  probability: number;
  delay: DistributionSpec;
  /** Handle time of the reopened contact's second pass. */
  handleTime: DistributionSpec;
}

export type SlaMetric =
  | 'firstResponse'
  | 'nextResponse'
  | 'resolution'
  | 'requesterWaitTime'
  | 'agentWorkTime'
  | 'abandonment'
  | 'serviceLevel';

export interface SlaTarget {
  /** A readable name, unique within the scenario: `chat first response 60s`. */
  name: string;
  metric: SlaMetric;
  /** Restrict to one channel / priority; undefined = all. */
  channel?: string;
  priority?: Priority;
  /** Threshold in seconds (all metrics but abandonment). */
  within?: number;
  /**
   * For firstResponse/resolution/serviceLevel: the share that must meet
   * `within` (e.g. 0.95). For abandonment: the highest acceptable rate.
   */
  attainment: number;
  /** Measure `within` in business hours (clock paused outside them) or calendar hours. */
  clock: 'calendar' | 'business';
  /**
   * nextResponse only: which unanswered message starts the clock — a bot
   * hand-off, an escalation or a reopen; undefined = any of them.
   */
  trigger?: NextResponseTrigger;
}

export type NextResponseTrigger = 'handoff' | 'escalation' | 'reopen';
export const NEXT_RESPONSE_TRIGGERS: readonly NextResponseTrigger[] = [
  'handoff',
  'escalation',
  'reopen',
];

export interface BusinessHours {
  /** Per weekday (0 = Monday): open intervals as [start, end) seconds from midnight. */
  week: Array<Array<[number, number]>>;
  /** Day indices from the horizon start (0 = first Monday) that are closed. */
  holidays: number[];
}

export interface Scenario {
  version: 1;
  name: string;
  description: string;
  /** Interval length, seconds (default 900). */
  interval: number;
  /** Intervals in the warm-up, simulated before time 0 and not counted. */
  warmupIntervals: number;
  /** Intervals in the horizon (the counted window). */
  horizonIntervals: number;
  /**
   * Intervals simulated after the horizon so contacts created near its end can
   * finish; arrivals go on (uncounted) so they still compete for agents.
   */
  cooldownIntervals: number;
  timezone: string;
  channels: ChannelSpec[];
  /**
   * Expected arrivals per interval for each channel, over warm-up + horizon +
   * cool-down: `arrivalRates[c][i]` for channel c (same order as `channels`),
   * interval i (i = 0 is the first warm-up interval; the horizon starts at
   * i = warmupIntervals, which is time 0).
   */
  arrivalRates: number[][];
  /**
   * Coefficient of variation of a gamma multiplier (mean 1) drawn per channel
   * and day, applied to that day's rates: forecast error. 0 = plain Poisson.
   */
  overdispersion: number;
  groups: GroupSpec[];
  escalation?: EscalationSpec;
  reopen?: ReopenSpec;
  routing: {
    policy: 'priority-fifo' | 'deadline-first';
    /** A contact waiting longer than `after` may also be taken by `toGroup`. */
    overflow: Array<{ fromGroup: string; toGroup: string; after: number }>;
    /** Deferred work is taken only when no realtime/chat/messaging contact waits. */
    deferredWhenIdle: boolean;
  };
  businessHours: BusinessHours;
  sla: SlaTarget[];
}
