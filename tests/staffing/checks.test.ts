import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normaliseScenario } from '../../scenarios/schema/normalise.js';
import { buildChecks } from '../../simulator/staffing/checks.js';

const DEFAULT = new URL('../../scenarios/examples/default.yaml', import.meta.url);
const scenario = normaliseScenario(parse(readFileSync(DEFAULT, 'utf8')), { baseDir: '.' });
const { scenario: simulated, checks } = buildChecks(scenario);
const groupNames = (ids: number[]) => ids.map((g) => scenario.groups[g].name);
const check = (name: string) => {
  const c = checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check ${name}`);
  return c;
};

describe('the interval checks of the default scenario', () => {
  it('keep a channel’s target on that channel’s groups, with no window beyond the interval for 30 s', () => {
    const phone = check('phone answered 80% in 30s');
    expect(phone.parts).toHaveLength(1);
    expect(groupNames(phone.parts[0].groups)).toEqual(['L1-voice']);
    expect(phone.window).toBe(0);
    expect(phone.atMost).toBe(false);
    const abandon = check('phone abandonment at most 5%');
    expect(abandon).toMatchObject({ atMost: true, goal: 0.05, window: 0 });
  });

  it('measure a target over all channels per channel, so a miss lands on the groups that serve it', () => {
    const first = check('first response 95% in 2h');
    expect(first.window).toBe(8); // 2 h of 15-minute intervals
    expect(
      first.parts.map((p) => [scenario.channels[p.channel].name, groupNames(p.groups)]),
    ).toEqual([
      ['phone', ['L1-voice']],
      ['chat', ['L1-digital']],
      ['email', ['L1-voice', 'L1-digital']],
      ['messaging', ['L1-digital']],
    ]);
    for (const p of first.parts) {
      expect(simulated.sla[p.sla]).toMatchObject({
        metric: 'firstResponse',
        within: 7200,
        channel: scenario.channels[p.channel].name,
      });
    }
  });

  it('split a next-response target by trigger: hand-offs and reopens on the channel’s groups, escalations on L2', () => {
    const update = check('L2 progress update 90% in 2h');
    const parts = update.parts.map((p) => {
      const sla = simulated.sla[p.sla];
      return `${sla.channel}/${sla.trigger}: ${groupNames(p.groups).join('+')}`;
    });
    expect(parts).toEqual([
      'phone/escalation: L2',
      'phone/reopen: L1-voice',
      'chat/handoff: L1-digital',
      'chat/escalation: L2',
      'chat/reopen: L1-digital',
      'email/escalation: L2',
      'email/reopen: L1-voice+L1-digital',
      'messaging/handoff: L1-digital',
      'messaging/escalation: L2',
      'messaging/reopen: L1-digital',
    ]);
  });

  it('leave the scenario’s own targets first and untouched in the simulated scenario', () => {
    expect(simulated.sla.slice(0, scenario.sla.length)).toEqual(scenario.sla);
    expect(checks.map((c) => c.target)).toEqual(scenario.sla.map((_, i) => i));
  });
});
