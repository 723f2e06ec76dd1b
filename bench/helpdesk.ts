/**
 * Helpdesk throughput through the adapter: tickets created per second and replies per second
 * at 1, 4 and 16 concurrent clients, with median and p95 latency.
 *
 * A benchmark, not a test. Bounded in count and time per phase (`--max-ops`, `--seconds`),
 * loopback only (the adapter's guard; there is no allowRemote here), and it deletes the tickets
 * it created (its own run id) when done. Start the helpdesk first: `slalab helpdesk up`.
 *
 *   npm run bench:helpdesk -- [--levels 1,4,16] [--max-ops 80] [--seconds 20] [--json]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { HelpdeskError } from '../scenarios/helpdesks/adapter.js';
import { RtHelpdesk } from '../scenarios/helpdesks/rt/adapter.js';
import { loadRtCredentials } from '../scenarios/helpdesks/rt/credentials.js';

interface PhaseResult {
  clients: number;
  operation: 'create' | 'reply';
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  firstError?: string;
}

/** Nearest-rank percentile of an ascending array (q in 0..1). */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

async function phase(
  clients: RtHelpdesk[],
  operation: PhaseResult['operation'],
  maxOps: number,
  seconds: number,
  op: (client: RtHelpdesk, worker: number, n: number) => Promise<void>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    clients.map(async (client, worker) => {
      while (started < maxOps && performance.now() < deadline) {
        const n = started++;
        const s = performance.now();
        try {
          await op(client, worker, n);
          latencies.push(performance.now() - s);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
          if (!(error instanceof HelpdeskError) || error.name === 'HelpdeskAuthError') throw error;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients: clients.length,
    operation,
    ok: latencies.length,
    errors,
    seconds: Number(elapsed.toFixed(2)),
    perSecond: Number((latencies.length / elapsed).toFixed(2)),
    medianMs: Math.round(percentile(latencies, 0.5)),
    p95Ms: Math.round(percentile(latencies, 0.95)),
    maxMs: Math.round(latencies.at(-1) ?? Number.NaN),
    firstError,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      levels: { type: 'string', default: '1,4,16' },
      'max-ops': { type: 'string', default: '80' },
      seconds: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const levels = values.levels.split(',').map(Number);
  const maxOps = Number(values['max-ops']);
  const seconds = Number(values.seconds);
  if (levels.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new Error('--levels: comma-separated client counts, each 1-64');
  }
  if (!(maxOps >= 1 && maxOps <= 2000) || !(seconds > 0 && seconds <= 300)) {
    throw new Error('--max-ops must be 1-2000 and --seconds 0-300');
  }

  const creds = loadRtCredentials();
  const agents = [...creds.agentTokens.keys()].filter((a) => a.startsWith('agent-l1-'));
  if (agents.length === 0) throw new Error(`no first-line agent tokens in ${creds.source}`);
  const runId = `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;
  const janitor = new RtHelpdesk({ credentials: creds });
  const results: PhaseResult[] = [];
  process.stderr.write(
    `helpdesk bench: ${janitor.baseUrl}, run ${runId}, levels ${levels.join('/')}, ` +
      `≤ ${maxOps} ops and ≤ ${seconds} s per phase\n`,
  );
  try {
    for (const level of levels) {
      // One adapter per client, as independent replay workers would have.
      const clients = Array.from({ length: level }, () => new RtHelpdesk({ credentials: creds }));
      const created: string[] = [];
      const create = await phase(clients, 'create', maxOps, seconds, async (client, w, n) => {
        const { id } = await client.createTicket({
          channel: 'chat',
          priority: (['P1', 'P2', 'P3', 'P4'] as const)[n % 4],
          requester: {
            name: `Bench Customer ${n % 50}`,
            email: `bench${n % 50}@customers.example`,
          },
          subject: `bench ${level}/${w}/${n}`,
          body: `Hello, this is benchmark message ${n}.`,
          runId,
        });
        created.push(id);
      });
      results.push(create);
      process.stderr.write(`  ${JSON.stringify(create)}\n`);
      if (created.length === 0) continue;
      const reply = await phase(clients, 'reply', maxOps, seconds, async (client, w, n) => {
        await client.reply(created[n % created.length], agents[w % agents.length], `Reply ${n}`);
      });
      results.push(reply);
      process.stderr.write(`  ${JSON.stringify(reply)}\n`);
    }
  } finally {
    const removed = await janitor.deleteRun(runId);
    process.stderr.write(`helpdesk bench: deleted the ${removed} tickets of ${runId}\n`);
  }

  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ runId, baseUrl: janitor.baseUrl, results }, null, 2)}\n`,
    );
    return;
  }
  const rows = [
    ['clients', 'operation', 'ok', 'errors', 'seconds', 'per s', 'median ms', 'p95 ms', 'max ms'],
    ...results.map((r) => [
      r.clients,
      r.operation,
      r.ok,
      r.errors,
      r.seconds,
      r.perSecond,
      r.medianMs,
      r.p95Ms,
      r.maxMs,
    ]),
  ].map((row) => row.map(String));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((c, i) => c.padStart(widths[i])).join('  ')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `helpdesk bench: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
