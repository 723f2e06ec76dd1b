/**
 * Loopback only: the scripts refuse to bind anything but 127.0.0.1, ::1 or localhost, and the
 * client refuses a non-loopback base URL unless the caller passes allowRemote: true.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertLoopbackUrl,
  HelpdeskRemoteRefusedError,
  isLoopbackHost,
} from '../../scenarios/helpdesks/adapter.js';
import { RtClient } from '../../scenarios/helpdesks/rt/client.js';
import { countingFetch, credentials, helpdesk, RT_DIR } from './support.js';

const SCRIPTS = [
  'install.sh',
  'configure.sh',
  'up.sh',
  'seed.sh',
  'reset.sh',
  'down.sh',
  'status.sh',
];
const REMOTE_HOSTS = [
  '0.0.0.0',
  '::',
  '192.168.1.10',
  '10.0.0.1',
  'example.com',
  '127.0.0.1.nip.io',
];

function runScript(script: string, host: string) {
  return spawnSync('bash', [join(RT_DIR, script)], {
    env: { ...process.env, SLALAB_RT_HOST: host },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the scripts bind to loopback only', () => {
  for (const script of SCRIPTS) {
    it(`${script} refuses every non-loopback address before doing anything`, () => {
      for (const host of REMOTE_HOSTS) {
        const res = runScript(script, host);
        expect(res.status, `${script} with ${host}: ${res.stderr}`).toBe(2);
        expect(res.stderr).toContain(`refusing SLALAB_RT_HOST='${host}'`);
        expect(res.stdout).toBe('');
      }
    });
  }

  it('refuses ::1 with the reason: loopback, but RT’s standalone server is IPv4-only', () => {
    const res = runScript('up.sh', '::1');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('listens on IPv4 only');
  });

  it('status.sh accepts the loopback spellings', () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const res = runScript('status.sh', host);
      expect(res.stderr).not.toContain('refusing');
      expect(res.status).toBe(0);
    }
  });

  it('the running server listens on 127.0.0.1 only', () => {
    const ss = spawnSync('ss', ['-Hltn'], { encoding: 'utf8' });
    const port = new URL(credentials().url).port || '80';
    const lines = ss.stdout.split('\n').filter((l) => new RegExp(`:${port}\\s`).test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(new RegExp(`\\s(127\\.0\\.0\\.1|\\[::1\\]):${port}\\s`));
  });
});

describe('the client refuses non-loopback base URLs', () => {
  it('knows the loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', 'LOCALHOST']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      '0.0.0.0',
      '10.0.0.1',
      '127.0.0.1.nip.io',
      'localhost.example.com',
      '[::]',
      '128.0.0.1',
      '127.0.0.256',
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it('throws HelpdeskRemoteRefusedError without sending a request', () => {
    const counter = countingFetch();
    for (const url of ['http://rt.example.com', 'http://10.1.2.3:8080', 'https://[2001:db8::1]/']) {
      expect(() => new RtClient({ baseUrl: url, fetch: counter.fetch })).toThrow(
        HelpdeskRemoteRefusedError,
      );
      expect(() => helpdesk({ baseUrl: url })).toThrow(HelpdeskRemoteRefusedError);
    }
    expect(counter.count()).toBe(0);
  });

  it('accepts a remote base URL only with allowRemote: true', () => {
    const client = new RtClient({ baseUrl: 'https://rt.example.com/', allowRemote: true });
    expect(client.baseUrl).toBe('https://rt.example.com');
    expect(assertLoopbackUrl('http://127.0.0.1:8080').host).toBe('127.0.0.1:8080');
  });

  it('refuses credentials in the URL and non-http schemes', () => {
    expect(() => assertLoopbackUrl('http://root:secret@127.0.0.1:8080')).toThrow(/credentials/);
    expect(() => assertLoopbackUrl('file:///etc/passwd')).toThrow(/http or https/);
  });
});
