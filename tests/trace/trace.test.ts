import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { encodeTrace, parseTrace, TraceError } from '../../scenarios/trace/format.js';
import { generateTrace, traceContacts } from '../../scenarios/trace/generate.js';
import { simulateScenario } from '../../simulator/model/simulate.js';

const path = 'scenarios/examples/default.yaml';
function defaultScenario() {
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

describe('the synthetic ticket trace', () => {
  const scenario = defaultScenario();

  it('is the same for the same seed, texts included, and differs for another seed', () => {
    const window = { from: 2 * 86_400 + 9 * 3600, to: 2 * 86_400 + 11 * 3600 };
    const encode = (seed: number) => {
      const { header, tickets } = generateTrace(scenario, { seed, ...window });
      return encodeTrace(header, tickets);
    };
    const a = encode(4);
    const b = encode(4);
    const c = encode(5);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('keeps only tickets scheduled inside the window, in time order, with example.com addresses', () => {
    const { header, tickets } = generateTrace(scenario, {
      seed: 1,
      from: 9 * 3600,
      to: 12 * 3600,
      locale: 'zh_CN',
    });
    expect(tickets.length).toBeGreaterThan(100);
    expect(header.tickets).toBe(tickets.length);
    for (let i = 0; i < tickets.length; i++) {
      expect(tickets[i].time).toBeGreaterThanOrEqual(9 * 3600);
      expect(tickets[i].time).toBeLessThan(12 * 3600);
      if (i > 0) expect(tickets[i].time).toBeGreaterThanOrEqual(tickets[i - 1].time);
      expect(tickets[i].customer.email).toMatch(/@example\.com$/);
    }
    expect(tickets[0].subject).toMatch(/[\u4e00-\u9fff]/); // zh_CN text
  });

  it('round-trips through NDJSON exactly', () => {
    const { header, tickets } = generateTrace(scenario, { seed: 2, from: 0, to: 6 * 3600 });
    const parsed = parseTrace(encodeTrace(header, tickets));
    expect(parsed.header).toEqual(header);
    expect(parsed.tickets).toEqual(tickets);
  });

  it('names the line and the field of a malformed ticket', () => {
    const { header, tickets } = generateTrace(scenario, { seed: 2, from: 0, to: 3600 });
    const lines = encodeTrace(header, tickets).split('\n');
    const broken = (edit: (t: Record<string, unknown>) => void) => {
      const copy = [...lines];
      const t = JSON.parse(copy[3]);
      edit(t);
      copy[3] = JSON.stringify(t);
      return copy.join('\n');
    };
    expect(() => parseTrace(broken((t) => (t.handleTime = 'long')))).toThrow(
      /line 4, handleTime: must be a finite number/,
    );
    expect(() => parseTrace(broken((t) => delete t.priority))).toThrow(
      /line 4, priority: must be one of P1/,
    );
    expect(() => parseTrace(broken((t) => (t.channel = 'fax')))).toThrow(
      /line 4, channel: must be one of the header's channels/,
    );
    expect(() => parseTrace(broken((t) => (t.time = -1e9)))).toThrow(
      /line 4, time: tickets must be in time order/,
    );
    const notJson = [...lines];
    notJson[2] = '{"id": ';
    expect(() => parseTrace(notJson.join('\n'))).toThrow(TraceError);
    expect(() => parseTrace(notJson.join('\n'))).toThrow(/line 3: not a JSON object/);
    expect(() => parseTrace('{"format":"other"}')).toThrow(/line 1, format/);
  });

  it('simulates to exactly the results of the scenario itself on the same seed', async () => {
    const { header, tickets } = generateTrace(scenario, { seed: 9 });
    const trace = traceContacts(scenario, parseTrace(encodeTrace(header, tickets)).tickets);
    const direct = await simulateScenario(scenario, {
      replications: 1,
      seed: 9,
      version: 't',
      detail: 'day',
    });
    const replayed = await simulateScenario(scenario, {
      replications: 1,
      seed: 9,
      version: 't',
      detail: 'day',
      trace,
    });
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(direct));
  });
});
