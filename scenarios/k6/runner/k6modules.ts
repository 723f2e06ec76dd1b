/**
 * The `k6`, `k6/http`, `k6/metrics`, `k6/execution`, `k6/data` and
 * `k6/timers` modules one VU's script sees. Each k6 call goes to that VU.
 *
 * Follows the k6 JavaScript API pages:
 * https://grafana.com/docs/k6/latest/javascript-api/k6/ (check, fail, group, sleep),
 * https://grafana.com/docs/k6/latest/javascript-api/k6-http/,
 * https://grafana.com/docs/k6/latest/javascript-api/k6-metrics/,
 * https://grafana.com/docs/k6/latest/javascript-api/k6-execution/,
 * https://grafana.com/docs/k6/latest/javascript-api/k6-data/sharedarray/,
 * https://grafana.com/docs/k6/latest/javascript-api/k6-timers/.
 */
import { EXIT, TestAbortError } from './errors.js';
import { expectedStatuses, type HttpURL } from './http.js';
import type { Metric, MetricType, Tags } from './metrics.js';
import type { VU } from './vu.js';

function k6Module<T extends Record<string, unknown>>(
  members: T,
): T & { default: T; __esModule: true } {
  const m = { ...members, __esModule: true as const } as T & { default: T; __esModule: true };
  m.default = m;
  return m;
}

/** A sample value: booleans count as 1 and 0; anything not a finite number is refused. */
function toValue(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = Number(value);
  const numeric = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '');
  return numeric && Number.isFinite(n) ? n : undefined;
}

