/**
 * k6 thresholds for a replay, derived from the scenario's SLA targets and the
 * speed-up, so a run fails (exit 99) exactly when the helpdesk or the load
 * generator distorted what the replay set out to measure.
 *
 * The reasoning:
 * - A response target "X% within W" is measured on the helpdesk's own
 *   timestamps, which Request Tracker keeps to the whole second. At speed-up
 *   S one wall second is S scenario seconds, so a target is only measurable
 *   when W/S spans several of those seconds: `measurable` when
 *   W/S ≥ `resolutionMs` × `minResolutions` (default 4 s of wall time, a
 *   rounding error of at most a quarter of W). Tighter targets are listed as
 *   not measurable at this speed-up, never silently judged.
 * - Every helpdesk call on the way to a first response (creating the ticket,
 *   the poll that finds it, the take, the reply; the bot's poll and reply)
 *   delays that response by its latency × S in scenario time. The helpdesk
 *   may use up `latencyShare` (default a quarter) of the tightest measurable
 *   target W_min: p(95) of each such call < latencyShare · W_min / S.
 * - Customers must send on time: median schedule lag < `lagP50Ms` (default
 *   50 ms, the bench's definition of a sustained rate) and p(95) lag within
 *   the same budget as the latencies.
 * - Failed calls (no answer, 4xx/5xx, or RT's 200-with-an-error) stay under
 *   `errorRate` (default 1%).
 * - Every other call gets `p(99)` under the request timeout: a threshold that
 *   only fails on timeouts, there so the summary reports that call's own
 *   latency (k6 shows a tagged sub-metric only when a threshold names it;
 *   the always-true `count>=0` ones are there for the same
 *   reason: per-call error rates and tickets per outcome).
 *
 * Pure, no imports: k6 and Node both load it.
 */

export interface SlaTargetLite {
  name: string;
  metric: string;
  /** Seconds (scenario time); absent for abandonment. */
  within?: number | null;
}

export interface ThresholdOptions {
  /** The helpdesk's timestamp resolution, wall ms (Request Tracker: 1000). */
  resolutionMs?: number;
  /** How many timestamp steps W/S must span to be measurable (default 4). */
  minResolutions?: number;
  /** Share of the tightest target the helpdesk may use up (default 0.25). */
  latencyShare?: number;
  lagP50Ms?: number;
  errorRate?: number;
  /** The per-request timeout (ms); the catch-all threshold on other calls. */
  timeoutMs?: number;
}

export interface DerivedThresholds {
  thresholds: Record<string, string[]>;
  /** The latency budget of each call on the way to a first response, wall ms. */
  budgetMs: number;
  /** The tightest measurable response target, or null when none is. */
  tightest: { name: string; within: number } | null;
  /** Targets too tight to measure at this speed-up, with why. */
  unmeasurable: Array<{ name: string; reason: string }>;
}

/** Helpdesk calls on the way to a first response. */
export const RESPONSE_OPS = ['create', 'poll', 'take', 'reply', 'bot_poll', 'bot_reply'] as const;

/** Every call the replay makes, by its `op` tag. */
export const ALL_OPS = [
  ...RESPONSE_OPS,
  'bot_resolve',
  'handoff',
  'resolve',
  'escalate',
  'check',
  'abandon',
  'reopen',
  'count',
] as const;

/** What became of the tickets, by the `outcome` tag of `replay_tickets`. */
export const OUTCOMES = [
  'created',
  'create_failed',
  'bot_contained',
  'bot_handoff',
  'taken',
  'resolved',
  'escalated',
  'abandoned',
  'abandon_refused',
  'reopened',
  'reopen_beyond_run',
  'dropped',
] as const;

const RESPONSE_METRICS = ['firstResponse', 'serviceLevel', 'nextResponse'];

/**
 * Derives the thresholds.
 *
 * @throws RangeError for a non-positive speed-up.
 */
export function deriveThresholds(
  targets: readonly SlaTargetLite[],
  speedup: number,
  options: ThresholdOptions = {},
): DerivedThresholds {
  if (!(speedup > 0)) throw new RangeError(`speed-up must be > 0, got ${speedup}`);
  const resolutionMs = options.resolutionMs ?? 1000;
  const minResolutions = options.minResolutions ?? 4;
  const share = options.latencyShare ?? 0.25;
  const lagP50 = options.lagP50Ms ?? 50;
  const errorRate = options.errorRate ?? 0.01;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const unmeasurable: DerivedThresholds['unmeasurable'] = [];
  let tightest: DerivedThresholds['tightest'] = null;
  for (const t of targets) {
    if (!RESPONSE_METRICS.includes(t.metric) || !(typeof t.within === 'number' && t.within > 0)) {
      continue;
    }
    const wallMs = (t.within / speedup) * 1000;
    if (wallMs < resolutionMs * minResolutions) {
      unmeasurable.push({
        name: t.name,
        reason: `${t.within} s at speed-up ${speedup} is ${round(wallMs)} ms of wall time, under ${minResolutions} × the helpdesk's ${resolutionMs} ms timestamp resolution`,
      });
      continue;
    }
    if (tightest === null || t.within < tightest.within)
      tightest = { name: t.name, within: t.within };
  }
  // With no measurable response target, fall back to one minute of wall time.
  const budgetMs = round(tightest ? share * (tightest.within / speedup) * 1000 : 60_000);

  const thresholds: Record<string, string[]> = {
    replay_schedule_lag: [`p(50)<${lagP50}`, `p(95)<${budgetMs}`],
    // Always true: makes the customers' later actions' lag appear in the summary.
    replay_followup_lag: [`p(99)>=0`],
    replay_op_failed: [`rate<${errorRate}`],
  };
  for (const op of ALL_OPS) {
    const responseOp = (RESPONSE_OPS as readonly string[]).includes(op);
    thresholds[`replay_op_latency{op:${op}}`] = [
      responseOp ? `p(95)<${budgetMs}` : `p(99)<${timeoutMs}`,
    ];
    // Always true: makes the per-call error count appear in the summary. (A
    // Counter, not a Rate: a Rate threshold with no samples cannot be evaluated.)
    thresholds[`replay_op_errors{op:${op}}`] = ['count>=0'];
  }
  // Always true too: makes each outcome's count appear in the summary.
  for (const outcome of OUTCOMES) thresholds[`replay_tickets{outcome:${outcome}}`] = ['count>=0'];
  return { thresholds, budgetMs, tightest, unmeasurable };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
