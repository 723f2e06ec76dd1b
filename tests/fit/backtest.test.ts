/**
 * Backtest: a history simulated from known parameters, fitted, and the
 * fitted scenario backtested on the same period. Predicted and actual agree
 * within the prediction bands (about 5% of days outside when the scenario is
 * right), and a holiday the scenario does not know about shows up both as an
 * outlier day in the fit and as a day outside the band in the backtest.
 */
import { describe, expect, it } from 'vitest';
import { type BacktestResult, backtestText } from '../../simulator/fit/backtest.js';
import { buildBacktestReport } from '../../simulator/fit/backtestReport.js';
import { fitHistoryText } from '../../simulator/fit/fitHistory.js';
import { buildFitReport } from '../../simulator/fit/fitReport.js';
import { writeFittedScenario } from '../../simulator/fit/scenarioWriter.js';
import { historyFrom, RECOVERY_AGENTS, RECOVERY_YAML, scenarioFrom } from './support.js';

process.env.TZ = 'UTC';
const csv = historyFrom(scenarioFrom(RECOVERY_YAML), { seed: 3, agents: RECOVERY_AGENTS });
// The same history with Wednesday 10 January 2024 closed (a holiday): its rows removed.
const lines = csv.trimEnd().split('\n');
const holiday = `${[lines[0], ...lines.slice(1).filter((l) => !l.startsWith('2024-01-10'))].join('\n')}\n`;

const share = (r: BacktestResult) => {
  const days = r.errors.reduce((s, e) => s + e.days, 0);
  return r.errors.reduce((s, e) => s + e.outside, 0) / days;
};

describe('backtest of a fitted scenario on its own history', async () => {
  const fit = fitHistoryText(csv);
  const { yaml } = writeFittedScenario(fit);
  const result = await backtestText(csv, yaml, { replications: 8, seed: 1 });

  it('covers the history’s 28 days, from its first Monday', () => {
    expect(result.period).toMatchObject({
      days: 28,
      offsetDays: 0,
      first: '2024-01-01 Mon',
      last: '2024-01-28 Sun',
    });
    expect(result.days).toHaveLength(28);
    expect(result.intervals).toHaveLength(28 * 96);
    expect(result.total.offered.actual).toBe(fit.history.used);
  });

  it('compares offered, abandonment, speed of answer and every SLA target', () => {
    expect(result.metrics.map((m) => m.key)).toEqual([
      'offered',
      'offered:phone',
      'offered:email',
      'abandonment',
      'asa',
      'target:0',
      'target:1',
      'target:2',
      'target:3',
    ]);
  });

  it('predicts the daily volume within a few percent and without bias', () => {
    const offered = result.errors.find((e) => e.metric === 'offered')!;
    expect(offered.relativeMae!).toBeLessThan(8);
    expect(Math.abs(offered.bias!)).toBeLessThan(offered.mae!);
  });

  it('keeps most days inside the 95% prediction band', () => {
    expect(share(result)).toBeLessThan(0.15);
  });

  it('renders its report with the charts inline', async () => {
    const html = await buildBacktestReport(result);
    expect(html).toMatch(/^<!doctype html>/);
    for (const chart of ['daily', 'intervals', 'scorecard'])
      expect(html).toContain(`data-chart="${chart}"`);
    expect(html).toContain('Error per metric');
  });
});

describe('a holiday the scenario does not know', async () => {
  const fit = fitHistoryText(holiday);

  it('is an outlier day in the fit, listed and kept out of the profile', () => {
    expect(fit.arrivals.outliers.map((o) => [o.total, o.direction])).toEqual([[0, 'low']]);
    expect(fit.arrivals.daySummaries.find((d) => d.outlier)?.label).toBe('2024-01-10 Wed');
    expect(writeFittedScenario(fit).yaml).toMatch(
      /# Outlier days kept out of the profile \(1\):\n {2}# {3}2024-01-10 Wed: 0 contacts, low/,
    );
  });

  it('is a day outside the band in the backtest', async () => {
    const result = await backtestText(holiday, writeFittedScenario(fit).yaml, {
      replications: 6,
      seed: 2,
    });
    const offered = result.errors.find((e) => e.metric === 'offered')!;
    expect(offered.outsideDays).toContain('2024-01-10 Wed');
  });

  it('appears in the fit report', async () => {
    const html = await buildFitReport(fit, writeFittedScenario(fit).yaml);
    expect(html).toContain('2024-01-10 Wed');
    for (const chart of ['profile', 'days', 'handle-time', 'patience', 'staffing'])
      expect(html).toContain(`data-chart="${chart}"`);
  });
});

describe('what the history cannot measure', () => {
  it('skips targets whose columns are missing, saying why', async () => {
    const bare = `${csv
      .trimEnd()
      .split('\n')
      .map((l) => l.split(',').slice(0, 2).join(','))
      .join('\n')}\n`;
    const result = await backtestText(bare, RECOVERY_YAML, { replications: 2 });
    expect(result.metrics.map((m) => m.key)).toEqual(['offered', 'offered:phone', 'offered:email']);
    expect(result.skipped.join('\n')).toMatch(/has no abandoned column/);
  });
});
