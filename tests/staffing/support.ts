/**
 * Scenarios for the staffing tests, built in code (normalised form).
 */
import type { Scenario, SlaTarget } from '../../scenarios/schema/types.js';
import { type ChannelOptions, HOUR, scenario } from '../model/builders.js';

/** Calls per hour in four 6-hour blocks (night, morning peak, afternoon, evening). */
export const BLOCKS = [60, 240, 150, 90];
export const BLOCK_HOURS = 6;

export const SERVICE_LEVEL: SlaTarget = {
  name: 'phone answered 80% in 20s',
  metric: 'serviceLevel',
  channel: 'phone',
  within: 20,
  attainment: 0.8,
  clock: 'calendar',
};

/** Calls per hour at horizon hour h (the day repeats, so warm-up and cool-down wrap). */
export function blockRate(h: number): number {
  const hour = ((h % 24) + 24) % 24;
  return BLOCKS[Math.floor(hour / BLOCK_HOURS)];
}

/**
 * One phone queue for one day in hourly intervals: exponential handle times
 * (5 min), optional exponential patience, arrivals in blocks (BLOCKS), one
 * group, one service-level target.
 */
export function phoneDay(opts: { patienceSeconds?: number; scale?: number } = {}): Scenario {
  const s = scenario({
    channels: [{ perHour: 60, ahtSeconds: 300, patienceSeconds: opts.patienceSeconds }],
    interval: HOUR,
    warmupIntervals: 4,
    cooldownIntervals: 4,
    horizonDays: 1,
    sla: [SERVICE_LEVEL],
  });
  const W = s.warmupIntervals;
  s.arrivalRates = [s.arrivalRates[0].map((_, k) => blockRate(k - W) * (opts.scale ?? 1))];
  return s;
}

/**
 * Phone and chat (a bot in front of chat) for one day in hourly intervals,
 * with a daily shape, two groups, and targets on both channels.
 */
export function omnichannelDay(opts: { scale?: number; containment?: number } = {}): Scenario {
  const chat: ChannelOptions = {
    name: 'chat',
    kind: 'chat',
    perHour: 80,
    ahtSeconds: 480,
    patienceSeconds: 180,
    concurrency: 2,
    bot: {
      share: 0.5,
      handleTime: { dist: 'exponential', mean: 20 },
      containment: opts.containment ?? 0.5,
      handoffHandleTimeMultiplier: 1,
      countsAsFirstResponse: false,
    },
  };
  const s = scenario({
    channels: [{ name: 'phone', perHour: 60, ahtSeconds: 300, patienceSeconds: 180 }, chat],
    groups: [
      { name: 'voice', agents: 1, channels: ['phone'] },
      { name: 'digital', agents: 1, channels: ['chat'] },
    ],
    interval: HOUR,
    warmupIntervals: 4,
    cooldownIntervals: 4,
    horizonDays: 1,
    sla: [
      SERVICE_LEVEL,
      {
        name: 'chat first response 80% in 60s',
        metric: 'firstResponse',
        channel: 'chat',
        within: 60,
        attainment: 0.8,
        clock: 'calendar',
      },
      // First response leaves abandoned chats out: without this, nobody answering would do.
      {
        name: 'chat abandonment at most 10%',
        metric: 'abandonment',
        channel: 'chat',
        attainment: 0.1,
        clock: 'calendar',
      },
    ],
  });
  const W = s.warmupIntervals;
  const shape = (k: number) => blockRate(k - W) / 150;
  s.arrivalRates = s.arrivalRates.map((rates) =>
    rates.map((r, k) => r * shape(k) * (opts.scale ?? 1)),
  );
  return s;
}
