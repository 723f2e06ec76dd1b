/**
 * `slalab k6 run` through yargs the way cli/main.ts wires it: k6's flags,
 * k6's exit codes, and refusals printed as usage errors.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { k6Command, k6RunConfig } from '../../cli/commands/k6.js';
import { runCli } from '../support/cli.js';
import { type Stub, startStub, writeScripts } from './stub.js';

let stub: Stub;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function cli(argv: string[]) {
  return await runCli([k6Command], argv);
}

const SCRIPT = `import http from 'k6/http';
import { check } from 'k6';
export const options = { thresholds: { checks: ['rate==1'] } };
export default function () {
  check(http.get(__ENV.BASE + '/' + __ENV.WHAT), { 'ok': (r) => r.status === 200 });
}
`;

describe('slalab k6 run', () => {
  it('runs a script with -e, --iterations and --vus, prints the summary and exits 0', async () => {
    const files = writeScripts({ 'smoke.ts': SCRIPT });
    try {
      const out = await cli([
        'k6',
        'run',
        files.path('smoke.ts'),
        '-e',
        `BASE=${stub.url}`,
        '-e',
        'WHAT=tickets',
        '-i',
        '4',
        '-u',
        '2',
        '--include-system-env-vars=false',
      ]);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toMatch(/✓ ok/);
      expect(out.stdout).toMatch(/http_reqs\.+: 4 /);
      expect(out.stderr).toMatch(/4 iterations shared among 2 VUs/);
      expect(stub.requests.map((q) => q.path)).toEqual(Array(4).fill('/tickets'));
    } finally {
      files.cleanup();
    }
  });

  it('exits 99 when a threshold fails, and --no-summary prints nothing on stdout', async () => {
    const files = writeScripts({ 'smoke.ts': SCRIPT });
    try {
      const out = await cli([
        'k6',
        'run',
        files.path('smoke.ts'),
        '-e',
        `BASE=${stub.url}`,
        '-e',
        'WHAT=status/503',
        '--no-summary',
        '-q',
      ]);
      expect(out.exitCode).toBe(99);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/thresholds on metrics 'checks' have been crossed/);
    } finally {
      files.cleanup();
    }
  });

  it('refuses an unsupported import as a usage error carrying k6’s exit code 107', async () => {
    const files = writeScripts({
      'ws.js': `import ws from 'k6/ws';\nexport default function () { ws.connect(); }\n`,
    });
    try {
      await expect(cli(['k6', 'run', files.path('ws.js')])).rejects.toMatchObject({
        name: 'UsageError',
        exitCode: 107,
        message: expect.stringMatching(/k6 module 'k6\/ws' is not supported/),
      });
    } finally {
      files.cleanup();
    }
  });

  it('refuses an unknown flag and a malformed -e, naming them', async () => {
    await expect(cli(['k6', 'run', 'x.ts', '--out', 'json=x.json'])).rejects.toThrow(
      /Unknown argument: out/,
    );
    expect(() => k6RunConfig({ script: 'x.ts', env: ['NOEQUALS'] })).toThrow(
      /-e NOEQUALS: write -e KEY=VALUE/,
    );
    expect(() => k6RunConfig({ script: 'x.ts', vus: '1.5' })).toThrow(
      /--vus: must be a whole number/,
    );
  });

  it('maps the flags onto the runner’s configuration', () => {
    expect(
      k6RunConfig({
        script: 's.ts',
        env: ['A=1', 'B=x=y'],
        duration: '30s',
        executionSegment: '0:1/2',
        executionSegmentSequence: '0,1/2,1',
        summaryExport: 'e.json',
        summaryTrendStats: 'avg, p(99)',
        summary: false,
        allowRemote: true,
        includeSystemEnvVars: false,
      }),
    ).toMatchObject({
      env: { A: '1', B: 'x=y' },
      duration: '30s',
      executionSegment: '0:1/2',
      executionSegmentSequence: '0,1/2,1',
      summaryExport: 'e.json',
      summaryTrendStats: ['avg', 'p(99)'],
      noSummary: true,
      allowRemote: true,
      includeSystemEnvVars: false,
    });
  });
});
