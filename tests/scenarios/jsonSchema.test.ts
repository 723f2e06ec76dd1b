/**
 * The JSON Schema for editors: well-formed draft 2020-12, every top-level
 * property described, and it accepts the bundled-style example. Checked with
 * a tiny validator for exactly the keywords the generator emits (no extra
 * dependency); the test fails if the schema starts using any other keyword.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaCommand, schemaText } from '../../cli/commands/schema.js';
import { describeScenario, runValidate } from '../../cli/commands/validate.js';
import { UsageError } from '../../cli/errors.js';
import { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from '../../scenarios/schema/jsonSchema.js';
import { scenarioFileSchema } from '../../scenarios/schema/scenarioFile.js';
import { build, type Doc, FIXTURE_PATH, fixture, minimal } from './support.js';

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default']);
const SUPPORTED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'const',
  'enum',
  'anyOf',
  'oneOf',
  'items',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);

/** Keywords used anywhere in a schema (property names under `properties` excluded). */
function keywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) keywords(s, out);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      out.add(key);
      if (key === 'properties') for (const s of Object.values(value as Schema)) keywords(s, out);
      else if (key !== 'default' && key !== 'const' && key !== 'enum') keywords(value, out);
    }
  }
  return out;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Errors (paths) where `value` breaks `schema`; empty when it conforms. */
function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path}: ${why}`);
  if (schema.type !== undefined) {
    const t = typeOf(value);
    const types = ([] as unknown[]).concat(schema.type);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      fail(`type ${t}, not ${types}`);
  }
  if ('const' in schema && schema.const !== value) fail(`not ${schema.const}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail('not in enum');
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      fail('not above exclusiveMinimum');
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      fail('not below exclusiveMaximum');
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      fail('too few items');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      fail('too many items');
    if (schema.items) {
      for (const [i, v] of value.entries())
        errors.push(...validate(schema.items as Schema, v, `${path}[${i}]`));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[])
      if (!(key in object)) fail(`missing ${key}`);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties)
      fail('too few properties');
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties)
      fail('too many properties');
    for (const key of keys) {
      if (schema.propertyNames)
        errors.push(...validate(schema.propertyNames as Schema, key, `${path}.${key}(name)`));
      if (key in properties)
        errors.push(...validate(properties[key], object[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`unknown ${key}`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(
          ...validate(schema.additionalProperties as Schema, object[key], `${path}.${key}`),
        );
      }
    }
  }
  if (
    schema.anyOf &&
    !(schema.anyOf as Schema[]).some((s) => validate(s, value, path).length === 0)
  )
    fail('matches no anyOf');
  if (
    schema.oneOf &&
    (schema.oneOf as Schema[]).filter((s) => validate(s, value, path).length === 0).length !== 1
  ) {
    fail('does not match exactly one oneOf');
  }
  return errors;
}

describe('the JSON Schema', () => {
  const schema = scenarioJsonSchema();

  it('is draft 2020-12 with an $id, a title and a description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(schema.title).toBe('slalab scenario');
    expect(schema.description).toMatch(/scenario/);
    expect(schema.required).toEqual(['version', 'name', 'arrivals', 'channels', 'groups']);
  });

  it('is plain JSON and uses only keywords the test validator understands', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    const unknown = [...keywords(schema)].filter((k) => !SUPPORTED.has(k) && !ANNOTATIONS.has(k));
    expect(unknown).toEqual([]);
  });

  it('lists every top-level property of the file, each with a description', () => {
    expect(Object.keys(schema.properties)).toEqual(Object.keys(scenarioFileSchema.shape));
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(typeof property.description, name).toBe('string');
      expect((property.description as string).length, name).toBeGreaterThan(10);
    }
  });

  it('describes the fields people hover over in an editor', () => {
    const channel = (schema.properties.channels.additionalProperties as Schema)
      .properties as Record<string, Schema>;
    for (const field of [
      'kind',
      'share',
      'handleTime',
      'patience',
      'priorities',
      'bot',
      'concurrency',
      'slowdown',
    ]) {
      expect(channel[field]?.description, field).toMatch(/\w/);
    }
    expect(schema.properties.interval.default).toBe('15m');
    expect(schema.properties.horizon.default).toBe('1w');
  });

  it('accepts the bundled-style example and a minimal scenario', () => {
    expect(validate(schema, fixture())).toEqual([]);
    expect(validate(schema, minimal())).toEqual([]);
  });

  it('rejects what an editor should flag (so the check above is not vacuous)', () => {
    const cases: Array<(d: Doc) => void> = [
      (d) => delete d.version,
      (d) => (d.version = 2),
      (d) => (d.horizn = '1w'),
      (d) => (d.channels.phone.kind = 'realtme'),
      (d) => (d.channels.phone.handleTime = '6 parsecs!'),
      (d) => (d.channels.chat.handleTime.dist = 'gama'),
      (d) => (d.channels.phone.share = 1.5),
      (d) => (d.groups.L1.staffing = { constant: 2, shifts: [] }),
      (d) => (d.groups['bad name'] = d.groups.L1),
      (d) => (d.sla[0].metric = 'speed'),
    ];
    for (const edit of cases) {
      const doc = minimal();
      edit(doc);
      expect(validate(schema, doc).length, edit.toString()).toBeGreaterThan(0);
    }
  });
});

describe('slalab validate and slalab schema', () => {
  it('summarises a valid file on one line', () => {
    expect(runValidate(FIXTURE_PATH)).toBe(
      'ok: Vendor 7x24 support — 4 channels, 2 groups, 4 SLA targets, horizon 1w (672 × 15m intervals), warm-up 1d, cool-down 2d',
    );
    expect(describeScenario(build(minimal()))).toMatch(
      /^ok: test — 2 channels, 1 group, 1 SLA target, /,
    );
  });

  it('lists every issue and exits 2 for a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-validate-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nname: bad\narrivals: { weeklyVolume: 10 }\nchannels: {}\n');
    try {
      runValidate(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message.split('\n')).toEqual([
        `${file}: 2 problems`,
        `${file}:1:1 groups: is required; it must map group names to groups, e.g. { L1: { … } }`,
        `${file}:4:1 channels: defines no channel — fix: add at least one channel, e.g. phone: { kind: realtime, … }`,
      ]);
    }
  });

  it('writes the schema with --out and refuses to overwrite it without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-schema-'));
    const out = join(dir, 'scenario.schema.json');
    const run = (args: Record<string, unknown>) =>
      (schemaCommand.handler as (a: unknown) => void)({
        _: [],
        $0: 'slalab',
        force: false,
        ...args,
      });
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      run({ out });
      expect(JSON.parse(readFileSync(out, 'utf8')).$id).toBe(SCENARIO_SCHEMA_ID);
      writeFileSync(out, 'keep me');
      expect(() => run({ out })).toThrow(/already exists: pass --force/);
      expect(readFileSync(out, 'utf8')).toBe('keep me');
      run({ out, force: true });
      expect(readFileSync(out, 'utf8')).toBe(schemaText());
    } finally {
      process.stderr.write = stderr;
    }
  });
});
