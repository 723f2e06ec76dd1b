/**
 * Shared helpers for the scenario-format tests: a small valid scenario to
 * mutate, the bundled-style fixture, and a way to collect issues.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { normaliseScenario } from '../../scenarios/schema/normalise.js';
import { ScenarioError, type ScenarioIssue } from '../../scenarios/schema/scenarioFile.js';
import type { Scenario } from '../../scenarios/schema/types.js';

// biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
export type Doc = any;

export const FIXTURE_PATH = fileURLToPath(new URL('./fixtures/vendor-7x24.yaml', import.meta.url));

/** The bundled-style example, parsed (a fresh copy each call). */
export function fixture(): Doc {
  return parse(readFileSync(FIXTURE_PATH, 'utf8'));
}

/** A small valid scenario: two channels, one group, one target. */
export function minimal(): Doc {
  return {
    version: 1,
    name: 'test',
    arrivals: { weeklyVolume: 7000 },
    channels: {
      phone: {
        kind: 'realtime',
        share: 0.6,
        handleTime: '5m',
        patience: { dist: 'exponential', mean: '2m' },
      },
      chat: {
        kind: 'chat',
        share: 0.4,
        handleTime: { dist: 'lognormal', mean: '6m', cv: 0.8 },
        concurrency: 2,
      },
    },
    groups: { L1: { channels: ['phone', 'chat'], staffing: { constant: 10 } } },
    sla: [{ metric: 'firstResponse', within: '60s', attainment: 0.8 }],
  };
}

/** Files a test scenario may reference, by name (relative to /virtual). */
export type Files = Record<string, string>;

function reader(files: Files) {
  return (path: string) => {
    const name = path.replace(/^\/virtual\//, '');
    if (!Object.hasOwn(files, name)) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
        code: 'ENOENT',
      });
    }
    return files[name];
  };
}

export function build(doc: Doc, files: Files = {}): Scenario {
  return normaliseScenario(doc, { baseDir: '/virtual', readFile: reader(files) });
}

/** The issues a document has (empty when it is valid); rethrows anything but ScenarioError. */
export function issuesOf(doc: Doc, files: Files = {}): ScenarioIssue[] {
  try {
    build(doc, files);
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.issues];
    throw error;
  }
}

/** Sum of a slice of an array. */
export function sum(values: readonly number[], from = 0, to = values.length): number {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i];
  return total;
}
