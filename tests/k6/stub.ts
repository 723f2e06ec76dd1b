/**
 * Test helpers: a loopback stub HTTP server each test starts on 127.0.0.1
 * with port 0, scripts written to a temporary directory, and `runK6` with
 * its output captured.
 *
 * The stub answers every path with JSON `{ path, method, body }` and records
 * each request with its arrival time; `/status/<code>` answers that status,
 * `/delay/<ms>` answers after that many milliseconds, `/redirect/<n>`
 * redirects n times to `/done`, `/cookie` sets a cookie.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type K6RunConfig, type K6RunResult, runK6 } from '../../scenarios/k6/runner/run.js';

export interface StubRequest {
  method: string;
  path: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body, headers: req.headers, at });
      const reply = () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ path, method: req.method, body }));
      };
      const status = /^\/status\/(\d+)/.exec(path);
      const delay = /^\/delay\/(\d+)/.exec(path);
      const redirect = /^\/redirect\/(\d+)/.exec(path);
      if (status) {
        res.statusCode = Number(status[1]);
        reply();
      } else if (delay) setTimeout(reply, Number(delay[1]));
      else if (redirect) {
        const n = Number(redirect[1]);
        res.statusCode = 302;
        res.setHeader('Location', n > 1 ? `/redirect/${n - 1}` : '/done');
        res.end();
      } else if (path === '/cookie') {
        res.setHeader('Set-Cookie', 'session=abc123; Path=/');
        reply();
      } else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Writes scripts (name → source) into a fresh temporary directory; returns their paths. */
export function writeScripts(files: Record<string, string>): {
  dir: string;
  path: (name: string) => string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'slalab-k6-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return {
    dir,
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Captured extends K6RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a script with the system environment left out and output captured. */
export async function run(config: K6RunConfig): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const result = await runK6({
    includeSystemEnvVars: false,
    quiet: true,
    ...config,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { ...result, stdout, stderr };
}

/** Runs one script source (a .ts file) against the stub. */
export async function runSource(
  source: string,
  config: Omit<K6RunConfig, 'script'> = {},
  extraFiles: Record<string, string> = {},
): Promise<Captured> {
  const files = writeScripts({ 'script.ts': source, ...extraFiles });
  try {
    return await run({ ...config, script: files.path('script.ts'), cwd: config.cwd ?? files.dir });
  } finally {
    files.cleanup();
  }
}
