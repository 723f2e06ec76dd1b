/**
 * The history file's documented column set: one row per contact, these
 * names (or common aliases, or the user's own through `--map`), every column
 * but `created` and `channel` optional. A missing optional column means the
 * part of the model it feeds keeps a stated default, and the report says so.
 *
 * The table in scenarios/README.md ("History files") is this list; a test
 * checks they agree.
 */

export type ColumnKind = 'time' | 'duration' | 'boolean' | 'text' | 'priority' | 'tier' | 'outcome';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  required: boolean;
  /** What it means, for the README and for error messages. */
  meaning: string;
  /** Other header names recognised without --map (compared ignoring case, spaces, `_` and `-`). */
  aliases: readonly string[];
}

export const COLUMNS = [
  {
    name: 'created',
    kind: 'time',
    required: true,
    meaning: 'when the contact was created (arrived, or joined the queue)',
    aliases: [
      'created_at',
      'creation_time',
      'opened',
      'opened_at',
      'arrival',
      'arrived_at',
      'start_time',
      'timestamp',
    ],
  },
  {
    name: 'channel',
    kind: 'text',
    required: true,
    meaning: 'channel name (phone, chat, email …); becomes the scenario channel',
    aliases: ['medium', 'via', 'source', 'contact_type', 'queue'],
  },
  {
    name: 'id',
    kind: 'text',
    required: false,
    meaning: 'contact or ticket id (for messages only)',
    aliases: ['ticket_id', 'contact_id', 'call_id'],
  },
  {
    name: 'priority',
    kind: 'priority',
    required: false,
    meaning: 'P1–P4, 1–4, or urgent/high/normal/low',
    aliases: ['prio', 'severity'],
  },
  {
    name: 'queued',
    kind: 'time',
    required: false,
    meaning: 'when it joined the human queue, if later than created (after a bot or IVR)',
    aliases: ['queued_at', 'enqueued_at', 'handoff_at'],
  },
  {
    name: 'first_reply',
    kind: 'time',
    required: false,
    meaning: 'first public reply by an agent (calls: answered)',
    aliases: ['first_reply_at', 'first_response', 'first_response_at', 'answered', 'answered_at'],
  },
  {
    name: 'service_start',
    kind: 'time',
    required: false,
    meaning: 'an agent starts handling it',
    aliases: ['handling_start', 'start_of_service', 'talk_start'],
  },
  {
    name: 'service_end',
    kind: 'time',
    required: false,
    meaning: 'the agent stops handling it (before wrap-up)',
    aliases: ['handling_end', 'end_of_service', 'talk_end'],
  },
  {
    name: 'handle_time',
    kind: 'duration',
    required: false,
    meaning: 'agent handling time (seconds, HH:MM:SS or 6m30s); else service_end − service_start',
    aliases: ['handling_time', 'aht', 'talk_time', 'duration'],
  },
  {
    name: 'acw',
    kind: 'duration',
    required: false,
    meaning: 'after-contact work (wrap-up) time',
    aliases: ['after_contact_work', 'wrap_up', 'wrap_time', 'wrapup'],
  },
  {
    name: 'resolved',
    kind: 'time',
    required: false,
    meaning: 'final resolution (after any reopen)',
    aliases: ['resolved_at', 'solved', 'solved_at', 'closed', 'closed_at'],
  },
  {
    name: 'first_resolved',
    kind: 'time',
    required: false,
    meaning: 'first resolution, when it was reopened later',
    aliases: ['first_resolved_at', 'first_solved_at'],
  },
  {
    name: 'reopened',
    kind: 'boolean',
    required: false,
    meaning: 'reopened after a resolution',
    aliases: ['was_reopened', 'reopens'],
  },
  {
    name: 'reopened_at',
    kind: 'time',
    required: false,
    meaning: 'when it reopened',
    aliases: ['reopen_at', 'reopen_time'],
  },
  {
    name: 'abandoned',
    kind: 'boolean',
    required: false,
    meaning: 'the customer left before an agent answered',
    aliases: ['is_abandoned', 'hung_up'],
  },
  {
    name: 'abandoned_at',
    kind: 'time',
    required: false,
    meaning: 'when the customer left (patience is estimated from this)',
    aliases: ['abandon_time', 'abandoned_time', 'hangup_at'],
  },
  {
    name: 'agent',
    kind: 'text',
    required: false,
    meaning: 'who handled it (staffing proxy)',
    aliases: ['agent_id', 'assignee', 'handled_by'],
  },
  {
    name: 'group',
    kind: 'text',
    required: false,
    meaning: 'agent group or team',
    aliases: ['team', 'agent_group', 'skill'],
  },
  {
    name: 'tier',
    kind: 'tier',
    required: false,
    meaning: 'support tier: 1, 2, L1, L2 …',
    aliases: ['level', 'line'],
  },
  {
    name: 'escalated',
    kind: 'boolean',
    required: false,
    meaning: 'escalated to second line (not resolved at first contact)',
    aliases: ['is_escalated', 'transferred'],
  },
  {
    name: 'l2_handle_time',
    kind: 'duration',
    required: false,
    meaning: 'second-line handling time of an escalated contact',
    aliases: ['escalation_handle_time', 'tier2_handle_time'],
  },
  {
    name: 'bot',
    kind: 'boolean',
    required: false,
    meaning: 'a bot took the contact first',
    aliases: ['bot_involved', 'via_bot', 'botted'],
  },
  {
    name: 'bot_outcome',
    kind: 'outcome',
    required: false,
    meaning: 'contained (the bot resolved it) or handoff (passed to a person)',
    aliases: ['bot_result', 'bot_contained', 'deflected'],
  },
  {
    name: 'bot_handle_time',
    kind: 'duration',
    required: false,
    meaning: 'time the bot conversation lasted',
    aliases: ['bot_time', 'bot_duration'],
  },
] as const satisfies readonly ColumnSpec[];

export type ColumnName = (typeof COLUMNS)[number]['name'];

export const COLUMN_NAMES: readonly ColumnName[] = COLUMNS.map((c) => c.name);

/** A header name compared leniently: lower case, without spaces, `_`, `-` or `.`. */
export const looseName = (name: string): string => name.toLowerCase().replace(/[\s_.-]+/g, '');

/**
 * Parses `--map` entries `canonical=theirs`, several per entry separated by
 * commas (a column name that contains a comma needs an entry of its own).
 *
 * @throws {RangeError} naming every entry that is not `name=column` or names no known column
 * @example
 * parseColumnMap(['created=Created At,channel=Medium']); // { created: 'Created At', channel: 'Medium' }
 */
export function parseColumnMap(entries: readonly string[]): Partial<Record<ColumnName, string>> {
  const map: Partial<Record<ColumnName, string>> = {};
  const problems: string[] = [];
  for (const entry of entries) {
    const parts = entry.includes('=') && entry.split('=').length > 2 ? entry.split(',') : [entry];
    for (const part of parts) {
      const at = part.indexOf('=');
      if (at <= 0 || at === part.length - 1) {
        problems.push(`'${part}' is not name=column`);
        continue;
      }
      const key = part.slice(0, at).trim();
      const value = part.slice(at + 1).trim();
      const known = COLUMN_NAMES.find((c) => looseName(c) === looseName(key));
      if (!known) {
        problems.push(`'${key}' is not a history column (known: ${COLUMN_NAMES.join(', ')})`);
        continue;
      }
      map[known] = value;
    }
  }
  if (problems.length > 0) throw new RangeError(`--map: ${problems.join('; ')}`);
  return map;
}
