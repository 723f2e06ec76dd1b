/**
 * The replay plan (`slalab-replay-plan`, version 1): everything about a run
 * the k6 script needs besides the trace and the tokens, written by
 * `slalab replay` as JSON and read by the script with `open()` in the init
 * context. Nothing secret goes in it: tokens travel only in the environment.
 *
 * Pure (type-only imports, which k6 and TypeScript erase): k6 and Node both load it.
 */
import type { StaffingTable } from './staffing.js';
import type { SlaTargetLite } from './thresholds.js';

export const PLAN_FORMAT = 'slalab-replay-plan';
export const PLAN_VERSION = 1;

export interface PlanChannel {
  name: string;
  kind: string;
  /** The helpdesk queue its tickets are opened in. */
  queue: string;
  concurrency: number;
  /** s(j) for j sessions in progress, index j − 1. */
  slowdown: number[];
  deferred: boolean;
  /** Whether the channel has a bot (tickets the trace routes to it go to the bot user). */
  bot: boolean;
}

export interface ReplayPlan {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION;
  scenario: string;
  runId: string;
  /** Scenario seconds per wall second. */
  speedup: number;
  /** Scenario time replayed at the start (the trace window's start). */
  origin: number;
  /** The trace window's end (scenario seconds). */
  windowEnd: number;
  /** Wall seconds after the window for work still in progress. */
  graceSeconds: number;
  channels: PlanChannel[];
  /** The queue escalations go to; null when the scenario has no escalation. */
  escalationQueue: string | null;
  deferredWhenIdle: boolean;
  staffing: StaffingTable;
  /** Helpdesk logins per tier (`'1'`, `'2'`, …); agents of a tier share them in turn. */
  logins: Record<string, string[]>;
  /** The bot user's login. */
  botLogin: string;
  sla: SlaTargetLite[];
  /** Tuning, wall ms (defaults in the script). */
  tuning: {
    pollMs: number;
    pollMinMs: number;
    botPollMs: number;
    requestTimeoutMs: number;
    retries: number;
  };
}
