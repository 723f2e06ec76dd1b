/**
 * The analytic staffing oracle: per horizon interval and agent group, the
 * agents Erlang C (patient customers) or Erlang A (exponential patience) say
 * meet the scenario's SLA targets if the interval were in steady state.
 *
 * Why: it is the seed of the simulation search (requirements.ts), which then
 * corrects it for what the formulas leave out (backlog carried between
 * intervals, priorities, bots, blended and escalated work, non-exponential
 * times). Close seeds mean few simulation rounds.
 *
 * Per group, in each interval (semantics.md §5.1–5.3):
 * - each live stream (realtime, chat, messaging) is its own queue of
 *   `slots × n` servers (M/M/(nK) for chat, §5.4): for every first-response
 *   or service-level target on its channel, the fewest slots whose
 *   answered-within share reaches the goal left to people — (goal − a)/(1 − a)
 *   where a is the share the bot answers first; for an abandonment target, the
 *   fewest slots whose Erlang A abandonment stays under max ÷ human share;
 *   at least the offered load. Agents = ⌈slots / K⌉, summed over streams;
 * - deferred work (e-mail, escalations, reopens) is one patient queue with
 *   agents of its own: the Erlang C agents its targets need (resolution
 *   targets count the hold time against the threshold), at least ⌊load⌋ + 1.
 *   Blended agents take it only when no live contact waits, but then hold it
 *   for a whole e-mail, so live contacts see those agents as gone: separate
 *   pools, added up.
 * Priorities are ignored (every contact counted at the channel's goal), so
 * the seed is conservative for priority-filtered targets.
 */
import type { Scenario, SlaTarget } from '../../scenarios/schema/types.js';
import { erlangAMeasures, minAgentsForServiceLevel } from '../analytic/index.js';
import { offeredWork, type WorkModel, type WorkStream, workModel } from './offeredWork.js';

const GOAL_CEILING = 1 - 1e-6;

/**
 * Analytic agents on duty per group and horizon interval: `result[g][h]`.
 *
 * @example
 * // one phone channel at 120 calls/h, AHT 5 min, 80% answered within 20 s
 * analyticRequirements(scenario)[0][0]; // 14 (Erlang C)
 */
export function analyticRequirements(scenario: Scenario): number[][] {
  const model = workModel(scenario);
  const H = scenario.horizonIntervals;
  const out = scenario.groups.map(() => new Array<number>(H).fill(0));
  const memo = new Map<string, number>();
  for (let h = 0; h < H; h++) {
    const work = offeredWork(scenario, model, scenario.warmupIntervals + h);
    work.forEach((streams, g) => {
      const key = `${g}|${streams.map((s) => `${s.kind}${s.channel}:${s.rate}`).join(',')}`;
      let n = memo.get(key);
      if (n === undefined) {
        n = groupAgents(scenario, model, streams);
        memo.set(key, n);
      }
      out[g][h] = n;
    });
  }
  return out;
}

/** Agents one group needs for its streams in one interval. */
export function groupAgents(scenario: Scenario, model: WorkModel, streams: WorkStream[]): number {
  let live = 0;
  const deferred: WorkStream[] = [];
  for (const s of streams) {
    if (s.kind === 'live') live += Math.ceil(liveSlots(scenario, model, s) / s.slots - 1e-9);
    else deferred.push(s);
  }
  if (deferred.length === 0) return live;
  const rate = deferred.reduce((sum, s) => sum + s.rate, 0);
  const load = deferred.reduce((sum, s) => sum + s.rate * s.hold, 0);
  if (rate <= 0) return live;
  const mu = rate / load;
  let n = Math.floor(load) + 1;
  for (const s of deferred) {
    for (const t of scenario.sla) {
      const goal = deferredGoal(scenario, model, t, s);
      if (!goal) continue;
      n = Math.max(
        n,
        minAgentsForServiceLevel({
          model: 'c',
          arrivalRate: rate,
          serviceRate: mu,
          target: goal.within,
          fraction: goal.fraction,
        }),
      );
    }
  }
  return live + n;
}

