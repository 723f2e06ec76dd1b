/**
 * Every random outcome of one contact, drawn when it arrives.
 *
 * Drawing everything up front, each purpose from its own named stream, does
 * two things: two variants of a scenario see the same contacts (common random
 * numbers: adding a bot does not change anyone's handle time), and a trace
 * can carry exactly these draws to the load test, so the simulator and the
 * replay share one sample path.
 */
import type { Stream, Streams } from '../engine/random.js';
import type { CompiledChannel, CompiledScenario } from './compile.js';

export interface ContactDraws {
  channel: number;
  /** 0 = P1 ... 3 = P4. */
  priority: number;
  botRouted: boolean;
  botHandleTime: number;
  botContained: boolean;
  /** Human handle time (solo seconds), already multiplied after a bot hand-off. */
  handleTime: number;
  afterContactWork: number;
  /** Infinity when the channel's customers never abandon. */
  patience: number;
  firstContactResolution: boolean;
  escalationHandleTime: number;
  reopens: boolean;
  reopenDelay: number;
  reopenHandleTime: number;
}

/** The named streams of one replication, one per purpose. */
export class DrawStreams {
  readonly priority: Stream;
  readonly bot: Stream;
  readonly handle: Stream;
  readonly acw: Stream;
  readonly patience: Stream;
  readonly resolution: Stream;
  readonly escalation: Stream;
  readonly reopen: Stream;

  constructor(streams: Streams) {
    this.priority = streams.stream('priority');
    this.bot = streams.stream('bot');
    this.handle = streams.stream('handle-time');
    this.acw = streams.stream('after-contact-work');
    this.patience = streams.stream('patience');
    this.resolution = streams.stream('first-contact-resolution');
    this.escalation = streams.stream('escalation');
    this.reopen = streams.stream('reopen');
  }
}

/** An all-zero draws object, to be filled in place. */
export function blankDraws(): ContactDraws {
  return {
    channel: 0,
    priority: 0,
    botRouted: false,
    botHandleTime: 0,
    botContained: false,
    handleTime: 0,
    afterContactWork: 0,
    patience: 0,
    firstContactResolution: false,
    escalationHandleTime: 0,
    reopens: false,
    reopenDelay: 0,
    reopenHandleTime: 0,
  };
}

/**
 * Draws one contact of `channel` into `into` (filled in place: the hot path
 * allocates nothing). Every stream is used the same way whichever branch a
 * contact takes, so one contact's outcome never shifts the next one's draws.
 */
export function drawContact(
  scenario: CompiledScenario,
  channel: CompiledChannel,
  s: DrawStreams,
  into: ContactDraws = blankDraws(),
): ContactDraws {
  const u = s.priority.next();
  let priority = 0;
  while (priority < 3 && u > channel.priorityCumulative[priority]) priority++;

  const bot = channel.bot;
  const uRouted = s.bot.next();
  const uContained = s.bot.next();
  const botHandleTime = bot ? bot.handleTime.sample(s.bot) : 0;
  const botRouted = bot !== undefined && uRouted < bot.share;
  const botContained = botRouted && uContained < bot!.containment;

  let handleTime = channel.handleTime.sample(s.handle);
  if (botRouted && !botContained) handleTime *= bot!.handoffHandleTimeMultiplier;
  const afterContactWork = channel.afterContactWork ? channel.afterContactWork.sample(s.acw) : 0;
  const patience = channel.patience
    ? channel.patience.sample(s.patience)
    : Number.POSITIVE_INFINITY;
  const firstContactResolution = s.resolution.next() < channel.firstContactResolution;
  const escalationHandleTime = scenario.escalationHandleTime
    ? scenario.escalationHandleTime.sample(s.escalation)
    : 0;
  const uReopen = s.reopen.next();
  const reopen = scenario.reopen;
  const reopenDelay = reopen ? reopen.delay.sample(s.reopen) : 0;
  const reopenHandleTime = reopen ? reopen.handleTime.sample(s.reopen) : 0;
  into.channel = channel.index;
  into.priority = priority;
  into.botRouted = botRouted;
  into.botHandleTime = botHandleTime;
  into.botContained = botContained;
  into.handleTime = handleTime;
  into.afterContactWork = afterContactWork;
  into.patience = patience;
  into.firstContactResolution = firstContactResolution;
  into.escalationHandleTime = escalationHandleTime;
  into.reopens = reopen !== undefined && uReopen < reopen.probability;
  into.reopenDelay = reopenDelay;
  into.reopenHandleTime = reopenHandleTime;
  return into;
}
