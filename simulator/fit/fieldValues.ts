/**
 * Reading one history cell as the value its column holds: durations, yes/no,
 * priorities, tiers and bot outcomes, each as people export them. Each
 * returns `undefined` for an empty cell and NaN (or null) for one that is not
 * a value of its kind, so the reader can count it as a bad row.
 */
import { safeParseDuration } from '../../scenarios/schema/duration.js';

const CLOCK = /^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/;
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Seconds, from `372`, `372.5`, `6:12` (m:ss), `00:06:12` (h:mm:ss) or `6m12s`; NaN if none of those. */
export function parseDurationCell(text: string): number {
  if (PLAIN.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) {
    if (clock[3] === undefined) return Number(clock[1]) * 60 + Number(clock[2]);
    return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  }
  const parsed = safeParseDuration(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** true / false from yes/no, true/false, y/n, t/f, 1/0 (any case); null if none. */
export function parseBooleanCell(text: string): boolean | null {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

const PRIORITY_WORDS: Record<string, number> = {
  urgent: 0,
  critical: 0,
  highest: 0,
  high: 1,
  normal: 2,
  medium: 2,
  low: 3,
  lowest: 3,
};

/** 0 (P1) … 3 (P4) from `P1`–`P4`, `1`–`4` or urgent/high/normal/low; null if none. */
export function parsePriorityCell(text: string): number | null {
  const t = text.toLowerCase();
  const m = /^p?([1-4])$/.exec(t);
  if (m) return Number(m[1]) - 1;
  return PRIORITY_WORDS[t] ?? null;
}

/** A tier ≥ 1 from `2`, `L2`, `tier 2`, `T2`, `second`; null if none. */
export function parseTierCell(text: string): number | null {
  const t = text.toLowerCase();
  const m = /^(?:l|t|tier|level|line)?\s*-?\s*(\d+)$/.exec(t);
  if (m && Number(m[1]) >= 1) return Number(m[1]);
  const words: Record<string, number> = { first: 1, second: 2, third: 3 };
  return words[t] ?? null;
}

const CONTAINED = new Set([
  'contained',
  'resolved',
  'deflected',
  'solved',
  'self-served',
  'true',
  'yes',
  'y',
  '1',
]);
const HANDOFF = new Set([
  'handoff',
  'hand-off',
  'handed-off',
  'handed off',
  'escalated',
  'transferred',
  'failed',
  'agent',
  'false',
  'no',
  'n',
  '0',
]);

/** Whether the bot contained the contact: contained/resolved/yes → true, handoff/transferred/no → false; null if none. */
export function parseOutcomeCell(text: string): boolean | null {
  const t = text.toLowerCase();
  if (CONTAINED.has(t)) return true;
  if (HANDOFF.has(t)) return false;
  return null;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * A channel (or group) value as a scenario name: kept when it is one
 * (a letter, then letters, digits, `_` or `-`), else lower-cased with every
 * other character run turned into `-` (`Live Chat` → `live-chat`); null when
 * nothing is left that starts with a letter.
 */
export function scenarioName(text: string): string | null {
  if (NAME.test(text)) return text;
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return NAME.test(cleaned) ? cleaned : null;
}
