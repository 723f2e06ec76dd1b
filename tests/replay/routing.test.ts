/**
 * Which ticket a virtual agent takes (scenarios/k6/lib/routing.ts): the
 * simulator's work types, capacity rules and priority-FIFO order with
 * deferred work after live work.
 */
import { describe, expect, it } from 'vitest';
import {
  canTake,
  classify,
  priorityIndex,
  routingOrder,
  rtPriority,
  serves,
  share,
  type WaitingItem,
  workKey,
} from '../../scenarios/k6/lib/routing.js';

const channels = [
  { name: 'phone', concurrency: 1, deferred: false },
  { name: 'chat', concurrency: 3, deferred: false },
  { name: 'email', concurrency: 1, deferred: true },
];
const voice = { channels: ['phone', 'email'], takesEscalations: false };
const digital = { channels: ['chat', 'email'], takesEscalations: false };
const l2 = { channels: [], takesEscalations: true };
const free = { load: 0, kind: null };

const item = (
  id: string,
  channel: string,
  priority: number,
  enqueuedAt: number,
  kind: 'first' | 'reopen' | 'escalation' = 'first',
): WaitingItem => ({
  id,
  work: { kind, channel },
  priority,
  enqueuedAt,
});

describe('routing a virtual agent', () => {
  it('classifies by queue and history: escalation queue first, then reopened, then first contact', () => {
    expect(classify({ queue: 'L2', resolvedBefore: false }, 'chat', 'L2')).toEqual({
      kind: 'escalation',
      channel: 'chat',
    });
    expect(classify({ queue: 'L2', resolvedBefore: true }, 'chat', 'L2').kind).toBe('escalation');
    expect(classify({ queue: 'chat', resolvedBefore: true }, 'chat', 'L2')).toEqual({
      kind: 'reopen',
      channel: 'chat',
    });
    expect(classify({ queue: 'chat', resolvedBefore: false }, 'chat', null)).toEqual({
      kind: 'first',
      channel: 'chat',
    });
  });

  it('sizes work as the simulator: a chat is 1/concurrency, reopens and escalations a whole agent', () => {
    expect(share({ kind: 'first', channel: 'chat' }, channels)).toBeCloseTo(1 / 3, 12);
    expect(share({ kind: 'first', channel: 'phone' }, channels)).toBe(1);
    expect(share({ kind: 'reopen', channel: 'chat' }, channels)).toBe(1);
    expect(share({ kind: 'escalation', channel: 'chat' }, channels)).toBe(1);
    expect(workKey({ kind: 'reopen', channel: 'chat' })).toBe('reopen:chat');
  });

  it('lets an agent hold several sessions only of one work type, up to its capacity', () => {
    const chat = { kind: 'first' as const, channel: 'chat' };
    expect(canTake(free, chat, channels)).toBe(true);
    expect(canTake({ load: 2 / 3, kind: 'first:chat' }, chat, channels)).toBe(true);
    expect(canTake({ load: 1, kind: 'first:chat' }, chat, channels)).toBe(false);
    expect(
      canTake({ load: 1 / 3, kind: 'first:chat' }, { kind: 'first', channel: 'email' }, channels),
    ).toBe(false);
    expect(
      canTake({ load: 1 / 3, kind: 'first:chat' }, { kind: 'reopen', channel: 'chat' }, channels),
    ).toBe(false);
  });

  it('serves a group’s channels, and escalations only when it takes them', () => {
    expect(serves(voice, { kind: 'first', channel: 'email' })).toBe(true);
    expect(serves(voice, { kind: 'reopen', channel: 'phone' })).toBe(true);
    expect(serves(voice, { kind: 'first', channel: 'chat' })).toBe(false);
    expect(serves(l2, { kind: 'escalation', channel: 'chat' })).toBe(true);
    expect(serves(voice, { kind: 'escalation', channel: 'phone' })).toBe(false);
  });

  it('orders live work before deferred, then priority, then first in first out, ties by id', () => {
    const items = [
      item('10', 'email', 0, 1000),
      item('11', 'phone', 2, 3000),
      item('12', 'phone', 1, 5000),
      item('13', 'phone', 2, 2000),
      item('14', 'phone', 2, 2000),
      item('15', 'chat', 0, 0),
    ];
    expect(routingOrder(items, voice, free, channels, true).map((i) => i.id)).toEqual([
      '12',
      '13',
      '14',
      '11',
      '10',
    ]);
    // Without deferredWhenIdle the P1 e-mail comes first.
    expect(routingOrder(items, voice, free, channels, false).map((i) => i.id)).toEqual([
      '10',
      '12',
      '13',
      '14',
      '11',
    ]);
    // A digital agent holding a chat sees only chats.
    expect(
      routingOrder(items, digital, { load: 1 / 3, kind: 'first:chat' }, channels, true).map(
        (i) => i.id,
      ),
    ).toEqual(['15']);
  });

  it('maps priority classes to RT’s numbers and back', () => {
    for (const [p, i] of [
      ['P1', 0],
      ['P2', 1],
      ['P3', 2],
      ['P4', 3],
    ] as const) {
      expect(priorityIndex(rtPriority(p))).toBe(i);
      expect(priorityIndex(String(rtPriority(p)))).toBe(i);
    }
    expect(priorityIndex('nonsense')).toBe(2);
  });
});
