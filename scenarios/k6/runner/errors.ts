/**
 * Exit codes and the errors that carry them.
 *
 * The numbers are k6's (grafana/k6 `errext/exitcodes/codes.go`; listed at
 * https://pkg.go.dev/go.k6.io/k6/errext/exitcodes): 99 thresholds failed,
 * 100/101 setup/teardown timed out, 104 invalid configuration, 105 external
 * abort (Ctrl+C), 107 script exception, 108 `exec.test.abort()`. slalab adds
 * 2, its usual code for input the user must fix, when a script sends traffic
 * to a non-loopback host without `--allow-remote`, and 110 for
 * `exec.test.fail()`.
 */
export const EXIT = {
  ok: 0,
  remoteRefused: 2,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  invalidConfig: 104,
  externalAbort: 105,
  scriptException: 107,
  scriptAborted: 108,
  markedFailed: 110,
} as const;

/** A refusal or failure before or outside the test proper, with the exit code to use. */
export class K6RunError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'K6RunError';
    this.exitCode = exitCode;
  }
}

/** Thrown inside VU code when its iteration was interrupted (graceful stop over, or test aborted). */
export class InterruptError extends Error {
  constructor(message = 'iteration interrupted') {
    super(message);
    this.name = 'InterruptError';
  }
}

/** Thrown by `exec.test.abort()`: stops the VU's iteration and the whole test. */
export class TestAbortError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TestAbortError';
  }
}

/** Thrown when a script tries to reach a host that is not loopback without `--allow-remote`. */
export class RemoteRefusedError extends Error {
  constructor(url: string) {
    super(
      `refusing to send traffic to ${url}: slalab k6 only sends to 127.0.0.1 (127.0.0.0/8), ::1 and localhost unless you pass --allow-remote`,
    );
    this.name = 'RemoteRefusedError';
  }
}
