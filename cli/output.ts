/**
 * Small helpers every command shares for writing files and showing progress.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import { UsageError } from './errors.js';

/** Writes a file, refusing to replace an existing one unless `force`. */
export function writeOutput(path: string, content: string | Uint8Array, force: boolean): void {
  if (existsSync(path) && !force) {
    throw new UsageError(
      `${path} already exists: pass --force to overwrite it, or choose another --out`,
    );
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Reads a file the user named, or explains clearly why it cannot. */
export function readInput(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}`,
    );
  }
}

/** A progress bar on a terminal; silent when not a TTY or when quiet. */
export function progressBar(
  label: string,
  quiet: boolean,
): { update(done: number, total: number): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {unit} · {duration_formatted} elapsed · eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0, { unit: 'replications' });
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** slalab's version, from package.json (found from the sources or from dist/). */
export function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'slalab' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
