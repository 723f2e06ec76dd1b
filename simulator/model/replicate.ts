/**
 * Runs replications of a scenario, in parallel on worker threads when asked.
 * Replication r always draws from `Streams(seed).child('replication', r)`, and
 * results are combined in replication order, so the output is the same for
 * any number of workers (and any shard split).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import { Streams } from '../engine/random.js';
import { compileScenario } from './compile.js';
import type { ReplicationOutput } from './layout.js';
import { SupportModel, type TraceContact } from './supportModel.js';

export interface ReplicateOptions {
  replications: number;
  seed: number | string;
  /** Worker threads; 1 runs in this thread. */
  workers?: number;
  /** Replication indices to run (a shard); default 0..replications−1. */
  indices?: number[];
  onProgress?: (done: number, total: number) => void;
  /**
   * Replay this recorded sample path instead of drawing arrivals and outcomes.
   * Every replication then sees the same contacts (only the ordering of ties
   * could differ, and it does not), so one replication is enough.
   */
  trace?: readonly TraceContact[];
}

export function replicationStreams(seed: number | string, index: number): Streams {
  return new Streams(seed).child('replication', index);
}

/** One replication, in this thread. */
export function runReplication(
  scenario: Scenario,
  seed: number | string,
  index: number,
  trace?: readonly TraceContact[],
): ReplicationOutput {
  return new SupportModel(compileScenario(scenario), replicationStreams(seed, index), {
    trace,
  }).run();
}

/**
 * The sample path replication `index` draws: every contact with its arrival
 * time and random outcomes, in arrival order. Simulating this trace gives the
 * same figures as simulating the scenario with the same seed and index.
 */
export function recordContacts(
  scenario: Scenario,
  seed: number | string,
  index = 0,
): TraceContact[] {
  const contacts: TraceContact[] = [];
  const model = new SupportModel(compileScenario(scenario), replicationStreams(seed, index), {
    onContact: (time, draws) => contacts.push({ time, draws: { ...draws } }),
  });
  model.run();
  return contacts;
}

const workerUrl = new URL('./replicationWorker.js', import.meta.url);

/** Whether compiled worker code is available (not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

export async function replicate(
  scenario: Scenario,
  options: ReplicateOptions,
): Promise<ReplicationOutput[]> {
  const indices = options.indices ?? Array.from({ length: options.replications }, (_, i) => i);
  const outputs: ReplicationOutput[] = new Array(indices.length);
  const workers = Math.max(1, Math.min(options.workers ?? 1, indices.length));
  let done = 0;
  const progress = () => options.onProgress?.(++done, indices.length);

  if (workers === 1 || options.trace || !workersAvailable()) {
    for (let k = 0; k < indices.length; k++) {
      // Yield between replications so a progress bar can redraw.
      await new Promise((resolve) => setImmediate(resolve));
      outputs[k] = runReplication(scenario, options.seed, indices[k], options.trace);
      progress();
    }
    return outputs;
  }

  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: { scenario, seed: options.seed } });
      const feed = () => {
        if (next >= indices.length) {
          worker.postMessage({ stop: true });
          return;
        }
        const k = next++;
        worker.postMessage({ k, index: indices[k] });
      };
      worker.on('message', (msg: { k: number; output: ReplicationOutput }) => {
        outputs[msg.k] = msg.output;
        progress();
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
      );
      feed();
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  return outputs;
}
