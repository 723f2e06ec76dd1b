/**
 * Waits in queue as survival data: an abandonment is an observed patience
 * (an event at the wait), an answered contact only says the customer's
 * patience was longer than its wait (right-censored there). Streamed into
 * two {@link LogHistogram}s (events, censorings) plus the exact total
 * exposure and the events' log-times, which are all the Kaplan–Meier curve
 * and the censored fits need — bounded memory whatever the volume.
 *
 * Why not the mean of the abandonment times: only the impatient are seen
 * abandoning — everyone patient enough was answered first — so that mean is
 * biased low, by a lot when most callers are answered quickly. It is kept
 * (`naive`) only to show the difference; nothing estimates from it.
 */
import { Moments } from '../stats/moments.js';
import { LogHistogram } from './logHistogram.js';

export class CensoredSample {
  readonly events = new LogHistogram();
  readonly censored = new LogHistogram();
  /** Answered with no wait: in the risk set only at t = 0, no exposure. */
  zeroCensored = 0;
  /** Σ of every wait (events and censorings): the exponential MLE's exposure. */
  readonly exposure = new Moments();
  /** Abandonment times alone: the naive (biased) estimate, for contrast only. */
  readonly naive = new Moments();
  /** ln of the abandonment times (Weibull and lognormal likelihoods). */
  readonly eventLogs = new Moments();

  /** A customer who abandoned after waiting `t` seconds. */
  addEvent(t: number): void {
    const x = Math.max(0, t);
    this.events.add(Math.max(x, 0.01));
    this.exposure.add(x);
    this.naive.add(x);
    this.eventLogs.add(Math.log(Math.max(x, 0.01)));
  }

  /** A customer answered after waiting `t` seconds (patience > t). */
  addCensored(t: number): void {
    const x = Math.max(0, t);
    this.exposure.add(x);
    if (x <= 0) this.zeroCensored++;
    else this.censored.add(x);
  }

  get abandons(): number {
    return this.events.count;
  }

  /** Every wait recorded, answered or abandoned. */
  get n(): number {
    return this.events.count + this.censored.count + this.zeroCensored;
  }
}
