/**
 * Credential and availability failures come back as typed errors, fast, with no retry
 * where a retry cannot help: an invalid token is exactly one request.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HelpdeskAuthError,
  type HelpdeskError,
  HelpdeskUnavailableError,
} from '../../scenarios/helpdesks/adapter.js';
import { RtClient } from '../../scenarios/helpdesks/rt/client.js';
import { countingFetch, credentials, helpdesk, L1_A, newRunId, ticket } from './support.js';

const BAD_TOKEN = '1-14-00000000000000000000000000000000';

describe('an invalid or expired token', () => {
  it('gives HelpdeskAuthError quickly, after exactly one request', async () => {
    const counter = countingFetch();
    const hd = helpdesk({
      credentials: { ...credentials(), adminToken: BAD_TOKEN },
      client: { fetch: counter.fetch, retries: 5 },
    });
    const started = performance.now();
    const error = await hd.listWaiting({ limit: 5 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(HelpdeskAuthError);
    expect((error as HelpdeskAuthError).status).toBe(401);
    expect((error as HelpdeskAuthError).operation).toBe('listWaiting');
    expect((error as Error).message).not.toContain(BAD_TOKEN);
    expect(counter.count()).toBe(1);
    expect(hd.client.stats).toEqual({ requests: 1, retries: 0 });
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives HelpdeskAuthError for an agent whose token was revoked, after one request', async () => {
    const good = helpdesk();
    const { id } = await good.createTicket(ticket(newRunId('auth')));
    const creds = credentials();
    const counter = countingFetch();
    const hd = helpdesk({
      credentials: { ...creds, agentTokens: new Map([[L1_A, BAD_TOKEN]]) },
      client: { fetch: counter.fetch },
    });
    await expect(hd.take(id, L1_A)).rejects.toBeInstanceOf(HelpdeskAuthError);
    expect(counter.count()).toBe(1);
  });
});

describe('an unreachable helpdesk', () => {
  it('gives HelpdeskUnavailableError on a refused connection, without retrying', async () => {
    const counter = countingFetch();
    // Port 9 (discard) is closed on this machine: the connection is refused at once.
    const client = new RtClient({ baseUrl: 'http://127.0.0.1:9', fetch: counter.fetch });
    const error = await client.request('probe', BAD_TOKEN, 'GET', '/rt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelpdeskUnavailableError);
    expect((error as HelpdeskError).operation).toBe('probe');
    expect(counter.count()).toBe(1);
  });

  describe('a server that resets every connection', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => socket.resetAndDestroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is retried a bounded number of times, then reported unavailable', async () => {
      const counter = countingFetch();
      const client = new RtClient({
        baseUrl: `http://127.0.0.1:${port}`,
        fetch: counter.fetch,
        retries: 2,
        retryDelayMs: 1,
      });
      const error = await client.request('probe', BAD_TOKEN, 'GET', '/rt').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HelpdeskUnavailableError);
      expect(counter.count()).toBe(3);
      expect(client.stats.retries).toBe(2);
    });
  });
});