/** Slots a live stream needs for every target on its channel. */
function liveSlots(scenario: Scenario, model: WorkModel, s: WorkStream): number {
  const channel = scenario.channels[s.channel];
  const w = model.channels[s.channel];
  const load = s.rate * s.hold;
  let n = Math.max(0, Math.ceil(load - 1e-9));
  if (s.rate <= 0) return 0;
  const theta = s.patienceRate;
  for (const t of scenario.sla) {
    if (t.channel !== undefined && t.channel !== channel.name) continue;
    if (t.metric === 'firstResponse' || t.metric === 'serviceLevel') {
      if (t.within === undefined) continue;
      const a = w.automaticShare;
      if (a >= 1) continue;
      const fraction = (t.attainment - a) / (1 - a);
      if (fraction <= 0) continue;
      n = Math.max(
        n,
        minAgentsForServiceLevel({
          model: theta > 0 ? 'a' : 'c',
          arrivalRate: s.rate,
          serviceRate: 1 / s.hold,
          patienceRate: theta > 0 ? theta : undefined,
          target: t.within,
          fraction: Math.min(GOAL_CEILING, fraction),
        }),
      );
    } else if (t.metric === 'abandonment' && theta > 0) {
      const allowed = t.attainment / Math.max(w.humanShare, 1e-12);
      if (allowed >= 1) continue;
      n = Math.max(n, minSlotsForAbandonment(s.rate, 1 / s.hold, theta, allowed));
    }
  }
  if (theta === 0) n = Math.max(n, Math.floor(load) + 1);
  return n;
}

/**
 * The fewest servers whose Erlang A abandonment probability is at most
 * `allowed`: start at the fluid bound A·(1 − allowed) and step up (P(Ab)
 * falls with every server added).
 */
export function minSlotsForAbandonment(
  lambda: number,
  mu: number,
  theta: number,
  allowed: number,
): number {
  const load = lambda / mu;
  const limit = Math.max(allowed, 1e-9);
  let n = Math.max(1, Math.floor(load * (1 - limit)));
  const abandon = (servers: number) =>
    erlangAMeasures({ arrivalRate: lambda, serviceRate: mu, patienceRate: theta, servers })
      .pAbandon;
  let step = 1;
  while (abandon(n) > limit) {
    n += step;
    step = Math.min(step * 2, Math.max(1, Math.ceil(Math.sqrt(load))));
  }
  // Walk back down over any overshoot of the last step.
  while (n > 1 && abandon(n - 1) <= limit) n--;
  return n;
}

/** The (threshold, share) a target asks of a deferred stream, or undefined when it does not apply. */
function deferredGoal(
  scenario: Scenario,
  model: WorkModel,
  t: SlaTarget,
  s: WorkStream,
): { within: number; fraction: number } | undefined {
  if (t.within === undefined || t.metric === 'abandonment') return undefined;
  const channelName = s.channel >= 0 ? scenario.channels[s.channel].name : undefined;
  if (t.channel !== undefined && channelName !== undefined && t.channel !== channelName)
    return undefined;
  let within = t.within;
  let fraction = t.attainment;
  switch (t.metric) {
    case 'firstResponse':
    case 'serviceLevel': {
      if (s.kind !== 'deferred') return undefined;
      const a = model.channels[s.channel].automaticShare;
      if (a >= 1) return undefined;
      fraction = (fraction - a) / (1 - a);
      break;
    }
    case 'nextResponse':
      if (s.kind === 'deferred') return undefined;
      if (t.trigger === 'handoff') return undefined;
      if (t.trigger === 'escalation' && s.kind !== 'escalation') return undefined;
      if (t.trigger === 'reopen' && s.kind !== 'reopen') return undefined;
      break;
    case 'resolution':
      within -= s.hold;
      break;
  }
  if (within <= 0 || fraction <= 0) return undefined;
  return { within, fraction: Math.min(GOAL_CEILING, fraction) };
}
