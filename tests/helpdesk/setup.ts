/**
 * Vitest globalSetup for the helpdesk tests (project `helpdesk` in vitest.config.ts): brings
 * the real Request Tracker up on loopback with `up.sh` (installing it from Debian's packages
 * when needed) and resets its data with `reset.sh`. If RT cannot be installed or started, this
 * throws with the scripts' own explanation, so every helpdesk test fails: never a skip.
 * The server is left running afterwards (stop it with `slalab helpdesk down`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios/helpdesks/rt');

function run(script: string): void {
  const started = Date.now();
  const res = spawnSync('bash', [join(RT_DIR, script)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, CI: process.env.CI ?? 'true' },
    timeout: 900_000,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  if (res.status !== 0) {
    const why = res.error ? String(res.error) : `exit code ${res.status ?? res.signal}`;
    throw new Error(
      `helpdesk tests need the real Request Tracker, but ${script} failed (${why}):\n${output.slice(-3000)}`,
    );
  }
  process.stderr.write(
    `[helpdesk setup] ${script} ok in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

export default function setup(): void {
  if (process.platform !== 'linux') {
    throw new Error('helpdesk tests need Linux (Debian 12) to install Request Tracker 5');
  }
  run('up.sh');
  run('reset.sh');
}
