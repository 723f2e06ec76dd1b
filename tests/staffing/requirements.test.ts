import { describe, expect, it } from 'vitest';
import {
  erlangAMeasures,
  erlangCMeasures,
  minAgentsForServiceLevel,
} from '../../simulator/analytic/index.js';
import { analyticRequirements } from '../../simulator/staffing/analyticSeed.js';
import { offeredWork, workModel } from '../../simulator/staffing/offeredWork.js';
import { computeRequirements } from '../../simulator/staffing/requirements.js';
import { HOUR, scenario } from '../model/builders.js';
import { BLOCK_HOURS, blockRate, omnichannelDay, phoneDay, SERVICE_LEVEL } from './support.js';

const MU = 1 / 300;
const THETA = 1 / 180;
const GOAL = SERVICE_LEVEL.attainment;
const WITHIN = SERVICE_LEVEL.within as number;

/** Erlang C or A service level (answered within 20 s, abandoners failing) at n agents. */
function serviceLevel(model: 'c' | 'a', callsPerHour: number, n: number): number {
  const lambda = callsPerHour / HOUR;
  if (model === 'a') {
    return erlangAMeasures({
      arrivalRate: lambda,
      serviceRate: MU,
      patienceRate: THETA,
      servers: n,
      target: WITHIN,
    }).serviceLevel as number;
  }
  if (n * MU <= lambda) return 0;
  return erlangCMeasures({ arrivalRate: lambda, serviceRate: MU, servers: n, target: WITHIN })
    .serviceLevel as number;
}

function erlangAgents(model: 'c' | 'a', callsPerHour: number): number {
  return minAgentsForServiceLevel({
    model,
    arrivalRate: callsPerHour / HOUR,
    serviceRate: MU,
    patienceRate: model === 'a' ? THETA : undefined,
    target: WITHIN,
    fraction: GOAL,
  });
}

/**
 * The simulation's requirement may differ from the steady-state formula by one
 * agent, and only where the formula's service level at the staffing between
 * the two lies within the simulation's own uncertainty of the goal (4
 * standard errors of the interval's attainment across replications). The
 * first and last hour of each block are left out: there the backlog carried
 * across the change of load is real and the steady-state formula does not
 * apply.
 */
async function compareWithErlang(model: 'c' | 'a') {
  const s = phoneDay({ patienceSeconds: model === 'a' ? 180 : undefined });
  const req = await computeRequirements(s, { seed: 1, replications: 40 });
  const required = req.groups[0].required;
  const se = req.targets[0].standardError;
  let equal = 0;
  let compared = 0;
  for (let h = 0; h < s.horizonIntervals; h++) {
    const inBlock = h % BLOCK_HOURS;
    if (inBlock === 0 || inBlock === BLOCK_HOURS - 1) continue;
    const rate = blockRate(h);
    const erlang = erlangAgents(model, rate);
    const r = required[h];
    compared++;
    if (r === erlang) {
      equal++;
      continue;
    }
    expect(Math.abs(r - erlang), `hour ${h}: ${r} agents vs Erlang ${erlang}`).toBe(1);
    const between = Math.min(r, erlang);
    const gap = Math.abs(serviceLevel(model, rate, between) - GOAL);
    expect(gap, `hour ${h}: Erlang service level at ${between} vs goal`).toBeLessThanOrEqual(
      4 * (se[h] as number),
    );
  }
  expect(req.converged).toBe(true);
  expect(equal / compared).toBeGreaterThanOrEqual(0.5);
  return req;
}

