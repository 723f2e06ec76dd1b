/**
 * Reading scenario files: text (YAML or JSON, told apart by content) →
 * `Scenario`, or every problem with its path, line and column.
 *
 * This is the boundary (habit 6): nothing past it validates again, and
 * nothing here throws anything but {@link ScenarioError} for bad input — a
 * YAML syntax error names its line and column, a missing CSV its path, and
 * nobody sees a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { normaliseScenario } from './normalise.js';
import { type PathSegment, ScenarioError, type ScenarioIssue } from './scenarioFile.js';
import type { Scenario } from './types.js';

export { formatIssues, ScenarioError, type ScenarioIssue } from './scenarioFile.js';

export type ValidationResult =
  | { ok: true; scenario: Scenario }
  | { ok: false; issues: ScenarioIssue[]; error: ScenarioError };

export interface ValidateOptions {
  /** Directory CSV paths are relative to; default the file's directory, else the working directory. */
  baseDir?: string;
  /** Reads referenced files (CSV); default from disk. */
  readFile?: (path: string) => string;
}

type Locate = (path: readonly PathSegment[]) => { line: number; column: number } | undefined;

/**
 * Validates scenario text and builds the `Scenario`, or returns ALL issues.
 * Never throws.
 *
 * @param text the file's content, YAML or JSON (JSON when it starts with `{`)
 * @param path the file's path, for messages and to resolve CSV paths
 * @example
 * const result = validateScenarioText(readFileSync('s.yaml', 'utf8'), 's.yaml');
 * if (!result.ok) console.error(result.error.format());
 * // s.yaml:12:5 channels.chat.concurrency: must be an integer ≥ 1, got 0
 */
export function validateScenarioText(
  text: string,
  path?: string,
  opts: ValidateOptions = {},
): ValidationResult {
  const fail = (issues: ScenarioIssue[]): ValidationResult => {
    const error = new ScenarioError(issues, path);
    return { ok: false, issues, error };
  };
  try {
    const parsed = parseText(text);
    if (!parsed.ok) return fail(parsed.issues);
    const scenario = normaliseScenario(parsed.data, {
      baseDir: opts.baseDir ?? (path ? dirname(resolve(path)) : process.cwd()),
      readFile: opts.readFile,
      locate: parsed.locate,
      source: path,
    });
    return { ok: true, scenario };
  } catch (error) {
    if (error instanceof ScenarioError) return fail([...error.issues]);
    // A bug in slalab, not in the file: still no stack trace, but say so.
    return fail([
      {
        path: '(internal)',
        message: `slalab could not check this file: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'this is a bug in slalab; please report it with the file',
      },
    ]);
  }
}

/**
 * Reads, validates and normalises a scenario file.
 *
 * @throws {ScenarioError} listing every problem (an unreadable file included)
 */
export function loadScenario(path: string, opts: ValidateOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      [
        {
          path: '(file)',
          message: `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`,
          fix: 'check the path',
        },
      ],
      path,
    );
  }
  const result = validateScenarioText(text, path, opts);
  if (!result.ok) throw result.error;
  return result.scenario;
}

// ------------------------------------------------------------------ text → data

type Parsed = { ok: true; data: unknown; locate?: Locate } | { ok: false; issues: ScenarioIssue[] };

function parseText(text: string): Parsed {
  const json = /^\s*[{[]/.test(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const locate = doc.errors.length === 0 ? locator(doc.contents, lineCounter) : undefined;

  if (json) {
    try {
      const data: unknown = JSON.parse(text);
      return { ok: true, data, locate };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      const where = at ? lineCounter.linePos(Number(at[1])) : undefined;
      return {
        ok: false,
        issues: [
          {
            path: '(syntax)',
            message: `JSON syntax error: ${message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')}`,
            ...(where ? { line: where.line, column: where.col } : {}),
          },
        ],
      };
    }
  }

  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        const pos = error.linePos?.[0];
        return {
          path: '(syntax)',
          message: `YAML syntax error: ${first}`,
          ...(pos ? { line: pos.line, column: pos.col } : {}),
          ...(/tab/i.test(first) ? { fix: 'indent with spaces, not tabs' } : {}),
        };
      }),
    };
  }
  if (doc.contents === null) {
    return {
      ok: false,
      issues: [
        {
          path: '(top level)',
          message: 'the file is empty',
          fix: 'start with version: 1, then name, arrivals, channels, groups',
        },
      ],
    };
  }
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: 1000 }), locate };
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          path: '(syntax)',
          message: `YAML error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        },
      ],
    };
  }
}

/**
 * Line and column of a path: the key's position for a mapping entry, the
 * item's for a list entry; a path that does not exist (a missing key) gives
 * the deepest part that does.
 */
function locator(root: unknown, lines: LineCounter): Locate {
  return (path) => {
    let node = root as Node | null;
    let pos = node?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment),
        );
        if (!pair) break;
        pos = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? pos;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        pos = item.range?.[0] ?? pos;
        node = item;
      } else break;
    }
    if (pos === undefined) return undefined;
    const { line, col } = lines.linePos(pos);
    return { line, column: col };
  };
}
