/**
 * Worker threads that stay up between runs of replications, for callers that
 * run many scenarios one after another (a what-if sweep runs one per point).
 * A fresh thread loads the model and warms the JIT again, which costs about as
 * much as several replications of a week; a pool pays that once per thread.
 *
 * Each run sends its scenario to every thread it uses, then replication
 * indices one at a time to whichever thread is free. Replication r always
 * draws from the same streams, so the outputs do not depend on which thread
 * ran it, nor on the pool. Workers exist only when running from compiled code
 * (dist/): see `workersAvailable`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import type { ReplicationOutput } from './layout.js';

const workerUrl = new URL('./replicationWorker.js', import.meta.url);

/** Whether compiled worker code is available (not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

export class ReplicationPool {
  private readonly workers: Worker[];
  private running = false;

  constructor(readonly size: number) {
    if (!workersAvailable()) throw new Error('ReplicationPool: needs the compiled worker (dist/)');
    this.workers = Array.from({ length: size }, () => new Worker(workerUrl));
    // Idle threads must not keep the process alive if a caller forgets close().
    for (const worker of this.workers) worker.unref();
  }

  /**
   * Runs replications `indices` of `scenario`; outputs in the order of
   * `indices`. `percentiles: false` skips the quantile sketches (see
   * SupportModelOptions); `onDone` is called with each replication's output
   * as it arrives.
   */
  async run(
    scenario: Scenario,
    seed: number | string,
    indices: readonly number[],
    options: { onDone?: (output: ReplicationOutput) => void; percentiles?: boolean } = {},
  ): Promise<ReplicationOutput[]> {
    if (this.running) throw new Error('ReplicationPool: one run at a time');
    this.running = true;
    const outputs: ReplicationOutput[] = new Array(indices.length);
    let next = 0;
    const use = this.workers.slice(0, Math.min(this.size, indices.length));
    try {
      await Promise.all(
        use.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const finish = (error?: Error) => {
                worker.off('message', onMessage);
                worker.off('error', finish);
                worker.off('exit', onExit);
                if (error) reject(error);
                else resolve();
              };
              const onExit = (code: number) => finish(new Error(`worker exited with ${code}`));
              const feed = () => {
                if (next >= indices.length) return finish();
                const k = next++;
                worker.postMessage({ k, index: indices[k] });
              };
              const onMessage = (msg: { k: number; output: ReplicationOutput }) => {
                outputs[msg.k] = msg.output;
                options.onDone?.(msg.output);
                feed();
              };
              worker.on('message', onMessage);
              worker.on('error', finish);
              worker.on('exit', onExit);
              worker.postMessage({ scenario, seed, percentiles: options.percentiles ?? true });
              feed();
            }),
        ),
      );
    } finally {
      this.running = false;
    }
    return outputs;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
