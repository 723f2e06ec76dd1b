/**
 * Replications of one multi-server queue, summarised with 95% intervals: the
 * engine behind `slalab sim-queue`.
 */
import { confidenceInterval } from '../stats/confidence.js';
import {
  type QueueMeasures,
  type QueueParams,
  replicationStreams,
  simulateQueue,
} from './multiServerQueue.js';

export interface QueueEstimate {
  mean: number;
  lo: number | null;
  hi: number | null;
}

export type QueueMeasureName =
  | 'pWait'
  | 'asa'
  | 'asaServed'
  | 'serviceLevel'
  | 'serviceLevelServed'
  | 'pAbandon'
  | 'blocking'
  | 'occupancy'
  | 'meanQueueLength';

export const QUEUE_MEASURES: readonly QueueMeasureName[] = [
  'pWait',
  'asa',
  'asaServed',
  'serviceLevel',
  'serviceLevelServed',
  'pAbandon',
  'blocking',
  'occupancy',
  'meanQueueLength',
];

export interface QueueSummary {
  replications: number;
  customersPerReplication: number;
  measures: Record<QueueMeasureName, QueueEstimate>;
  classWaits: QueueEstimate[];
  /** Conservation over all replications: arrivals = served + abandoned + blocked. */
  totals: { arrivals: number; served: number; abandoned: number; blocked: number };
  raw: QueueMeasures[];
}

export function summariseQueue(raw: QueueMeasures[], customers: number): QueueSummary {
  const est = (values: number[]): QueueEstimate => {
    const ci = confidenceInterval(values);
    return { mean: ci.mean, lo: ci.lo, hi: ci.hi };
  };
  const measures = {} as Record<QueueMeasureName, QueueEstimate>;
  for (const name of QUEUE_MEASURES) measures[name] = est(raw.map((m) => m[name]));
  const classes = raw[0].classWaits.length;
  const totals = { arrivals: 0, served: 0, abandoned: 0, blocked: 0 };
  for (const m of raw) {
    totals.arrivals += m.arrivals;
    totals.served += m.served;
    totals.abandoned += m.abandoned;
    totals.blocked += m.blocked;
  }
  return {
    replications: raw.length,
    customersPerReplication: customers,
    measures,
    classWaits: Array.from({ length: classes }, (_, k) => est(raw.map((m) => m.classWaits[k]))),
    totals,
    raw,
  };
}

export function replicateQueue(
  params: QueueParams,
  options: {
    replications: number;
    seed: number | string;
    onProgress?: (done: number, total: number) => void;
  },
): QueueSummary {
  const raw: QueueMeasures[] = [];
  for (let r = 0; r < options.replications; r++) {
    raw.push(simulateQueue(params, replicationStreams(options.seed, r)));
    options.onProgress?.(r + 1, options.replications);
  }
  return summariseQueue(raw, params.customers);
}
