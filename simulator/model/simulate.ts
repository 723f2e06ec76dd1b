/**
 * The library entry point: replications of a scenario → results.json object.
 */
import type { Scenario } from '../../scenarios/schema/types.js';
import { compileScenario } from './compile.js';
import { INTERVAL_DETAIL_MAX_WEEKS } from './layout.js';
import { type ReplicateOptions, replicate } from './replicate.js';
import { buildResults, type Results } from './results.js';

export interface SimulateOptions extends ReplicateOptions {
  version: string;
  detail?: 'interval' | 'day' | 'horizon';
}

export { INTERVAL_DETAIL_MAX_WEEKS };

export async function simulateScenario(
  scenario: Scenario,
  options: SimulateOptions,
): Promise<Results> {
  const compiled = compileScenario(scenario);
  const outputs = await replicate(scenario, options);
  const weeks = (scenario.horizonIntervals * scenario.interval) / (7 * 86_400);
  const detail = options.detail ?? (weeks <= INTERVAL_DETAIL_MAX_WEEKS ? 'interval' : 'day');
  return buildResults(compiled, outputs, { seed: options.seed, version: options.version, detail });
}
