/**
 * deleteRun removes exactly one run's tickets: another run's tickets and a hand-made ticket
 * without a run id survive, whatever state they are in.
 */
import { describe, expect, it } from 'vitest';
import { credentials, helpdesk, L1_A, newRunId, ticket } from './support.js';

const hd = helpdesk();

describe('deleting a run', () => {
  it('deletes exactly the tickets tagged with that run and returns their count', async () => {
    const doomed = newRunId('doomed');
    const kept = newRunId('kept');
    const doomedIds = [];
    for (let i = 0; i < 4; i++) doomedIds.push((await hd.createTicket(ticket(doomed))).id);
    await hd.take(doomedIds[0], L1_A);
    await hd.reply(doomedIds[0], L1_A, 'working on it');
    await hd.resolve(doomedIds[1], L1_A);
    const keptIds = [];
    for (let i = 0; i < 2; i++) keptIds.push((await hd.createTicket(ticket(kept))).id);
    await hd.take(keptIds[1], L1_A);

    // A ticket made by hand, as a human would in the web UI: no run id at all.
    const creds = credentials();
    const manual = await hd.client.request<{ id: string }>(
      'test',
      creds.adminToken,
      'POST',
      '/ticket',
      {
        Queue: 'chat',
        Subject: 'made by hand',
        Requestor: 'walk-in@customers.example',
        Content: 'no run id',
        ContentType: 'text/plain',
      },
    );

    expect(await hd.deleteRun(doomed)).toBe(4);
    expect(await hd.listRunTickets(doomed)).toEqual([]);
    expect((await hd.listRunTickets(kept)).map((t) => t.id)).toEqual(keptIds);
    const survivor = await hd.client.request<{ Status: string; Subject: string }>(
      'test',
      creds.adminToken,
      'GET',
      `/ticket/${manual.body.id}`,
    );
    expect(survivor.body).toMatchObject({ Status: 'new', Subject: 'made by hand' });
    for (const id of doomedIds) {
      const gone = await hd.client.request<{ Status: string }>(
        'test',
        creds.adminToken,
        'GET',
        `/ticket/${id}`,
      );
      expect(gone.body.Status).toBe('deleted');
    }
    expect(await hd.deleteRun(doomed)).toBe(0);
    expect(await hd.deleteRun(kept)).toBe(2);
  });
});
