/**
 * Fitting a scenario from a helpdesk's history: one streaming pass over the
 * contacts feeds bounded accumulators (counts per day and interval,
 * sufficient statistics, log-bucket histograms), and the estimators in this
 * folder turn them into every parameter of a scenario with its confidence
 * interval and basis. What the history does not have keeps a stated default
 * (listed in `defaults`), never a silent guess.
 *
 * Per channel: arrivals (arrivals.ts), handle time and after-contact work
 * (distributionFits.ts; contacts under 10 s reported as a share apart),
 * patience from abandonment with answered contacts censored (censoredFits.ts,
 * kaplanMeier.ts), priority mix, bot share, containment and hand-off
 * multiplier, first-contact resolution, and for chat and messaging the
 * sessions an agent holds at once (sessionOverlap.ts). Across channels: escalation handle
 * time (L2), reopen probability and delay, staffing (staffingProxy.ts).
 */
import type { ChannelKind, Priority } from '../../scenarios/schema/types.js';
import { PRIORITIES } from '../../scenarios/schema/types.js';
import { Moments } from '../stats/moments.js';
import { ArrivalCounter, type ArrivalsFit, estimateArrivals } from './arrivals.js';
import { fitPatience, type PatienceFit } from './censoredFits.js';
import { CensoredSample } from './censoredSample.js';
import type { ColumnName } from './columns.js';
import { type Criterion, type DurationFit, fitDurations } from './distributionFits.js';
import { DurationSample, SHORT_CONTACT_SECONDS } from './durationSample.js';
import { type Estimate, proportion, ratioOfMeans, Z } from './estimate.js';
import { parseTierCell, scenarioName } from './fieldValues.js';
import {
  type HistoryContact,
  type HistoryOptions,
  type HistorySummary,
  readHistory,
  readHistoryText,
} from './historyReader.js';
import { type ConcurrencyFit, SessionOverlap } from './sessionOverlap.js';
import { type GroupStaffing, StaffingProxy } from './staffingProxy.js';
import { localDayLabel } from './timestamps.js';

export interface FitOptions extends HistoryOptions {
  /** Interval of the profile and staffing, seconds (default 900). */
  interval?: number;
  criterion?: Criterion;
  /** Channel kinds by name, overriding the guess. */
  kinds?: Record<string, ChannelKind>;
}

export interface BotFit {
  share: Estimate;
  containment?: Estimate;
  handleTime?: DurationFit;
  /** Human handle time after a bot hand-off ÷ without a bot. */
  handoffMultiplier?: Estimate;
}

export interface ChannelFit {
  name: string;
  kind: ChannelKind;
  /** Why this kind: `--kind`, the name, or the data. */
  kindBasis: string;
  contacts: number;
  priorities?: Record<Priority, Estimate>;
  handleTime?: DurationFit;
  /** Handle time by tier, where the history gives tiers. */
  handleTimeByTier: Array<{ tier: number; fit: DurationFit }>;
  afterContactWork?: DurationFit;
  /** Share of wrap-ups that are zero (none). */
  afterContactWorkZero?: Estimate;
  abandonment?: Estimate;
  patience?: PatienceFit;
  /** Abandoned contacts without an abandonment time (not usable for patience). */
  abandonedWithoutTime: number;
  /** Share escalated among contacts handled by a person. */
  escalation?: Estimate;
  bot?: BotFit;
  /** Mean seconds to the first agent reply of answered contacts. */
  firstReplyMean?: Estimate;
  /** Sessions an agent holds at once (chat and messaging, from agents' overlapping sessions). */
  concurrency?: ConcurrencyFit;
}

export interface FitResult {
  history: HistorySummary;
  interval: number;
  timeZone: string;
  criterion: Criterion;
  /** First and last local day, as labels. */
  period: { first: string; last: string; days: number };
  arrivals: ArrivalsFit;
  channels: ChannelFit[];
  escalation?: { share: Estimate; handleTime?: DurationFit; handleTimeBasis: string };
  reopen?: { probability: Estimate; delay?: DurationFit };
  staffing: GroupStaffing[];
  /** What was not estimated and keeps a default, in sentences. */
  defaults: string[];
  /** Other things the planner should know. */
  notes: string[];
}

