/**
 * Runs the replications of one scenario again and again with different
 * staffing vectors, for the staffing search.
 *
 * Replication r always draws from `Streams(seed).child('replication', r)`, so
 * every staffing variant sees the same contacts (arrival times, handle times,
 * patience, bot outcomes): common random numbers, and differences between two
 * runs are the staffing's doing. A ReplicationPool keeps its worker threads
 * alive between runs (a run of a week takes tens of milliseconds per
 * replication, so starting threads each time would cost more than it saves);
 * each run sends the scenario with its staffing once per thread. Workers exist
 * only when running from compiled code (dist/); from TypeScript sources
 * everything runs in-thread.
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import type { ReplicationOutput } from '../model/layout.js';
import { runReplication } from '../model/replicate.js';
import { ReplicationPool, workersAvailable } from '../model/replicationPool.js';

/** The parts of a replication's output the staffing search reads. */
export type SearchOutput = Pick<ReplicationOutput, 'targets' | 'groups' | 'queues' | 'contacts'>;

export interface StaffingRunner {
  /**
   * Replications 0…R−1 of the scenario with `staffing[g]` (per group, over
   * warm-up + horizon + cool-down) in place of its own.
   */
  run(staffing: number[][]): Promise<SearchOutput[]>;
  /** Seconds spent inside `run` so far. */
  readonly seconds: number;
  /** Replications run so far. */
  readonly replicationsRun: number;
  /** Contacts simulated so far (created in the horizon, summed over replications). */
  readonly contactsRun: number;
  close(): Promise<void>;
}

export interface RunnerOptions {
  seed: number | string;
  replications: number;
  /** Worker threads (used only from compiled code); default 1. */
  workers?: number;
  /** Called after every replication with the total run so far. */
  onReplication?: (total: number) => void;
}

/** The scenario with each group's staffing replaced. */
export function withStaffing(scenario: Scenario, staffing: number[][]): Scenario {
  return {
    ...scenario,
    groups: scenario.groups.map((g, i) => ({ ...g, staffing: staffing[i] })),
  };
}

/** One replication, trimmed to what the search reads. */
export function searchReplication(
  scenario: Scenario,
  staffing: number[][],
  seed: number | string,
  index: number,
): SearchOutput {
  return searchOutput(
    runReplication(withStaffing(scenario, staffing), seed, index, undefined, false),
  );
}

function searchOutput({ targets, groups, queues, contacts }: ReplicationOutput): SearchOutput {
  return { targets, groups, queues, contacts };
}

/** A runner for `scenario`: in-thread, or on a pool of worker threads when compiled. */
export function createRunner(scenario: Scenario, options: RunnerOptions): StaffingRunner {
  const R = options.replications;
  const wanted = Math.max(1, Math.min(options.workers ?? 1, R));
  let seconds = 0;
  let total = 0;
  let contacts = 0;
  const done = (output: SearchOutput) => {
    total++;
    contacts += output.contacts;
    options.onReplication?.(total);
  };

  if (wanted === 1 || !workersAvailable()) {
    return {
      async run(staffing) {
        const started = performance.now();
        const outputs: SearchOutput[] = [];
        for (let r = 0; r < R; r++) {
          // Yield between replications so a progress bar can redraw.
          await new Promise((resolve) => setImmediate(resolve));
          const output = searchReplication(scenario, staffing, options.seed, r);
          outputs.push(output);
          done(output);
        }
        seconds += (performance.now() - started) / 1000;
        return outputs;
      },
      get seconds() {
        return seconds;
      },
      get replicationsRun() {
        return total;
      },
      get contactsRun() {
        return contacts;
      },
      async close() {},
    };
  }

  const pool = new ReplicationPool(wanted);
  const indices = Array.from({ length: R }, (_, r) => r);
  return {
    async run(staffing) {
      const started = performance.now();
      const outputs = await pool.run(withStaffing(scenario, staffing), options.seed, indices, {
        percentiles: false, // the search reads no percentile
        onDone: (output) => done(output),
      });
      seconds += (performance.now() - started) / 1000;
      return outputs.map(searchOutput);
    },
    get seconds() {
      return seconds;
    },
    get replicationsRun() {
      return total;
    },
    get contactsRun() {
      return contacts;
    },
    close: () => pool.close(),
  };
}
