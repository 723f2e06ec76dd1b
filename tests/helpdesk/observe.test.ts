/**
 * observe against the real Request Tracker: tickets this test works through
 * the adapter are read back and their times rebuilt from RT's own history.
 */
import { describe, expect, it } from 'vitest';
import { observeRun } from '../../scenarios/helpdesks/observe.js';
import { scenario } from '../model/builders.js';
import { helpdesk, L1_A, L2_A, newRunId, ticket } from './support.js';

describe('observe on Request Tracker', () => {
  it('rebuilds first response, escalation and resolution from the ticket histories', async () => {
    const rt = helpdesk();
    const runId = newRunId('observe');
    const startedAt = Date.now();
    const a = await rt.createTicket(ticket(runId, { subject: '[T0000001] answered and solved' }));
    const b = await rt.createTicket(
      ticket(runId, { subject: '[T0000002] escalated', priority: 'P1' }),
    );
    const _c = await rt.createTicket(
      ticket(runId, { subject: '[T0000003] waiting', channel: 'email' }),
    );
    expect((await rt.take(a.id, L1_A)).ok).toBe(true);
    await rt.reply(a.id, L1_A, 'Fixed on our side, please retry.');
    await rt.resolve(a.id, L1_A);
    expect((await rt.take(b.id, L1_A)).ok).toBe(true);
    await rt.reply(b.id, L1_A, 'Passing this to our specialists.');
    await rt.escalate(b.id, 'L2', L1_A);
    expect((await rt.take(b.id, L2_A)).ok).toBe(true);
    await rt.reply(b.id, L2_A, 'Looking into the integration now.');
    const finishedAt = Date.now();

    const s = scenario({
      channels: [
        { name: 'chat', kind: 'chat', perHour: 1, ahtSeconds: 60 },
        { name: 'email', kind: 'deferred', perHour: 1, ahtSeconds: 60 },
      ],
      sla: [
        { name: 'fr', metric: 'firstResponse', within: 3600, attainment: 0.5, clock: 'calendar' },
      ],
    });
    const observed = await observeRun(rt, s, { runId, speedup: 1, startedAt, origin: 0 });
    await rt.deleteRun(runId);

    expect(observed.counts.tickets).toBe(3);
    const byTrace = new Map(observed.tickets.map((t) => [t.traceId, t]));
    const wall = (finishedAt - startedAt) / 1000 + 2; // RT stores whole seconds
    const first = byTrace.get('T0000001')!;
    expect(first.firstResponse).not.toBeNull();
    expect(first.firstResponse!).toBeGreaterThanOrEqual(0);
    expect(first.resolution!).toBeGreaterThanOrEqual(first.firstResponse!);
    expect(first.resolution!).toBeLessThanOrEqual(wall);
    const second = byTrace.get('T0000002')!;
    expect(second.escalated).toBe(true);
    expect(second.nextResponses).toHaveLength(1);
    expect(second.nextResponses[0]).not.toBeNull();
    expect(second.resolution).toBeNull();
    const third = byTrace.get('T0000003')!;
    expect(third.channel).toBe('email');
    expect(third.firstResponse).toBeNull();
    // Two of three got a first response within the hour; the third is still waiting.
    expect(observed.targets[0]).toMatchObject({ eligible: 3, hits: 2 });
    expect(observed.counts.open).toBe(2);
  });
});
