/**
 * Round trip: fit a history, write the scenario, simulate a new history from
 * the fitted scenario, fit again. The fitted YAML must validate against the
 * scenario schema, carry a comment with each estimate's basis, and the
 * second fit must agree with the first within their combined uncertainty
 * (|θ₂ − θ₁| ≤ 3.3·√(se₁² + se₂²), a 0.1% two-sided test per parameter).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import type { Estimate } from '../../simulator/fit/estimate.js';
import { type FitResult, fitHistoryText } from '../../simulator/fit/fitHistory.js';
import { writeFittedScenario } from '../../simulator/fit/scenarioWriter.js';
import { historyFrom, RECOVERY_AGENTS, RECOVERY_YAML, scenarioFrom } from './support.js';

const se = (e: Estimate) => (e.hi - e.lo) / (2 * 1.959964);

function agree(a: Estimate, b: Estimate): boolean {
  return Math.abs(a.value - b.value) <= 3.3 * Math.hypot(se(a), se(b));
}

describe('fit → simulate → fit', () => {
  const first = fitHistoryText(
    historyFrom(scenarioFrom(RECOVERY_YAML), { seed: 7, agents: RECOVERY_AGENTS }),
  );
  const written = writeFittedScenario(first, { name: 'round trip' });
  const validated = validateScenarioText(written.yaml, 'fitted.yaml');

  it('writes a scenario that validates against the schema', () => {
    if (!validated.ok) throw new Error(validated.error.format());
    expect(validated.scenario.name).toBe('round trip');
    expect(validated.scenario.channels.map((c) => c.name).sort()).toEqual(['email', 'phone']);
    expect(validated.scenario.escalation?.toGroup).toBe('L2');
    expect(validated.scenario.reopen?.probability).toBeCloseTo(first.reopen!.probability.value, 5);
  });

  it('comments every estimated value with its interval and basis', () => {
    const lines = written.yaml.split('\n');
    for (const key of [
      'weeklyVolume:',
      'overdispersion:',
      'share:',
      'handleTime:',
      'patience:',
      'priorities:',
      'firstContactResolution:',
    ]) {
      const at = lines.findIndex((l) => l.trim().startsWith(key));
      expect(at, key).toBeGreaterThan(0);
      // The comment block right above the key cites a 95% interval.
      let k = at - 1;
      let block = '';
      while (k >= 0 && lines[k].trim().startsWith('#')) block = `${lines[k--]}\n${block}`;
      expect(block, key).toMatch(/95% CI|interval|default/);
    }
    expect(written.yaml).toMatch(/naive mean of abandon times .* \(biased low, not used\)/);
  });

  it('keeps the fitted numbers in the YAML (what is written is what was estimated)', () => {
    const doc = parse(written.yaml);
    expect(doc.arrivals.weeklyVolume).toBeCloseTo(first.arrivals.weeklyVolume.value, 0);
    expect(doc.channels.phone.handleTime.dist).toBe(
      first.channels.find((c) => c.name === 'phone')!.handleTime!.chosen.family,
    );
    if (!validated.ok) throw new Error('invalid');
    const phone = validated.scenario.channels.find((c) => c.name === 'phone')!;
    expect(phone.patience!.mean).toBeCloseTo(
      first.channels.find((c) => c.name === 'phone')!.patience!.mean.value,
      0,
    );
  });

  it('fits the simulated history back to consistent parameters', () => {
    if (!validated.ok) throw new Error('invalid');
    const second: FitResult = fitHistoryText(
      historyFrom(validated.scenario, { seed: 8, agents: RECOVERY_AGENTS }),
    );
    const pairs: Array<[string, (f: FitResult) => Estimate]> = [
      ['weekly volume', (f) => f.arrivals.weeklyVolume],
      ['phone share', (f) => f.arrivals.channels.find((c) => c.name === 'phone')!.share],
      [
        'phone handle mean',
        (f) => f.channels.find((c) => c.name === 'phone')!.handleTime!.chosen.mean,
      ],
      [
        'email handle mean',
        (f) => f.channels.find((c) => c.name === 'email')!.handleTime!.chosen.mean,
      ],
      ['phone patience', (f) => f.channels.find((c) => c.name === 'phone')!.patience!.mean],
      ['phone escalation', (f) => f.channels.find((c) => c.name === 'phone')!.escalation!],
      ['reopen', (f) => f.reopen!.probability],
      ['escalation handle mean', (f) => f.escalation!.handleTime!.chosen.mean],
    ];
    for (const [name, pick] of pairs) expect(agree(pick(first), pick(second)), name).toBe(true);
    expect(second.channels.find((c) => c.name === 'phone')!.handleTime!.chosen.family).toBe(
      'lognormal',
    );
  });

  it('writes the arrivals as a table when asked, and that validates too', () => {
    const table = writeFittedScenario(first, { arrivals: 'table', tableFile: 'rt.arrivals.csv' });
    expect(table.yaml).toMatch(/table: rt\.arrivals\.csv/);
    expect(table.table!.split('\n')[0]).toBe('interval_start,channel,volume');
    const result = validateScenarioText(table.yaml, undefined, { readFile: () => table.table! });
    if (!result.ok) throw new Error(result.error.format());
    // The table's week adds up to the weekly volume.
    const week = result.scenario.arrivalRates.reduce(
      (s, rates) =>
        s +
        rates
          .slice(result.scenario.warmupIntervals, result.scenario.warmupIntervals + 672)
          .reduce((a, b) => a + b, 0),
      0,
    );
    expect(week).toBeCloseTo(first.arrivals.weeklyVolume.value, -1);
  });
});

describe('histories with less, or more, in them', () => {
  it('fits a history of only created and channel, every other part a stated default, and the YAML validates', () => {
    const csv = historyFrom(scenarioFrom(RECOVERY_YAML), { seed: 2, agents: RECOVERY_AGENTS });
    const bare = `${csv
      .trimEnd()
      .split('\n')
      .map((l) => l.split(',').slice(0, 2).join(','))
      .join('\n')}\n`;
    const fit = fitHistoryText(bare);
    expect(fit.defaults.join('\n')).toMatch(/handle time: no handle_time/);
    expect(fit.defaults.join('\n')).toMatch(/staffing: no timed agent work/);
    const { yaml } = writeFittedScenario(fit);
    expect(yaml).toMatch(/# default: handle time not in the history/);
    expect(yaml).toMatch(/default: sized for the offered load/);
    expect(validateScenarioText(yaml).ok).toBe(true);
  });

  it('fits a bot in front of chat: share, containment, bot handle time and hand-off multiplier', () => {
    const withBot = scenarioFrom(`
version: 1
name: bot
horizon: 2w
arrivals: { weeklyVolume: 5000, timeOfDay: extended }
channels:
  chat:
    kind: chat
    handleTime: { dist: lognormal, mean: 6m, cv: 0.7 }
    patience: { dist: exponential, mean: 3m }
    bot: { share: 0.6, handleTime: { dist: exponential, mean: 90s }, containment: 0.4 }
groups:
  L1: { channels: [chat], staffing: { constant: 6 } }
`);
    const fit = fitHistoryText(historyFrom(withBot, { seed: 4, agents: { chat: 4 } }));
    const bot = fit.channels[0].bot!;
    // One seed: within 3.3 standard errors (a 0.1% test); coverage rates are recovery.test.ts's job.
    const near = (e: Estimate, truth: number) => Math.abs(e.value - truth) <= 3.3 * se(e);
    expect(near(bot.share, 0.6)).toBe(true);
    expect(near(bot.containment!, 0.4)).toBe(true);
    expect(near(bot.handleTime!.chosen.mean, 90)).toBe(true);
    // The multiplier is 1 in the scenario: handle times after a hand-off are the same.
    expect(near(bot.handoffMultiplier!, 1)).toBe(true);
    // Patience counts from the hand-off (queued), not from creation.
    expect(near(fit.channels[0].patience!.mean, 180)).toBe(true);
    const { yaml } = writeFittedScenario(fit);
    expect(yaml).toMatch(
      /bot: \{ share: 0\.\d+, handleTime: .*, containment: 0\.\d+, handoffHandleTimeMultiplier: [\d.]+ \}/,
    );
    expect(validateScenarioText(yaml).ok).toBe(true);
  });
});
