/**
 * Each Helpdesk call, one by one, against the real Request Tracker started by setup.ts.
 * Every test works inside its own run id, so the files may run in parallel on one server.
 */
import { describe, expect, it } from 'vitest';
import { HelpdeskError, type TicketEvent } from '../../scenarios/helpdesks/adapter.js';
import { BOT, helpdesk, L1_A, L2_A, newRunId, ticket } from './support.js';

const hd = helpdesk();

describe('the Request Tracker adapter, call by call', () => {
  it('creates a ticket tagged with its run, channel, priority and requester', async () => {
    const runId = newRunId('create');
    const { id } = await hd.createTicket(
      ticket(runId, {
        channel: 'email',
        priority: 'P2',
        requester: { name: 'Doe, Jane "JD"', email: 'jd@customers.example', company: 'Acme' },
        subject: 'Invoice is wrong',
      }),
    );
    expect(id).toMatch(/^\d+$/);
    const [t] = await hd.listRunTickets(runId);
    expect(t).toMatchObject({
      id,
      queue: 'email',
      channel: 'email',
      priority: 'P2',
      status: 'new',
      subject: 'Invoice is wrong',
      runId,
      owner: undefined,
    });
    expect(Number.isNaN(Date.parse(t.createdAt))).toBe(false);
  });

  it('refuses an unknown channel and an unsafe run id before calling the helpdesk', async () => {
    await expect(hd.createTicket(ticket(newRunId('x'), { channel: 'pigeon' }))).rejects.toThrow(
      /unknown channel "pigeon"/,
    );
    await expect(hd.createTicket(ticket("run' OR 1=1"))).rejects.toBeInstanceOf(HelpdeskError);
  });

  it('lists waiting tickets in routing order: priority first, then oldest first', async () => {
    const runId = newRunId('order');
    const p3 = await hd.createTicket(ticket(runId, { priority: 'P3', subject: 'p3' }));
    const p1a = await hd.createTicket(ticket(runId, { priority: 'P1', subject: 'p1 first' }));
    const p2 = await hd.createTicket(ticket(runId, { priority: 'P2', subject: 'p2' }));
    const p1b = await hd.createTicket(ticket(runId, { priority: 'P1', subject: 'p1 second' }));
    const p4 = await hd.createTicket(ticket(runId, { priority: 'P4', channel: 'phone' }));
    const waiting = await hd.listWaiting({ runId, limit: 10 });
    expect(waiting.map((t) => t.id)).toEqual([p1a.id, p1b.id, p2.id, p3.id, p4.id]);
    expect(waiting.map((t) => t.priority)).toEqual(['P1', 'P1', 'P2', 'P3', 'P4']);

    expect((await hd.listWaiting({ runId, limit: 2 })).map((t) => t.id)).toEqual([p1a.id, p1b.id]);
    const phone = await hd.listWaiting({ runId, queue: 'phone', limit: 10 });
    expect(phone.map((t) => t.id)).toEqual([p4.id]);
    const chatAsAgent = await hd.listWaiting({ runId, channel: 'chat', limit: 10, as: L1_A });
    expect(chatAsAgent.map((t) => t.id)).toEqual([p1a.id, p1b.id, p2.id, p3.id]);

    await hd.take(p1a.id, L1_A);
    const after = await hd.listWaiting({ runId, limit: 10 });
    expect(after.map((t) => t.id)).toEqual([p1b.id, p2.id, p3.id, p4.id]);
  });

  it('takes a ticket, and taking it again as the same agent is still ok', async () => {
    const runId = newRunId('take');
    const { id } = await hd.createTicket(ticket(runId));
    expect(await hd.take(id, L1_A)).toEqual({ ok: true });
    expect(await hd.take(id, L1_A)).toEqual({ ok: true });
    const [t] = await hd.listRunTickets(runId);
    expect(t.owner).toBe(L1_A);
  });

  it('replies, comments and resolves as an agent', async () => {
    const runId = newRunId('work');
    const { id } = await hd.createTicket(ticket(runId));
    await hd.take(id, L1_A);
    await hd.reply(id, L1_A, 'Hi Jane, let me check that for you.');
    await hd.comment(id, L1_A, 'internal: account locked by the fraud filter');
    expect((await hd.listRunTickets(runId))[0].status).toBe('open');
    await hd.resolve(id, L1_A);
    expect((await hd.listRunTickets(runId))[0].status).toBe('resolved');
    const types = (await hd.history(id)).map((e) => e.type);
    expect(types).toEqual(['create', 'owner', 'reply', 'status', 'comment', 'status']);
  });

  it('escalates to L2, where the ticket waits unowned for second-line agents', async () => {
    const runId = newRunId('escalate');
    const { id } = await hd.createTicket(ticket(runId, { channel: 'phone' }));
    await hd.take(id, L1_A);
    await hd.escalate(id, 'L2', L1_A);
    const [t] = await hd.listRunTickets(runId);
    expect(t).toMatchObject({ queue: 'L2', channel: 'phone', owner: undefined });
    const l2 = await hd.listWaiting({ queue: 'L2', runId, limit: 5, as: L2_A });
    expect(l2.map((w) => w.id)).toEqual([id]);
    expect(await hd.take(id, L2_A)).toEqual({ ok: true });
    await hd.reply(id, L2_A, 'Second line here: fixed.');
    await hd.resolve(id, L2_A);
    // The operator account can escalate without an agent too.
    const other = await hd.createTicket(ticket(runId));
    await hd.escalate(other.id, 'L2');
    expect((await hd.listRunTickets(runId)).find((x) => x.id === other.id)?.queue).toBe('L2');
  });

  it('reopens a resolved ticket by a requester follow-up, or by the operator', async () => {
    const runId = newRunId('reopen');
    const { id } = await hd.createTicket(ticket(runId));
    await hd.take(id, L1_A);
    await hd.reply(id, L1_A, 'Done.');
    await hd.resolve(id, L1_A);
    await hd.reopen(id, { name: 'Jane Doe', email: 'jane.doe@customers.example' }, 'Still broken');
    expect((await hd.listRunTickets(runId))[0].status).toBe('open');
    await hd.resolve(id, L1_A);
    await hd.reopen(id);
    expect((await hd.listRunTickets(runId))[0].status).toBe('open');
  });

  it('lets a bot reply and resolve (bot containment)', async () => {
    const runId = newRunId('bot');
    const { id } = await hd.createTicket(ticket(runId, { channel: 'messaging' }));
    await hd.reply(id, BOT, 'I am the bot: here is the reset link.');
    await hd.resolve(id, BOT);
    const events = await hd.history(id);
    const reply = events.find((e) => e.type === 'reply');
    expect(reply?.actor).toEqual({ kind: 'bot', name: BOT });
  });

  it('gives the history in order, with ISO timestamps and the right actor kinds', async () => {
    const runId = newRunId('history');
    const email = 'history.customer@customers.example';
    const { id } = await hd.createTicket(
      ticket(runId, { requester: { name: 'Hist Customer', email } }),
    );
    await hd.reply(id, BOT, 'Bot: here is an article');
    await hd.take(id, L1_A);
    await hd.reply(id, L1_A, 'First human response');
    await hd.comment(id, L1_A, 'note');
    await hd.resolve(id, L1_A);
    await hd.reopen(id, email, 'It is back');
    await hd.escalate(id, 'L2', L1_A);
    await hd.take(id, L2_A);
    await hd.resolve(id, L2_A);

    const events = await hd.history(id);
    const times = events.map((e) => Date.parse(e.at));
    for (const e of events) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    const ids = events.map((e) => Number(e.id));
    expect(ids.every((x, i) => i === 0 || x > ids[i - 1])).toBe(true);

    const summary = events.map((e: TicketEvent) => {
      const change =
        e.type === 'status' || e.type === 'queue' || e.type === 'owner'
          ? ` ${e.from ?? '-'}>${e.to ?? '-'}`
          : '';
      return `${e.type}${change} ${e.actor.kind}:${e.actor.name}${e.automatic ? ' auto' : ''}`;
    });
    expect(summary).toEqual([
      `create requester:${email}`,
      `reply bot:${BOT}`,
      `status new>open bot:${BOT} auto`,
      `owner ->${L1_A} agent:${L1_A}`,
      `reply agent:${L1_A}`,
      `comment agent:${L1_A}`,
      `status open>resolved agent:${L1_A}`,
      `reply requester:${email}`,
      `status resolved>open requester:${email} auto`,
      `owner ${L1_A}>- agent:${L1_A}`,
      `queue chat>L2 agent:${L1_A}`,
      `owner ->${L2_A} agent:${L2_A}`,
      `status open>resolved agent:${L2_A}`,
    ]);
  });

  it('lists exactly the tickets of a run', async () => {
    const runId = newRunId('list');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await hd.createTicket(ticket(runId))).id);
    await hd.createTicket(ticket(newRunId('list-other')));
    const listed = await hd.listRunTickets(runId);
    expect(listed.map((t) => t.id)).toEqual(ids);
    expect(listed.every((t) => t.runId === runId)).toBe(true);
  });

  it('names the unknown agent instead of sending a request', async () => {
    const runId = newRunId('noagent');
    const { id } = await hd.createTicket(ticket(runId));
    await expect(hd.take(id, 'nobody-like-this')).rejects.toThrow(/no token for agent/);
  });

  it('reports a ticket the agent may not see as a HelpdeskError with status and operation', async () => {
    const runId = newRunId('forbidden');
    const { id } = await hd.createTicket(ticket(runId));
    await hd.escalate(id, 'L2');
    // First-line agents have no rights in L2.
    const error = await hd.reply(id, L1_A, 'hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelpdeskError);
    expect((error as HelpdeskError).operation).toBe('reply');
    expect((error as HelpdeskError).status).toBeGreaterThanOrEqual(400);
  });
});
