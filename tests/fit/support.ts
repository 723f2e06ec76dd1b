/**
 * Scenarios with known parameters and histories generated from them by
 * slalab's own simulator (simulator/fit/syntheticHistory.ts), for the fit
 * tests.
 */

import type { Scenario } from '../../scenarios/schema/types.js';
import { validateScenarioText } from '../../scenarios/schema/validate.js';
import {
  historyCsv,
  type SyntheticOptions,
  syntheticContacts,
} from '../../simulator/fit/syntheticHistory.js';

/** A scenario from YAML text; fails the test with every issue if it does not validate. */
export function scenarioFrom(text: string): Scenario {
  const result = validateScenarioText(text, 'test.yaml');
  if (!result.ok) throw new Error(result.error.format());
  return result.scenario;
}

/**
 * The recovery scenario: phone (lognormal handle times, exponential
 * patience, business-hours arrivals) and e-mail (gamma handle times, flat
 * arrivals), escalations and reopens, four weeks.
 */
export const RECOVERY_YAML = `
version: 1
name: recovery
timezone: UTC
horizon: 4w
interval: 15m
warmup: 1d
arrivals:
  weeklyVolume: 4000
  dayOfWeek: [1.2, 1.1, 1.1, 1.0, 1.0, 0.4, 0.3]
  timeOfDay: business
  overdispersion: 0.1
channels:
  phone:
    kind: realtime
    share: 0.6
    handleTime: { dist: lognormal, mean: 5m, cv: 0.8 }
    afterContactWork: { dist: exponential, mean: 30s }
    patience: { dist: exponential, mean: 2m }
    priorities: { P2: 0.3, P3: 0.7 }
  email:
    kind: deferred
    share: 0.4
    handleTime: { dist: gamma, mean: 10m, cv: 0.6 }
    timeOfDay: flat
groups:
  L1:
    channels: [phone, email]
    staffing: { constant: 12 }
  L2:
    tier: 2
    takesEscalations: true
    staffing: { constant: 3 }
work:
  firstContactResolution: 0.85
  escalation: { to: L2, handleTime: { dist: lognormal, mean: 30m, cv: 1 } }
  reopen: { probability: 0.05, delay: { dist: exponential, mean: 1d }, handleTime: 5m }
sla:
  - { metric: serviceLevel, channel: phone, within: 20s, attainment: 0.8 }
  - { metric: abandonment, channel: phone, max: 0.05 }
  - { metric: firstResponse, channel: email, within: 24h, attainment: 0.9 }
`;

export const RECOVERY_AGENTS: SyntheticOptions['agents'] = { phone: 5, email: 3 };

/** A history CSV from a scenario. */
export function historyFrom(
  scenario: Scenario,
  options: SyntheticOptions,
  omit: string[] = [],
): string {
  return historyCsv(syntheticContacts(scenario, options), { omit: omit as never });
}