export function createK6Modules(vu: VU): Record<string, unknown> {
  const run = vu.run;
  const registry = run.registry;

  // --- k6 -----------------------------------------------------------------
  const check = (
    value: unknown,
    sets: Record<string, unknown>,
    tags?: Record<string, unknown>,
  ): boolean => {
    vu.assertAlive();
    if (vu.inInit) throw new Error('check() can only be used in VU code, setup() or teardown()');
    const extra: Tags = {};
    for (const [k, v] of Object.entries(tags ?? {})) extra[k] = String(v);
    let all = true;
    for (const [name, checker] of Object.entries(sets ?? {})) {
      const result = typeof checker === 'function' ? checker(value) : checker;
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        throw new TypeError(
          `check '${name}' returned a promise; checks are evaluated synchronously, so await the value before check()`,
        );
      }
      const ok = Boolean(result);
      const tally = vu.group.check(name);
      if (ok) tally.passes++;
      else tally.fails++;
      run.emit(registry.get('checks')!, ok ? 1 : 0, { ...vu.sampleTags(), check: name, ...extra });
      all &&= ok;
    }
    return all;
  };

  const group = (name: unknown, fn: unknown): unknown => {
    vu.assertAlive();
    if (vu.inInit) throw new Error('group() can only be used in VU code, setup() or teardown()');
    if (typeof fn !== 'function') throw new TypeError('group(name, fn): fn must be a function');
    const parent = vu.group;
    const node = parent.group(String(name));
    vu.group = node;
    const start = performance.now();
    const finish = () => {
      run.emit(registry.get('group_duration')!, performance.now() - start, vu.sampleTags());
      vu.group = parent;
    };
    let result: unknown;
    try {
      result = fn();
    } catch (error) {
      finish();
      throw error;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(
        (v) => {
          finish();
          return v;
        },
        (e) => {
          finish();
          throw e;
        },
      );
    }
    finish();
    return result;
  };

  const k6 = k6Module({
    check,
    group,
    fail: (message?: unknown): never => {
      throw new Error(message === undefined ? 'fail() called' : String(message));
    },
    sleep: (seconds: unknown) => vu.sleep(seconds),
  });

  // --- k6/http --------------------------------------------------------------
  const client = vu.http;
  const req = (method: string, url: unknown, body: unknown, params: unknown) => {
    const p = client.request(method, url, body, params);
    p.catch(() => {});
    return p;
  };
  const httpModule = k6Module({
    get: (url: unknown, params?: unknown) => req('GET', url, null, params),
    head: (url: unknown, params?: unknown) => req('HEAD', url, null, params),
    post: (url: unknown, body?: unknown, params?: unknown) => req('POST', url, body, params),
    put: (url: unknown, body?: unknown, params?: unknown) => req('PUT', url, body, params),
    patch: (url: unknown, body?: unknown, params?: unknown) => req('PATCH', url, body, params),
    del: (url: unknown, body?: unknown, params?: unknown) => req('DELETE', url, body, params),
    options: (url: unknown, body?: unknown, params?: unknown) => req('OPTIONS', url, body, params),
    request: (method: unknown, url: unknown, body?: unknown, params?: unknown) =>
      req(String(method), url, body, params),
    asyncRequest: (method: unknown, url: unknown, body?: unknown, params?: unknown) =>
      vu.track(req(String(method), url, body, params)),
    batch: (requests: unknown) => {
      const p = client.batch(requests);
      p.catch(() => {});
      return p;
    },
    expectedStatuses,
    setResponseCallback: (cb: unknown) => {
      if (
        cb !== null &&
        (typeof cb !== 'object' || (cb as { __brand?: string }).__brand !== 'expected-statuses')
      ) {
        throw new TypeError('setResponseCallback takes http.expectedStatuses(...) or null');
      }
      client.responseCallback = cb as typeof client.responseCallback;
    },
    url: (strings: TemplateStringsArray, ...values: unknown[]): HttpURL => {
      let url = '';
      strings.forEach((s, i) => {
        url += s + (i < values.length ? String(values[i]) : '');
      });
      // k6 names the request after the template, placeholders shown as ${}.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${} is the point.
      return { __brand: 'http-url', url, name: strings.join('${}') };
    },
  });

  // --- k6/metrics --------------------------------------------------------------
  const metricClass = (type: MetricType) =>
    class {
      readonly name: string;
      private readonly metric: Metric;
      constructor(name: string, isTime = false) {
        if (!vu.inInit)
          throw new Error('custom metrics can only be declared in the init context (module scope)');
        this.metric = registry.custom(name, type, Boolean(isTime));
        this.name = name;
      }
      add(value: unknown, tags?: Record<string, unknown>): boolean {
        vu.assertAlive();
        if (vu.inInit)
          throw new Error('metrics can only be added to in VU code, setup() or teardown()');
        const v = toValue(value);
        if (v === undefined) {
          const message = `metric '${this.name}': ${JSON.stringify(value)} is not a number`;
          if (run.options.throw) throw new TypeError(message);
          run.log('warn', message);
          return false;
        }
        const t = vu.sampleTags();
        for (const [k, val] of Object.entries(tags ?? {})) t[k] = String(val);
        run.emit(this.metric, v, t);
        return true;
      }
    };
  const metrics = k6Module({
    Counter: metricClass('counter'),
    Gauge: metricClass('gauge'),
    Rate: metricClass('rate'),
    Trend: metricClass('trend'),
  });

  // --- k6/execution ----------------------------------------------------------
  const inVUCode = (what: string) => {
    if (!vu.activation)
      throw new Error(
        `exec.${what} is only available in VU code (not in the init context, setup() or teardown())`,
      );
    return vu.activation;
  };
  const scenario = {
    get name() {
      return inVUCode('scenario.name').name;
    },
    get executor() {
      return inVUCode('scenario.executor').executor;
    },
    get startTime() {
      return inVUCode('scenario.startTime').startEpochMs;
    },
    get progress() {
      return inVUCode('scenario.progress').progress();
    },
    get iterationInInstance() {
      inVUCode('scenario.iterationInInstance');
      return vu.scenarioIterLocal;
    },
    get iterationInTest() {
      inVUCode('scenario.iterationInTest');
      return vu.scenarioIterGlobal;
    },
  };
  const instance = {
    get iterationsInterrupted() {
      return run.counters.iterationsInterrupted;
    },
    get iterationsCompleted() {
      return run.counters.iterationsCompleted;
    },
    get vusActive() {
      return run.counters.vusActive;
    },
    get vusInitialized() {
      return run.counters.vusInitialized;
    },
    get currentTestRunDuration() {
      return run.now();
    },
  };
  const vuInfo = {
    get iterationInInstance() {
      return Math.max(0, vu.iterationInInstance);
    },
    get iterationInScenario() {
      return Math.max(0, vu.iterationInScenario);
    },
    get idInInstance() {
      return vu.id;
    },
    get idInTest() {
      return vu.idInTest;
    },
    tags: vu.userTags,
    metrics: { tags: vu.userTags, metadata: vu.userMetadata },
  };
  const test = {
    abort(reason?: unknown): never {
      const message = reason === undefined ? 'test aborted' : String(reason);
      run.abortTest(`test aborted: ${message}`, EXIT.scriptAborted);
      throw new TestAbortError(message);
    },
    fail(reason?: unknown): void {
      run.markFailed(reason === undefined ? 'test marked as failed' : String(reason));
    },
    get options() {
      return structuredClone(run.options.consolidated);
    },
  };
  const execution = k6Module({ scenario, instance, vu: vuInfo, test });

  // --- k6/data -----------------------------------------------------------------
  class SharedArray {
    constructor(name: unknown, build: unknown) {
      if (!vu.inInit)
        throw new Error('SharedArray can only be created in the init context (module scope)');
      if (typeof name !== 'string' || name === '') throw new TypeError('SharedArray needs a name');
      if (typeof build !== 'function')
        throw new TypeError('SharedArray needs a function returning an array');
      // biome-ignore lint/correctness/noConstructorReturn: k6's SharedArray constructor returns the shared, read-only array.
      return run.sharedArray(name, build as () => unknown) as unknown as SharedArray;
    }
  }
  const data = k6Module({ SharedArray });

  // --- k6/timers ---------------------------------------------------------------
  const timers = k6Module({
    setTimeout: (cb: unknown, delay?: unknown, ...args: unknown[]) =>
      vu.setTimer(cb, delay, args, false),
    setInterval: (cb: unknown, delay?: unknown, ...args: unknown[]) =>
      vu.setTimer(cb, delay, args, true),
    clearTimeout: (id: unknown) => vu.clearTimer(id),
    clearInterval: (id: unknown) => vu.clearTimer(id),
  });

  return {
    k6,
    'k6/http': httpModule,
    'k6/metrics': metrics,
    'k6/execution': execution,
    'k6/data': data,
    'k6/timers': timers,
  };
}
