/**
 * A scenario already normalised by slalab, as one self-contained JSON file
 * (format `slalab-scenario`): what shards on a cluster receive, so they need
 * neither the original file nor the CSV tables it referred to. The digest
 * guards against hand edits that would bypass validation.
 */
import { readFileSync } from 'node:fs';
import { scenarioDigest } from '../../simulator/distributed/partial.js';
import type { Scenario } from './types.js';
import { loadScenario } from './validate.js';

export const NORMALISED_FORMAT = 'slalab-scenario';

export function encodeNormalised(scenario: Scenario): string {
  return JSON.stringify({
    format: NORMALISED_FORMAT,
    version: 1,
    digest: scenarioDigest(scenario),
    scenario,
  });
}

/** Loads a scenario file, or a normalised one written by slalab. */
export function loadAnyScenario(path: string): Scenario {
  if (path.endsWith('.json')) {
    let doc: { format?: string; digest?: string; scenario?: Scenario } | undefined;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      doc = undefined;
    }
    if (doc?.format === NORMALISED_FORMAT) {
      if (!doc.scenario || doc.digest !== scenarioDigest(doc.scenario)) {
        throw new RangeError(
          `${path}: a normalised scenario whose digest does not match: regenerate it with slalab`,
        );
      }
      return doc.scenario;
    }
  }
  return loadScenario(path);
}
