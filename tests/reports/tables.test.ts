/**
 * The tables behind the charts agree with the results they come from: the
 * flow partitions each channel's arrivals, the heatmap pools exactly the
 * target's eligible contacts, and the inputs name what reproduces the run.
 */
import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatSpan } from '../../reports/format.js';
import {
  agentRows,
  arrivalRows,
  backlogRows,
  dayLabel,
  flowRows,
  heatmapRows,
  heatmapTarget,
  inputRows,
  scorecardRows,
} from '../../reports/tables.js';
import { fixtureResults } from './fixture.js';
import { seriesSets } from './support.js';

const results = await fixtureResults();
const sets = seriesSets(results);

describe('where contacts go', () => {
  const rows = flowRows(sets);

  it('partitions every channel’s arrivals: the outcome shares add up to 1', () => {
    const channels = new Set(rows.map((r) => r.channel));
    expect(channels).toEqual(new Set(['phone', 'chat', 'email', 'all']));
    for (const channel of channels) {
      const shares = rows.filter((r) => r.channel === channel && r.stage === 'outcome');
      expect(shares.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 9);
      expect(shares.every((r) => r.share >= 0)).toBe(true);
    }
  });

  it('takes the counts from the horizon cells: bot-contained chats, escalated email', () => {
    const chat = results.horizon.cells.find((c) => c.channel === 'chat' && c.priority === 'all')!;
    const row = (channel: string, outcome: string) =>
      rows.find((r) => r.channel === channel && r.outcome === outcome)!;
    expect(row('chat', 'bot-contained').count).toBe(chat.botContained.mean);
    expect(row('chat', 'escalated to L2').count).toBe(chat.escalated.mean);
    expect(row('chat', 'resolved by L1').count).toBeCloseTo(
      chat.handled.mean! - chat.escalated.mean!,
      9,
    );
    expect(row('phone', 'bot-contained').count).toBe(0);
    expect(row('email', 'escalated to L2').share).toBeGreaterThan(0.1);
  });

  it('shows reopened contacts apart, on top of the partition', () => {
    const reopened = rows.filter((r) => r.outcome === 'reopened');
    expect(reopened.every((r) => r.stage === 'afterwards' && r.count > 0)).toBe(true);
  });
});

describe('the heatmap table', () => {
  it('picks the first first-response or service-level target by default', () => {
    expect(heatmapTarget(results)?.name).toBe('phone answered in 60s');
    expect(heatmapTarget(results, 'chat first response 60s')?.metric).toBe('firstResponse');
  });

  it('refuses a target it cannot map, naming the choices', () => {
    expect(() => heatmapTarget(results, 'nope')).toThrow(
      /no SLA target named "nope".*"phone abandonment"/,
    );
    expect(() => heatmapTarget(results, 'phone abandonment')).toThrow(/measures abandonment/);
  });

  it('pools exactly the target’s eligible contacts: the cells sum to the horizon figure', () => {
    const rows = heatmapRows(sets, 'phone answered in 60s');
    expect(rows).toHaveLength(7 * 24);
    const eligible = rows.reduce((a, r) => a + r.eligible, 0);
    const hits = rows.reduce((a, r) => a + r.hits, 0);
    const horizon = results.horizon.targets.find((t) => t.target === 'phone answered in 60s')!;
    expect(eligible).toBeCloseTo(horizon.eligible.mean!, 6);
    expect(hits).toBeCloseTo(horizon.hits.mean!, 6);
  });

  it('pools into the slot asked for: 15-minute slots keep every interval', () => {
    const rows = heatmapRows(sets, 'phone answered in 60s', 900);
    expect(rows).toHaveLength(results.intervals.length);
    expect(rows[1]).toMatchObject({ day: 0, dayLabel: 'Mon', slot: 900, slotLabel: '00:15' });
  });

  it('labels days past the first week with the week', () => {
    expect(dayLabel(0)).toBe('Mon');
    expect(dayLabel(6)).toBe('Sun');
    expect(dayLabel(8)).toBe('w2 Tue');
  });
});

describe('the interval tables', () => {
  it('have one row per interval (and group, and queue), hours from the horizon start', () => {
    const H = results.scenario.horizonIntervals;
    expect(arrivalRows(sets)).toHaveLength(H);
    expect(agentRows(sets)).toHaveLength(H * results.scenario.groups.length);
    expect(backlogRows(sets)).toHaveLength(H * (results.scenario.channels.length + 1));
    expect(arrivalRows(sets)[4].hours).toBe(1);
  });

  it('are empty when the results hold no intervals, so the charts are left out', () => {
    const coarse = seriesSets({ ...results, intervals: [] });
    expect(arrivalRows(coarse)).toEqual([]);
    expect(heatmapRows(coarse, 'phone answered in 60s')).toEqual([]);
  });
});

describe('the scorecard table', () => {
  it('has a row per target with a verdict and probability, clamping intervals to 0–1', () => {
    const rows = scorecardRows(sets);
    expect(rows.map((r) => r.target)).toEqual(results.targets.map((t) => t.name));
    for (const r of rows) {
      expect(['met', 'at risk', 'missed']).toContain(r.verdict);
      expect(r.hi ?? 0).toBeLessThanOrEqual(1);
      expect(r.lo ?? 0).toBeGreaterThanOrEqual(0);
    }
    expect(rows.find((r) => r.metric === 'abandonment')?.lowerIsBetter).toBe(true);
  });
});

describe('the inputs table', () => {
  it('holds what reproduces the run: version, seed, replications, channels and groups', () => {
    const rows = inputRows(sets);
    const value = (key: string) => rows.find((r) => r.key === key)?.value;
    expect(value('seed')).toBe('1');
    expect(value('replications')).toBe('5');
    expect(value('slalab version')).toBe('test');
    expect(value('horizon')).toBe('7 days (672 intervals)');
    expect(value('chat')).toMatch(/^chat, concurrency 3, bot, [\d,]+ arrivals$/);
    expect(value('L2')).toMatch(/^tier 2, [\d.]+ agents on average$/);
  });
});

describe('number formats', () => {
  it('do not depend on the machine’s locale', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatDuration(60)).toBe('60 s');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(86_400)).toBe('24 h');
    expect(formatSpan(604_800)).toBe('7 days');
    expect(formatSpan(900)).toBe('15 minutes');
  });
});
