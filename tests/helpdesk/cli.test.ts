/** `slalab helpdesk ...` and `slalab cleanup --run ...` through yargs, as cli/main.ts wires them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { cleanupCommand } from '../../cli/commands/cleanup.js';
import { helpdeskCommand } from '../../cli/commands/helpdesk.js';
import { UsageError } from '../../cli/errors.js';
import { helpdesk, newRunId, ticket } from './support.js';

/** Async, so that yargs' synchronous validation failures arrive as rejections too. */
async function cli(argv: string[]) {
  return await yargs(argv)
    .scriptName('slalab')
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .command(helpdeskCommand)
    .command(cleanupCommand)
    .parseAsync();
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('slalab helpdesk', () => {
  it('refuses a non-loopback --host as a usage error, before running any script', async () => {
    await expect(cli(['helpdesk', 'up', '--host', '0.0.0.0'])).rejects.toThrow(
      /--host: the helpdesk binds to loopback only/,
    );
  });

  it('refuses an unknown action and a bad port as usage errors', async () => {
    await expect(cli(['helpdesk', 'restart'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['helpdesk', 'up', '--port', '70000'])).rejects.toThrow(/--port/);
  });

  it('runs status.sh and exits with its code (0: up and answering)', async () => {
    await cli(['helpdesk', 'status']);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('passes a script’s failure through as the exit code', async () => {
    await cli(['helpdesk', 'status', '--host', '::1']);
    expect(process.exitCode).toBe(2);
  });
});

describe('slalab cleanup', () => {
  it('deletes exactly the run’s tickets and prints the count', async () => {
    const runId = newRunId('cli');
    const hd = helpdesk();
    await hd.createTicket(ticket(runId));
    await hd.createTicket(ticket(runId));
    const other = newRunId('cli-other');
    await hd.createTicket(ticket(other));
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    await cli(['cleanup', '--run', runId]);
    vi.restoreAllMocks();
    expect(out.join('')).toMatch(
      new RegExp(`^deleted 2 tickets of run ${runId} from http://127\\.0\\.0\\.1:\\d+\\n$`),
    );
    expect(await hd.listRunTickets(runId)).toEqual([]);
    expect(await hd.listRunTickets(other)).toHaveLength(1);
  });

  it('refuses a malformed run id and a remote helpdesk as usage errors', async () => {
    await expect(cli(['cleanup', '--run', "x' OR 1=1"])).rejects.toThrow(/--run: run id must be/);
    await expect(cli(['cleanup'])).rejects.toThrow(/run/);
    await expect(cli(['cleanup', '--run', 'r1', '--url', 'http://10.0.0.1:8080'])).rejects.toThrow(
      /refusing non-loopback.*--allow-remote/,
    );
  });
});
