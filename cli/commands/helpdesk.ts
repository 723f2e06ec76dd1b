/**
 * `slalab helpdesk up|reset|down|status`: runs the real helpdesk (Request Tracker 5 from
 * Debian's packages) on loopback through the scripts in `scenarios/helpdesks/rt/`, streaming
 * their output and exiting with their exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import { requireNumber, UsageError } from '../errors.js';

const ACTIONS = ['up', 'reset', 'down', 'status'] as const;
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', '[::1]', 'localhost'];
type Action = (typeof ACTIONS)[number];

interface HelpdeskArgs {
  action: Action;
  host?: string;
  port?: number;
  workers?: number;
  db?: 'sqlite' | 'pg';
}

/** The folder holding the RT scripts, found from this file in the sources or in `dist/`. */
export function rtScriptsDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'slalab') {
      return join(dir, 'scenarios', 'helpdesks', 'rt');
    }
    dir = dirname(dir);
  }
  throw new UsageError('cannot find the slalab package root (scenarios/helpdesks/rt)', 1);
}

/** Runs one script with inherited stdio; resolves with its exit code (128+n for a signal). */
export function runScript(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 15));
    });
  });
}

export const helpdeskCommand: CommandModule<object, HelpdeskArgs> = {
  command: 'helpdesk <action>',
  describe: 'Run the real helpdesk (Request Tracker 5) on loopback: up, reset, down, status',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', {
        choices: ACTIONS,
        describe:
          'up: install if needed, seed, start and wait; reset: back to the seeded data in ' +
          'seconds; down: stop the server; status: what runs where',
        demandOption: true,
      })
      .options({
        host: {
          type: 'string',
          describe: 'Bind address: 127.0.0.1, ::1 or localhost (env SLALAB_RT_HOST)',
        },
        port: { type: 'number', describe: 'TCP port (env SLALAB_RT_PORT, default 8080)' },
        workers: {
          type: 'number',
          describe: 'Server worker processes (env SLALAB_RT_WORKERS, default 4)',
        },
        db: {
          choices: ['sqlite', 'pg'] as const,
          describe: 'Database backend (env SLALAB_RT_DB, default sqlite)',
        },
      })
      .example('$0 helpdesk up', 'start RT on http://127.0.0.1:8080 (installs it on first use)')
      .example('$0 helpdesk reset', 'delete every ticket: restore the seeded snapshot')
      .epilog(
        'Credentials are generated at seed time and written, mode 0600, to ' +
          '$SLALAB_STATE_DIR/rt.env (default ~/.slalab/rt.env); they are never printed.',
      ) as unknown as Argv<HelpdeskArgs>,
  handler: async (args) => {
    if (!ACTIONS.includes(args.action)) {
      throw new UsageError(`action must be one of ${ACTIONS.join(', ')}, got ${args.action}`);
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (args.host !== undefined) {
      if (!LOOPBACK_HOSTS.includes(args.host)) {
        throw new UsageError(
          `--host: the helpdesk binds to loopback only (127.0.0.1, ::1 or localhost), got ${args.host}`,
        );
      }
      env.SLALAB_RT_HOST = args.host;
    }
    if (args.port !== undefined) {
      env.SLALAB_RT_PORT = String(
        requireNumber('--port', args.port, { min: 1, max: 65535, integer: true }),
      );
    }
    if (args.workers !== undefined) {
      env.SLALAB_RT_WORKERS = String(
        requireNumber('--workers', args.workers, { min: 1, max: 64, integer: true }),
      );
    }
    if (args.db !== undefined) env.SLALAB_RT_DB = args.db;
    const script = join(rtScriptsDir(), `${args.action}.sh`);
    const code = await runScript(script, env);
    if (code !== 0) process.exitCode = code;
  },
};
