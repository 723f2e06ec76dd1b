/**
 * A minimal Request Tracker 5 REST 2 client over Node's built-in fetch (undici).
 *
 * - Keep-alive: fetch's global dispatcher keeps connections open whenever the server allows
 *   it (RT's Starlet answers `Connection: close` unless started with `--max-keepalive-reqs`).
 * - Retries are bounded and happen only when an established connection is reset or closed
 *   under the request (the server dropped an idle kept-alive socket). Never on an HTTP status:
 *   401/403 and every other answer go straight back to the caller, as a typed error.
 * - Tokens travel only in the `Authorization` header; no message or error ever contains one.
 * - The base URL must be loopback unless `allowRemote: true` (see `assertLoopbackUrl`).
 */
import {
  assertLoopbackUrl,
  HelpdeskAuthError,
  HelpdeskError,
  HelpdeskUnavailableError,
} from '../adapter.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RtClientOptions {
  /** e.g. `http://127.0.0.1:8080` (REST 2 lives under `/REST/2.0`). */
  baseUrl: string;
  /** Allow a non-loopback base URL. Off by default. */
  allowRemote?: boolean;
  /** Per-request timeout; default 60 s (SQLite tail latencies reach tens of seconds). */
  timeoutMs?: number;
  /** Extra attempts after a connection reset; default 2. */
  retries?: number;
  /** Pause before a retry, doubled each time; default 50 ms. */
  retryDelayMs?: number;
  /** Injected fetch (tests count requests with it); default the global fetch. */
  fetch?: typeof fetch;
}

export interface RtResponse<T> {
  status: number;
  body: T;
  /** The `Location` header of a 201, when present. */
  location?: string;
}

/** Socket-level failures where the server closed or reset an established connection. */
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function rtMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body) {
    const m = (body as { message: unknown }).message;
    return typeof m === 'string' ? m : undefined;
  }
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 300);
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RtClient {
  /** Origin of the server, without a trailing slash. */
  readonly baseUrl: string;
  /** Requests sent (each attempt counts) and retries made, for tests and benchmarks. */
  readonly stats = { requests: 0, retries: 0 };
  private readonly api: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: RtClientOptions) {
    const url = assertLoopbackUrl(opts.baseUrl, opts.allowRemote ?? false);
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.api = `${this.baseUrl}/REST/2.0`;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.retries = opts.retries ?? 2;
    this.retryDelayMs = opts.retryDelayMs ?? 50;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /**
   * Sends one REST 2 request as the holder of `token` and returns the decoded answer of a
   * 2xx response.
   *
   * @param operation names the caller's operation in errors (`createTicket`, `take`, ...).
   * @param path below `/REST/2.0`, starting with `/`, query string included.
   * @throws {HelpdeskAuthError} on 401, or a redirect to the login page.
   * @throws {HelpdeskUnavailableError} when the server cannot be reached, times out, keeps
   *   resetting the connection, or answers 502/503/504.
   * @throws {HelpdeskError} on any other non-2xx answer (status and RT's message included).
   */
  async request<T = unknown>(
    operation: string,
    token: string,
    method: HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<RtResponse<T>> {
    const headers: Record<string, string> = {
      Authorization: `token ${token}`,
      Accept: 'application/json',
      // Not "Mozilla": RT answers browsers with a redirect to its login page.
      'User-Agent': 'slalab-rt-client',
    };
    // RT answers 415 to a POST or PUT without this header, even with no body.
    if (method === 'POST' || method === 'PUT') headers['Content-Type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      redirect: 'manual',
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    const url = `${this.api}${path}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      this.stats.requests++;
      try {
        res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        const code = errorCode(error);
        if (code !== undefined && RESET_CODES.has(code) && attempt < this.retries) {
          this.stats.retries++;
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        const what =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${this.timeoutMs} ms`
            : `${code ?? (error instanceof Error ? error.message : String(error))}`;
        throw new HelpdeskUnavailableError(
          `${operation}: Request Tracker at ${this.baseUrl} unavailable (${what}` +
            `${attempt > 0 ? ` after ${attempt + 1} attempts` : ''})`,
          { operation, cause: error },
        );
      }
      return this.decode<T>(operation, method, path, res);
    }
  }

  private async decode<T>(
    operation: string,
    method: HttpMethod,
    path: string,
    res: Response,
  ): Promise<RtResponse<T>> {
    const text = await res.text();
    let parsed: unknown = text;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text: RT sends HTML for some failures
      }
    }
    const where = `${method} ${path.split('?')[0]}`;
    if (res.status >= 200 && res.status < 300) {
      return {
        status: res.status,
        body: (res.status === 204 ? undefined : parsed) as T,
        location: res.headers.get('location') ?? undefined,
      };
    }
    const message = rtMessage(parsed);
    if (res.status === 401 || (res.status >= 300 && res.status < 400)) {
      throw new HelpdeskAuthError(
        `${operation}: Request Tracker refused the credentials (${res.status} on ${where}); ` +
          'the token is invalid, expired or revoked. Re-seed with `slalab helpdesk up` or fix SLALAB_RT_*TOKEN*',
        { operation, status: res.status },
      );
    }
    if (res.status === 502 || res.status === 503 || res.status === 504) {
      throw new HelpdeskUnavailableError(
        `${operation}: Request Tracker unavailable (${res.status} on ${where})`,
        { operation, status: res.status },
      );
    }
    throw new HelpdeskError(
      `${operation}: Request Tracker answered ${res.status} on ${where}${message ? `: ${message}` : ''}`,
      { operation, status: res.status },
    );
  }
}
