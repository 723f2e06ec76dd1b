/**
 * Runs the replications of one scenario again and again with different
 * staffing vectors, for the staffing search.
 *
 * Replication r always draws from `Streams(seed).child('replication', r)`, so
 * every staffing variant sees the same contacts (arrival times, handle times,
 * patience, bot outcomes): common random numbers, and differences between two
 * runs are the staffing's doing. The pool keeps its worker threads alive
 * between runs (a run of a week takes tens of milliseconds per replication, so
 * starting threads each time would cost more than it saves), and only sends
 * the staffing vector with each task. Workers exist only when running from
 * compiled code (dist/); from TypeScript sources everything runs in-thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import { compileScenario } from '../model/compile.js';
import type { ReplicationOutput } from '../model/layout.js';
import { replicationStreams } from '../model/replicate.js';
import { SupportModel } from '../model/supportModel.js';

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
  const model = new SupportModel(
    compileScenario(withStaffing(scenario, staffing)),
    replicationStreams(seed, index),
    { percentiles: false }, // the search reads no percentile
  );
  const out = model.run();
  return { targets: out.targets, groups: out.groups, queues: out.queues, contacts: out.contacts };
}

const workerUrl = new URL('./runnerWorker.js', import.meta.url);

function workersAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
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

  const workers = Array.from(
    { length: wanted },
    () => new Worker(workerUrl, { workerData: { scenario, seed: options.seed } }),
  );
  for (const w of workers) w.unref();
  return {
    async run(staffing) {
      const started = performance.now();
      const outputs: SearchOutput[] = new Array(R);
      let next = 0;
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const feed = () => {
                if (next >= R) {
                  worker.off('message', onMessage);
                  worker.off('error', reject);
                  resolve();
                  return;
                }
                const index = next++;
                worker.postMessage({ index, staffing });
              };
              const onMessage = (msg: { index: number; output: SearchOutput }) => {
                outputs[msg.index] = msg.output;
                done(msg.output);
                feed();
              };
              worker.on('message', onMessage);
              worker.once('error', reject);
              feed();
            }),
        ),
      );
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
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
