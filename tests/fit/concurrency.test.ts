/**
 * Chat concurrency from a history (simulator/fit/sessionOverlap.ts): the
 * counting on hand-made sessions, and recovery of a known concurrency from a
 * history slalab generated (agents with one slot per session they may hold).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { fitHistoryText } from '../../simulator/fit/fitHistory.js';
import { buildFitReport } from '../../simulator/fit/fitReport.js';
import { writeFittedScenario } from '../../simulator/fit/scenarioWriter.js';
import { SessionOverlap } from '../../simulator/fit/sessionOverlap.js';
import { historyFrom, scenarioFrom } from './support.js';

describe('sessions an agent holds at once', () => {
  it('counts the sessions open at each start, the starting one included', () => {
    // At 11, [5, 14] is still open and [0, 10] is over.
    const s = new SessionOverlap();
    for (const [start, end] of [
      [0, 10],
      [2, 8],
      [5, 14],
      [11, 20],
    ])
      s.add('a', start, end);
    s.add('b', 0, 30); // another agent's session overlaps none of a's
    for (let i = 0; i < 30; i++) s.add('c', 1000 + 10 * i, 1005 + 10 * i);
    expect(s.estimate()!.histogram).toEqual([32, 2, 1]);
  });

  it('does not read back-to-back sessions, to the second, as an overlap', () => {
    const s = new SessionOverlap();
    for (let i = 0; i < 40; i++) s.add('a', 60 * i, 60 * (i + 1) + 0.9);
    expect(s.estimate()!.value).toBe(1);
  });

  it('reads a session listed after a later one against what was open at its own start', () => {
    const s = new SessionOverlap();
    s.add('a', 100, 200);
    s.add('a', 50, 60); // starts before the first: nothing was open then
    s.add('a', 150, 160); // inside the first
    for (let i = 0; i < 30; i++) s.add('z', 10 * i, 10 * i + 5);
    expect(s.estimate()!.histogram).toEqual([32, 1]);
  });

  it('takes the highest level reached often enough, not a stray overlap', () => {
    const s = new SessionOverlap();
    // Three sessions side by side, over and over; then one record overlapping four others.
    for (let i = 0; i < 400; i++) for (let k = 0; k < 3; k++) s.add('a', 100 * i + k, 100 * i + 50);
    for (let k = 0; k < 5; k++) s.add('b', k, 60);
    const fit = s.estimate()!;
    expect(fit.value).toBe(3);
    expect(fit.basis).toMatch(/2 start\(s\) above it/);
    expect(s.estimate(0.0005)!.value).toBe(3); // five sessions at level 4 and 5 is under 2 each
  });

  it('says nothing from fewer than 30 sessions', () => {
    const s = new SessionOverlap();
    for (let i = 0; i < 29; i++) s.add('a', i, i + 0.5);
    expect(s.estimate()).toBeUndefined();
  });
});

const chatScenario = (concurrency: number) => `
version: 1
name: chat recovery
timezone: UTC
horizon: 2w
interval: 15m
warmup: 1d
arrivals:
  weeklyVolume: 3000
  dayOfWeek: [1.2, 1.1, 1.1, 1.0, 1.0, 0.4, 0.3]
  timeOfDay: business
channels:
  chat:
    kind: chat
    share: 1
    concurrency: ${concurrency}
    handleTime: { dist: lognormal, mean: 10m, cv: 0.8 }
    patience: { dist: exponential, mean: 5m }
groups:
  L1:
    channels: [chat]
    staffing: { constant: 4 }
sla:
  - { metric: firstResponse, channel: chat, within: 60s, attainment: 0.8 }
`;

describe('chat concurrency recovered from a generated history', () => {
  it.each([3, 1])(
    'finds concurrency %i, writes it into the fitted scenario and the report',
    async (k) => {
      const csv = historyFrom(scenarioFrom(chatScenario(k)), { seed: 3, agents: { chat: 4 } });
      const fit = fitHistoryText(csv);
      const chat = fit.channels.find((c) => c.name === 'chat')!;
      expect(chat.kind).toBe('chat');
      expect(chat.concurrency!.value).toBe(k);
      expect(chat.concurrency!.agents).toBe(4);
      const { yaml } = writeFittedScenario(fit, { name: 'fitted' });
      const result = validateScenarioText(yaml, 'fitted.yaml');
      if (!result.ok) throw new Error(result.error.format());
      expect(result.scenario.channels[0].concurrency).toBe(k);
      expect(parse(yaml).channels.chat.concurrency).toBe(k === 1 ? undefined : k);
      const html = await buildFitReport(fit, yaml);
      expect(html).toMatch(new RegExp(`chat: sessions an agent holds at once</td><td>${k}</td>`));
    },
  );
});
