/**
 * Small scenarios built in code for model tests: normalised form, so the
 * tests exercise the model alone, not the file format.
 */
import type { ChannelSpec, GroupSpec, Scenario, SlaTarget } from '../../scenarios/schema/types.js';

export const HOUR = 3600;
export const DAY = 86_400;

export interface ChannelOptions {
  name?: string;
  kind?: ChannelSpec['kind'];
  perHour: number;
  ahtSeconds: number;
  ahtCv?: number;
  patienceSeconds?: number;
  concurrency?: number;
  slowdown?: number[];
  bot?: ChannelSpec['bot'];
  firstContactResolution?: number;
  priorityMix?: ChannelSpec['priorityMix'];
  afterContactWork?: number;
}

export function channel(o: ChannelOptions): ChannelSpec {
  const k = o.concurrency ?? 1;
  return {
    name: o.name ?? 'phone',
    kind: o.kind ?? 'realtime',
    handleTime:
      o.ahtCv === undefined
        ? { dist: 'exponential', mean: o.ahtSeconds }
        : { dist: 'lognormal', mean: o.ahtSeconds, cv: o.ahtCv },
    afterContactWork: o.afterContactWork
      ? { dist: 'deterministic', value: o.afterContactWork }
      : undefined,
    patience: o.patienceSeconds ? { dist: 'exponential', mean: o.patienceSeconds } : undefined,
    concurrency: k,
    slowdown: o.slowdown ?? Array.from({ length: k }, () => 1),
    priorityMix: o.priorityMix ?? { P1: 0, P2: 0, P3: 1, P4: 0 },
    bot: o.bot,
    firstContactResolution: o.firstContactResolution ?? 1,
  };
}

export interface ScenarioOptions {
  channels: ChannelOptions[];
  /** Constant agents per group. */
  groups?: Array<{
    name: string;
    agents: number | number[];
    channels: string[];
    tier?: number;
    escalations?: boolean;
  }>;
  agents?: number;
  horizonDays?: number;
  warmupIntervals?: number;
  cooldownIntervals?: number;
  interval?: number;
  sla?: SlaTarget[];
  escalation?: Scenario['escalation'];
  reopen?: Scenario['reopen'];
  businessHours?: Scenario['businessHours'];
  policy?: Scenario['routing']['policy'];
}

export function scenario(o: ScenarioOptions): Scenario {
  const interval = o.interval ?? 900;
  const warmupIntervals = o.warmupIntervals ?? 8;
  const horizonIntervals = Math.round(((o.horizonDays ?? 1) * DAY) / interval);
  const cooldownIntervals = o.cooldownIntervals ?? 8;
  const total = warmupIntervals + horizonIntervals + cooldownIntervals;
  const channels = o.channels.map(channel);
  const groupDefs = o.groups ?? [
    { name: 'L1', agents: o.agents ?? 1, channels: channels.map((c) => c.name) },
  ];
  const groups: GroupSpec[] = groupDefs.map((g) => ({
    name: g.name,
    tier: g.tier ?? 1,
    channels: g.channels,
    takesEscalations: g.escalations ?? false,
    staffing: Array.isArray(g.agents)
      ? g.agents
      : Array.from({ length: total }, () => g.agents as number),
    shrinkage: 0,
  }));
  return {
    version: 1,
    name: 'test',
    description: '',
    interval,
    warmupIntervals,
    horizonIntervals,
    cooldownIntervals,
    timezone: 'UTC',
    channels,
    arrivalRates: o.channels.map((c) =>
      Array.from({ length: total }, () => (c.perHour * interval) / HOUR),
    ),
    overdispersion: 0,
    groups,
    escalation: o.escalation,
    reopen: o.reopen,
    routing: { policy: o.policy ?? 'priority-fifo', overflow: [], deferredWhenIdle: true },
    businessHours: o.businessHours ?? {
      week: [0, 1, 2, 3, 4]
        .map(() => [[9 * HOUR, 18 * HOUR]] as Array<[number, number]>)
        .concat([[], []]),
      holidays: [],
    },
    sla: o.sla ?? [],
  };
}