const KIND_PATTERNS: Array<[RegExp, ChannelKind]> = [
  [/phone|voice|call|tel|ivr/i, 'realtime'],
  [/chat|live/i, 'chat'],
  [/mail|web|form|ticket|portal|case/i, 'deferred'],
  [/messag|whatsapp|wechat|sms|app|social|telegram|facebook|twitter|instagram|line/i, 'messaging'],
];

/** The channel kind from its name, else from the data (abandons → realtime, none → deferred). */
export function guessKind(name: string, abandons: boolean): { kind: ChannelKind; basis: string } {
  for (const [pattern, kind] of KIND_PATTERNS) {
    if (pattern.test(name)) return { kind, basis: `guessed from the name '${name}'` };
  }
  return abandons
    ? { kind: 'realtime', basis: 'guessed: customers abandon, so a live queue (realtime)' }
    : { kind: 'deferred', basis: 'guessed: nobody abandons, so a backlog (deferred)' };
}

class ChannelAccumulator {
  contacts = 0;
  readonly priorities = [0, 0, 0, 0];
  priorityKnown = 0;
  readonly handle = new DurationSample(SHORT_CONTACT_SECONDS);
  readonly handleByTier = new Map<number, DurationSample>();
  readonly handleDirect = new Moments();
  readonly handleHandoff = new Moments();
  readonly acw = new DurationSample(0);
  readonly patience = new CensoredSample();
  abandonKnown = 0;
  abandoned = 0;
  abandonedWithoutTime = 0;
  escalationKnown = 0;
  escalated = 0;
  botKnown = 0;
  bot = 0;
  containmentKnown = 0;
  contained = 0;
  readonly botHandle = new DurationSample(0);
  readonly firstReply = new Moments();
  /** Only where the channel can be chat or messaging: counting overlaps costs a scan per contact. */
  readonly sessions: SessionOverlap | undefined;

  constructor(
    readonly name: string,
    kind: ChannelKind | undefined,
  ) {
    // The data alone never make a channel chat or messaging (see guessKind): its name or --kind does.
    const live = kind ?? guessKind(name, false).kind;
    if (live === 'chat' || live === 'messaging') this.sessions = new SessionOverlap();
  }
}

/** The streaming side of the fit: every contact goes through `add`. */
export class FitAccumulator {
  readonly arrivals: ArrivalCounter;
  readonly staffing: StaffingProxy;
  private readonly channels = new Map<string, { index: number; acc: ChannelAccumulator }>();
  readonly l2Handle = new DurationSample(SHORT_CONTACT_SECONDS);
  readonly tier2Handle = new DurationSample(SHORT_CONTACT_SECONDS);
  readonly reopenDelay = new DurationSample(0);
  reopenKnown = 0;
  reopened = 0;

  constructor(
    readonly interval: number,
    private readonly kinds: Record<string, ChannelKind> = {},
  ) {
    this.arrivals = new ArrivalCounter(interval);
    this.staffing = new StaffingProxy(interval);
  }

