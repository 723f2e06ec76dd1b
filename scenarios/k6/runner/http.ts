/**
 * `k6/http` on Node's `http`/`https` clients: one keep-alive connection pool
 * per VU (as k6 gives each VU its own transport), per-request timings taken
 * from socket events, redirects, a per-VU cookie jar reset after each
 * iteration, and the built-in HTTP metrics with k6's tags.
 *
 * Timings (ms), as k6 defines them
 * (https://grafana.com/docs/k6/latest/javascript-api/k6-http/response/,
 * https://grafana.com/docs/k6/latest/using-k6/metrics/reference/):
 * blocked = waiting for a connection, connecting = TCP connect (0 on a
 * reused connection), tls_handshaking, sending = request handed to the OS,
 * waiting = until the response headers, receiving = the body;
 * duration = sending + waiting + receiving.
 *
 * Params follow https://grafana.com/docs/k6/latest/javascript-api/k6-http/params/
 * (headers, tags, timeout default 60 s, responseType, redirects,
 * responseCallback, cookies); error codes follow
 * https://grafana.com/docs/k6/latest/javascript-api/error-codes/ (1000 + status
 * for 4xx/5xx, as k6's `lib/netext/httpext/transport.go`); a response counts as
 * expected (`http_req_failed` 0) for statuses 200–399 unless a response callback
 * says otherwise (https://grafana.com/docs/k6/latest/using-k6/http-requests/).
 *
 * Only loopback hosts are reachable unless the run allows remote targets.
 */
