/**
 * `slalab fit` and `slalab backtest` through yargs as cli/main.ts runs them:
 * files written, nothing overwritten without --force, bad flags and bad
 * input as UsageErrors that say what is wrong.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backtestCommand } from '../../cli/commands/backtest.js';
import { fitCommand } from '../../cli/commands/fit.js';
import { UsageError } from '../../cli/errors.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { runCli } from '../support/cli.js';
import { historyFrom, RECOVERY_AGENTS, RECOVERY_YAML, scenarioFrom } from './support.js';

process.env.TZ = 'UTC';
let dir: string;
let history: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slalab-fit-'));
  history = join(dir, 'history.csv');
  writeFileSync(
    history,
    historyFrom(scenarioFrom(RECOVERY_YAML), { seed: 5, agents: RECOVERY_AGENTS }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `slalab …` with the two commands registered, returning what it printed. */
async function run(...argv: string[]): Promise<string> {
  return (await runCli([fitCommand, backtestCommand], argv)).stdout;
}

async function usageError(...argv: string[]): Promise<UsageError> {
  try {
    await run(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`slalab ${argv.join(' ')} succeeded`);
}

describe('slalab fit', () => {
  it('writes a scenario that validates, and the report, and prints the estimates', async () => {
    const out = join(dir, 'fitted.yaml');
    const report = join(dir, 'fit.html');
    const printed = await run(
      'fit',
      history,
      '--out',
      out,
      '--report',
      report,
      '--kind',
      'email=deferred',
    );
    expect(printed).toMatch(/contacts fitted from .*history\.csv/);
    expect(printed).toMatch(/phone \(realtime\): .* patience exponential mean/);
    const yaml = readFileSync(out, 'utf8');
    const result = validateScenarioText(yaml, out);
    expect(result.ok).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('slalab · fit report');
  });

  it('refuses to overwrite without --force, before doing the work', async () => {
    const out = join(dir, 'fitted.yaml');
    const error = await usageError('fit', history, '--out', out);
    expect(error.message).toMatch(/already exists: pass --force/);
    await run('fit', history, '--out', out, '--force', '--quiet');
  });

  it('writes the arrivals table beside the scenario with --arrivals table', async () => {
    const out = join(dir, 'table.yaml');
    await run('fit', history, '--out', out, '--arrivals', 'table', '--quiet');
    expect(existsSync(join(dir, 'table.arrivals.csv'))).toBe(true);
    expect(validateScenarioText(readFileSync(out, 'utf8'), out).ok).toBe(true);
  });

  it('copies the SLA targets of another scenario with --sla-from', async () => {
    const other = join(dir, 'other.yaml');
    writeFileSync(other, RECOVERY_YAML);
    const out = join(dir, 'sla.yaml');
    await run('fit', history, '--out', out, '--sla-from', other, '--quiet');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/# Copied from --sla-from\./);
    const result = validateScenarioText(yaml, out);
    if (!result.ok) throw new Error(result.error.format());
    expect(result.scenario.sla.map((t) => t.metric)).toEqual([
      'serviceLevel',
      'abandonment',
      'firstResponse',
    ]);
  });

  it('explains bad flags', async () => {
    const out = join(dir, 'x.yaml');
    expect((await usageError('fit', history, '--out', out, '--interval', '7m')).message).toMatch(
      /--interval 7m: interval must be whole seconds, at least 1m, dividing one day/,
    );
    expect((await usageError('fit', history, '--out', out, '--tz', 'Mars/Base')).message).toMatch(
      /not an IANA time zone/,
    );
    expect((await usageError('fit', history, '--out', out, '--map', 'when')).message).toMatch(
      /'when' is not name=column/,
    );
    expect(
      (await usageError('fit', history, '--out', out, '--kind', 'phone=voice')).message,
    ).toMatch(/kind one of realtime, chat, deferred, messaging/);
    expect((await usageError('fit', join(dir, 'none.csv'), '--out', out)).message).toMatch(
      /none\.csv: no such file/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('stops on too many bad rows, naming their lines', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${readFileSync(history, 'utf8').trimEnd()}\nyesterday,phone\n`.replace(
        /\n(2024-01-02T[^\n]*)/,
        '\nnot-a-time$1',
      ),
    );
    const error = await usageError(
      'fit',
      bad,
      '--out',
      join(dir, 'bad.yaml'),
      '--max-bad-rows',
      '0',
    );
    expect(error.message).toMatch(/2 of [\d,]+ rows are bad/);
    expect(error.message).toMatch(/1 × malformed row .* — lines \d+/);
    expect(error.message).toMatch(
      /1 × unparseable time — lines \d+\n\s+e\.g\. .*bad\.csv:\d+: created: not a time: 'not-a-time2024/,
    );
  });
});

describe('slalab backtest', () => {
  it('prints the error per metric and writes the report and the figures', async () => {
    const scenario = join(dir, 'fitted.yaml');
    const report = join(dir, 'backtest.html');
    const out = join(dir, 'backtest.json');
    const printed = await run(
      'backtest',
      history,
      scenario,
      '-r',
      '3',
      '-w',
      '1',
      '--report',
      report,
      '--out',
      out,
      '--quiet',
    );
    expect(printed).toMatch(
      /backtest of .* on [\d,]+ contacts, 2024-01-01 Mon to 2024-01-28 Sun \(28 days\), 3 replications/,
    );
    expect(printed).toMatch(/contacts offered\s+28\s+[\d.]+ \([\d.]+%\)/);
    expect(readFileSync(report, 'utf8')).toContain('slalab · backtest report');
    expect(JSON.parse(readFileSync(out, 'utf8')).days).toHaveLength(28);
  });

  it('counts rows of channels the scenario does not have as bad', async () => {
    const other = join(dir, 'other-channels.yaml');
    writeFileSync(other, RECOVERY_YAML.replaceAll('email', 'mail'));
    const error = await usageError('backtest', history, other, '-r', '2', '-w', '1', '--quiet');
    expect(error.message).toMatch(
      /unknown or missing channel .*'email' is not one of phone, mail \(did you mean 'mail'\?\)/s,
    );
  });
});
