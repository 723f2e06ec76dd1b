/**
 * How many sessions one agent holds at once (the concurrency of chat and
 * messaging), from the service spells of the contacts each agent handled.
 *
 * What: for every session, the number of sessions its agent had open when it
 * started, itself included. The estimate is the largest k that at least
 * `minShare` of the session starts reached (and at least two of them), so a
 * stray overlapping record, such as a transfer logged twice, does not raise
 * it. It is a lower bound when agents never fill up: a limit nobody reaches
 * leaves no trace in the data, and the basis says how often it was reached.
 *
 * Memory: per agent, the spells that may still overlap a later row: rows
 * are read in file order, not necessarily by start, so spells are kept until
 * they ended a day before the agent's latest start (a day's work per agent at
 * most), plus a histogram. Nothing grows with the length of the history.
 */

/** Spells that ended this long before an agent's latest start are dropped. */
const KEEP_SECONDS = 86_400;
/**
 * Exports give times to the second, so a session that ends in the second the
 * next one starts would look like an overlap: a spell counts as open at a
 * start only if it runs on for more than this.
 */
const TIMESTAMP_SLACK = 1;

export interface ConcurrencyFit {
  /** Sessions an agent holds at once. */
  value: number;
  /** Sessions whose start was counted. */
  sessions: number;
  /** Agents seen handling sessions. */
  agents: number;
  /** Share of session starts at which the agent then held `value` sessions. */
  reachedShare: number;
  /** Session starts by the sessions then open (index k − 1 for k sessions). */
  histogram: number[];
  basis: string;
}

interface AgentSpells {
  starts: number[];
  ends: number[];
  latestStart: number;
}

export class SessionOverlap {
  private readonly byAgent = new Map<string, AgentSpells>();
  private readonly histogram: number[] = [];
  private sessions = 0;

  /** One handled session: its agent, start and end (seconds on any one clock). */
  add(agent: string, start: number, end: number): void {
    if (!(end >= start) || !Number.isFinite(start) || !Number.isFinite(end)) return;
    let a = this.byAgent.get(agent);
    if (!a) {
      a = { starts: [], ends: [], latestStart: start };
      this.byAgent.set(agent, a);
    }
    if (start > a.latestStart) a.latestStart = start;
    let open = 1;
    let kept = 0;
    for (let i = 0; i < a.starts.length; i++) {
      if (a.ends[i] < a.latestStart - KEEP_SECONDS) continue;
      if (a.starts[i] <= start && a.ends[i] > start + TIMESTAMP_SLACK) open++;
      a.starts[kept] = a.starts[i];
      a.ends[kept] = a.ends[i];
      kept++;
    }
    a.starts.length = kept;
    a.ends.length = kept;
    a.starts.push(start);
    a.ends.push(end);
    while (this.histogram.length < open) this.histogram.push(0);
    this.histogram[open - 1]++;
    this.sessions++;
  }

  /**
   * The concurrency the sessions show, or undefined with fewer than `minSessions`.
   * @param minShare the share of session starts a level must reach to count
   */
  estimate(minShare = 0.001, minSessions = 30): ConcurrencyFit | undefined {
    if (this.sessions < minSessions) return undefined;
    const needed = Math.max(2, Math.ceil(minShare * this.sessions));
    let value = 1;
    for (let k = this.histogram.length; k >= 1; k--) {
      if (this.histogram[k - 1] >= needed) {
        value = k;
        break;
      }
    }
    const reached = this.histogram[value - 1] / this.sessions;
    const beyond = this.histogram.slice(value).reduce((s, n) => s + n, 0);
    const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;
    return {
      value,
      sessions: this.sessions,
      agents: this.byAgent.size,
      reachedShare: reached,
      histogram: [...this.histogram],
      basis:
        `most sessions one agent held at once over ${this.sessions.toLocaleString('en')} sessions of ${this.byAgent.size} agents: ` +
        `${value}, at ${pct(reached)} of session starts` +
        (beyond > 0
          ? ` (${beyond} start(s) above it, under ${pct(minShare)}, read as stray records)`
          : '') +
        '; a lower bound if agents seldom filled up',
    };
  }
}
