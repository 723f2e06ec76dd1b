/**
 * RT REST 2 as the replay script speaks it (scenarios/k6/lib/rt.ts): the
 * request bodies match the Node adapter's, and RT's 200-with-a-message
 * answers (rt5.md §6, rt5-errata.md §6) are read right.
 */
import { describe, expect, it } from 'vitest';
import { formatAddress as adapterAddress } from '../../scenarios/helpdesks/rt/adapter.js';
import { rtEnvKey } from '../../scenarios/helpdesks/rt/credentials.js';
import {
  agentTokenVar,
  botQuery,
  createTicketBody,
  encodeQuery,
  formatAddress,
  messageBody,
  messagesOf,
  refId,
  retryable,
  rtDate,
  runCountQuery,
  sqlLiteral,
  takeOutcome,
  ticketSubject,
  traceIdOf,
  updateFailures,
  waitingQuery,
} from '../../scenarios/k6/lib/rt.js';

describe('RT REST 2 for the replay script', () => {
  it('formats requesters exactly as the Node adapter does', () => {
    for (const [name, email] of [
      ['Jane Doe', 'jane@x.example'],
      ['Doe, Jane', 'jane@x.example'],
      ['"Q" Smith', 'q@x.example'],
      ['', 'anon@x.example'],
      ['张伟', 'zw@x.example'],
    ]) {
      expect(formatAddress(name!, email!)).toBe(adapterAddress(name!, email!));
    }
  });

  it('opens a ticket tagged with channel and run, with the trace id in the subject, routed to the bot on request', () => {
    const t = {
      id: 'T0000042',
      channel: 'chat',
      priority: 'P2',
      customer: { name: 'Jane Doe', email: 'jane@x.example' },
      subject: 'Cannot log in',
      body: 'Hello',
    };
    expect(createTicketBody(t, { queue: 'chat', runId: 'r1', priority: 75 })).toEqual({
      Queue: 'chat',
      Subject: '[T0000042] Cannot log in',
      Requestor: 'Jane Doe <jane@x.example>',
      Content: 'Hello',
      ContentType: 'text/plain',
      Priority: 75,
      CustomFields: { Channel: 'chat', SlalabRun: 'r1' },
    });
    expect(
      createTicketBody(t, { queue: 'chat', runId: 'r1', priority: 75, owner: 'bot' }).Owner,
    ).toBe('bot');
    expect(traceIdOf(ticketSubject('T0000042', 'x'))).toBe('T0000042');
    expect(traceIdOf('Re: [T0000042] x')).toBeNull();
    expect(traceIdOf(undefined)).toBeNull();
    expect(messageBody('hi', 'resolved')).toEqual({
      Content: 'hi',
      ContentType: 'text/plain',
      Status: 'resolved',
    });
  });

  it('reads take answers: won, a sibling with the same login first, another login first, failed', () => {
    expect(takeOutcome(['Owner changed from Nobody to agent-l1-01'], 'agent-l1-01')).toBe('won');
    expect(takeOutcome(['That user already owns that ticket'], 'agent-l1-01')).toBe('sibling');
    expect(takeOutcome(['You can only take tickets that are unowned'], 'agent-l1-01')).toBe(
      'taken',
    );
    expect(takeOutcome(['Owner changed from Nobody to agent-l1-02'], 'agent-l1-01')).toBe('taken');
    expect(takeOutcome(['Permission Denied'], 'agent-l1-01')).toBe('failed');
    expect(takeOutcome({ message: 'Permission Denied' }, 'agent-l1-01')).toBe('failed');
  });

  it('tells failures hidden in 200 answers from success messages', () => {
    expect(updateFailures(['Ticket 41: Owner changed from bot to Nobody'])).toEqual([]);
    expect(
      updateFailures(['Correspondence added', "Status changed from 'open' to 'resolved'"]),
    ).toEqual([]);
    expect(updateFailures(['Ticket 41: Permission Denied'])).toEqual(['Permission Denied']);
    expect(updateFailures([])).toEqual([]);
    expect(messagesOf('  ')).toEqual([]);
  });

  it('builds TicketSQL for the run and refuses values that could break out of a literal', () => {
    const q = decodeURIComponent(waitingQuery('run-1', ['phone', 'email'], 500));
    expect(q).toContain(
      "query='CF.{SlalabRun}' = 'run-1' AND Owner = 'Nobody' AND Status = '__Active__' AND (Queue = 'phone' OR Queue = 'email')",
    );
    expect(q).toContain('per_page=100');
    expect(decodeURIComponent(botQuery('run-1', 'bot', 10))).toContain(
      "Owner = 'bot' AND Status = 'new'",
    );
    expect(decodeURIComponent(runCountQuery('run-1', 'active'))).toContain("Status = '__Active__'");
    expect(() => sqlLiteral("x' OR '1'='1")).toThrow(RangeError);
    expect(() => sqlLiteral('a\nb')).toThrow(RangeError);
    expect(encodeQuery([['a b', 'c&d']])).toBe('a%20b=c%26d');
  });

  it('reads dates, references, token variables and what to retry', () => {
    expect(rtDate('1970-01-01T00:00:00Z')).toBeNull();
    expect(rtDate('2026-11-24T06:33:05Z')).toBe(Date.parse('2026-11-24T06:33:05Z'));
    expect(rtDate(undefined)).toBeNull();
    expect(refId({ id: 'Nobody', type: 'user' })).toBe('Nobody');
    expect(refId(43)).toBe('43');
    expect(agentTokenVar('agent-l1-01')).toBe(`SLALAB_RT_AGENT_TOKEN_${rtEnvKey('agent-l1-01')}`);
    expect([0, 500, 503, 400, 409, 200].map(retryable)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
