/**
 * The customers' schedule (scenarios/k6/lib/schedule.ts): the trace as the
 * script reads it, how long a customer holds its VU, and the fewest VUs that
 * pick every ticket up by its due time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  autoGraceSeconds,
  customerHoldMs,
  customerVUs,
  parseTraceText,
  pickedUpOnTime,
  ticketWorkSeconds,
} from '../../scenarios/k6/lib/schedule.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import { encodeTrace } from '../../scenarios/trace/format.js';
import { generateTrace } from '../../scenarios/trace/generate.js';

function defaultScenario() {
  const path = 'scenarios/examples/default.yaml';
  const result = validateScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw result.error;
  return result.scenario;
}

const base = {
  patience: null,
  botRouted: false,
  botContained: false,
  botHandleTime: 0,
  reopens: false,
};

describe('the customers’ schedule', () => {
  it('reads a generated trace exactly as the trace codec wrote it', () => {
    const { header, tickets } = generateTrace(defaultScenario(), {
      seed: 3,
      from: 2 * 86_400 + 36_000,
      to: 2 * 86_400 + 37_800,
    });
    const parsed = parseTraceText(encodeTrace(header, tickets));
    expect(parsed.header.from).toBe(header.from);
    expect(parsed.tickets).toEqual(tickets);
  });

  it('names the line of a broken trace', () => {
    expect(() => parseTraceText('{"format":"slalab-trace"}\n{"id":"T1"}\n')).toThrow(/line 2/);
    expect(() => parseTraceText('{"format":"other"}\n')).toThrow(/not a slalab trace/);
    expect(() => parseTraceText('')).toThrow(/empty/);
  });

  it('holds a customer’s VU to send, then while its patience lasts (from the bot hand-off), or to the end for a reopen', () => {
    expect(customerHoldMs(base, 60, 2000, 99_000)).toBe(2000);
    expect(customerHoldMs({ ...base, patience: 120 }, 60, 2000, 99_000)).toBe(4000);
    expect(
      customerHoldMs(
        { ...base, patience: 120, botRouted: true, botHandleTime: 60 },
        60,
        2000,
        99_000,
      ),
    ).toBe(5000);
    expect(
      customerHoldMs(
        { ...base, patience: 120, botRouted: true, botContained: true, botHandleTime: 60 },
        60,
        2000,
        99_000,
      ),
    ).toBe(2000);
    expect(customerHoldMs({ ...base, reopens: true }, 60, 2000, 99_000)).toBe(99_000);
  });

  it('finds the fewest VUs that pick every ticket up on time (hand-computed)', () => {
    // Tickets due at 0, 100 and 200 ms, each holding its VU 250 ms: at 200 ms both of two
    // VUs are still busy (free at 250 and 350), so it takes three.
    const dues = [0, 100, 200];
    const holds = [250, 250, 250];
    expect(pickedUpOnTime(dues, holds, 2)).toBe(false);
    expect(pickedUpOnTime(dues, holds, 3)).toBe(true);
    // With holds of 150 ms the first VU is free again at 150 ≤ 200: two are enough.
    expect(pickedUpOnTime(dues, [150, 150, 150], 2)).toBe(true);
    expect(customerVUs(dues, [150, 150, 150], 1, 0)).toBe(2);
    expect(customerVUs(dues, holds, 1.25, 2)).toBe(3); // capped at the number of tickets
    expect(customerVUs([], [])).toBe(1);
  });

  it('sizes the default grace from the 90th percentile of the tickets’ work', () => {
    const t = (work: number) => ({
      botRouted: false,
      botContained: false,
      botHandleTime: 0,
      handleTime: work,
      afterContactWork: 0,
      firstContactResolution: true,
      escalationHandleTime: 0,
    });
    expect(
      ticketWorkSeconds(
        { ...t(600), firstContactResolution: false, escalationHandleTime: 1800 },
        true,
      ),
    ).toBe(2400);
    expect(
      ticketWorkSeconds(
        { ...t(600), firstContactResolution: false, escalationHandleTime: 1800 },
        false,
      ),
    ).toBe(600);
    const tickets = Array.from({ length: 10 }, (_, i) => t((i + 1) * 60)); // 60 … 600 s
    expect(autoGraceSeconds(tickets, 60)).toBe(Math.ceil((1.5 * 540) / 60 + 5)); // p90 = 540 s → 19 s
    expect(autoGraceSeconds(tickets, 1)).toBe(600);
    expect(autoGraceSeconds([], 60)).toBe(10);
  });
});
