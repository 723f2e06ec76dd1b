import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { shardJobManifests } from '../../simulator/distributed/k8s.js';
import {
  encodePartial,
  MergeError,
  mergePartials,
  type PartialResults,
  shardIndices,
} from '../../simulator/distributed/partial.js';
import { compileScenario } from '../../simulator/model/compile.js';
import { replicate } from '../../simulator/model/replicate.js';
import { buildResults } from '../../simulator/model/results.js';
import { simulateScenario } from '../../simulator/model/simulate.js';
import { scenario } from '../model/builders.js';

const s = scenario({
  channels: [
    { perHour: 60, ahtSeconds: 300, patienceSeconds: 120 },
    { name: 'chat', kind: 'chat', perHour: 50, ahtSeconds: 400, concurrency: 2 },
  ],
  agents: 8,
  horizonDays: 1,
  sla: [
    { name: 'fr', metric: 'firstResponse', within: 60, attainment: 0.8, clock: 'calendar' },
    { name: 'ab', metric: 'abandonment', attainment: 0.05, clock: 'calendar' },
  ],
});

async function shard(index: number, count: number, replications: number): Promise<PartialResults> {
  const indices = shardIndices(replications, index, count);
  const outputs = await replicate(s, { replications, seed: 3, indices });
  // Through JSON, as between machines.
  return JSON.parse(
    JSON.stringify(encodePartial(s, 3, replications, { index, count }, indices, outputs)),
  );
}

describe('sharded simulation', () => {
  it('splits replications so the shards cover each exactly once', () => {
    expect([0, 1, 2].map((i) => shardIndices(7, i, 3))).toEqual([
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ]);
  });

  it('merges 3 shards into exactly the results of one run, bit for bit', async () => {
    const partials = [await shard(2, 3, 5), await shard(0, 3, 5), await shard(1, 3, 5)];
    const merged = mergePartials(partials);
    const fromShards = buildResults(compileScenario(merged.scenario), merged.outputs, {
      seed: merged.seed,
      version: 't',
    });
    const oneRun = await simulateScenario(s, { replications: 5, seed: 3, version: 't' });
    expect(JSON.stringify(fromShards)).toBe(JSON.stringify(oneRun));
  });

  it('refuses to merge shards of different runs, duplicates, or an incomplete set', async () => {
    const a = await shard(0, 2, 4);
    const b = await shard(1, 2, 4);
    expect(() => mergePartials([a])).toThrow(/replications missing: 1, 3/);
    expect(() => mergePartials([a, a, b])).toThrow(/appears twice/);
    expect(() => mergePartials([a, { ...b, seed: 4 }])).toThrow(MergeError);
    expect(() => mergePartials([a, { ...b, scenarioDigest: 'x' }])).toThrow(/different scenario/);
  });
});

describe('the Kubernetes Indexed Job', () => {
  it('runs one pod per shard, each on its own slice, writing partials the merge step reads', () => {
    const m = shardJobManifests({
      name: 'default-week',
      image: 'slalab:1',
      shards: 4,
      replications: 40,
      seed: 7,
      scenarioJson: '{}',
      volumeClaim: 'results',
    });
    const job = parse(m.job);
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(4);
    const args = job.spec.template.spec.containers[0].args[0] as string;
    expect(args).toContain('--shard "$JOB_COMPLETION_INDEX/4"');
    expect(args).toContain('--replications 40 --seed 7');
    expect(parse(m.configMap).data['scenario.json']).toBe('{}');
    expect(m.mergeScript).toContain('slalab merge /results/default-week/partial-*.json');
    expect(() =>
      shardJobManifests({
        name: 'Bad_Name',
        image: 'x',
        shards: 1,
        replications: 1,
        seed: 1,
        scenarioJson: '{}',
        volumeClaim: 'r',
      }),
    ).toThrow(/Kubernetes name/);
  });
});