describe('interval requirements', () => {
  it('start from Erlang C: the analytic seed of a patient phone queue is the Erlang C staffing', () => {
    const s = phoneDay();
    const seed = analyticRequirements(s)[0];
    for (let h = 0; h < s.horizonIntervals; h++) {
      expect(seed[h]).toBe(erlangAgents('c', blockRate(h)));
    }
  });

  it('start from Erlang A when callers have exponential patience', () => {
    const s = phoneDay({ patienceSeconds: 180 });
    const seed = analyticRequirements(s)[0];
    for (let h = 0; h < s.horizonIntervals; h++) {
      expect(seed[h]).toBe(erlangAgents('a', blockRate(h)));
    }
  });

  it('equal the Erlang C staffing of a phone-only queue in each interval, ±1 agent where the simulation’s confidence allows', async () => {
    await compareWithErlang('c');
  });

  it('equal the Erlang A staffing when callers abandon, ±1 agent where the simulation’s confidence allows', async () => {
    await compareWithErlang('a');
  });

  it('meet every goal in every interval, and state per interval the share of replications that met it', async () => {
    const s = phoneDay();
    const req = await computeRequirements(s, { seed: 2, replications: 20 });
    expect(req.met.every(Boolean)).toBe(true);
    for (const t of req.targets[0].attainment) expect(t as number).toBeGreaterThanOrEqual(GOAL);
    for (const c of req.confidence) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    // At the requirement an interval is near its goal, so some replications miss it.
    const mean = req.confidence.reduce((a, b) => a + b, 0) / req.confidence.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(1);
  });

  it('are a fixed point: started at its own result, the search changes nothing', async () => {
    const s = phoneDay();
    const req = await computeRequirements(s, { seed: 3, replications: 20 });
    const again = await computeRequirements(s, {
      seed: 3,
      replications: 20,
      start: [req.groups[0].required],
      maxRounds: 1,
    });
    expect(again.groups[0].required).toEqual(req.groups[0].required);
    expect(again.met.every(Boolean)).toBe(true);
  });

  it('carry backlog over: a one-hour burst of e-mail answered within 2 h needs fewer agents during the burst than Erlang C, the backlog being worked off after it', async () => {
    const s = scenario({
      channels: [{ name: 'email', kind: 'deferred', perHour: 20, ahtSeconds: 600 }],
      interval: HOUR,
      warmupIntervals: 4,
      cooldownIntervals: 6,
      horizonDays: 1,
      sla: [
        {
          name: 'e-mail first response 95% in 2h',
          metric: 'firstResponse',
          channel: 'email',
          within: 2 * HOUR,
          attainment: 0.95,
          clock: 'calendar',
        },
      ],
    });
    const W = s.warmupIntervals;
    const burst = 10;
    s.arrivalRates = [s.arrivalRates[0].map((r, k) => (k - W === burst ? 4 * r : r))];
    const req = await computeRequirements(s, { seed: 1, replications: 20 });
    const { analytic, required } = req.groups[0];
    // Erlang C in steady state needs more agents than the burst's 13.3 Erlangs.
    expect(analytic[burst]).toBe(14);
    expect(required[burst]).toBeLessThan(analytic[burst]);
    expect(req.met.every(Boolean)).toBe(true);
    // Over the day the agents still do all the work offered (10 min per e-mail).
    const offered = s.arrivalRates[0].slice(W, W + 24).reduce((a, b) => a + b, 0) / 6;
    expect(required.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(offered);
  });

  it('are the same for the same seed', async () => {
    const s = phoneDay();
    const a = await computeRequirements(s, { seed: 7, replications: 8 });
    const b = await computeRequirements(s, { seed: 7, replications: 8 });
    expect(a.groups[0].required).toEqual(b.groups[0].required);
    expect(a.confidence).toEqual(b.confidence);
  });

  it('report checks that no staffing can reach and keep them only as close as staffing gets', async () => {
    const s = phoneDay();
    // Handle times average 5 minutes: nobody is resolved within 1 second.
    s.sla = [
      ...s.sla,
      {
        name: 'resolved in 1s',
        metric: 'resolution',
        within: 1,
        attainment: 0.5,
        clock: 'calendar',
      },
    ];
    const req = await computeRequirements(s, { seed: 1, replications: 6 });
    expect(req.unreachable.length).toBe(s.horizonIntervals);
    for (const u of req.unreachable) expect(u).toMatchObject({ target: 'resolved in 1s', goal: 0 });
    expect(req.met.every(Boolean)).toBe(true);
  });
});

describe('the offered work behind the analytic seed', () => {
  it('removes what the bot contains, counts chat in slots, and splits nothing it should not', () => {
    const s = omnichannelDay({ containment: 0.5 });
    const model = workModel(s);
    const k = s.warmupIntervals + 8; // 08:00, the 240-calls block: shape 240/150
    const work = offeredWork(s, model, k);
    const [voice] = work[0];
    const [digital] = work[1];
    expect(voice).toMatchObject({ kind: 'live', channel: 0, slots: 1 });
    expect(voice.hold).toBeCloseTo(300, 9);
    expect(voice.rate).toBeCloseTo((60 * (240 / 150)) / HOUR, 12);
    // Half meet the bot, half of those are contained: 75% reach a person.
    expect(digital).toMatchObject({ kind: 'live', channel: 1, slots: 2 });
    expect(digital.hold).toBeCloseTo(480, 9);
    expect(digital.rate).toBeCloseTo((80 * (240 / 150) * 0.75) / HOUR, 12);
    expect(model.channels[1].humanShare).toBeCloseTo(0.75, 12);
  });
});
