/** Worker thread of the staffing runner: runs the replications it is sent with the staffing it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../../scenarios/schema/types.js';
import { searchReplication } from './runner.js';

const { scenario, seed } = workerData as { scenario: Scenario; seed: number | string };

parentPort!.on('message', (msg: { index: number; staffing: number[][] }) => {
  const output = searchReplication(scenario, msg.staffing, seed, msg.index);
  parentPort!.postMessage({ index: msg.index, output }, [
    output.targets.buffer,
    output.groups.buffer,
    output.queues.buffer,
  ] as ArrayBuffer[]);
});
