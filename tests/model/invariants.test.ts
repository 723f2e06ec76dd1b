import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../simulator/model/compile.js';
import { CELL, CELL_FIELDS } from '../../simulator/model/layout.js';
import { runReplication } from '../../simulator/model/replicate.js';
import { buildResults } from '../../simulator/model/results.js';
import { HOUR, scenario } from './builders.js';

/** Everything at once: bots, chat concurrency with slowdown, e-mail backlog, escalation, reopen, staffing steps. */
function busyOperation() {
  const s = scenario({
    channels: [
      {
        name: 'phone',
        perHour: 40,
        ahtSeconds: 360,
        ahtCv: 0.8,
        patienceSeconds: 180,
        firstContactResolution: 0.85,
        afterContactWork: 60,
      },
      {
        name: 'chat',
        kind: 'chat',
        perHour: 60,
        ahtSeconds: 600,
        concurrency: 3,
        slowdown: [1, 1.2, 1.5],
        patienceSeconds: 300,
        firstContactResolution: 0.9,
        bot: {
          share: 0.7,
          containment: 0.4,
          handleTime: { dist: 'exponential', mean: 120 },
          handoffHandleTimeMultiplier: 1.2,
          countsAsFirstResponse: true,
        },
        priorityMix: { P1: 0.1, P2: 0.2, P3: 0.5, P4: 0.2 },
      },
      {
        name: 'email',
        kind: 'deferred',
        perHour: 30,
        ahtSeconds: 480,
        firstContactResolution: 0.8,
      },
    ],
    horizonDays: 2,
    groups: [
      { name: 'L1', agents: 8, channels: ['phone', 'chat', 'email'] },
      { name: 'L2', agents: 2, channels: [], tier: 2, escalations: true },
    ],
    escalation: { toGroup: 'L2', handleTime: { dist: 'exponential', mean: 1800 } },
    reopen: {
      probability: 0.05,
      delay: { dist: 'exponential', mean: 4 * HOUR },
      handleTime: { dist: 'exponential', mean: 300 },
    },
    sla: [
      {
        name: 'fr',
        metric: 'firstResponse',
        within: 2 * HOUR,
        attainment: 0.95,
        clock: 'calendar',
      },
      { name: 'res', metric: 'resolution', within: 24 * HOUR, attainment: 0.85, clock: 'business' },
      { name: 'ab', metric: 'abandonment', attainment: 0.05, clock: 'calendar' },
    ],
  });
  // Staffing that steps up and down every two hours, so agents leave mid-contact.
  s.groups[0].staffing = s.groups[0].staffing.map((_, i) => (Math.floor(i / 8) % 2 === 0 ? 9 : 4));
  return s;
}

describe('conservation of contacts', () => {
  it('ends every contact exactly once: resolved, abandoned or open at the end', () => {
    const s = busyOperation();
    for (let r = 0; r < 3; r++) {
      const out = runReplication(s, 7, r);
      const c = out.conservation;
      expect(c.created).toBeGreaterThan(4000);
      expect(c.resolved + c.abandoned + c.openAtEnd).toBe(c.created);
      // Per cell as well: every cell's arrivals end one way or another.
      for (let base = 0; base < out.cells.length; base += CELL_FIELDS) {
        const ended =
          out.cells[base + CELL.resolved] +
          out.cells[base + CELL.abandoned] +
          out.cells[base + CELL.openAtEnd];
        expect(ended).toBe(out.cells[base + CELL.arrivals]);
      }
      // The bot contains only what it was routed; agents handle the rest.
      let routed = 0;
      let contained = 0;
      for (let base = 0; base < out.cells.length; base += CELL_FIELDS) {
        routed += out.cells[base + CELL.botRouted];
        contained += out.cells[base + CELL.botContained];
      }
      expect(contained).toBeLessThanOrEqual(routed);
      expect(contained).toBeGreaterThan(0);
    }
  });
});

describe('determinism by seed', () => {
  it('gives bit-identical results for the same seed and different ones for another', () => {
    const s = busyOperation();
    const compiled = compileScenario(s);
    const run = (seed: number) =>
      JSON.stringify(
        buildResults(
          compiled,
          [0, 1].map((r) => runReplication(s, seed, r)),
          { seed, version: 't' },
        ),
      );
    const a = run(11);
    expect(run(11)).toBe(a);
    expect(run(12)).not.toBe(a.replace('"seed":11', '"seed":12'));
  });
});

describe('a recorded trace', () => {
  it('simulates to exactly the figures of the scenario it was drawn from, same seed', async () => {
    const { recordContacts } = await import('../../simulator/model/replicate.js');
    const s = busyOperation();
    const trace = recordContacts(s, 5, 0);
    expect(trace.length).toBeGreaterThan(4000);
    const direct = runReplication(s, 5, 0);
    const replayed = runReplication(s, 5, 0, trace);
    expect(Array.from(replayed.cells)).toEqual(Array.from(direct.cells));
    expect(Array.from(replayed.targets)).toEqual(Array.from(direct.targets));
    expect(Array.from(replayed.groups)).toEqual(Array.from(direct.groups));
    expect(replayed.conservation).toEqual(direct.conservation);
  });
});

describe('a replication without percentiles (the staffing search)', () => {
  it('counts exactly what a full replication counts, and leaves the percentiles NaN', async () => {
    const { SupportModel } = await import('../../simulator/model/supportModel.js');
    const { replicationStreams } = await import('../../simulator/model/replicate.js');
    const s = busyOperation();
    const full = runReplication(s, 9, 0);
    const lean = new SupportModel(compileScenario(s), replicationStreams(9, 0), {
      percentiles: false,
    }).run();
    expect(Array.from(lean.cells)).toEqual(Array.from(full.cells));
    expect(Array.from(lean.targets)).toEqual(Array.from(full.targets));
    expect(Array.from(lean.groups)).toEqual(Array.from(full.groups));
    expect(Array.from(lean.queues)).toEqual(Array.from(full.queues));
    expect(lean.contacts).toBe(full.contacts);
    expect(full.percentiles.some((v) => v > 0)).toBe(true);
    expect(lean.percentiles.every(Number.isNaN)).toBe(true);
    expect(lean.intervalPercentiles.every(Number.isNaN)).toBe(true);
  });
});
