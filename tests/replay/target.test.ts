/**
 * The replay's target (scenarios/k6/lib/target.ts): loopback only unless asked.
 */
import { describe, expect, it } from 'vitest';
import { checkTarget, isLoopbackHost } from '../../scenarios/k6/lib/target.js';

describe('the replay target', () => {
  it('accepts loopback origins and normalises them', () => {
    expect(checkTarget('http://127.0.0.1:8080/', false)).toEqual({
      origin: 'http://127.0.0.1:8080',
      host: '127.0.0.1',
      loopback: true,
    });
    expect(checkTarget('http://localhost', false).origin).toBe('http://localhost');
    expect(checkTarget('http://[::1]:8080', false).loopback).toBe(true);
    expect(isLoopbackHost('127.255.0.9')).toBe(true);
    expect(isLoopbackHost('127.256.0.1')).toBe(false);
  });

  it('refuses a remote host unless allowed, credentials always, and paths', () => {
    expect(() => checkTarget('http://rt.example.com', false)).toThrow(/ALLOW_REMOTE=1/);
    expect(checkTarget('https://rt.example.com:8443', true)).toEqual({
      origin: 'https://rt.example.com:8443',
      host: 'rt.example.com',
      loopback: false,
    });
    expect(() => checkTarget('http://root:pw@127.0.0.1:8080', false)).toThrow(/credentials/);
    expect(() => checkTarget('http://127.0.0.1:8080/rt', false)).toThrow(/origin/);
    expect(() => checkTarget('ftp://127.0.0.1', false)).toThrow(/origin/);
  });
});
