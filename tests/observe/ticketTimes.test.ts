/**
 * Rebuilding SLA times from hand-written ticket histories with known
 * timestamps, replayed at a speed-up of 60 (one wall second = one scenario
 * minute).
 */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../scenarios/helpdesks/adapter.js';
import {
  type ObservedTicket,
  observedTargets,
  ticketTimes,
} from '../../scenarios/helpdesks/observe.js';
import { scenario } from '../model/builders.js';

const START = Date.parse('2026-11-24T10:00:00Z');
const at = (wallSeconds: number) => new Date(START + wallSeconds * 1000).toISOString();
let nextId = 1;
const ev = (
  wall: number,
  kind: 'requester' | 'agent' | 'bot',
  e: Record<string, unknown>,
): TicketEvent =>
  ({
    id: String(nextId++),
    at: at(wall),
    actor: { kind, name: kind === 'agent' ? 'agent-l1-01' : kind },
    automatic: false,
    ...e,
  }) as TicketEvent;

const options = { runId: 'r', speedup: 60, startedAt: START, origin: 3600 };
const ticket = {
  id: '7',
  subject: '[T0000042] Invoice fails to sync',
  channel: 'chat',
  priority: 'P2' as const,
};

describe('rebuilding a ticket’s SLA times from its history', () => {
  it('scales wall-clock times by the speed-up into scenario time', () => {
    const t = ticketTimes(
      ticket,
      [
        ev(10, 'requester', { type: 'create' }),
        ev(12, 'agent', { type: 'reply' }),
        ev(20, 'agent', { type: 'status', from: 'open', to: 'resolved' }),
      ],
      options,
    );
    expect(t.traceId).toBe('T0000042');
    expect(t.created).toBe(3600 + 600);
    expect(t.firstResponse).toBe(120);
    expect(t.firstResponder).toBe('agent');
    expect(t.resolution).toBe(600);
    expect(t.abandoned).toBe(false);
  });

  it('counts a bot reply as first response only where the scenario says so', () => {
    const history = [
      ev(0, 'requester', { type: 'create' }),
      ev(1, 'bot', { type: 'reply' }),
      ev(5, 'agent', { type: 'reply' }),
    ];
    expect(ticketTimes(ticket, history, options).firstResponse).toBe(300);
    const counted = ticketTimes(ticket, history, { ...options, botCounts: () => true });
    expect(counted.firstResponse).toBe(60);
    expect(counted.firstResponder).toBe('bot');
  });

  it('measures resolution to the final resolve after a reopen, and next responses after escalation and reopen', () => {
    const t = ticketTimes(
      ticket,
      [
        ev(0, 'requester', { type: 'create' }),
        ev(2, 'agent', { type: 'reply' }),
        ev(3, 'agent', { type: 'queue', from: 'chat', to: 'L2' }),
        ev(8, 'agent', { type: 'reply' }),
        ev(9, 'agent', { type: 'status', from: 'open', to: 'resolved' }),
        ev(30, 'requester', { type: 'status', from: 'resolved', to: 'open' }),
        ev(31, 'agent', { type: 'reply' }),
        ev(40, 'agent', { type: 'status', from: 'open', to: 'resolved' }),
      ],
      options,
    );
    expect(t.escalated).toBe(true);
    expect(t.reopened).toBe(true);
    expect(t.nextResponses).toEqual([300, 60]);
    expect(t.resolution).toBe(2400);
    expect(t.solvedSpell).toBe(21 * 60); // resolved at 9 s, reopened at 30 s (wall), × 60
  });

  it('calls a ticket the customer closed before any reply abandoned', () => {
    const t = ticketTimes(
      ticket,
      [
        ev(0, 'requester', { type: 'create' }),
        ev(2, 'requester', { type: 'status', from: 'new', to: 'resolved' }),
      ],
      options,
    );
    expect(t.abandoned).toBe(true);
    expect(t.resolution).toBeNull();
    expect(t.firstResponse).toBeNull();
  });

  it('ignores replies the helpdesk sends by itself', () => {
    const auto = { ...ev(1, 'agent', { type: 'reply' }), automatic: true } as TicketEvent;
    const t = ticketTimes(
      ticket,
      [ev(0, 'requester', { type: 'create' }), auto, ev(4, 'agent', { type: 'reply' })],
      options,
    );
    expect(t.firstResponse).toBe(240);
  });
});

describe('observed SLA aggregates', () => {
  const s = scenario({
    channels: [{ name: 'chat', kind: 'chat', perHour: 1, ahtSeconds: 60 }],
    sla: [
      { name: 'fr', metric: 'firstResponse', within: 120, attainment: 0.5, clock: 'calendar' },
      { name: 'ab', metric: 'abandonment', attainment: 0.2, clock: 'calendar' },
      { name: 'res', metric: 'resolution', within: 600, attainment: 0.9, clock: 'calendar' },
    ],
  });
  const k = (over: Partial<ObservedTicket>): ObservedTicket => ({
    ticketId: '1',
    traceId: null,
    channel: 'chat',
    priority: 'P3',
    created: 0,
    firstResponse: null,
    firstResponder: null,
    resolution: null,
    solvedSpell: 0,
    escalated: false,
    reopened: false,
    abandoned: false,
    nextResponses: [],
    ...over,
  });

  it('use the simulator’s definitions: abandoned excluded from first response, solving fulfils it', () => {
    const tickets = [
      k({ firstResponse: 60, resolution: 500 }),
      k({ firstResponse: 200, resolution: 700 }),
      k({ abandoned: true }),
      k({ resolution: 100 }), // solved without a counted reply: fulfils first response
    ];
    const [fr, ab, res] = observedTargets(s, tickets);
    expect([fr.eligible, fr.hits]).toEqual([3, 2]);
    expect([ab.eligible, ab.hits]).toEqual([4, 1]);
    expect(ab.met).toBe(false);
    expect([res.eligible, res.hits]).toEqual([3, 2]);
  });
});
