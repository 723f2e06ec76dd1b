import { describe, expect, it } from 'vitest';
import { runSimQueue } from '../../cli/commands/simQueue.js';
import { UsageError } from '../../cli/errors.js';

describe('slalab sim-queue', () => {
  it('reports every measure with an interval and the Erlang C value beside it', () => {
    const { json, text } = runSimQueue({
      model: 'c',
      arrivalRate: 360,
      aht: 60,
      agents: 8,
      target: 20,
      customers: 20_000,
      replications: 5,
      seed: 3,
    });
    for (const key of ['pWait', 'asa', 'serviceLevel', 'occupancy'] as const) {
      const e = json[key]!;
      expect(e.lo).not.toBeNull();
      expect(e.lo!).toBeLessThanOrEqual(e.mean);
      expect(e.hi!).toBeGreaterThanOrEqual(e.mean);
    }
    expect(json.pAbandon).toBeNull();
    expect(json.theory?.occupancy).toBeCloseTo(0.75, 12);
    expect(text).toMatch(/theory/);
  });

  it('drops the theory column when handle times are not exponential', () => {
    const { json, text } = runSimQueue({
      model: 'a',
      arrivalRate: 400,
      aht: 60,
      agents: 6,
      patience: 30,
      ahtCv: 0.5,
      customers: 5000,
      replications: 3,
    });
    expect(json.theory).toBeNull();
    expect(json.pAbandon!.mean).toBeGreaterThan(0);
    expect(text).toMatch(/no closed form/);
  });

  it('finds the fewest agents whose simulated service level meets the goal', () => {
    const { json } = runSimQueue({
      model: 'c',
      arrivalRate: 360,
      aht: 60,
      serviceLevel: 0.8,
      target: 20,
      customers: 20_000,
      replications: 4,
    });
    expect(json.serviceLevel!.mean).toBeGreaterThanOrEqual(0.8);
    const fewer = runSimQueue({
      model: 'c',
      arrivalRate: 360,
      aht: 60,
      agents: json.agents - 1,
      target: 20,
      customers: 20_000,
      replications: 4,
    });
    expect(fewer.json.serviceLevel!.mean).toBeLessThan(0.8);
  });

  it.each([
    [{ model: 'x', arrivalRate: 1, aht: 1, agents: 1 }, /model: must be one of/],
    [{ model: 'c', arrivalRate: -1, aht: 60, agents: 1 }, /--arrival-rate: must be > 0/],
    [
      { model: 'c', arrivalRate: 'NaN', aht: 60, agents: 1 },
      /--arrival-rate: must be a finite number/,
    ],
    [{ model: 'c', arrivalRate: 60, aht: 60, agents: 0 }, /--agents: must be ≥ 1/],
    [{ model: 'c', arrivalRate: 120, aht: 60, agents: 2 }, /cannot keep up/],
    [{ model: 'a', arrivalRate: 120, aht: 60, agents: 2 }, /--patience: required/],
    [{ model: 'mmck', arrivalRate: 120, aht: 60, agents: 2 }, /--capacity: required/],
  ])('refuses bad input %j with a clear message', (args, message) => {
    expect(() => runSimQueue(args as never)).toThrow(UsageError);
    expect(() => runSimQueue(args as never)).toThrow(message);
  });
});