  add = (c: HistoryContact): void => {
    let entry = this.channels.get(c.channel);
    if (!entry) {
      entry = {
        index: this.channels.size,
        acc: new ChannelAccumulator(c.channel, this.kinds[c.channel]),
      };
      this.channels.set(c.channel, entry);
    }
    const ch = entry.acc;
    ch.contacts++;
    this.arrivals.add(entry.index, c.local);
    if (c.priority !== undefined) {
      ch.priorities[c.priority]++;
      ch.priorityKnown++;
    }
    if (c.bot !== undefined) {
      ch.botKnown++;
      if (c.bot) ch.bot++;
    }
    const contained = c.bot === true && c.botContained === true;
    if (c.bot === true && c.botContained !== undefined) {
      ch.containmentKnown++;
      if (c.botContained) ch.contained++;
    }
    if (c.bot === true) {
      const botTime = c.botHandleTime ?? (contained ? c.resolved : c.queued);
      if (botTime !== undefined) ch.botHandle.add(botTime);
    }
    if (c.abandoned !== undefined) {
      ch.abandonKnown++;
      if (c.abandoned) ch.abandoned++;
    }
    const queueEntry =
      c.queued ??
      (c.bot === true && !contained && c.botHandleTime !== undefined ? c.botHandleTime : 0);
    const answeredAt = c.serviceStart ?? c.firstReply;
    if (c.abandoned) {
      if (c.abandonedAt !== undefined) ch.patience.addEvent(c.abandonedAt - queueEntry);
      else ch.abandonedWithoutTime++;
      return;
    }
    if (contained) return;
    if (answeredAt !== undefined) ch.patience.addCensored(answeredAt - queueEntry);
    if (c.firstReply !== undefined) ch.firstReply.add(c.firstReply);
    const tier = c.tier ?? (c.group !== undefined ? (parseTierCell(c.group) ?? 1) : 1);
    if (c.handleTime !== undefined) {
      if (tier >= 2) this.tier2Handle.add(c.handleTime);
      else if (c.bot === true) ch.handleHandoff.add(c.handleTime);
      else {
        ch.handle.add(c.handleTime);
        if (c.bot === false) ch.handleDirect.add(c.handleTime);
      }
      let byTier = ch.handleByTier.get(tier);
      if (!byTier) {
        byTier = new DurationSample(SHORT_CONTACT_SECONDS);
        ch.handleByTier.set(tier, byTier);
      }
      byTier.add(c.handleTime);
      if (answeredAt !== undefined && c.agent !== undefined && tier === 1) {
        ch.sessions?.add(c.agent, c.local + answeredAt, c.local + answeredAt + c.handleTime);
      }
      if (answeredAt !== undefined) {
        this.staffing.add(
          {
            tier,
            group: c.group === undefined ? undefined : (scenarioName(c.group) ?? undefined),
            agent: c.agent,
            channel: c.channel,
          },
          c.local + answeredAt,
          c.handleTime + (c.acw ?? 0),
        );
      }
    }
    if (c.acw !== undefined) ch.acw.add(c.acw);
    if (c.escalated !== undefined) {
      ch.escalationKnown++;
      if (c.escalated) {
        ch.escalated++;
        if (c.l2HandleTime !== undefined) this.l2Handle.add(c.l2HandleTime);
      }
    }
    if (c.reopened !== undefined && (c.resolved !== undefined || c.reopened)) {
      this.reopenKnown++;
      if (c.reopened) {
        this.reopened++;
        if (c.reopenedAt !== undefined && c.firstResolved !== undefined)
          this.reopenDelay.add(c.reopenedAt - c.firstResolved);
      }
    }
  };

  channelEntries(): Array<{ index: number; acc: ChannelAccumulator }> {
    return [...this.channels.values()];
  }
}

const has = (summary: HistorySummary, column: ColumnName) => summary.columns[column] !== undefined;

