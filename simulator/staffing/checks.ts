/**
 * What the staffing search checks in every interval, and whom it blames for a
 * miss.
 *
 * Each SLA target of the scenario is a check per horizon interval: the
 * contacts created in the interval, pooled over the replications, must reach
 * the target's goal (for abandonment: stay at or under it). A target over all
 * channels is also measured per channel, and a next-response target over every
 * trigger per trigger (extra, hidden targets appended to the simulated
 * scenario's SLA list), so that a miss can be pinned on the channels and
 * groups that cause it rather than on every group.
 *
 * A miss is blamed on one agent group and one interval:
 * - the groups that could have answered: those serving the channel (first
 *   response, service level, abandonment, hand-off and reopen replies), plus
 *   those taking escalations (resolution, escalation replies);
 * - the interval: the contact may be answered any time within the threshold,
 *   so any interval from its creation to creation + threshold (the window) may
 *   be short of agents; the search picks the one where those groups' queues
 *   were longest (backlog carried over), preferring one it had just lowered.
 */
import {
  NEXT_RESPONSE_TRIGGERS,
  type NextResponseTrigger,
  type Scenario,
  type SlaTarget,
} from '../../scenarios/schema/types.js';

/** One channel's share of a check: where its hits are counted and who can serve it. */
export interface CheckPart {
  /** Index in the simulated scenario's SLA list. */
  sla: number;
  channel: number;
  /** Groups that can serve this part's contacts. */
  groups: number[];
  /** Columns of `ReplicationOutput.queues` holding this part's waiting work (C = escalations). */
  queues: number[];
}

export interface Check {
  /** Index of the target in the scenario's own SLA list. */
  target: number;
  name: string;
  /** Abandonment: the attainment must stay at or below `goal`; otherwise at or above. */
  atMost: boolean;
  goal: number;
  /** Intervals after creation in which the contact may still be answered in time. */
  window: number;
  parts: CheckPart[];
}

export interface CheckSet {
  /** The scenario to simulate: its SLA list extended with per-channel copies. */
  scenario: Scenario;
  checks: Check[];
  /** For each queue column, the groups that serve it. */
  queueServers: number[][];
}

const WEEK = 7 * 86_400;

/** The checks of a scenario and the scenario to simulate them with. */
export function buildChecks(scenario: Scenario): CheckSet {
  const C = scenario.channels.length;
  const channelIndex = new Map(scenario.channels.map((c, i) => [c.name, i]));
  const front = scenario.channels.map((ch) =>
    scenario.groups.flatMap((g, gi) => (g.channels.includes(ch.name) ? [gi] : [])),
  );
  const escalationGroups = scenario.escalation
    ? scenario.groups.flatMap((g, gi) => (g.takesEscalations ? [gi] : []))
    : [];
  const queueServers = [...front, escalationGroups];
  const openPerWeek = scenario.businessHours.week.reduce(
    (sum, day) => sum + day.reduce((s, [a, b]) => s + (b - a), 0),
    0,
  );

  const sla: SlaTarget[] = [...scenario.sla];
  const checks: Check[] = scenario.sla.map((t, target) => {
    const channels =
      t.channel === undefined
        ? scenario.channels.map((_, c) => c)
        : [channelIndex.get(t.channel) as number];
    // A next-response target over every trigger is split by trigger: hand-off
    // and reopen replies come from the channel's groups, escalation replies
    // from the escalation groups, and a miss must go to the right ones.
    const triggers: Array<NextResponseTrigger | undefined> =
      t.metric === 'nextResponse' && t.trigger === undefined
        ? [...NEXT_RESPONSE_TRIGGERS]
        : [t.trigger];
    const split = channels.length > 1 || triggers.length > 1;
    const parts: CheckPart[] = [];
    for (const c of channels) {
      const escalates =
        escalationGroups.length > 0 && scenario.channels[c].firstContactResolution < 1;
      for (const trigger of triggers) {
        let useFront = true;
        let useEscalation = false;
        if (t.metric === 'resolution') useEscalation = escalates;
        if (t.metric === 'nextResponse') {
          useFront = trigger !== 'escalation';
          useEscalation = escalates && (trigger === undefined || trigger === 'escalation');
          if (trigger === 'escalation' && !escalates) continue;
          if (trigger === 'handoff' && !scenario.channels[c].bot?.countsAsFirstResponse) continue;
          if (trigger === 'reopen' && !scenario.reopen) continue;
        }
        const groups = new Set<number>();
        const queues: number[] = [];
        if (useFront) {
          for (const g of front[c]) groups.add(g);
          queues.push(c);
        }
        if (useEscalation) {
          for (const g of escalationGroups) groups.add(g);
          queues.push(C);
        }
        if (groups.size === 0) continue;
        let index = target;
        if (split) {
          index = sla.length;
          const label = [scenario.channels[c].name, trigger].filter(Boolean).join(' ');
          sla.push({
            ...t,
            name: `${t.name} · ${label}`,
            channel: scenario.channels[c].name,
            ...(trigger ? { trigger } : {}),
          });
        }
        parts.push({ sla: index, channel: c, groups: [...groups].sort((a, b) => a - b), queues });
      }
    }
    let span = t.within ?? 0;
    if (t.clock === 'business' && span > 0) {
      span = openPerWeek > 0 ? (span * WEEK) / openPerWeek : Number.POSITIVE_INFINITY;
    }
    const window =
      t.metric === 'abandonment'
        ? 0
        : Math.min(scenario.horizonIntervals - 1, Math.floor(span / scenario.interval));
    return {
      target,
      name: t.name,
      atMost: t.metric === 'abandonment',
      goal: t.attainment,
      window: Math.max(0, window),
      parts,
    };
  });
  return { scenario: { ...scenario, sla }, checks, queueServers };
}
