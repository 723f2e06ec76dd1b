/**
 * The staffing table the replay's virtual agents follow: for each agent group,
 * how many agents are on duty in each interval of the replayed window, with
 * the channels the group works. The CLI builds it from the scenario
 * (`buildStaffingTable`) and passes it to the k6 script as JSON; the script
 * gives each agent VU a slot (`agentSlots`) and asks `onDuty` at every turn.
 *
 * Semantics copied from the simulator (simulator/model/supportModel.ts,
 * `setStaffing`): agents 0, 1, … of a group come on duty first and the
 * highest-numbered leave first; with a (fractional, after-shrinkage) target
 * of x agents, agent k is on duty while k < x, so 14.7 staffs 15 agents, as
 * the simulator's `active < target` loop does. An agent going off duty
 * finishes what it holds but takes nothing new (the script's job).
 *
 * Pure, no imports: k6 and Node both load it.
 */

/** One agent group as the replay sees it. */
export interface StaffingGroup {
  name: string;
  /** 1 for L1, 2 for L2, … (chooses the helpdesk logins the group's agents use). */
  tier: number;
  /** Channels whose first contacts and reopens the group works. */
  channels: string[];
  /** Whether the group takes escalations (from the escalation queue). */
  takesEscalations: boolean;
  /** Agents on duty per interval, interval 0 starting at the table's `start`. */
  staffing: number[];
}

export interface StaffingTable {
  /** Interval length, scenario seconds. */
  interval: number;
  /** Scenario time (seconds from the horizon start) where `staffing[0]` begins. */
  start: number;
  groups: StaffingGroup[];
}

/** The parts of a normalised scenario the table needs (structural: no import of the schema). */
export interface StaffingSource {
  interval: number;
  warmupIntervals: number;
  groups: ReadonlyArray<{
    name: string;
    tier: number;
    channels: readonly string[];
    takesEscalations: boolean;
    /** Per interval over warm-up + horizon + cool-down (index 0 = first warm-up interval). */
    staffing: readonly number[];
  }>;
}

/**
 * The staffing of the intervals overlapping [from, to) (scenario seconds),
 * where `to` should include the replay's grace (agents keep working after the
 * last arrival, with the staffing of those later intervals). Intervals
 * outside the scenario's staffing arrays count as unstaffed.
 *
 * @throws RangeError when `to <= from` or the interval is not positive.
 */
export function buildStaffingTable(
  scenario: StaffingSource,
  from: number,
  to: number,
): StaffingTable {
  if (!(scenario.interval > 0))
    throw new RangeError(`interval must be > 0, got ${scenario.interval}`);
  if (!(to > from)) throw new RangeError(`the window must end after it starts (${from}…${to})`);
  const first = Math.floor(from / scenario.interval);
  const last = Math.ceil(to / scenario.interval); // exclusive
  const groups = scenario.groups.map((g) => {
    const staffing: number[] = [];
    for (let i = first; i < last; i++) {
      const v = g.staffing[i + scenario.warmupIntervals];
      staffing.push(typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
    }
    return {
      name: g.name,
      tier: g.tier,
      channels: [...g.channels],
      takesEscalations: g.takesEscalations,
      staffing,
    };
  });
  return { interval: scenario.interval, start: first * scenario.interval, groups };
}

/** The interval of the table that scenario time `t` falls in, clamped to the table. */
export function intervalAt(table: StaffingTable, t: number): number {
  const n = table.groups[0]?.staffing.length ?? 0;
  if (n === 0) return 0;
  const i = Math.floor((t - table.start) / table.interval);
  return Math.min(n - 1, Math.max(0, i));
}

/** Agents group `g` has on duty at scenario time `t` (as staffed: may be fractional). */
export function staffedAt(table: StaffingTable, g: number, t: number): number {
  const group = table.groups[g];
  if (!group || group.staffing.length === 0) return 0;
  return group.staffing[intervalAt(table, t)] ?? 0;
}

/** Whether agent `k` (0-based) of group `g` is on duty at scenario time `t`. */
export function onDuty(table: StaffingTable, g: number, k: number, t: number): boolean {
  return k < staffedAt(table, g, t);
}

/** The whole agents a staffing level puts on duty (14.7 → 15). */
export function headcount(staffed: number): number {
  return Math.max(0, Math.ceil(staffed - 1e-9));
}

/** Scenario time of the next interval boundary after `t` (or `t + interval` past the table). */
export function nextBoundary(table: StaffingTable, t: number): number {
  const i = Math.floor((t - table.start) / table.interval);
  return table.start + (i + 1) * table.interval;
}

/** One virtual agent: its group and its number within the group. */
export interface AgentSlot {
  group: number;
  /** 0-based number within the group: agent k works while k < staffed. */
  k: number;
  /** 0-based number among the agents of the same tier (chooses the login). */
  inTier: number;
}

/**
 * Every virtual agent the table ever needs: per group, as many as its peak
 * headcount, in group order. The script runs one VU per slot and gives slot i
 * to the iteration numbered i (`exec.scenario.iterationInTest` of a
 * per-vu-iterations scenario with one iteration per VU, which is 0 … n−1 over
 * all execution segments together).
 */
export function agentSlots(table: StaffingTable): AgentSlot[] {
  const slots: AgentSlot[] = [];
  const perTier = new Map<number, number>();
  table.groups.forEach((group, g) => {
    const peak = headcount(Math.max(0, ...group.staffing));
    for (let k = 0; k < peak; k++) {
      const inTier = perTier.get(group.tier) ?? 0;
      perTier.set(group.tier, inTier + 1);
      slots.push({ group: g, k, inTier });
    }
  });
  return slots;
}

/**
 * The helpdesk login a virtual agent acts as: the tier's logins dealt out in
 * turn. When a tier has fewer logins than agents, several agents share one
 * login; the script then tells a sibling's take ("That user already owns that
 * ticket") from its own, so two agents never work one ticket.
 *
 * @throws RangeError when the tier has no login at all.
 */
export function loginFor(logins: readonly string[], slot: AgentSlot, tier: number): string {
  if (logins.length === 0) {
    throw new RangeError(`no helpdesk login for tier-${tier} agents`);
  }
  return logins[slot.inTier % logins.length]!;
}
