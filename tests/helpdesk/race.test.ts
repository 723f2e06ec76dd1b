/**
 * Two agents take the same unowned ticket at the same moment: RT locks the ticket row, so
 * exactly one wins and the other gets a clean { ok: false, reason: 'taken', by: winner }.
 */
import { describe, expect, it } from 'vitest';
import type { TakeResult } from '../../scenarios/helpdesks/adapter.js';
import { helpdesk, L1_A, L1_B, newRunId, ticket } from './support.js';

// Two adapters, as two agent processes would have (separate connection pools and caches).
const first = helpdesk();
const second = helpdesk();

describe('two agents taking one ticket concurrently', () => {
  it('lets exactly one win, and tells the other who took it', async () => {
    const runId = newRunId('race');
    const rounds = 6;
    const tickets = [];
    for (let i = 0; i < rounds; i++) tickets.push((await first.createTicket(ticket(runId))).id);

    for (const id of tickets) {
      const [a, b]: TakeResult[] = await Promise.all([first.take(id, L1_A), second.take(id, L1_B)]);
      const winners = [a, b].filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = a.ok ? L1_A : L1_B;
      const loser = a.ok ? b : a;
      expect(loser).toEqual({ ok: false, reason: 'taken', by: winner });
    }
    const owners = (await first.listRunTickets(runId)).map((t) => t.owner);
    expect(owners.every((o) => o === L1_A || o === L1_B)).toBe(true);
  });

  it('reports "taken" to a late agent after the ticket was taken', async () => {
    const { id } = await first.createTicket(ticket(newRunId('late')));
    expect(await first.take(id, L1_A)).toEqual({ ok: true });
    expect(await second.take(id, L1_B)).toEqual({ ok: false, reason: 'taken', by: L1_A });
  });
});
