/**
 * Staffing where the history has it: who was working, per interval of the
 * week, as a proxy for agents on duty.
 *
 * Two proxies, the better one used when its columns are there:
 * - agents seen: distinct `agent` values handling a contact (service start to
 *   end plus wrap-up) at some point in the interval — close to the agents
 *   logged in when they are busy most of the time, an undercount when many
 *   sit idle, an overcount when agents flit in and out;
 * - busy agents: handling seconds in the interval ÷ its length (no agent
 *   column needed) — the fewest agents that could have done the work, a
 *   floor on the real staffing (it assumes 100% occupancy).
 * Groups: the `group` column when there is one; else the tier, split by the
 * channels each agent handles (specialised teams stay apart). Each interval
 * of the week is the mean over the history's days of that
 * weekday (outlier days left out, days without work counted as zero), with a
 * t interval across weeks. Grids are per day of history, so memory grows
 * with the history's length (and the agents per interval), not its rows.
 *
 * Without timings the staffing is sized instead, `sizeForLoad`: the offered
 * load (arrivals × mean handle time) over a target occupancy, rounded up —
 * a stated default, not an estimate.
 */
import { studentTQuantile } from '../stats/studentT.js';
import { weekdayOf } from './arrivals.js';
import type { Estimate } from './estimate.js';

const DAY = 86_400;

export type StaffingMethod = 'agents seen' | 'busy agents' | 'sized for load';

/** One agent group as the history shows it, with its staffing proxy. */
export interface GroupStaffing {
  /** A scenario group name: the `group` value, or `L1`, `L1-phone` … */
  name: string;
  tier: number;
  /** Channels it handled (first-line work). */
  channels: string[];
  /** How the group was found: the `group` column, the channels its agents handle, or the tier. */
  basis: string;
  method: StaffingMethod;
  /** Per interval of the week (Monday 00:00 first): the proxy's mean across weeks, with its interval. */
  proxy: Estimate[];
  /** Whole agents to schedule per interval of the week. */
  agents: number[];
}

interface Grid {
  tier: number;
  /** From the `group` column (else grouped by tier and the agents' channels). */
  named: boolean;
  tiers: Map<number, number>;
  channels: Set<string>;
  busy: Map<number, Float64Array>;
  seen: Map<number, Array<Set<number> | undefined>>;
}

/** The work of one contact, for the proxy. */
export interface Work {
  tier: number;
  group?: string;
  agent?: string;
  channel: string;
}

export class StaffingProxy {
  private readonly perDay: number;
  private readonly grids = new Map<string, Grid>();
  private readonly agentIds = new Map<string, number>();
  /** Channels each agent handled (by agent id). */
  private readonly agentChannels: Array<Set<string>> = [];
  private withAgents = 0;
  private withoutAgents = 0;

  constructor(readonly interval: number) {
    this.perDay = Math.round(DAY / interval);
  }

  /** Work of `seconds` starting at local wall-clock second `start`. */
  add(work: Work, start: number, seconds: number): void {
    const key = work.group !== undefined ? `group:${work.group}` : `tier:${work.tier}`;
    let grid = this.grids.get(key);
    if (!grid) {
      grid = {
        tier: work.tier,
        named: work.group !== undefined,
        tiers: new Map(),
        channels: new Set(),
        busy: new Map(),
        seen: new Map(),
      };
      this.grids.set(key, grid);
    }
    grid.tiers.set(work.tier, (grid.tiers.get(work.tier) ?? 0) + 1);
    grid.channels.add(work.channel);
    let id = -1;
    if (work.agent !== undefined) {
      this.withAgents++;
      id = this.agentIds.get(work.agent) ?? this.agentIds.size;
      if (id === this.agentIds.size) {
        this.agentIds.set(work.agent, id);
        this.agentChannels.push(new Set());
      }
      this.agentChannels[id].add(work.channel);
    } else this.withoutAgents++;
    let t = start;
    let left = Math.max(0, Math.min(seconds, 7 * DAY));
    do {
      const day = Math.floor(t / DAY);
      const j = Math.floor((t - day * DAY) / this.interval);
      const end = day * DAY + (j + 1) * this.interval;
      const piece = Math.min(left, end - t);
      let busy = grid.busy.get(day);
      if (!busy) {
        busy = new Float64Array(this.perDay);
        grid.busy.set(day, busy);
      }
      busy[j] += piece;
      if (id >= 0) {
        let seen = grid.seen.get(day);
        if (!seen) {
          seen = new Array(this.perDay);
          grid.seen.set(day, seen);
        }
        let set = seen[j];
        if (!set) {
          set = new Set();
          seen[j] = set;
        }
        set.add(id);
      }
      left -= piece;
      t = end;
    } while (left > 1e-9);
  }

  /** Whether agent ids came with most of the work. */
  get hasAgents(): boolean {
    return this.withAgents > 0 && this.withAgents >= this.withoutAgents;
  }

