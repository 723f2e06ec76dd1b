/**
 * Property-based checks of the boundary: a valid scenario broken at random
 * (a required key deleted, a wrong type, a negative number, an unknown key,
 * a bad duration, shares off 1, a name that does not exist…) always yields
 * at least one issue with a path, and nothing but a ScenarioError escapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  formatPath,
  type PathSegment,
  ScenarioError,
} from '../../scenarios/schema/scenarioFile.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { build, type Doc, type Files, fixture, issuesOf, minimal } from './support.js';

type Path = PathSegment[];

/** Runs per property; raise it for a longer fuzz: `SLALAB_FUZZ_RUNS=20000 npx vitest run tests/scenarios`. */
const RUNS = Number(process.env.SLALAB_FUZZ_RUNS ?? 400);

/** A third base: a volume table, weekly and CSV staffing, business hours, escalation. */
function tableBased(): Doc {
  const doc = minimal();
  doc.arrivals = { table: 'volumes.csv', specialDays: [{ day: 'Sat-Sun', multiplier: 0.5 }] };
  delete doc.channels.phone.share;
  delete doc.channels.chat.share;
  doc.channels.phone.firstContactResolution = 0.8;
  doc.groups.L1.staffing = {
    weekly: { 'Mon-Fri': { '08:00-20:00': 12, '20:00-08:00': 3 }, 'Sat-Sun': { '00:00-24:00': 4 } },
  };
  doc.groups.L2 = { tier: 2, staffing: { perInterval: 'l2.csv' } };
  doc.work = { escalation: { to: 'L2', handleTime: { dist: 'gamma', mean: '40m', cv: 1.2 } } };
  doc.businessHours = { 'Mon-Fri': '09:00-18:00', holidays: [1] };
  doc.sla.push({ metric: 'resolution', within: '8h', attainment: 0.9, clock: 'business' });
  return doc;
}
const FILES: Files = {
  'volumes.csv':
    'interval_start,channel,volume\n09:00,phone,12\n09:15,chat,4\nMon 10:00,phone,30\n',
  'l2.csv': `interval_start,agents\n${Array.from({ length: 96 }, (_, q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},${q >= 36 && q < 72 ? 2 : 0}`).join('\n')}\n`,
};
const BASES = [minimal, fixture, tableBased];

function walk(value: unknown, path: Path = [], out: Array<{ path: Path; value: unknown }> = []) {
  out.push({ path, value });
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, [...path, i], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  }
  return out;
}

function parentOf(doc: Doc, path: Path): Doc {
  let node = doc;
  for (const segment of path.slice(0, -1)) node = node[segment];
  return node;
}

function setAt(doc: Doc, path: Path, value: unknown): Doc {
  if (path.length === 0) return value;
  parentOf(doc, path)[path[path.length - 1]] = value;
  return doc;
}

/** Whether `path` matches a pattern: `*` any key, `#` any index. */
function matches(path: Path, pattern: readonly string[]): boolean {
  return (
    path.length === pattern.length &&
    pattern.every(
      (p, i) =>
        p === path[i] ||
        (p === '*' && typeof path[i] === 'string') ||
        (p === '#' && typeof path[i] === 'number'),
    )
  );
}

const REQUIRED: ReadonlyArray<readonly string[]> = [
  ['version'],
  ['name'],
  ['arrivals'],
  ['channels'],
  ['groups'],
  ['arrivals', 'weeklyVolume'],
  ['arrivals', 'volumePerDay'],
  ['arrivals', 'table'],
  ['arrivals', 'specialDays', '#', 'day'],
  ['arrivals', 'specialDays', '#', 'multiplier'],
  ['channels', '*', 'kind'],
  ['channels', '*', 'handleTime'],
  ['channels', '*', 'bot', 'share'],
  ['channels', '*', 'bot', 'handleTime'],
  ['channels', '*', 'bot', 'containment'],
  ['groups', '*', 'staffing'],
  ['groups', '*', 'staffing', 'shifts', '#', 'start'],
  ['groups', '*', 'staffing', 'shifts', '#', 'length'],
  ['groups', '*', 'staffing', 'shifts', '#', 'agents'],
  ['work', 'escalation', 'to'],
  ['work', 'escalation', 'handleTime'],
  ['work', 'reopen', 'probability'],
  ['work', 'reopen', 'delay'],
  ['work', 'reopen', 'handleTime'],
  ['routing', 'overflow', '#', 'from'],
  ['routing', 'overflow', '#', 'to'],
  ['routing', 'overflow', '#', 'after'],
  ['sla', '#', 'metric'],
  ['sla', '#', 'within'],
  ['sla', '#', 'attainment'],
  ['sla', '#', 'max'],
];
const DURATION_KEYS = new Set([
  'horizon',
  'interval',
  'warmup',
  'cooldown',
  'handleTime',
  'afterContactWork',
  'patience',
  'mean',
  'value',
  'min',
  'max',
  'within',
  'after',
  'length',
  'delay',
]);
const BAD_DURATIONS = ['5 parsecs', '1m30m', 'PT', '-5m', '', '1h30', '2mo', 'soon'];

const KINDS = [
  'deleteRequired',
  'wrongType',
  'negative',
  'unknownKey',
  'badDuration',
  'sharesOff',
  'unknownName',
] as const;
type Kind = (typeof KINDS)[number];
interface Mutation {
  kind: Kind;
  pick: number;
  variant: number;
}

