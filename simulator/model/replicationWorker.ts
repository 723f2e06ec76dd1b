/** Worker thread: runs the replications it is sent and posts their figures back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import { runReplication } from './replicate.js';

const { scenario, seed } = workerData as { scenario: Scenario; seed: number | string };

parentPort!.on('message', (msg: { stop?: boolean; k: number; index: number }) => {
  if (msg.stop) {
    parentPort!.close();
    return;
  }
  const output = runReplication(scenario, seed, msg.index);
  parentPort!.postMessage({ k: msg.k, output });
});
