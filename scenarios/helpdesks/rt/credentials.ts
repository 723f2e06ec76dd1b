/**
 * Where slalab's Request Tracker credentials come from: environment variables first, then the
 * 0600 file `seed.sh` writes (`$SLALAB_RT_ENV_FILE`, else `$SLALAB_STATE_DIR/rt.env`, else
 * `~/.slalab/rt.env`). Nothing here ever prints a secret.
 *
 * Variables:
 * - `SLALAB_RT_URL`            base URL, default `http://127.0.0.1:8080`
 * - `SLALAB_RT_TOKEN`          operator (admin) token: queries, escalations, clean-up
 * - `SLALAB_RT_PORTAL_TOKEN`   intake account that opens tickets and writes for requesters
 * - `SLALAB_RT_AGENTS`         comma-separated agent and bot logins
 * - `SLALAB_RT_AGENT_TOKEN_<LOGIN>`  one token per login (LOGIN upper-cased, other chars `_`)
 * - `SLALAB_RT_BOTS`           logins that are bots (default `bot`)
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskError } from '../adapter.js';

export interface RtCredentials {
  url: string;
  adminToken: string;
  /** Opens tickets and writes requesters' follow-ups; falls back to the admin token. */
  portalToken?: string;
  /** Agent and bot logins → token. */
  agentTokens: Map<string, string>;
  botNames: Set<string>;
  /** Where the values came from (a path or `environment`), for messages. */
  source: string;
}

/** `agent-l1-01` → `AGENT_L1_01`, the suffix of `SLALAB_RT_AGENT_TOKEN_...`. */
export function rtEnvKey(login: string): string {
  return login.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The credentials file path the scripts use for this environment. */
export function rtEnvFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLALAB_RT_ENV_FILE) return env.SLALAB_RT_ENV_FILE;
  return join(env.SLALAB_STATE_DIR || join(homedir(), '.slalab'), 'rt.env');
}

/** Parses `KEY=VALUE` lines; ignores blanks and `#` comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Loads the credentials; environment variables override the file's.
 *
 * @throws {HelpdeskError} when no operator token can be found (names where it looked).
 */
export function loadRtCredentials(
  opts: { env?: NodeJS.ProcessEnv; file?: string } = {},
): RtCredentials {
  const env = opts.env ?? process.env;
  const file = opts.file ?? rtEnvFilePath(env);
  const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
  const fromEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('SLALAB_RT_') && v !== undefined && v !== '') fromEnv[k] = v;
  }
  const all = { ...fromFile, ...fromEnv };
  const adminToken = all.SLALAB_RT_TOKEN;
  if (!adminToken) {
    throw new HelpdeskError(
      `no Request Tracker token: set SLALAB_RT_TOKEN or run \`slalab helpdesk up\`, which writes ${file}`,
      { operation: 'credentials' },
    );
  }
  const agentTokens = new Map<string, string>();
  for (const login of (all.SLALAB_RT_AGENTS ?? '').split(',')) {
    const name = login.trim();
    const token = name ? all[`SLALAB_RT_AGENT_TOKEN_${rtEnvKey(name)}`] : undefined;
    if (name && token) agentTokens.set(name, token);
  }
  const bots = (all.SLALAB_RT_BOTS ?? 'bot')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    url: all.SLALAB_RT_URL || 'http://127.0.0.1:8080',
    adminToken,
    portalToken: all.SLALAB_RT_PORTAL_TOKEN || undefined,
    agentTokens,
    botNames: new Set(bots),
    source: Object.keys(fromFile).length > 0 ? file : 'environment',
  };
}