/** Turns the accumulated statistics into the fit. */
export function finishFit(
  acc: FitAccumulator,
  history: HistorySummary,
  options: FitOptions,
): FitResult {
  const criterion = options.criterion ?? 'bic';
  const entries = acc.channelEntries();
  const names = entries.map((e) => e.acc.name);
  const observed = history.format === 'observed';
  const labelDay = observed
    ? (day: number) =>
        `day ${day - Math.floor(Date.UTC(2024, 0, 1) / 86_400_000)} ${localDayLabel(day).slice(11)}`
    : localDayLabel;
  const arrivals = estimateArrivals(acc.arrivals, names, labelDay)!;
  const defaults: string[] = [];
  const notes: string[] = [];

  const channels: ChannelFit[] = entries.map(({ acc: ch }) => {
    const kindOverride = options.kinds?.[ch.name];
    const guessed = guessKind(ch.name, ch.abandoned > 0);
    const kind = kindOverride ?? guessed.kind;
    const fit: ChannelFit = {
      name: ch.name,
      kind,
      kindBasis: kindOverride ? 'given with --kind' : guessed.basis,
      contacts: ch.contacts,
      handleTimeByTier: [],
      abandonedWithoutTime: ch.abandonedWithoutTime,
    };
    if (ch.priorityKnown > 0) {
      fit.priorities = Object.fromEntries(
        PRIORITIES.map((p, k) => [
          p,
          proportion(ch.priorities[k], ch.priorityKnown, `${ch.name} contacts with a priority`),
        ]),
      ) as Record<Priority, Estimate>;
    }
    fit.handleTime = fitDurations(ch.handle, criterion);
    for (const [tier, sample] of [...ch.handleByTier.entries()].sort((a, b) => a[0] - b[0])) {
      const f = fitDurations(sample, criterion);
      if (f) fit.handleTimeByTier.push({ tier, fit: f });
    }
    if (ch.acw.total > 0) {
      fit.afterContactWork = fitDurations(ch.acw, criterion);
      fit.afterContactWorkZero = proportion(ch.acw.short, ch.acw.total, `${ch.name} wrap-ups`);
    }
    if (ch.abandonKnown > 0) {
      fit.abandonment = proportion(ch.abandoned, ch.abandonKnown, `${ch.name} contacts`);
    }
    if (kind !== 'deferred') fit.patience = fitPatience(ch.patience);
    if (kind === 'chat' || kind === 'messaging') {
      fit.concurrency = ch.sessions?.estimate();
      if (!fit.concurrency)
        defaults.push(
          `${ch.name} concurrency: fewer than 30 sessions with an agent and service times; 1 session per agent`,
        );
    } else if (ch.abandoned > 0) {
      notes.push(
        `${ch.name} is deferred (never abandons) but ${ch.abandoned} contacts abandoned: patience not fitted; give --kind ${ch.name}=realtime (or chat, messaging) to fit it`,
      );
    }
    if (ch.escalationKnown > 0) {
      fit.escalation = proportion(
        ch.escalated,
        ch.escalationKnown,
        `${ch.name} contacts handled by a person`,
      );
    }
    if (ch.botKnown > 0 && ch.bot > 0) {
      const bot: BotFit = { share: proportion(ch.bot, ch.botKnown, `${ch.name} contacts`) };
      if (ch.containmentKnown > 0)
        bot.containment = proportion(
          ch.contained,
          ch.containmentKnown,
          `${ch.name} bot conversations`,
        );
      bot.handleTime = fitDurations(ch.botHandle, criterion);
      const a = ch.handleHandoff;
      const b = ch.handleDirect;
      if (a.count >= 30 && b.count >= 30) {
        bot.handoffMultiplier = ratioOfMeans(
          { mean: a.mean, sd: a.stdDev, n: a.count },
          { mean: b.mean, sd: b.stdDev, n: b.count },
          `mean handle time after a hand-off (${a.count}) ÷ without a bot (${b.count}), delta-method interval`,
        );
      }
      fit.bot = bot;
    }
    if (ch.firstReply.count >= 2) {
      const m = ch.firstReply;
      const half = (Z * m.stdDev) / Math.sqrt(m.count);
      fit.firstReplyMean = {
        value: m.mean,
        lo: Math.max(0, m.mean - half),
        hi: m.mean + half,
        n: m.count,
        basis: 'mean seconds from creation to the first agent reply, normal interval',
      };
    }
    return fit;
  });
  channels.sort((a, b) => b.contacts - a.contacts || a.name.localeCompare(b.name));

  // Across channels.
  let escalation: FitResult['escalation'];
  const escalationKnown = entries.reduce((s, e) => s + e.acc.escalationKnown, 0);
  const escalated = entries.reduce((s, e) => s + e.acc.escalated, 0);
  if (escalationKnown > 0) {
    const l2 = fitDurations(acc.l2Handle, criterion) ?? fitDurations(acc.tier2Handle, criterion);
    escalation = {
      share: proportion(escalated, escalationKnown, 'contacts handled by a person'),
      handleTime: l2,
      handleTimeBasis:
        acc.l2Handle.n >= 5
          ? 'l2_handle_time'
          : acc.tier2Handle.n >= 5
            ? 'handle_time of tier ≥ 2 rows'
            : 'default',
    };
  }
  let reopen: FitResult['reopen'];
  if (acc.reopenKnown > 0) {
    reopen = {
      probability: proportion(acc.reopened, acc.reopenKnown, 'resolved contacts'),
      delay: fitDurations(acc.reopenDelay, criterion),
    };
  }

  // Staffing.
  const skip = new Set(arrivals.outliers.map((o) => o.day));
  const staffing = acc.staffing.estimate(arrivals.firstDay, arrivals.lastDay, skip);

  // What keeps a default.
  const missing = (column: ColumnName, what: string) => {
    if (!has(history, column)) defaults.push(what);
  };
  if (!channels.some((c) => c.handleTime)) {
    defaults.push(
      `handle time: no handle_time (or service_start and service_end) column; each channel keeps a default (lognormal, mean 5m, cv 1)`,
    );
  }
  for (const c of channels) {
    if (!c.handleTime && channels.some((x) => x.handleTime))
      defaults.push(
        `${c.name} handle time: fewer than 5 timed contacts; default lognormal mean 5m, cv 1`,
      );
    if (c.kind !== 'deferred' && !c.patience) {
      defaults.push(
        c.abandonment && c.abandonment.value > 0
          ? `${c.name} patience: ${c.abandonedWithoutTime} abandons but no abandoned_at times; customers keep the default (never abandon) — add abandoned_at to estimate it`
          : `${c.name} patience: no abandonment recorded; customers never abandon`,
      );
    }
    if (c.abandonedWithoutTime > 0 && c.patience) {
      notes.push(
        `${c.name}: ${c.abandonedWithoutTime} abandoned contacts have no abandoned_at and are left out of the patience fit`,
      );
    }
    if (c.kindBasis.startsWith('guessed'))
      notes.push(
        `${c.name}: kind ${c.kind} ${c.kindBasis}; set it with --kind ${c.name}=<realtime|chat|deferred|messaging>`,
      );
    if (c.handleTime && c.handleTime.short.value > 0.01) {
      notes.push(
        `${c.name}: ${(100 * c.handleTime.short.value).toFixed(1)}% of contacts were handled in under ${SHORT_CONTACT_SECONDS} s; they are a share apart, not in the handle-time fit`,
      );
    }
  }
  missing('priority', 'priorities: no priority column; every contact is P3');
  missing('acw', 'after-contact work: no acw column; none');
  missing(
    'escalated',
    'first-contact resolution: no escalated column; every contact is resolved at first contact (1)',
  );
  if (escalation && !escalation.handleTime)
    defaults.push(
      'escalation handle time: no l2_handle_time (or tier ≥ 2 rows); default lognormal mean 30m, cv 1',
    );
  missing('reopened', 'reopens: no reopened column; none');
  if (reopen && !reopen.delay)
    defaults.push('reopen delay: no reopened_at with first_resolved; default exponential mean 1d');
  if (reopen)
    defaults.push('reopen handle time: not in the data; the channels’ pooled handle time');
  missing('bot', 'bot: no bot column; no bot in front of any channel');
  if (has(history, 'bot') && !has(history, 'bot_outcome'))
    defaults.push('bot containment: no bot_outcome column; default 0.5');
  if (channels.some((c) => c.bot && !c.bot.handleTime))
    defaults.push('bot handle time: no bot_handle_time (or queued) column; default 1m');
  if (staffing.length === 0)
    defaults.push(
      'staffing: no timed agent work (service_start or first_reply with a handle time); sized for the offered load at 85% occupancy',
    );
  if (arrivals.missingWeekdays.length > 0) {
    notes.push(
      `no normal ${arrivals.missingWeekdays.map((w) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][w]).join(', ')} in the history: those weekdays get the channel's mean day`,
    );
  }
  if (arrivals.outlierNote) notes.push(arrivals.outlierNote);

  return {
    history,
    interval: acc.interval,
    timeZone: history.timeZone,
    criterion,
    period: {
      first: labelDay(arrivals.firstDay),
      last: labelDay(arrivals.lastDay),
      days: arrivals.days,
    },
    arrivals,
    channels,
    escalation,
    reopen,
    staffing,
    defaults,
    notes,
  };
}

/** Checks the interval: whole seconds, at least a minute, dividing a day. */
export function checkInterval(interval: number): void {
  if (!Number.isInteger(interval) || interval < 60 || 86_400 % interval !== 0) {
    throw new RangeError(
      `interval must be whole seconds, at least 1m, dividing one day; got ${interval} s`,
    );
  }
}

/** Reads a history file and fits a scenario's parameters from it (one streaming pass). */
export async function fitHistory(path: string, options: FitOptions = {}): Promise<FitResult> {
  const interval = options.interval ?? 900;
  checkInterval(interval);
  const acc = new FitAccumulator(interval, options.kinds);
  const history = await readHistory(path, options, acc.add);
  return finishFit(acc, history, options);
}

/** The same from text in memory. */
export function fitHistoryText(
  text: string,
  options: FitOptions = {},
  source = 'history.csv',
): FitResult {
  const interval = options.interval ?? 900;
  checkInterval(interval);
  const acc = new FitAccumulator(interval, options.kinds);
  const history = readHistoryText(text, options, acc.add, source);
  return finishFit(acc, history, options);
}
