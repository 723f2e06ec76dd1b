/**
 * Turns a normalised scenario into the indexed form the event loop uses:
 * distributions built, names replaced by indices, work types laid out.
 *
 * Work types are the queues' kinds: one per channel for first contacts, one
 * per channel for reopened contacts, and one for escalations.
 */

import type { ChannelKind, Scenario, SlaMetric } from '../../scenarios/schema/types.js';
import { NEXT_RESPONSE_TRIGGERS, PRIORITIES } from '../../scenarios/schema/types.js';
import { type Distribution, fromSpec } from '../distributions/index.js';

export interface CompiledChannel {
  index: number;
  name: string;
  kind: ChannelKind;
  /** Live contacts (realtime, chat, messaging) come before deferred ones when blended. */
  deferred: boolean;
  concurrency: number;
  slowdown: number[];
  handleTime: Distribution;
  afterContactWork?: Distribution;
  patience?: Distribution;
  priorityCumulative: number[];
  firstContactResolution: number;
  bot?: {
    share: number;
    containment: number;
    handleTime: Distribution;
    handoffHandleTimeMultiplier: number;
    countsAsFirstResponse: boolean;
  };
}

export interface CompiledTarget {
  index: number;
  name: string;
  metric: SlaMetric;
  channel: number; // -1 = all
  priority: number; // -1 = all
  within: number;
  attainment: number;
  business: boolean;
  /** nextResponse: 0 = any trigger, else 1 + index in NEXT_RESPONSE_TRIGGERS. */
  trigger: number;
}

export interface CompiledGroup {
  index: number;
  name: string;
  tier: number;
  /** Work types this group serves directly. */
  workTypes: number[];
  /** Work types it may take from other groups once they have waited `after`. */
  overflow: Array<{ workType: number; after: number }>;
  staffing: number[];
}

export interface CompiledScenario {
  source: Scenario;
  channels: CompiledChannel[];
  groups: CompiledGroup[];
  targets: CompiledTarget[];
  workTypeCount: number;
  escalationWorkType: number;
  escalationHandleTime?: Distribution;
  reopen?: { probability: number; delay: Distribution; handleTime: Distribution };
  /** Seconds from creation to the tightest first-response target, per channel × priority. */
  dueOffset: Float64Array;
  intervalsTotal: number;
}

export const reopenWorkType = (channels: number, channel: number) => channels + channel;

export function compileScenario(scenario: Scenario): CompiledScenario {
  const C = scenario.channels.length;
  const channels: CompiledChannel[] = scenario.channels.map((ch, index) => {
    let cumulative = 0;
    const priorityCumulative = PRIORITIES.map((p) => {
      cumulative += ch.priorityMix[p] ?? 0;
      return cumulative;
    });
    priorityCumulative[3] = 1;
    return {
      index,
      name: ch.name,
      kind: ch.kind,
      deferred: ch.kind === 'deferred',
      concurrency: ch.concurrency,
      slowdown: ch.slowdown.length > 0 ? ch.slowdown : [1],
      handleTime: fromSpec(ch.handleTime),
      afterContactWork: ch.afterContactWork ? fromSpec(ch.afterContactWork) : undefined,
      patience: ch.patience ? fromSpec(ch.patience) : undefined,
      priorityCumulative,
      firstContactResolution: ch.firstContactResolution,
      bot: ch.bot
        ? {
            share: ch.bot.share,
            containment: ch.bot.containment,
            handleTime: fromSpec(ch.bot.handleTime),
            handoffHandleTimeMultiplier: ch.bot.handoffHandleTimeMultiplier,
            countsAsFirstResponse: ch.bot.countsAsFirstResponse,
          }
        : undefined,
    };
  });
  const channelIndex = new Map(channels.map((c) => [c.name, c.index]));
  const escalationWorkType = 2 * C;
  const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));

  const groups: CompiledGroup[] = scenario.groups.map((g, index) => {
    const workTypes: number[] = [];
    for (const name of g.channels) {
      const c = channelIndex.get(name)!;
      workTypes.push(c, reopenWorkType(C, c));
    }
    if (g.takesEscalations) workTypes.push(escalationWorkType);
    return { index, name: g.name, tier: g.tier, workTypes, overflow: [], staffing: g.staffing };
  });
  for (const rule of scenario.routing.overflow) {
    const from = groups[groupIndex.get(rule.fromGroup)!];
    const to = groups[groupIndex.get(rule.toGroup)!];
    for (const w of from.workTypes) {
      if (!to.workTypes.includes(w)) to.overflow.push({ workType: w, after: rule.after });
    }
  }

  const targets: CompiledTarget[] = scenario.sla.map((t, index) => ({
    index,
    name: t.name,
    metric: t.metric,
    channel: t.channel === undefined ? -1 : channelIndex.get(t.channel)!,
    priority: t.priority === undefined ? -1 : PRIORITIES.indexOf(t.priority),
    within: t.within ?? 0,
    attainment: t.attainment,
    business: t.clock === 'business',
    trigger: t.trigger === undefined ? 0 : 1 + NEXT_RESPONSE_TRIGGERS.indexOf(t.trigger),
  }));

  const dueOffset = new Float64Array(C * 4).fill(Number.POSITIVE_INFINITY);
  for (const t of targets) {
    if (t.metric !== 'firstResponse' && t.metric !== 'serviceLevel') continue;
    for (let c = 0; c < C; c++) {
      if (t.channel >= 0 && t.channel !== c) continue;
      for (let p = 0; p < 4; p++) {
        if (t.priority >= 0 && t.priority !== p) continue;
        dueOffset[c * 4 + p] = Math.min(dueOffset[c * 4 + p], t.within);
      }
    }
  }

  const escalation = scenario.escalation;
  return {
    source: scenario,
    channels,
    groups,
    targets,
    workTypeCount: 2 * C + 1,
    escalationWorkType,
    escalationHandleTime: escalation ? fromSpec(escalation.handleTime) : undefined,
    reopen: scenario.reopen
      ? {
          probability: scenario.reopen.probability,
          delay: fromSpec(scenario.reopen.delay),
          handleTime: fromSpec(scenario.reopen.handleTime),
        }
      : undefined,
    dueOffset,
    intervalsTotal:
      scenario.warmupIntervals + scenario.horizonIntervals + scenario.cooldownIntervals,
  };
}