/** Applies one mutation; returns the new document and the path it broke (undefined: not applicable). */
function mutate(doc: Doc, { kind, pick, variant }: Mutation): { doc: Doc; at?: Path } {
  const all = walk(doc);
  const choose = <T>(list: T[]) => (list.length ? list[pick % list.length] : undefined);
  switch (kind) {
    case 'deleteRequired': {
      const target = choose(
        all.filter(
          (n) => REQUIRED.some((p) => matches(n.path, p)) || n.path[n.path.length - 1] === 'dist',
        ),
      );
      if (!target) return { doc };
      delete parentOf(doc, target.path)[target.path[target.path.length - 1]];
      return { doc, at: target.path };
    }
    case 'wrongType': {
      const target = choose(all);
      if (!target) return { doc };
      return {
        doc: setAt(doc, target.path, typeof target.value === 'boolean' ? 'maybe' : true),
        at: target.path,
      };
    }
    case 'negative': {
      const target = choose(all.filter((n) => typeof n.value === 'number'));
      if (!target) return { doc };
      return {
        doc: setAt(doc, target.path, -(Math.abs(target.value as number) + 1 + variant)),
        at: target.path,
      };
    }
    case 'unknownKey': {
      const target = choose(
        all.filter(
          (n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value),
        ),
      );
      if (!target) return { doc };
      (target.value as Doc).zzUnknownKey = 1;
      return { doc, at: [...target.path, 'zzUnknownKey'] };
    }
    case 'badDuration': {
      const target = choose(
        all.filter(
          (n) =>
            (DURATION_KEYS.has(String(n.path[n.path.length - 1])) ||
              n.path[n.path.length - 2] === 'samples') &&
            n.path.length > 0,
        ),
      );
      if (!target) return { doc };
      return {
        doc: setAt(doc, target.path, BAD_DURATIONS[variant % BAD_DURATIONS.length]),
        at: target.path,
      };
    }
    case 'sharesOff': {
      const shares = all.filter(
        (n) =>
          matches(n.path, ['channels', '*', 'share']) && typeof n.value === 'number' && n.value > 0,
      );
      const target = choose(shares);
      if (!target || shares.length < 2) return { doc };
      return { doc: setAt(doc, target.path, (target.value as number) / 2), at: ['channels'] };
    }
    case 'unknownName': {
      const target = choose(
        all.filter(
          (n) =>
            typeof n.value === 'string' &&
            (matches(n.path, ['groups', '*', 'channels', '#']) ||
              matches(n.path, ['work', 'escalation', 'to']) ||
              matches(n.path, ['routing', 'overflow', '#', 'to']) ||
              matches(n.path, ['sla', '#', 'channel'])),
        ),
      );
      if (!target) return { doc };
      return { doc: setAt(doc, target.path, 'noSuchName'), at: target.path };
    }
  }
}

/** Anything, with extra weight on values near the edges of what the format accepts. */
const junkArb = fc.oneof(
  fc.anything(),
  fc.double(),
  fc.integer({ min: -1e6, max: 1e7 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e400',
    '24:00',
    '00:00-00:00',
    'daily',
    'Mon-',
    'P',
    '1h30',
    '__proto__',
    'constructor',
  ),
  fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 200 }),
);

const mutationArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat(),
  variant: fc.nat({ max: 50 }),
});

/** Issues must point somewhere, and none may be an internal failure. */
function expectUsefulIssues(issues: ReadonlyArray<{ path: string; message: string }>): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.path).not.toBe('');
    expect(issue.path).not.toBe('(internal)');
    expect(issue.message).not.toBe('');
  }
}

describe('a valid scenario broken at random', () => {
  it('the bases are valid', () => {
    for (const base of BASES) expect(() => build(base(), FILES)).not.toThrow();
  });

  it('always yields issues with paths, and only ScenarioErrors are thrown', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: BASES.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        (b, mutations) => {
          let doc = BASES[b]();
          const broken: Path[] = [];
          for (const m of mutations) {
            const result = mutate(doc, m);
            doc = result.doc;
            if (result.at) broken.push(result.at);
          }
          fc.pre(broken.length > 0);
          let thrown: unknown;
          try {
            build(doc, FILES);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ScenarioError);
          const issues = (thrown as ScenarioError).issues;
          expectUsefulIssues(issues);
          // One break in an otherwise valid file: some issue points at it (or at a part of it).
          // (After several, a name cannot be checked once the list it names is itself broken.)
          if (broken.length === 1) {
            const at = formatPath(broken[0]);
            const related = issues.some((i) => i.path.startsWith(at) || at.startsWith(i.path));
            expect(related, `no issue near ${at}: ${JSON.stringify(issues)}`).toBe(true);
          }
          // The same through the text boundary.
          const text = validateScenarioText(stringify(doc), 'mutated.yaml', {
            baseDir: '/virtual',
            readFile: (p) => {
              const name = p.replace('/virtual/', '');
              return Object.hasOwn(FILES, name) ? FILES[name] : '';
            },
          });
          expect(text.ok).toBe(false);
          if (!text.ok) expectUsefulIssues(text.issues);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never lets anything but a ScenarioError out, whatever replaces a part', () => {
    fc.assert(
      fc.property(fc.nat({ max: BASES.length - 1 }), fc.nat(), junkArb, (b, pick, junk) => {
        const doc = BASES[b]();
        const nodes = walk(doc);
        const target = nodes[pick % nodes.length];
        const issues = issuesOf(setAt(doc, target.path, junk), FILES); // rethrows anything else
        for (const issue of issues) {
          expect(issue.path).not.toBe('');
          expect(issue.path).not.toBe('(internal)');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constantFrom('{', '[1,', 'a: [', ': :', '\t- x', 'version: 1\nname:'),
        ),
        (text) => {
          const result = validateScenarioText(text, 'random.yaml');
          if (!result.ok) expectUsefulIssues(result.issues);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
