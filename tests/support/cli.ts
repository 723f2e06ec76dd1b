/**
 * Runs slalab commands in the test's own process through yargs, wired the way
 * cli/main.ts wires them: strict flags, and usage problems thrown as
 * `UsageError` (so a test can assert on them). Returns what the commands
 * printed and the exit code they set, and leaves `process.exitCode` clean.
 */
import { vi } from 'vitest';
import yargs, { type CommandModule } from 'yargs';
import { UsageError } from '../../cli/errors.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: each command module has its own argument type.
type AnyCommand = CommandModule<any, any>;

export async function runCli(
  commands: readonly AnyCommand[],
  argv: readonly string[],
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const cli = yargs([...argv])
      .scriptName('slalab')
      .strict()
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      });
    for (const command of commands) cli.command(command);
    await cli.parseAsync();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}
