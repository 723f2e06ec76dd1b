/**
 * A realistic week of results for report tests: phone, chat (concurrency 3,
 * with a bot) and email; L1 with escalations to L2; the four kinds of target.
 * Arrivals follow a working-day profile (quiet nights, a morning peak, lighter
 * weekends) and staffing follows it a little too slowly, so the promise
 * breaks at the peaks — which is what the charts must show.
 *
 * Built once per test file (module cache) and shared by every test in it.
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import type { Results } from '../../simulator/model/results.js';
import { simulateScenario } from '../../simulator/model/simulate.js';
import { DAY, HOUR, scenario } from '../model/builders.js';

/** Relative volume by hour of day (mean about 1 over a weekday). */
const HOURLY = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.0, 1.7, 2.1, 2.0, 1.8, 1.6, 1.7, 1.8, 1.7, 1.5, 1.3, 1.0,
  0.8, 0.6, 0.45, 0.3, 0.2,
];
/** Relative volume by day of week, Monday first. */
const DAILY = [1.2, 1.05, 1, 1, 0.95, 0.55, 0.45];

function profile(seconds: number): number {
  const day = Math.floor(seconds / DAY);
  const hour = Math.floor((seconds - day * DAY) / HOUR);
  return DAILY[((day % 7) + 7) % 7] * HOURLY[((hour % 24) + 24) % 24];
}

/** Agents rostered for a load, rounded, with a floor; half an hour behind the load. */
function roster(seconds: number, perUnit: number, floor: number): number {
  return Math.max(floor, Math.round(profile(seconds - HOUR / 2) * perUnit));
}

export function fixtureScenario(): Scenario {
  const s = scenario({
    channels: [
      {
        name: 'phone',
        kind: 'realtime',
        perHour: 40,
        ahtSeconds: 360,
        patienceSeconds: 180,
        priorityMix: { P1: 0, P2: 1, P3: 0, P4: 0 },
      },
      {
        name: 'chat',
        kind: 'chat',
        perHour: 50,
        ahtSeconds: 540,
        concurrency: 3,
        patienceSeconds: 300,
        firstContactResolution: 0.85,
        bot: {
          share: 0.6,
          containment: 0.45,
          handleTime: { dist: 'exponential', mean: 120 },
          handoffHandleTimeMultiplier: 1.1,
          countsAsFirstResponse: true,
        },
      },
      {
        name: 'email',
        kind: 'deferred',
        perHour: 20,
        ahtSeconds: 480,
        firstContactResolution: 0.8,
      },
    ],
    groups: [
      { name: 'L1', agents: 1, channels: ['phone', 'chat', 'email'] },
      { name: 'L2', agents: 1, channels: [], tier: 2, escalations: true },
    ],
    escalation: { toGroup: 'L2', handleTime: { dist: 'exponential', mean: 1800 } },
    reopen: {
      probability: 0.05,
      delay: { dist: 'exponential', mean: 6 * HOUR },
      handleTime: { dist: 'exponential', mean: 300 },
    },
    horizonDays: 7,
    sla: [
      {
        name: 'phone answered in 60s',
        metric: 'serviceLevel',
        channel: 'phone',
        within: 60,
        attainment: 0.8,
        clock: 'calendar',
      },
      {
        name: 'chat first response 60s',
        metric: 'firstResponse',
        channel: 'chat',
        within: 60,
        attainment: 0.9,
        clock: 'calendar',
      },
      {
        name: 'email first response 2h',
        metric: 'firstResponse',
        channel: 'email',
        within: 2 * HOUR,
        attainment: 0.95,
        clock: 'calendar',
      },
      {
        name: 'resolved within 24h',
        metric: 'resolution',
        within: 24 * HOUR,
        attainment: 0.85,
        clock: 'calendar',
      },
      {
        name: 'phone abandonment',
        metric: 'abandonment',
        channel: 'phone',
        attainment: 0.125,
        clock: 'calendar',
      },
    ],
  });
  const start = -s.warmupIntervals * s.interval;
  const at = (i: number) => start + i * s.interval;
  s.name = 'Acme Support — launch week';
  s.description = 'Phone, chat with a bot and email; L1 escalates to L2.';
  s.arrivalRates = s.arrivalRates.map((rates) => rates.map((r, i) => r * profile(at(i))));
  s.groups[0].staffing = s.groups[0].staffing.map((_, i) => roster(at(i), 12, 2));
  s.groups[1].staffing = s.groups[1].staffing.map((_, i) => roster(at(i), 5, 2));
  return s;
}

let cached: Promise<Results> | undefined;

/** The fixture's results (5 replications, seed 1), computed once per test file. */
export function fixtureResults(): Promise<Results> {
  cached ??= simulateScenario(fixtureScenario(), { replications: 5, seed: 1, version: 'test' });
  return cached;
}
