/**
 * Worker thread of a ReplicationPool: takes a scenario, then runs the
 * replications it is sent and posts their figures back, until the next
 * scenario or the end.
 */
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import { runReplication } from './replicate.js';

let scenario: Scenario | undefined;
let seed: number | string = 0;
let percentiles = true;

parentPort!.on(
  'message',
  (
    msg:
      | { scenario: Scenario; seed: number | string; percentiles: boolean }
      | { k: number; index: number },
  ) => {
    if ('scenario' in msg) {
      ({ scenario, seed, percentiles } = msg);
      return;
    }
    if (!scenario) throw new Error('replication worker: a task came before its scenario');
    const output = runReplication(scenario, seed, msg.index, undefined, percentiles);
    // Hand the arrays over rather than copy them: a week's output is megabytes.
    const buffers = new Set<ArrayBuffer>();
    for (const value of Object.values(output)) {
      if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    }
    parentPort!.postMessage({ k: msg.k, output }, [...buffers]);
  },
);
