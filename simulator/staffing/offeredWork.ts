/**
 * The human work each agent group is offered in one interval: per channel,
 * the arrivals that reach a person, how long each holds an agent, and how many
 * of them one agent holds at once.
 *
 * Why: the analytic seed of the staffing search (Erlang C / A per interval,
 * semantics.md §5.1–5.3) needs each group's offered load, and the scenario
 * states it per channel, before bots, for every group that serves the channel.
 *
 * Rules (all means; the simulation refines what these simplify):
 * - human share of a channel = 1 − bot share × containment: contained
 *   contacts never reach a person, failed bot conversations do;
 * - hold time = mean handle time (hand-offs × their multiplier, weighted by
 *   their share of the human arrivals) + mean after-contact work; for chat
 *   and messaging the handle time is stretched by s(K), the slowdown with all
 *   K sessions held, since agents are full when it matters;
 * - a channel served by several groups is split equally between them (the
 *   routing takes the first free agent of any of them);
 * - escalations: human arrivals × (1 − first-contact resolution), held for the
 *   escalation handle time, split between the groups that take escalations;
 * - reopens: human arrivals × reopen probability, held for the reopen handle
 *   time, offered to the groups serving the channel;
 * - overdispersion is ignored (its multiplier has mean 1).
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { fromSpec } from '../distributions/index.js';

/** What kind of queue a stream of work joins. */
export type WorkKind = 'live' | 'deferred' | 'escalation' | 'reopen';

/** One stream of human work offered to one group in one interval. */
export interface WorkStream {
  kind: WorkKind;
  /** Channel index; −1 for escalations. */
  channel: number;
  /** Arrivals per second reaching this group's people. */
  rate: number;
  /** Mean seconds one contact holds a slot (handle + wrap-up). */
  hold: number;
  /** Slots per agent: a chat channel's concurrency, else 1. */
  slots: number;
  /** 1 / mean patience of contacts waiting in this stream; 0 when they never abandon. */
  patienceRate: number;
}

/** Per channel: constants that do not change from interval to interval. */
export interface ChannelWork {
  /** Share of arrivals that reach a person. */
  humanShare: number;
  /** Share of arrivals whose first response is the bot's (they meet reply targets at once). */
  automaticShare: number;
  hold: number;
  slots: number;
  patienceRate: number;
  kind: WorkKind;
  /** Groups that serve the channel directly, by index. */
  groups: number[];
}

export interface WorkModel {
  channels: ChannelWork[];
  /** Groups that take escalations (empty without an escalation). */
  escalationGroups: number[];
  escalationHold: number;
  reopenProbability: number;
  reopenHold: number;
}

/** The per-channel constants of a scenario's offered work. */
export function workModel(scenario: Scenario): WorkModel {
  const channels = scenario.channels.map((ch): ChannelWork => {
    const bot = ch.bot;
    const botShare = bot?.share ?? 0;
    const contained = bot ? botShare * bot.containment : 0;
    const humanShare = 1 - contained;
    const handoffs = bot ? botShare * (1 - bot.containment) : 0;
    const direct = 1 - botShare;
    const multiplier = bot?.handoffHandleTimeMultiplier ?? 1;
    const handleMean = fromSpec(ch.handleTime).mean;
    const weighted =
      humanShare > 0 ? (handleMean * (direct + handoffs * multiplier)) / humanShare : handleMean;
    const slots = ch.kind === 'chat' || ch.kind === 'messaging' ? ch.concurrency : 1;
    const stretch = slots > 1 ? (ch.slowdown[slots - 1] ?? 1) : 1;
    const acw = ch.afterContactWork ? fromSpec(ch.afterContactWork).mean : 0;
    const patience = ch.patience ? fromSpec(ch.patience).mean : Number.POSITIVE_INFINITY;
    const automaticShare = bot ? (bot.countsAsFirstResponse ? botShare : contained) : 0;
    return {
      humanShare,
      automaticShare,
      hold: weighted * stretch + acw,
      slots,
      patienceRate: ch.kind !== 'deferred' && Number.isFinite(patience) ? 1 / patience : 0,
      kind: ch.kind === 'deferred' ? 'deferred' : 'live',
      groups: scenario.groups.flatMap((g, gi) => (g.channels.includes(ch.name) ? [gi] : [])),
    };
  });
  const escalationGroups = scenario.escalation
    ? scenario.groups.flatMap((g, gi) => (g.takesEscalations ? [gi] : []))
    : [];
  return {
    channels,
    escalationGroups,
    escalationHold: scenario.escalation ? fromSpec(scenario.escalation.handleTime).mean : 0,
    reopenProbability: scenario.reopen?.probability ?? 0,
    reopenHold: scenario.reopen ? fromSpec(scenario.reopen.handleTime).mean : 0,
  };
}

/**
 * The work streams each group is offered in grid interval `k` (0 = first
 * warm-up interval): `result[g]` lists group g's streams with a positive rate.
 *
 * @example
 * // one phone channel, 120 calls an hour, AHT 5 min, one group
 * offeredWork(scenario, workModel(scenario), 10)[0];
 * // [{ kind: 'live', channel: 0, rate: 0.0333…, hold: 300, slots: 1, patienceRate: 0 }]
 */
export function offeredWork(scenario: Scenario, model: WorkModel, k: number): WorkStream[][] {
  const out: WorkStream[][] = scenario.groups.map(() => []);
  let escalationRate = 0;
  scenario.channels.forEach((ch, c) => {
    const w = model.channels[c];
    const arrivals = (scenario.arrivalRates[c][k] ?? 0) / scenario.interval;
    const human = arrivals * w.humanShare;
    if (human <= 0) return;
    escalationRate += human * (1 - ch.firstContactResolution);
    if (w.groups.length === 0) return;
    const share = 1 / w.groups.length;
    for (const g of w.groups) {
      out[g].push({
        kind: w.kind,
        channel: c,
        rate: human * share,
        hold: w.hold,
        slots: w.slots,
        patienceRate: w.patienceRate,
      });
      if (model.reopenProbability > 0 && model.reopenHold > 0) {
        out[g].push({
          kind: 'reopen',
          channel: c,
          rate: human * model.reopenProbability * share,
          hold: model.reopenHold,
          slots: 1,
          patienceRate: 0,
        });
      }
    }
  });
  if (escalationRate > 0 && model.escalationGroups.length > 0 && model.escalationHold > 0) {
    const share = 1 / model.escalationGroups.length;
    for (const g of model.escalationGroups) {
      out[g].push({
        kind: 'escalation',
        channel: -1,
        rate: escalationRate * share,
        hold: model.escalationHold,
        slots: 1,
        patienceRate: 0,
      });
    }
  }
  return out;
}
