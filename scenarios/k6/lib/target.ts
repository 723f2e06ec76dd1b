/**
 * The helpdesk a replay may load: loopback only unless the user names a
 * remote target explicitly (design.md, "The real helpdesk"). k6 has no URL
 * class, so the base URL is taken apart with a regular expression.
 *
 * Pure, no imports: k6 and Node both load it.
 */

export interface Target {
  /** `http://host:port`, no trailing slash, no path. */
  origin: string;
  host: string;
  loopback: boolean;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m?.slice(1).every((o) => Number(o) <= 255) ?? false;
}

/**
 * Checks the replay's target: an http(s) origin without credentials or a
 * path, on a loopback host unless `allowRemote`.
 *
 * @throws Error naming what is wrong and how to fix it.
 * @example checkTarget('http://127.0.0.1:8080/', false).origin // 'http://127.0.0.1:8080'
 */
export function checkTarget(url: string, allowRemote: boolean): Target {
  const m = /^(https?):\/\/([^/?#@\s]+@)?(\[[0-9a-fA-F:.]+\]|[^/:?#\s]+)(:\d{1,5})?\/?$/.exec(
    url.trim(),
  );
  if (!m) {
    throw new Error(
      `TARGET ${JSON.stringify(url)} is not an http(s) origin; write e.g. http://127.0.0.1:8080`,
    );
  }
  if (m[2]) throw new Error('TARGET must not carry credentials: tokens come from the environment');
  const host = m[3]!;
  const loopback = isLoopbackHost(host);
  if (!loopback && !allowRemote) {
    throw new Error(
      `refusing to load ${host}: the replay sends load to 127.0.0.1, [::1] or localhost unless ALLOW_REMOTE=1 (slalab replay --allow-remote)`,
    );
  }
  return { origin: `${m[1]}://${host}${m[4] ?? ''}`, host, loopback };
}
