/**
 * `slalab report`: parses its flags through yargs as the CLI does, writes the
 * report beside the results by default, refuses to overwrite without
 * --force, and turns bad input into a UsageError that says what is wrong.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { reportCommand, writeReportFiles } from '../../cli/commands/report.js';
import { UsageError } from '../../cli/errors.js';
import type { Results } from '../../simulator/model/results.js';
import { fixtureResults } from './fixture.js';

process.env.TZ = 'UTC';
const results = await fixtureResults();

/** Runs `slalab report …` through yargs with only this command registered. */
async function run(...argv: string[]): Promise<void> {
  await yargs(argv)
    .strict()
    .command(reportCommand)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
}

/** The UsageError a run throws (fails the test if it throws nothing or something else). */
async function usageError(...argv: string[]): Promise<UsageError> {
  try {
    await run(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`slalab ${argv.join(' ')} succeeded`);
}

let dir: string;
let resultsPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slalab-report-cli-'));
  resultsPath = join(dir, 'results.json');
  writeFileSync(resultsPath, JSON.stringify(results));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('slalab report', () => {
  it('writes report.html beside the results by default', async () => {
    await run('report', resultsPath);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Acme Support — launch week');
    expect(process.stdout.write).toHaveBeenCalledWith(
      expect.stringMatching(/^wrote 1 file: report /),
    );
  });

  it('writes the page where --out says, and PNG, SVG and CSV folders on request', async () => {
    await run(
      'report',
      resultsPath,
      '--out',
      join(dir, 'site', 'index.html'),
      '--png',
      join(dir, 'png'),
      '--svg',
      join(dir, 'svg'),
      '--csv',
      join(dir, 'csv'),
    );
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(readdirSync(join(dir, 'png'))).toHaveLength(6);
    expect(readdirSync(join(dir, 'svg'))).toHaveLength(6);
    expect(readdirSync(join(dir, 'csv'))).toContain('scorecard.csv');
  });

  it('writes only the folders asked for when no --out is given', async () => {
    await run('report', resultsPath, '--csv', join(dir, 'csv'));
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(readdirSync(join(dir, 'csv'))).toHaveLength(9);
  });

  it('refuses to overwrite without --force, naming the file, and overwrites with it', async () => {
    const out = join(dir, 'report.html');
    writeFileSync(out, 'keep me');
    const error = await usageError('report', resultsPath);
    expect(error.message).toBe(
      `${out} already exists: pass --force to overwrite, or choose other outputs`,
    );
    expect(error.exitCode).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    await run('report', resultsPath, '--force');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('writes nothing when any of its outputs exists', async () => {
    mkdirSync(join(dir, 'csv'));
    writeFileSync(join(dir, 'csv', 'flow.csv'), 'mine');
    const error = await usageError('report', resultsPath, '--csv', join(dir, 'csv'));
    expect(error.message).toContain(join(dir, 'csv', 'flow.csv'));
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(readdirSync(join(dir, 'csv'))).toEqual(['flow.csv']);
  });

  it('says a missing file is missing', async () => {
    const error = await usageError('report', join(dir, 'nope.json'));
    expect(error.message).toMatch(/nope\.json: no such file/);
  });

  it('says a file that is not JSON is not JSON', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "slalab-results", ');
    expect((await usageError('report', bad)).message).toMatch(/bad\.json is not JSON: /);
  });

  it('says which field shows that a JSON file is not slalab results', async () => {
    const other = join(dir, 'package.json');
    writeFileSync(other, JSON.stringify({ name: 'x', version: '1.0.0' }));
    const error = await usageError('report', other);
    expect(error.message).toBe(
      `${other} is not slalab results:\n  - format: expected "slalab-results" (a results.json written by \`slalab simulate --out\`), got missing`,
    );
  });

  it('names every broken field of damaged results, with its path', async () => {
    const broken = structuredClone(results) as unknown as Record<string, unknown>;
    delete (broken.scenario as Record<string, unknown>).channels;
    (broken.targets as Array<Record<string, unknown>>)[2].goal = 'high';
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify(broken));
    const error = await usageError('report', path);
    expect(error.message).toMatch(/^.*broken\.json is not slalab results:/);
    expect(error.message).toMatch(/ {2}- scenario\.channels: /);
    expect(error.message).toMatch(/ {2}- targets\[2\]\.goal: /);
  });

  it('refuses results of another format version', async () => {
    const path = join(dir, 'v2.json');
    writeFileSync(path, JSON.stringify({ ...results, version: 2 }));
    expect((await usageError('report', path)).message).toMatch(
      /version: this slalab reads slalab-results version 1, got 2/,
    );
  });

  it('refuses a heatmap target it cannot map', async () => {
    const error = await usageError('report', resultsPath, '--heatmap-target', 'phone abandonment');
    expect(error.message).toMatch(
      /^--heatmap-target: target "phone abandonment" measures abandonment: the heatmap maps a firstResponse or serviceLevel target$/,
    );
  });

  it('refuses an unknown flag', async () => {
    expect((await usageError('report', resultsPath, '--pdf', 'x')).message).toMatch(
      /Unknown argument/i,
    );
  });
});

describe('writeReportFiles, for simulate --report', () => {
  it('writes the parts asked for and returns their paths', async () => {
    const html = join(dir, 'r.html');
    const written = await writeReportFiles(results as Results, {
      html,
      svg: join(dir, 'svg'),
      force: false,
    });
    expect(written).toEqual([
      html,
      ...['scorecard', 'heatmap', 'first-response', 'staffing', 'backlog', 'flow'].map((c) =>
        join(dir, 'svg', `${c}.svg`),
      ),
    ]);
    await expect(writeReportFiles(results, { html, force: false })).rejects.toThrow(UsageError);
    await expect(writeReportFiles(results, { html, force: true })).resolves.toEqual([html]);
  });
});