  /**
   * The groups and their weekly staffing proxies over local days [first, last],
   * leaving out `skip`. Work without a `group` is grouped by tier and, when
   * agents are known, by the set of channels each agent handles (agents who
   * only take calls form one group, agents who take calls and e-mail another),
   * so a desk of specialised teams is not modelled as one pooled team.
   */
  estimate(first: number, last: number, skip: ReadonlySet<number>): GroupStaffing[] {
    const out: GroupStaffing[] = [];
    const method: StaffingMethod = this.hasAgents ? 'agents seen' : 'busy agents';
    const keys = [...this.grids.keys()].sort();
    for (const key of keys) {
      const grid = this.grids.get(key)!;
      const tier = [...grid.tiers.entries()].sort((a, b) => b[1] - a[1])[0][0];
      if (grid.named) {
        const name = key.slice('group:'.length);
        out.push({
          name,
          tier,
          channels: [...grid.channels].sort(),
          basis: `the group column ('${name}')`,
          ...this.proxyOf(grid, first, last, skip, method, () => true),
        });
        continue;
      }
      if (method === 'busy agents') {
        out.push({
          name: `L${grid.tier}`,
          tier: grid.tier,
          channels: [...grid.channels].sort(),
          basis: `tier ${grid.tier}`,
          ...this.proxyOf(grid, first, last, skip, method, () => true),
        });
        continue;
      }
      // Partition the tier's agents by the channels they handle.
      const signatures = new Map<string, string[]>();
      const signatureOf: string[] = this.agentChannels.map((set) => {
        const list = [...set].sort();
        const sig = list.join('+');
        signatures.set(sig, list);
        return sig;
      });
      const present = new Set<string>();
      for (const days of grid.seen.values()) {
        for (const set of days) if (set) for (const id of set) present.add(signatureOf[id]);
      }
      const sigs = [...present].sort();
      for (const sig of sigs) {
        const channels = signatures.get(sig)!;
        out.push({
          name: sigs.length === 1 ? `L${grid.tier}` : `L${grid.tier}-${channels.join('-')}`,
          tier: grid.tier,
          channels: grid.tier >= 2 ? channels : channels.filter((c) => grid.channels.has(c)),
          basis:
            sigs.length === 1
              ? `tier ${grid.tier}`
              : `tier ${grid.tier} agents who handle ${channels.join(' and ')}${channels.length === 1 ? ' only' : ''}`,
          ...this.proxyOf(grid, first, last, skip, method, (id) => signatureOf[id] === sig),
        });
      }
    }
    return out;
  }

  private proxyOf(
    grid: Grid,
    first: number,
    last: number,
    skip: ReadonlySet<number>,
    method: StaffingMethod,
    member: (agent: number) => boolean,
  ): { method: StaffingMethod; proxy: Estimate[]; agents: number[] } {
    const I = this.perDay;
    const values: number[][] = Array.from({ length: 7 * I }, () => []);
    for (let day = first; day <= last; day++) {
      if (skip.has(day)) continue;
      const w = weekdayOf(day);
      const busy = grid.busy.get(day);
      const seen = grid.seen.get(day);
      for (let j = 0; j < I; j++) {
        let v: number;
        if (method === 'agents seen') {
          v = 0;
          const set = seen?.[j];
          if (set) for (const id of set) if (member(id)) v++;
        } else v = (busy?.[j] ?? 0) / this.interval;
        values[w * I + j].push(v);
      }
    }
    const proxy = values.map((xs) => meanInterval(xs, method));
    const agents = proxy.map((e) =>
      method === 'agents seen' ? Math.floor(e.value + 0.5) : Math.ceil(e.value - 1e-9),
    );
    return { method, proxy, agents };
  }
}

function meanInterval(xs: number[], method: StaffingMethod): Estimate {
  const n = xs.length;
  if (n === 0) return { value: 0, lo: 0, hi: 0, n: 0, basis: `${method}: no days` };
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { value: mean, lo: mean, hi: mean, n, basis: `${method}: one day` };
  const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = (studentTQuantile(0.975, n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return {
    value: mean,
    lo: Math.max(0, mean - half),
    hi: mean + half,
    n,
    basis: `${method}: mean over ${n} days, t interval`,
  };
}

/** Target occupancy used when staffing has to be sized (no timings in the history). */
export const SIZING_OCCUPANCY = 0.85;

/**
 * Agents per interval for an offered load: ⌈load / occupancy⌉, at least 1
 * wherever any work is offered.
 *
 * @param load busy agents needed per interval (arrivals × mean handle time ÷ interval)
 */
export function sizeForLoad(load: readonly number[], occupancy = SIZING_OCCUPANCY): number[] {
  return load.map((a) => (a > 0 ? Math.max(1, Math.ceil(a / occupancy - 1e-9)) : 0));
}
