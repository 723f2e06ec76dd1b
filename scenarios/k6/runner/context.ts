/**
 * What a VU and the k6 modules it exposes need from the run they belong to,
 * and the group/check tree the summary reports (`root_group`).
 */
import { createHash } from 'node:crypto';
import type { ScriptBundle } from './loader.js';
import type { Metric, Registry, Tags } from './metrics.js';
import type { RunOptions } from './options.js';

/** One check's tally (k6 `lib.Check`: id = md5 of its path). */
export interface CheckTally {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** A group in k6's tree: path `::outer::inner`, id = md5(path); the root is '' (k6 `lib.Group`). */
export class GroupNode {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups = new Map<string, GroupNode>();
  readonly checks = new Map<string, CheckTally>();

  constructor(name: string, parent?: GroupNode) {
    if (name.includes('::'))
      throw new TypeError(`group and check names may not contain '::' (${name})`);
    this.name = name;
    this.path = parent ? `${parent.path}::${name}` : '';
    this.id = md5(this.path);
  }

  group(name: string): GroupNode {
    let g = this.groups.get(name);
    if (!g) {
      g = new GroupNode(name, this);
      this.groups.set(name, g);
    }
    return g;
  }

  check(name: string): CheckTally {
    let c = this.checks.get(name);
    if (!c) {
      if (name.includes('::')) throw new TypeError(`check names may not contain '::' (${name})`);
      const path = `${this.path}::${name}`;
      c = { name, path, id: md5(path), passes: 0, fails: 0 };
      this.checks.set(name, c);
    }
    return c;
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export interface RunCounters {
  iterationsCompleted: number;
  iterationsInterrupted: number;
  vusActive: number;
  vusInitialized: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RunContext {
  readonly options: RunOptions;
  readonly registry: Registry;
  readonly bundle: ScriptBundle;
  /** `__ENV` before any scenario's own `env`. */
  readonly env: Readonly<Record<string, string>>;
  readonly allowRemote: boolean;
  readonly rootGroup: GroupNode;
  readonly counters: RunCounters;
  /** Unix ms when the test run started (before setup). */
  readonly startEpochMs: number;
  /** ms since the test run started. */
  now(): number;
  log(level: LogLevel, message: string, fields?: Record<string, string>): void;
  emit(metric: Metric, value: number, tags: Tags): void;
  /** The one copy of a SharedArray, built by the first VU that declares it. */
  sharedArray(name: string, build: () => unknown): readonly unknown[];
  /** File contents for `open()`, read once per path. */
  openFile(path: string, binary: boolean): string | ArrayBuffer;
  /** Stops the whole test (exec.test.abort, abortOnFail, a refused remote URL). */
  abortTest(reason: string, exitCode: number): void;
  /** exec.test.fail(): the run goes on but ends with a failing exit code. */
  markFailed(reason: string): void;
  readonly aborted: boolean;
}
