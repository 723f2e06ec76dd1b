/**
 * Runs replications of a scenario, in parallel on worker threads when asked.
 * Replication r always draws from `Streams(seed).child('replication', r)`, and
 * results are combined in replication order, so the output is the same for
 * any number of workers (and any shard split).
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { Streams } from '../engine/random.js';
import { compileScenario } from './compile.js';
import type { ReplicationOutput } from './layout.js';
import { ReplicationPool, workersAvailable } from './replicationPool.js';
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
  /**
   * Worker threads kept by the caller across many calls (a sweep); without
   * it, `workers` threads are started for this call and stopped after it.
   */
  pool?: ReplicationPool;
  /**
   * Keep the quantile sketches and percentiles (default true); a caller that
   * reads no percentile (a sweep) saves their cost. Everything else is equal.
   */
  percentiles?: boolean;
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
  percentiles = true,
): ReplicationOutput {
  return new SupportModel(compileScenario(scenario), replicationStreams(seed, index), {
    trace,
    percentiles,
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

export async function replicate(
  scenario: Scenario,
  options: ReplicateOptions,
): Promise<ReplicationOutput[]> {
  const indices = options.indices ?? Array.from({ length: options.replications }, (_, i) => i);
  const workers = Math.max(1, Math.min(options.workers ?? 1, indices.length));
  let done = 0;
  const progress = () => options.onProgress?.(++done, indices.length);

  if (workers === 1 || options.trace || !workersAvailable()) {
    const outputs: ReplicationOutput[] = new Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      // Yield between replications so a progress bar can redraw.
      await new Promise((resolve) => setImmediate(resolve));
      outputs[k] = runReplication(
        scenario,
        options.seed,
        indices[k],
        options.trace,
        options.percentiles,
      );
      progress();
    }
    return outputs;
  }

  const pool = options.pool ?? new ReplicationPool(workers);
  try {
    return await pool.run(scenario, options.seed, indices, {
      onDone: () => progress(),
      percentiles: options.percentiles,
    });
  } finally {
    if (!options.pool) await pool.close();
  }
}
