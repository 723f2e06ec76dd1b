/**
 * The JSON Schema of scenario files, generated from the zod schema so the two
 * never disagree, for editors: point YAML or JSON files at it and get
 * completion, hover text (every field's description, units and default) and
 * squiggles as you type.
 *
 * It describes the file as written (`io: 'input'`): durations are numbers or
 * strings with a `pattern`, defaults are shown as written (`'15m'`). Checks
 * that span fields (names that must exist, shares summing to 1…) are beyond
 * JSON Schema; `slalab validate` reports those.
 */
import { z } from 'zod';
import { scenarioFileSchema } from './scenarioFile.js';

/** The schema's `$id`. */
export const SCENARIO_SCHEMA_ID = 'https://slalab.dev/schema/scenario-v1.json';

/**
 * The JSON Schema (draft 2020-12) of scenario files.
 *
 * @example
 * const schema = scenarioJsonSchema();
 * schema.$id;                 // 'https://slalab.dev/schema/scenario-v1.json'
 * schema.required;            // ['version', 'name', 'arrivals', 'channels', 'groups']
 */
export function scenarioJsonSchema(): Record<string, unknown> & {
  $schema: string;
  $id: string;
  title: string;
  description: string;
  properties: Record<string, Record<string, unknown>>;
  required: string[];
} {
  const generated = z.toJSONSchema(scenarioFileSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema: String($schema ?? 'https://json-schema.org/draft/2020-12/schema'),
    $id: SCENARIO_SCHEMA_ID,
    title: 'slalab scenario',
    ...rest,
    description: String(rest.description ?? ''),
    properties: rest.properties as Record<string, Record<string, unknown>>,
    required: rest.required as string[],
  };
}
