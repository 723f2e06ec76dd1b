/** Shared helpers for the helpdesk tests (the server itself comes from setup.ts). */
import { randomBytes } from 'node:crypto';
import type { NewTicket, PriorityClass } from '../../scenarios/helpdesks/adapter.js';
import { RtHelpdesk, type RtHelpdeskOptions } from '../../scenarios/helpdesks/rt/adapter.js';
import { loadRtCredentials } from '../../scenarios/helpdesks/rt/credentials.js';

export const RT_DIR = new URL('../../scenarios/helpdesks/rt/', import.meta.url).pathname;

/** A run id no other test (or earlier test run) uses. */
export function newRunId(label: string): string {
  return `test-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function helpdesk(opts: RtHelpdeskOptions = {}): RtHelpdesk {
  return new RtHelpdesk(opts);
}

export const credentials = () => loadRtCredentials();

export function ticket(runId: string, over: Partial<NewTicket> = {}): NewTicket {
  return {
    channel: 'chat',
    priority: 'P3' as PriorityClass,
    requester: { name: 'Jane Doe', email: 'jane.doe@customers.example' },
    subject: 'Cannot log in',
    body: 'Hello, I cannot log in since this morning.',
    runId,
    ...over,
  };
}

/** A fetch that counts the requests it sends. */
export function countingFetch(): { fetch: typeof fetch; count: () => number } {
  let n = 0;
  return {
    fetch: (input, init) => {
      n++;
      return fetch(input, init);
    },
    count: () => n,
  };
}

/** Agents seeded by seed.sh. */
export const L1_A = 'agent-l1-01';
export const L1_B = 'agent-l1-02';
export const L2_A = 'agent-l2-01';
export const BOT = 'bot';
