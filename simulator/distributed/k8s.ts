/**
 * Kubernetes manifests that run a simulation's shards as an Indexed Job (one
 * pod per shard, `JOB_COMPLETION_INDEX` picks the shard) and merge them.
 * Plain data in, YAML text out: nothing here talks to a cluster.
 */
import { stringify } from 'yaml';

export interface ShardJobOptions {
  name: string;
  /** Image with slalab installed (its `slalab` command on the PATH). */
  image: string;
  shards: number;
  replications: number;
  seed: number | string;
  /** The scenario, self-contained (normalised JSON), shipped in a ConfigMap. */
  scenarioJson: string;
  /** A PersistentVolumeClaim the pods write their partial results to. */
  volumeClaim: string;
}

const CONFIGMAP_LIMIT = 1_048_576; // bytes, Kubernetes' ConfigMap limit

export function shardJobManifests(o: ShardJobOptions): {
  configMap: string;
  job: string;
  mergeScript: string;
} {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.name)) {
    throw new RangeError(
      `name: "${o.name}" is not a Kubernetes name (lowercase letters, digits and '-')`,
    );
  }
  if (Buffer.byteLength(o.scenarioJson) > CONFIGMAP_LIMIT * 0.95) {
    throw new RangeError(
      'the scenario is too large for a ConfigMap (1 MiB): ship it on the volume instead',
    );
  }
  const configMap = stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${o.name}-scenario`, labels: { app: 'slalab', run: o.name } },
    data: { 'scenario.json': o.scenarioJson },
  });
  const job = stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, labels: { app: 'slalab', run: o.name } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.shards,
      backoffLimit: o.shards,
      template: {
        metadata: { labels: { app: 'slalab', run: o.name } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'simulate',
              image: o.image,
              command: ['sh', '-c'],
              args: [
                `slalab simulate /scenario/scenario.json --replications ${o.replications} --seed ${o.seed} ` +
                  `--shard "$JOB_COMPLETION_INDEX/${o.shards}" --workers 1 --quiet ` +
                  `--out "/results/${o.name}/partial-$JOB_COMPLETION_INDEX.json" --force`,
              ],
              resources: { requests: { cpu: '1', memory: '1Gi' } },
              volumeMounts: [
                { name: 'scenario', mountPath: '/scenario', readOnly: true },
                { name: 'results', mountPath: '/results' },
              ],
            },
          ],
          volumes: [
            { name: 'scenario', configMap: { name: `${o.name}-scenario` } },
            { name: 'results', persistentVolumeClaim: { claimName: o.volumeClaim } },
          ],
        },
      },
    },
  });
  const mergeScript = [
    '#!/bin/sh',
    '# After the Job completes: merge every shard into the results one run would give.',
    'set -eu',
    `kubectl wait --for=condition=complete "job/${o.name}" --timeout=24h`,
    `slalab merge /results/${o.name}/partial-*.json --out /results/${o.name}/results.json`,
    '',
  ].join('\n');
  return { configMap, job, mergeScript };
}
