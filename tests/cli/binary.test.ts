/**
 * The built `slalab` command as a user runs it: exit codes, messages without
 * stack traces, outputs that do not depend on the worker count, shards that
 * merge into one run. Runs dist/ (the test command builds it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = 'dist/cli/main.js';
const slalab = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build first (npm run build, or npm run test:all does it)`);
});

describe('slalab on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slalab-cli-'));

  it('explains a bad scenario file, problem by problem, and exits 2 without a stack trace', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nname: x\nchannels:\n  chat: { kind: chat, concurrency: 0, handleTime: 5m }\n',
    );
    const r = slalab('simulate', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /channels\.chat\.concurrency: must be an integer from 1 to 100, got 0/,
    );
    expect(r.stderr).toMatch(/groups: is required/);
    noStack(r.stderr);
  });

  it.each([
    [['erlang', 'c', '--arrival-rate', '-5', '--aht', '60', '--agents', '3'], /--arrival-rate/],
    [['erlang', 'q', '--arrival-rate', '5', '--aht', '60', '--agents', '3'], /model/],
    [['simulate', 'no-such-file.yaml'], /no-such-file\.yaml/],
    [
      ['simulate', 'scenarios/examples/default.yaml', '--shard', '3/3', '--out', 'x.json'],
      /--shard/,
    ],
    [['sim-queue', 'c', '--arrival-rate', 'NaN', '--aht', '60', '--agents', '2'], /finite number/],
    [
      [
        'sim-queue',
        'c',
        '--arrival-rate',
        '9',
        '--aht',
        '60',
        '--agents',
        '2',
        '--customers',
        'abc',
      ],
      /--customers: must be a finite number, got NaN$/m,
    ],
  ])('refuses %j with exit 2 and a clear message', (args, message) => {
    const r = slalab(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    noStack(r.stderr);
  });

  it('gives the same results.json with 1 or 2 worker threads', () => {
    const a = join(dir, 'w1.json');
    const b = join(dir, 'w2.json');
    expect(
      slalab(
        'simulate',
        'scenarios/examples/default.yaml',
        '-r',
        '4',
        '-w',
        '1',
        '--quiet',
        '--out',
        a,
      ).status,
    ).toBe(0);
    expect(
      slalab(
        'simulate',
        'scenarios/examples/default.yaml',
        '-r',
        '4',
        '-w',
        '2',
        '--quiet',
        '--out',
        b,
      ).status,
    ).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('gives the same sweep.json with 1 or 2 worker threads kept across the points', () => {
    const sweep = (workers: string, out: string) =>
      slalab(
        'sweep',
        'scenarios/examples/default.yaml',
        '--vary',
        'channels.chat.bot.containment=0.2:0.6:0.2',
        '-r',
        '3',
        '-w',
        workers,
        '--quiet',
        '--out',
        out,
      );
    const a = join(dir, 'sweep-w1.json');
    const b = join(dir, 'sweep-w2.json');
    expect(sweep('1', a).status).toBe(0);
    const r = sweep('2', b);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const points = JSON.parse(readFileSync(b, 'utf8')).points;
    expect(
      points.map((p: { values: Record<string, number> }) => Object.values(p.values)[0]),
    ).toEqual([0.2, 0.4, 0.6]);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('merges three shards into the results of one run, and refuses to overwrite without --force', () => {
    const one = join(dir, 'one.json');
    expect(
      slalab(
        'simulate',
        'scenarios/examples/default.yaml',
        '-r',
        '3',
        '-w',
        '1',
        '--quiet',
        '--out',
        one,
      ).status,
    ).toBe(0);
    const parts = [0, 1, 2].map((i) => {
      const p = join(dir, `part-${i}.json`);
      expect(
        slalab(
          'simulate',
          'scenarios/examples/default.yaml',
          '-r',
          '3',
          '--shard',
          `${i}/3`,
          '--quiet',
          '--out',
          p,
        ).status,
      ).toBe(0);
      return p;
    });
    const merged = join(dir, 'merged.json');
    expect(slalab('merge', ...parts, '--out', merged).status).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(one, 'utf8'));
    const again = slalab('merge', ...parts, '--out', merged);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists: pass --force/);
  });

  it('simulates a scenario’s own trace to the same results.json as the scenario, same seed', () => {
    const trace = join(dir, 'trace.ndjson');
    const direct = join(dir, 'direct.json');
    const replayed = join(dir, 'replayed.json');
    const common = ['-r', '1', '-s', '5', '--detail', 'day', '--quiet'];
    expect(
      slalab('trace', 'scenarios/examples/default.yaml', '-s', '5', '--out', trace).status,
    ).toBe(0);
    expect(
      slalab('simulate', 'scenarios/examples/default.yaml', ...common, '--out', direct).status,
    ).toBe(0);
    const r = slalab(
      'simulate',
      'scenarios/examples/default.yaml',
      ...common,
      '--trace',
      trace,
      '--out',
      replayed,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(replayed, 'utf8')).toBe(readFileSync(direct, 'utf8'));
  });

  it('exits 1 with --fail-on-breach when a target is predicted missed', () => {
    const r = slalab(
      'simulate',
      'scenarios/examples/launch-day.yaml',
      '-r',
      '3',
      '--quiet',
      '--fail-on-breach',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not predicted met/);
    expect(r.stdout).toMatch(/MISSED/);
  });
});
