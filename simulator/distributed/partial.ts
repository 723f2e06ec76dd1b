/**
 * Partial results: the raw figures of some replications of a run, so that
 * shards computed anywhere merge into exactly the results one run would give.
 *
 * Replication r always draws from `Streams(seed).child('replication', r)` and
 * results are built from replications in index order, so a shard only has to
 * carry its replications' raw arrays. Float64 arrays travel as little-endian
 * base64, which keeps every bit (NaN included); the merge checks that the
 * shards share one scenario and seed and cover each replication exactly once.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../../scenarios/schema/types.js';
import type { ReplicationOutput } from '../model/layout.js';

export const PARTIAL_FORMAT = 'slalab-partial';
export const PARTIAL_VERSION = 1;

export interface PartialResults {
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  /** sha256 of the normalised scenario: shards of different scenarios never merge. */
  scenarioDigest: string;
  scenario: Scenario;
  seed: number | string;
  /** Replications of the whole run. */
  replications: number;
  shard: { index: number; count: number };
  outputs: Array<{ replication: number; output: EncodedOutput }>;
}

type ArrayField =
  | 'cells'
  | 'targets'
  | 'groups'
  | 'queues'
  | 'percentiles'
  | 'dayPercentiles'
  | 'intervalPercentiles';
const ARRAY_FIELDS: readonly ArrayField[] = [
  'cells',
  'targets',
  'groups',
  'queues',
  'percentiles',
  'dayPercentiles',
  'intervalPercentiles',
];

type EncodedOutput = Omit<ReplicationOutput, ArrayField> & Record<ArrayField, string>;

export function scenarioDigest(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
}

/** The replication indices of shard `index` of `count`: every count-th one, starting at index. */
export function shardIndices(replications: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let r = index; r < replications; r += count) out.push(r);
  return out;
}

function encodeArray(a: Float64Array): string {
  const bytes = new Uint8Array(a.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  return Buffer.from(bytes).toString('base64');
}

function decodeArray(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const a = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < a.length; i++) a[i] = view.getFloat64(i * 8, true);
  return a;
}

export function encodePartial(
  scenario: Scenario,
  seed: number | string,
  replications: number,
  shard: { index: number; count: number },
  indices: readonly number[],
  outputs: readonly ReplicationOutput[],
): PartialResults {
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    scenarioDigest: scenarioDigest(scenario),
    scenario,
    seed,
    replications,
    shard,
    outputs: outputs.map((o, k) => {
      const encoded = { ...o } as unknown as EncodedOutput;
      for (const f of ARRAY_FIELDS) encoded[f] = encodeArray(o[f]);
      return { replication: indices[k], output: encoded };
    }),
  };
}

export class MergeError extends Error {}

/**
 * Checks that the partials belong to one run and cover every replication
 * exactly once; returns the scenario, seed and the outputs in replication order.
 */
export function mergePartials(partials: readonly PartialResults[]): {
  scenario: Scenario;
  seed: number | string;
  outputs: ReplicationOutput[];
} {
  if (partials.length === 0) throw new MergeError('no partial results to merge');
  const first = partials[0];
  for (const [k, p] of partials.entries()) {
    if (p.format !== PARTIAL_FORMAT || p.version !== PARTIAL_VERSION) {
      throw new MergeError(
        `partial ${k + 1}: not slalab partial results (format ${JSON.stringify(p.format)}, version ${p.version})`,
      );
    }
    if (p.scenarioDigest !== first.scenarioDigest)
      throw new MergeError(`partial ${k + 1}: a different scenario than partial 1`);
    if (p.seed !== first.seed)
      throw new MergeError(`partial ${k + 1}: seed ${p.seed}, partial 1 has seed ${first.seed}`);
    if (p.replications !== first.replications) {
      throw new MergeError(
        `partial ${k + 1}: a run of ${p.replications} replications, partial 1 of ${first.replications}`,
      );
    }
  }
  const byIndex = new Map<number, ReplicationOutput>();
  for (const [k, p] of partials.entries()) {
    for (const { replication, output } of p.outputs) {
      if (byIndex.has(replication))
        throw new MergeError(
          `replication ${replication} appears twice (again in partial ${k + 1})`,
        );
      const decoded = { ...output } as unknown as ReplicationOutput;
      for (const f of ARRAY_FIELDS) decoded[f] = decodeArray(output[f]);
      byIndex.set(replication, decoded);
    }
  }
  const missing: number[] = [];
  for (let r = 0; r < first.replications; r++) if (!byIndex.has(r)) missing.push(r);
  if (missing.length > 0) {
    throw new MergeError(
      `replications missing: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} (merge every shard of the run)`,
    );
  }
  return {
    scenario: first.scenario,
    seed: first.seed,
    outputs: Array.from({ length: first.replications }, (_, r) => byIndex.get(r)!),
  };
}