import { type LookupOptions, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { RunContext } from './context.js';
import { safeParseK6Duration } from './duration.js';
import { InterruptError, RemoteRefusedError } from './errors.js';
import type { Tags } from './metrics.js';

/** What the HTTP client needs from its VU. */
export interface HttpVU {
  readonly signal: AbortSignal;
  /** Throws when the VU may not make requests (init context, interrupted). */
  assertCanRequest(what: string): void;
  /** The tags every sample of this VU carries right now (scenario, group, custom). */
  sampleTags(): Tags;
}

/** The opaque value `http.url\`…\`` returns: the URL and its `name` tag. */
export interface HttpURL {
  __brand: 'http-url';
  url: string;
  name: string;
}

export interface ExpectedStatuses {
  __brand: 'expected-statuses';
  ranges: Array<{ min: number; max: number }>;
}

export interface Timings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

type Params = Record<string, unknown>;

const PARAM_KEYS = new Set([
  'headers',
  'tags',
  'timeout',
  'responseType',
  'redirects',
  'responseCallback',
  'cookies',
  'compression',
]);

const DEFAULT_EXPECTED: ExpectedStatuses = {
  __brand: 'expected-statuses',
  ranges: [{ min: 200, max: 399 }],
};

export function expectedStatuses(...args: unknown[]): ExpectedStatuses {
  const ranges: Array<{ min: number; max: number }> = [];
  for (const a of args) {
    if (typeof a === 'number' && Number.isInteger(a)) ranges.push({ min: a, max: a });
    else if (a && typeof a === 'object' && typeof (a as { min: unknown }).min === 'number') {
      const r = a as { min: number; max: number };
      ranges.push({ min: r.min, max: r.max });
    } else {
      throw new TypeError(
        `expectedStatuses: ${JSON.stringify(a)} is neither a status code nor { min, max }`,
      );
    }
  }
  return { __brand: 'expected-statuses', ranges };
}

/** `127.0.0.0/8`, `::1` and `localhost` (any case, trailing dot allowed). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return h === 'localhost' || isLoopbackAddress(h);
}

function isLoopbackAddress(address: string): boolean {
  if (address === '::1' || address === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address.toLowerCase());
  return v4?.slice(1).every((o) => Number(o) <= 255) === true;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | Array<{ address: string; family: number }>,
  family?: number,
) => void;

/** Resolves `localhost` as usual, but refuses an answer that is not a loopback address. */
function loopbackLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const bad = addresses.find((a) => !isLoopbackAddress(a.address));
    if (bad) {
      const e = new Error(
        `${hostname} resolved to ${bad.address}, which is not a loopback address`,
      ) as NodeJS.ErrnoException;
      e.code = 'ENOTLOOPBACK';
      return callback(e, '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** Go's `CanonicalMIMEHeaderKey`: `content-type` → `Content-Type`. */
function canonicalHeader(key: string): string {
  return key
    .split('-')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
    .join('-');
}

interface Cookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expires: number | undefined;
  secure: boolean;
  httpOnly: boolean;
  maxAge: number;
}

function parseSetCookie(header: string, url: URL): Cookie | undefined {
  const [pair, ...attrs] = header.split(';');
  const eq = pair!.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: Cookie = {
    name: pair!.slice(0, eq).trim(),
    value: pair!.slice(eq + 1).trim(),
    domain: url.hostname,
    hostOnly: true,
    path: url.pathname.replace(/\/[^/]*$/, '') || '/',
    expires: undefined,
    secure: false,
    httpOnly: false,
    maxAge: 0,
  };
  for (const attr of attrs) {
    const [k, ...rest] = attr.split('=');
    const key = k!.trim().toLowerCase();
    const val = rest.join('=').trim();
    if (key === 'domain' && val) {
      cookie.domain = val.replace(/^\./, '').toLowerCase();
      cookie.hostOnly = false;
    } else if (key === 'path' && val.startsWith('/')) cookie.path = val;
    else if (key === 'max-age') {
      cookie.maxAge = Number(val);
      cookie.expires = Date.now() + Number(val) * 1000;
    } else if (key === 'expires' && cookie.maxAge === 0) {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) cookie.expires = t;
    } else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
  }
  return cookie;
}

/** A VU's cookies, emptied after every iteration (k6's default). */
class CookieJar {
  private cookies: Cookie[] = [];

  store(setCookies: string[], url: URL): void {
    for (const header of setCookies) {
      const c = parseSetCookie(header, url);
      if (!c) continue;
      this.cookies = this.cookies.filter(
        (o) => !(o.name === c.name && o.domain === c.domain && o.path === c.path),
      );
      if (c.expires === undefined || c.expires > Date.now()) this.cookies.push(c);
    }
  }

  forUrl(url: URL): Array<[string, string]> {
    const host = url.hostname.toLowerCase();
    const now = Date.now();
    return this.cookies
      .filter(
        (c) =>
          (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`)) &&
          url.pathname.startsWith(c.path) &&
          (!c.secure || url.protocol === 'https:') &&
          (c.expires === undefined || c.expires > now),
      )
      .map((c) => [c.name, c.value]);
  }

  clear(): void {
    this.cookies = [];
  }
}

function errorFor(
  err: NodeJS.ErrnoException & { address?: string; port?: number },
  url: URL,
): [number, string] {
  switch (err.code) {
    case 'K6_TIMEOUT':
      return [1050, 'request timeout'];
    case 'ECONNREFUSED':
      return [
        1212,
        `dial tcp ${err.address ?? url.hostname}:${err.port ?? url.port}: connect: connection refused`,
      ];
    case 'ETIMEDOUT':
      return [1211, `dial tcp ${url.host}: i/o timeout`];
    case 'ECONNRESET':
      return [1220, 'read: connection reset by peer'];
    case 'EPIPE':
      return [1201, 'write: broken pipe'];
    case 'ENOTFOUND':
      return [1101, `lookup ${url.hostname}: no such host`];
    case 'EAI_AGAIN':
      return [1100, `lookup ${url.hostname}: temporary DNS failure`];
    default:
      if (err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT')) return [1300, err.message];
      return [1000, err.message];
  }
}

interface Hop {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer | null;
  timings: Timings;
  error: string;
  errorCode: number;
  remoteIp: string;
  remotePort: number;
  proto: string;
  sent: number;
  received: number;
}

/** The object scripts receive (k6 `Response`). */
export class Response {
  status: number;
  status_text: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  cookies: Record<string, Array<Record<string, unknown>>>;
  timings: Timings;
  error: string;
  error_code: number;
  url: string;
  proto: string;
  remote_ip: string;
  remote_port: number;
  tls_version = '';
  tls_cipher_suite = '';
  ocsp = {
    produced_at: 0,
    this_update: 0,
    next_update: 0,
    revocation_reason: '',
    revoked_at: 0,
    status: '',
  };
  request: {
    method: string;
    url: string;
    headers: Record<string, string[]>;
    body: string;
    cookies: Record<string, unknown[]>;
  };

  constructor(
    init: Omit<
      Response,
      'json' | 'html' | 'clickLink' | 'submitForm' | 'tls_version' | 'tls_cipher_suite' | 'ocsp'
    >,
  ) {
    this.status = init.status;
    this.status_text = init.status_text;
    this.body = init.body;
    this.headers = init.headers;
    this.cookies = init.cookies;
    this.timings = init.timings;
    this.error = init.error;
    this.error_code = init.error_code;
    this.url = init.url;
    this.proto = init.proto;
    this.remote_ip = init.remote_ip;
    this.remote_port = init.remote_port;
    this.request = init.request;
  }

  /** Parses the body as JSON; `selector` is a dotted path (`a.b.0.c`, `list.#` for a length). */
  json(selector?: string): unknown {
    if (this.body === null)
      throw new Error('the response has no body (responseType none or a failed request)');
    const text =
      typeof this.body === 'string' ? this.body : Buffer.from(this.body).toString('utf8');
    const value = JSON.parse(text) as unknown;
    return selector === undefined ? value : selectPath(value, selector);
  }

  html(): never {
    throw new Error("Response.html() is not supported by slalab's k6 runner");
  }

  clickLink(): never {
    throw new Error("Response.clickLink() is not supported by slalab's k6 runner");
  }

  submitForm(): never {
    throw new Error("Response.submitForm() is not supported by slalab's k6 runner");
  }
}

/** A subset of gjson paths: `a.b`, `list.0.name`, `list.#`. */
function selectPath(value: unknown, selector: string): unknown {
  if (/[*?|@!=<>]|#\(/.test(selector)) {
    throw new Error(
      `json() selector '${selector}' is not supported by slalab's k6 runner (use a.b.0.c or list.#)`,
    );
  }
  let current: unknown = value;
  for (const part of selector.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (part === '#' && Array.isArray(current)) current = current.length;
    else if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

function formEncode(body: Record<string, unknown>): string {
  return Object.entries(body)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** One VU's HTTP client. */
export class HttpClient {
  private readonly run: RunContext;
  private readonly vu: HttpVU;
  private agentCache: http.Agent | undefined;
  private httpsAgentCache: https.Agent | undefined;
  private readonly jar = new CookieJar();
  responseCallback: ExpectedStatuses | null = DEFAULT_EXPECTED;

  constructor(run: RunContext, vu: HttpVU) {
    this.run = run;
    this.vu = vu;
  }

  /** Created on first use, so they follow the options in force when requests start. */
  private get agent(): http.Agent {
    this.agentCache ??= new http.Agent({
      keepAlive: !this.run.options.noConnectionReuse,
      maxSockets: Infinity,
    });
    return this.agentCache;
  }

  private get httpsAgent(): https.Agent {
    this.httpsAgentCache ??= new https.Agent({
      keepAlive: !this.run.options.noConnectionReuse,
      maxSockets: Infinity,
      rejectUnauthorized: !this.run.options.insecureSkipTLSVerify,
    });
    return this.httpsAgentCache;
  }

  /** After each iteration: cookies are reset; with noVUConnectionReuse, connections too. */
  endIteration(): void {
    this.jar.clear();
    if (this.run.options.noVUConnectionReuse) this.closeConnections();
  }

  closeConnections(): void {
    this.agentCache?.destroy();
    this.httpsAgentCache?.destroy();
    this.agentCache = undefined;
    this.httpsAgentCache = undefined;
  }

  destroy(): void {
    this.closeConnections();
  }

  async request(method: unknown, url: unknown, body: unknown, params: unknown): Promise<Response> {
    this.vu.assertCanRequest(`http.${String(method).toLowerCase()}()`);
    if (typeof method !== 'string' || method === '')
      throw new TypeError('http.request: the method must be a string');
    const p = (params ?? {}) as Params;
    if (typeof p !== 'object') throw new TypeError('http params must be an object');
    for (const key of Object.keys(p)) {
      if (!PARAM_KEYS.has(key)) {
        throw new TypeError(
          `http params.${key} is not supported by slalab's k6 runner (it supports ${[...PARAM_KEYS].join(', ')})`,
        );
      }
    }
    if (p.compression !== undefined)
      throw new TypeError("http params.compression is not supported by slalab's k6 runner");
    let rawUrl: string;
    let nameTag: string | undefined;
    if (url && typeof url === 'object' && (url as HttpURL).__brand === 'http-url') {
      rawUrl = (url as HttpURL).url;
      nameTag = (url as HttpURL).name;
    } else rawUrl = String(url);

    const userTags: Tags = {};
    if (p.tags && typeof p.tags === 'object') {
      for (const [k, v] of Object.entries(p.tags as Record<string, unknown>))
        userTags[k] = String(v);
    }
    const timeoutParsed =
      p.timeout === undefined ? { ok: true as const, ms: 60_000 } : safeParseK6Duration(p.timeout);
    if (!timeoutParsed.ok || timeoutParsed.ms <= 0)
      throw new TypeError(
        `http params.timeout: ${JSON.stringify(p.timeout)} is not a positive duration`,
      );
    const responseType =
      (p.responseType as string | undefined) ??
      (this.run.options.discardResponseBodies ? 'none' : 'text');
    if (!['text', 'binary', 'none'].includes(responseType)) {
      throw new TypeError(
        `http params.responseType must be 'text', 'binary' or 'none', got ${JSON.stringify(responseType)}`,
      );
    }
    const callback =
      p.responseCallback === undefined
        ? this.responseCallback
        : (p.responseCallback as ExpectedStatuses | null);
    const maxRedirects =
      p.redirects === undefined ? this.run.options.maxRedirects : Number(p.redirects);

    let bodyBuf: Buffer | undefined;
    const headers: Record<string, string> = {};
    if (this.run.options.userAgent !== '') headers['User-Agent'] = this.run.options.userAgent;
    if (body !== undefined && body !== null) {
      if (typeof body === 'string') bodyBuf = Buffer.from(body, 'utf8');
      else if (body instanceof ArrayBuffer) bodyBuf = Buffer.from(body);
      else if (ArrayBuffer.isView(body))
        bodyBuf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      else if (typeof body === 'object') {
        if (Object.values(body).some((v) => v && typeof v === 'object')) {
          throw new TypeError(
            "multipart bodies (http.file) are not supported by slalab's k6 runner",
          );
        }
        bodyBuf = Buffer.from(formEncode(body as Record<string, unknown>), 'utf8');
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
      } else bodyBuf = Buffer.from(String(body), 'utf8');
    }
    if (p.headers && typeof p.headers === 'object') {
      for (const [k, v] of Object.entries(p.headers as Record<string, unknown>))
        headers[canonicalHeader(k)] = String(v);
    }
    const requestCookies = (p.cookies ?? {}) as Record<string, unknown>;

    let currentUrl: URL;
    try {
      currentUrl = new URL(rawUrl);
      if (currentUrl.protocol !== 'http:' && currentUrl.protocol !== 'https:') {
        throw new Error(`unsupported protocol scheme "${currentUrl.protocol.replace(':', '')}"`);
      }
    } catch (error) {
      return this.failedBeforeSending(
        method,
        rawUrl,
        (error as Error).message,
        userTags,
        nameTag,
        callback,
      );
    }
    let currentMethod = method.toUpperCase();
    let currentBody = bodyBuf;
    let redirects = 0;
    for (;;) {
      if (!this.run.allowRemote && !isLoopbackHost(currentUrl.hostname)) {
        const refused = new RemoteRefusedError(currentUrl.href);
        this.run.abortTest(refused.message, 2);
        throw refused;
      }
      const hopHeaders: Record<string, string> = { ...headers };
      const cookiePairs = this.jar.forUrl(currentUrl);
      for (const [k, v] of Object.entries(requestCookies)) {
        const value =
          v && typeof v === 'object' ? String((v as { value: unknown }).value) : String(v);
        const replace = v && typeof v === 'object' && (v as { replace?: boolean }).replace === true;
        const at = cookiePairs.findIndex(([n]) => n === k);
        if (at >= 0 && replace) cookiePairs[at] = [k, value];
        else if (at < 0) cookiePairs.push([k, value]);
      }
      if (cookiePairs.length > 0 && hopHeaders.Cookie === undefined) {
        hopHeaders.Cookie = cookiePairs.map(([k, v]) => `${k}=${v}`).join('; ');
      }
      if (currentBody) hopHeaders['Content-Length'] = String(currentBody.length);
      const hop = await this.send(
        currentMethod,
        currentUrl,
        hopHeaders,
        currentBody,
        timeoutParsed.ms,
      );
      const setCookie = hop.headers['set-cookie'];
      if (setCookie) this.jar.store(setCookie, currentUrl);
      this.emitHop(currentMethod, currentUrl, hop, userTags, nameTag, callback);
      const location = hop.headers.location;
      const isRedirect = [301, 302, 303, 307, 308].includes(hop.status) && location !== undefined;
      if (isRedirect && redirects < maxRedirects) {
        redirects++;
        currentUrl = new URL(location, currentUrl);
        if (
          hop.status === 303 ||
          ((hop.status === 301 || hop.status === 302) &&
            currentMethod !== 'GET' &&
            currentMethod !== 'HEAD')
        ) {
          if (currentMethod !== 'HEAD') currentMethod = 'GET';
          currentBody = undefined;
          delete headers['Content-Type'];
        }
        continue;
      }
      if (isRedirect)
        this.run.log(
          'warn',
          `Stopped after ${redirects} redirects and returned the redirection; pass redirects or maxRedirects to follow more`,
        );
      if (hop.errorCode !== 0 && hop.status === 0) {
        if (this.run.options.throw) throw new Error(hop.error);
        this.run.log('warn', 'Request Failed', { error: hop.error });
      }
      return this.toResponse(
        method.toUpperCase(),
        rawUrl,
        currentUrl,
        hop,
        headers,
        bodyBuf,
        responseType,
      );
    }
  }

  private failedBeforeSending(
    method: string,
    rawUrl: string,
    message: string,
    userTags: Tags,
    nameTag: string | undefined,
    callback: ExpectedStatuses | null,
  ): Response {
    const hop: Hop = {
      status: 0,
      statusText: '',
      headers: {},
      rawHeaders: [],
      body: null,
      timings: {
        blocked: 0,
        connecting: 0,
        tls_handshaking: 0,
        sending: 0,
        waiting: 0,
        receiving: 0,
        duration: 0,
      },
      error: message,
      errorCode: 1020,
      remoteIp: '',
      remotePort: 0,
      proto: '',
      sent: 0,
      received: 0,
    };
    if (this.run.options.throw) throw new Error(message);
    this.run.log('warn', 'Request Failed', { error: message });
    const tags = this.requestTags(method.toUpperCase(), rawUrl, hop, userTags, nameTag, callback);
    this.run.emit(this.run.registry.get('http_reqs')!, 1, tags);
    return new Response({
      status: 0,
      status_text: '',
      body: null,
      headers: {},
      cookies: {},
      timings: hop.timings,
      error: message,
      error_code: 1020,
      url: rawUrl,
      proto: '',
      remote_ip: '',
      remote_port: 0,
      request: { method: method.toUpperCase(), url: rawUrl, headers: {}, body: '', cookies: {} },
    });
  }

  private send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    timeoutMs: number,
  ): Promise<Hop> {
    return new Promise((resolveHop, rejectHop) => {
      const t0 = performance.now();
      let tSocket = t0;
      let tConnectStart = t0;
      let tConnected = t0;
      let tSecure = -1;
      let tSent = -1;
      let tFirstByte = -1;
      let reused = true;
      let socket: import('node:net').Socket | undefined;
      let w0 = 0;
      let r0 = 0;
      let settled = false;
      const isHttps = url.protocol === 'https:';
      const lib = isHttps ? https : http;
      const req = lib.request({
        method,
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers,
        agent: isHttps ? this.httpsAgent : this.agent,
        ...(this.run.allowRemote ? {} : { lookup: loopbackLookup as unknown as typeof lookup }),
      });
      const timer = setTimeout(() => {
        const err = new Error('request timeout') as NodeJS.ErrnoException;
        err.code = 'K6_TIMEOUT';
        req.destroy(err);
      }, timeoutMs);
      const onAbort = () => req.destroy(new InterruptError());
      this.vu.signal.addEventListener('abort', onAbort, { once: true });
      const finish = (
        hop: Omit<Hop, 'timings' | 'sent' | 'received' | 'remoteIp' | 'remotePort'>,
        tEnd: number,
      ) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.vu.signal.removeEventListener('abort', onAbort);
        const ready = Math.max(tSecure >= 0 ? tSecure : tConnected, tSocket);
        const sentAt = tSent >= 0 ? tSent : ready;
        const firstByte = tFirstByte >= 0 ? tFirstByte : tEnd;
        const sending = Math.max(0, sentAt - ready);
        const waiting = Math.max(0, firstByte - sentAt);
        const receiving = Math.max(0, tEnd - firstByte);
        resolveHop({
          ...hop,
          timings: {
            blocked: Math.max(0, (reused ? tSocket : tConnectStart) - t0),
            connecting: reused ? 0 : Math.max(0, tConnected - tConnectStart),
            tls_handshaking: tSecure >= 0 ? Math.max(0, tSecure - tConnected) : 0,
            sending,
            waiting,
            receiving,
            duration: sending + waiting + receiving,
          },
          sent: socket ? socket.bytesWritten - w0 : 0,
          received: socket ? socket.bytesRead - r0 : 0,
          remoteIp: socket?.remoteAddress ?? '',
          remotePort: socket?.remotePort ?? 0,
        });
      };
      req.on('socket', (s) => {
        socket = s;
        tSocket = performance.now();
        tConnectStart = tSocket;
        w0 = s.bytesWritten;
        r0 = s.bytesRead;
        if (s.connecting) {
          reused = false;
          s.once('lookup', () => {
            tConnectStart = performance.now();
          });
          s.once('connect', () => {
            tConnected = performance.now();
          });
          if (isHttps) {
            s.once('secureConnect', () => {
              tSecure = performance.now();
            });
          }
        } else tConnected = tSocket;
      });
      req.on('finish', () => {
        tSent = performance.now();
      });
      req.on('response', (res) => {
        tFirstByte = performance.now();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          finish(
            {
              status: res.statusCode ?? 0,
              statusText: `${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
              headers: res.headers,
              rawHeaders: res.rawHeaders,
              body: Buffer.concat(chunks),
              error: '',
              errorCode: (res.statusCode ?? 0) >= 400 ? 1000 + (res.statusCode ?? 0) : 0,
              proto: `HTTP/${res.httpVersion}`,
            },
            performance.now(),
          );
        });
        res.on('error', (err) => fail(err));
      });
      const fail = (err: Error) => {
        if (err instanceof InterruptError) {
          if (!settled) {
            settled = true;
            clearTimeout(timer);
            this.vu.signal.removeEventListener('abort', onAbort);
          }
          rejectHop(err);
          return;
        }
        const [code, message] = errorFor(err as NodeJS.ErrnoException, url);
        finish(
          {
            status: 0,
            statusText: '',
            headers: {},
            rawHeaders: [],
            body: null,
            error: message,
            errorCode: code,
            proto: '',
          },
          performance.now(),
        );
      };
      req.on('error', fail);
      if (this.vu.signal.aborted) {
        req.destroy(new InterruptError());
        return;
      }
      req.end(body);
    });
  }

  private requestTags(
    method: string,
    url: string,
    hop: Pick<Hop, 'status' | 'errorCode' | 'error' | 'proto'>,
    userTags: Tags,
    nameTag: string | undefined,
    callback: ExpectedStatuses | null,
  ): Tags {
    const tags: Tags = { ...this.vu.sampleTags() };
    tags.name = userTags.name ?? nameTag ?? url;
    tags.url = userTags.name !== undefined || nameTag !== undefined ? tags.name : url;
    tags.method = method;
    tags.status = String(hop.status);
    if (hop.proto) tags.proto = hop.proto;
    if (hop.errorCode) tags.error_code = String(hop.errorCode);
    if (hop.error) tags.error = hop.error;
    if (callback) tags.expected_response = String(isExpected(callback, hop.status));
    for (const [k, v] of Object.entries(userTags)) tags[k] = v;
    return tags;
  }

  private emitHop(
    method: string,
    url: URL,
    hop: Hop,
    userTags: Tags,
    nameTag: string | undefined,
    callback: ExpectedStatuses | null,
  ): void {
    const r = this.run.registry;
    const tags = this.requestTags(method, url.href, hop, userTags, nameTag, callback);
    const t = hop.timings;
    this.run.emit(r.get('http_reqs')!, 1, tags);
    this.run.emit(r.get('http_req_duration')!, t.duration, tags);
    this.run.emit(r.get('http_req_blocked')!, t.blocked, tags);
    this.run.emit(r.get('http_req_connecting')!, t.connecting, tags);
    this.run.emit(r.get('http_req_tls_handshaking')!, t.tls_handshaking, tags);
    this.run.emit(r.get('http_req_sending')!, t.sending, tags);
    this.run.emit(r.get('http_req_waiting')!, t.waiting, tags);
    this.run.emit(r.get('http_req_receiving')!, t.receiving, tags);
    if (callback)
      this.run.emit(r.get('http_req_failed')!, isExpected(callback, hop.status) ? 0 : 1, tags);
    if (hop.sent > 0) this.run.emit(r.get('data_sent')!, hop.sent, tags);
    if (hop.received > 0) this.run.emit(r.get('data_received')!, hop.received, tags);
  }

  private toResponse(
    method: string,
    rawUrl: string,
    finalUrl: URL,
    hop: Hop,
    requestHeaders: Record<string, string>,
    requestBody: Buffer | undefined,
    responseType: string,
  ): Response {
    const headers: Record<string, string> = {};
    for (let i = 0; i < hop.rawHeaders.length; i += 2) {
      const key = canonicalHeader(hop.rawHeaders[i]!);
      const value = hop.rawHeaders[i + 1]!;
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    const cookies: Record<string, Array<Record<string, unknown>>> = {};
    for (const sc of hop.headers['set-cookie'] ?? []) {
      const c = parseSetCookie(sc, finalUrl);
      if (!c) continue;
      const list = cookies[c.name] ?? [];
      cookies[c.name] = list;
      list.push({
        name: c.name,
        value: c.value,
        domain: c.hostOnly ? '' : c.domain,
        path: c.path,
        httpOnly: c.httpOnly,
        secure: c.secure,
        maxAge: c.maxAge,
        expires: c.expires ?? 0,
      });
    }
    let body: string | ArrayBuffer | null = null;
    if (hop.body && responseType === 'text') body = hop.body.toString('utf8');
    else if (hop.body && responseType === 'binary') {
      body = hop.body.buffer.slice(
        hop.body.byteOffset,
        hop.body.byteOffset + hop.body.byteLength,
      ) as ArrayBuffer;
    }
    const reqHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(requestHeaders)) reqHeaders[k] = [v];
    return new Response({
      status: hop.status,
      status_text: hop.statusText,
      body,
      headers,
      cookies,
      timings: hop.timings,
      error: hop.error,
      error_code: hop.errorCode,
      url: hop.status === 0 ? rawUrl : finalUrl.href,
      proto: hop.proto,
      remote_ip: hop.remoteIp,
      remote_port: hop.remotePort,
      request: {
        method,
        url: rawUrl,
        headers: reqHeaders,
        body: requestBody ? requestBody.toString('utf8') : '',
        cookies: {},
      },
    });
  }

  /** `http.batch`: all requests in parallel, at most `batch` at once and `batchPerHost` per host. */
  async batch(requests: unknown): Promise<unknown> {
    this.vu.assertCanRequest('http.batch()');
    const entries: Array<[string | number, [string, unknown, unknown, unknown]]> = [];
    const normalise = (r: unknown): [string, unknown, unknown, unknown] => {
      if (
        typeof r === 'string' ||
        (r && typeof r === 'object' && (r as HttpURL).__brand === 'http-url')
      ) {
        return ['GET', r, null, null];
      }
      if (Array.isArray(r)) return [String(r[0]), r[1], r[2] ?? null, r[3] ?? null];
      if (r && typeof r === 'object') {
        const o = r as { method?: string; url: unknown; body?: unknown; params?: unknown };
        return [o.method ?? 'GET', o.url, o.body ?? null, o.params ?? null];
      }
      throw new TypeError(`http.batch: ${JSON.stringify(r)} is not a request`);
    };
    if (Array.isArray(requests)) {
      for (let i = 0; i < requests.length; i++) entries.push([i, normalise(requests[i])]);
    } else if (requests && typeof requests === 'object') {
      for (const [k, r] of Object.entries(requests)) entries.push([k, normalise(r)]);
    } else throw new TypeError('http.batch takes an array or an object of requests');
    const limit = this.run.options.batch;
    const perHost = this.run.options.batchPerHost;
    const active = new Map<string, number>();
    let running = 0;
    const waiting: Array<() => void> = [];
    const results = new Map<string | number, Response>();
    const hostOf = (u: unknown) => {
      try {
        return new URL(typeof u === 'string' ? u : (u as HttpURL).url).host;
      } catch {
        return '';
      }
    };
    const runOne = async ([key, [m, u, b, p]]: [
      string | number,
      [string, unknown, unknown, unknown],
    ]) => {
      const host = hostOf(u);
      while (running >= limit || (perHost > 0 && (active.get(host) ?? 0) >= perHost)) {
        await new Promise<void>((r) => waiting.push(r));
      }
      running++;
      active.set(host, (active.get(host) ?? 0) + 1);
      try {
        results.set(key, await this.request(m, u, b, p));
      } finally {
        running--;
        active.set(host, active.get(host)! - 1);
        for (const w of waiting.splice(0)) w();
      }
    };
    await Promise.all(entries.map(runOne));
    if (Array.isArray(requests)) return entries.map(([k]) => results.get(k));
    return Object.fromEntries(entries.map(([k]) => [k, results.get(k)]));
  }
}

function isExpected(cb: ExpectedStatuses, status: number): boolean {
  return cb.ranges.some((r) => status >= r.min && status <= r.max);
}
