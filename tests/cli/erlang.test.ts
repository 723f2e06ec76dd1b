import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ErlangArgs, erlangCommand, runErlang } from '../../cli/commands/erlang.js';
import { UsageError } from '../../cli/errors.js';
import { runCli } from '../support/cli.js';

/** Runs the command through yargs the way cli/main.ts does, returning stdout. */
async function parse(argv: string[]): Promise<string> {
  return (await runCli([erlangCommand], argv)).stdout;
}

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

const base: ErlangArgs = { model: 'c', arrivalRate: '200', aht: '180' };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('slalab erlang', () => {
  it('reports Erlang C for pyworkforce’s example with nulls where a measure does not apply', () => {
    // pyworkforce test_erlang.py: 100 per 30 min (200/h), AHT 3 min, 14 positions → P(wait) 0.174,
    // occupancy 0.714, SL 0.888 within 0.33 min (19.8 s).
    const { json } = runErlang({ ...base, agents: '14', target: '19.8' });
    expect(json.model).toBe('c');
    expect(json.agents).toBe(14);
    expect(json.pWait).toBeCloseTo(0.174, 3);
    expect(json.occupancy).toBeCloseTo(0.714, 3);
    expect(json.serviceLevel).toBeCloseTo(0.888, 3);
    // ASA in seconds: C/(nμ − λ) with μ = 1/180 s⁻¹ and λ = 200/3600 s⁻¹.
    expect(json.asa).toBeCloseTo(json.pWait! / (14 / 180 - 200 / 3600), 9);
    expect(json.pAbandon).toBeNull();
    expect(json.blocking).toBeNull();
  });

  it('reports Erlang A in seconds, matching pyworkforce’s published abandonment case', () => {
    // pyworkforce test_abandonment.py: 200/h, AHT 180 s, patience 300 s, 14 positions, 20 s →
    // SL 0.916792, P(ab) 0.013984, ASA 0.069919 min = 4.19514 s.
    const { json } = runErlang({
      model: 'a',
      arrivalRate: '200',
      aht: '180',
      patience: '300',
      agents: '14',
      target: '20',
    });
    expect(Math.abs(json.serviceLevel! - 0.916792)).toBeLessThanOrEqual(5e-7);
    expect(Math.abs(json.pAbandon! - 0.013984)).toBeLessThanOrEqual(5e-7);
    expect(Math.abs(json.asa! - 0.069919 * 60)).toBeLessThanOrEqual(5e-7 * 60);
    expect(json.blocking).toBeNull();
  });

  it('reports Erlang B blocking of about 1% for 15 lines offered 8.108 Erlangs', () => {
    // erlang.com calculator manual: 15 lines at 1% blocking carry 8.108 Erlangs.
    const { json } = runErlang({
      model: 'b',
      arrivalRate: String((8.108 * 3600) / 180),
      aht: '180',
      agents: '15',
    });
    expect(json.blocking).toBeCloseTo(0.01, 4);
    expect(json.pWait).toBeNull();
    expect(json.asa).toBeNull();
    expect(json.serviceLevel).toBeNull();
    expect(json.pAbandon).toBeNull();
    expect(json.occupancy).toBeCloseTo((8.108 * (1 - json.blocking!)) / 15, 12);
  });

  it('reports M/M/c/K blocking and admitted waits for a hand-computed M/M/1/2 queue', () => {
    // λ = 0.5/s (1800/h), μ = 1/s: π = (4, 2, 1)/7 → blocking 1/7, P(wait | admitted) = 1/3,
    // mean wait 1/3 s, P(W ≤ 0.4 s) = 1 − e^{−0.4}/3.
    const { json } = runErlang({
      model: 'mmck',
      arrivalRate: '1800',
      aht: '1',
      agents: '1',
      capacity: '2',
      target: '0.4',
    });
    expect(json.blocking).toBeCloseTo(1 / 7, 12);
    expect(json.pWait).toBeCloseTo(1 / 3, 12);
    expect(json.asa).toBeCloseTo(1 / 3, 12);
    expect(json.serviceLevel).toBeCloseTo(1 - Math.exp(-0.4) / 3, 12);
    expect(json.pAbandon).toBeNull();
  });

  it('finds the fewest agents for a service-level goal and says so in the table', () => {
    // pyworkforce test_erlang.py: 80% within 0.33 min needs 14 raw positions.
    const { json, text } = runErlang({ ...base, target: '19.8', serviceLevel: '0.8' });
    expect(json.agents).toBe(14);
    expect(text).toMatch(/agents\s+14\s+\(fewest with ≥ 80\.00% within 19\.8 s\)/);
    expect(text).toMatch(/^Erlang C/);
    expect(text).toMatch(/P\(wait\)\s+17\.\d\d%/);
    expect(text).toMatch(/service level\s+88\.\d\d% answered within 19\.8 s/);
  });

  it('finds the fewest agents for a mean-wait goal, so one agent fewer misses it', () => {
    const { json } = runErlang({ ...base, asa: '20' });
    expect(json.asa!).toBeLessThanOrEqual(20);
    expect(runErlang({ ...base, agents: String(json.agents - 1) }).json.asa!).toBeGreaterThan(20);
  });

  it.each<[string, ErlangArgs, RegExp]>([
    [
      'a negative arrival rate',
      { ...base, arrivalRate: '-5', agents: '3' },
      /--arrival-rate: must be ≥ 0/,
    ],
    ['zero agents', { ...base, agents: '0' }, /--agents: must be ≥ 1/],
    [
      'agents that are not a number',
      { ...base, agents: 'many' },
      /--agents: must be a finite number/,
    ],
    ['an AHT of zero', { ...base, aht: '0', agents: '3' }, /--aht: must be > 0/],
    [
      'an unknown model',
      { ...base, model: 'x', agents: '3' },
      /model: must be one of b, c, a, mmck/,
    ],
    [
      'an unstable Erlang C load',
      { ...base, agents: '10' },
      /10 agents cannot keep up.*--agents 11 or more/,
    ],
    [
      'Erlang A without patience',
      { ...base, model: 'a', agents: '9' },
      /--patience: required for model a/,
    ],
    ['M/M/c/K without capacity', { ...base, model: 'mmck', agents: '9' }, /--capacity: required/],
    [
      'a capacity below the agents',
      { ...base, model: 'mmck', agents: '9', capacity: '8' },
      /--capacity: must be ≥ 9/,
    ],
    ['a service level without target', { ...base, serviceLevel: '0.8' }, /needs --target/],
    [
      'a service level above one',
      { ...base, target: '20', serviceLevel: '80' },
      /--service-level: must be ≤ 1/,
    ],
    ['both agents and a goal', { ...base, agents: '14', asa: '20' }, /either --agents or a goal/],
    ['a goal for model b', { ...base, model: 'b', asa: '20' }, /models c and a, not b/],
    ['no agents and no goal', { ...base }, /--agents: required/],
  ])('refuses %s with a usage error (exit 2)', (_label, args, message) => {
    expect(usageError(() => runErlang(args)).message).toMatch(message);
  });

  it('has a handler that throws a usage error (exit 2) for bad input and prints nothing', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const error = usageError(() =>
      erlangCommand.handler({ _: [], $0: 'slalab', ...base, agents: '-1', json: true }),
    );
    expect(error.message).toMatch(/--agents/);
    expect(write).not.toHaveBeenCalled();
  });

  it('prints one JSON object through yargs with --json', async () => {
    const out = await parse([
      'erlang',
      'c',
      '--arrival-rate',
      '200',
      '--aht',
      '180',
      '--agents',
      '14',
      '--json',
    ]);
    const json = JSON.parse(out);
    expect(Object.keys(json).sort()).toEqual(
      [
        'agents',
        'asa',
        'blocking',
        'model',
        'occupancy',
        'pAbandon',
        'pWait',
        'serviceLevel',
      ].sort(),
    );
    expect(json).toMatchObject({
      model: 'c',
      agents: 14,
      serviceLevel: null,
      pAbandon: null,
      blocking: null,
    });
  });

  it('rejects an unknown model through yargs before the handler runs', async () => {
    await expect(
      parse(['erlang', 'z', '--arrival-rate', '200', '--aht', '180', '--agents', '3']),
    ).rejects.toThrow(UsageError);
  });
});
