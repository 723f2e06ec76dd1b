/**
 * `slalab sim-queue <model>`: the same single queue as `slalab erlang`, by
 * simulation, with 95% confidence intervals; and beyond the formulas'
 * reach: non-exponential handle times (--aht-cv) and patience (--patience-cv).
 * With exponential times, the Erlang value is printed beside each estimate.
 */
import type { Argv, CommandModule } from 'yargs';
import {
  erlangAMeasures,
  erlangB,
  erlangCMeasures,
  minAgentsForServiceLevel,
  mmckMeasures,
} from '../../simulator/analytic/index.js';
import { type Distribution, exponential, lognormal } from '../../simulator/distributions/index.js';
import type { QueueParams } from '../../simulator/queue/multiServerQueue.js';
import {
  type QueueEstimate,
  type QueueSummary,
  replicateQueue,
} from '../../simulator/queue/replicateQueue.js';
import { requireNumber, UsageError } from '../errors.js';
import { progressBar } from '../output.js';
import { ERLANG_MODELS, type ErlangArgs, type ErlangModel } from './erlang.js';

/** The same four models as `slalab erlang`. */
const MODELS = ERLANG_MODELS;
type Model = ErlangModel;

/** `slalab erlang`'s flags, plus the simulation's own. */
export interface SimQueueArgs extends ErlangArgs {
  customers?: unknown;
  seed?: unknown;
  replications?: unknown;
  ahtCv?: unknown;
  patienceCv?: unknown;
  quiet?: boolean;
}

/** JSON output: each measure as {mean, lo, hi} (lo/hi null with one replication), null where it does not apply. */
export interface SimQueueJson {
  model: Model;
  agents: number;
  replications: number;
  customersPerReplication: number;
  seed: number | string;
  pWait: QueueEstimate | null;
  asa: QueueEstimate | null;
  serviceLevel: QueueEstimate | null;
  pAbandon: QueueEstimate | null;
  blocking: QueueEstimate | null;
  occupancy: QueueEstimate;
  /** The closed-form values for the same inputs, when every time is exponential. */
  theory: Record<string, number | null> | null;
}

const opt = (flag: string, value: unknown, o: Parameters<typeof requireNumber>[2]) =>
  value === undefined ? undefined : requireNumber(flag, value, o);

/** A duration law with the given mean and cv: exponential at cv = 1, lognormal otherwise. */
function law(mean: number, cv: number): Distribution {
  return cv === 1 ? exponential(mean) : lognormal(mean, cv);
}

export function runSimQueue(
  args: SimQueueArgs,
  onProgress?: (done: number, total: number) => void,
): { text: string; json: SimQueueJson } {
  if (!(MODELS as readonly string[]).includes(args.model)) {
    throw new UsageError(
      `model: must be one of ${MODELS.join(', ')}, got ${JSON.stringify(args.model)}`,
    );
  }
  const model = args.model as Model;
  const perHour = requireNumber('--arrival-rate', args.arrivalRate ?? missing('--arrival-rate'), {
    min: 0,
    exclusiveMin: true,
  });
  const aht = requireNumber('--aht', args.aht ?? missing('--aht'), { min: 0, exclusiveMin: true });
  const ahtCv = opt('--aht-cv', args.ahtCv, { min: 0 }) ?? 1;
  const patience = opt('--patience', args.patience, { min: 0, exclusiveMin: true });
  const patienceCv = opt('--patience-cv', args.patienceCv, { min: 0 }) ?? 1;
  if (model === 'a' && patience === undefined)
    throw new UsageError('--patience: required for model a');
  if (model !== 'a' && patience !== undefined)
    throw new UsageError(`--patience: applies only to model a, not ${model}`);
  if (args.patienceCv !== undefined && model !== 'a')
    throw new UsageError('--patience-cv: applies only to model a');
  const target = opt('--target', args.target, { min: 0 });
  const goal = opt('--service-level', args.serviceLevel, { min: 0, exclusiveMin: true, max: 1 });
  if (args.asa !== undefined) {
    throw new UsageError(
      '--asa: sim-queue sizes by service level only; use `slalab erlang` for an ASA target',
    );
  }
  if (goal !== undefined && target === undefined)
    throw new UsageError('--service-level: needs --target (seconds)');
  const customers = requireNumber('--customers', args.customers ?? 200_000, {
    integer: true,
    min: 100,
  });
  const replications = requireNumber('--replications', args.replications ?? 10, {
    integer: true,
    min: 1,
  });
  const seedRaw = args.seed ?? 1;
  const seed =
    typeof seedRaw === 'number' || /^-?\d+$/.test(String(seedRaw))
      ? Number(seedRaw)
      : String(seedRaw);

  const lambda = perHour / 3600;
  const params = (agents: number): QueueParams => {
    let capacity: number | undefined;
    if (model === 'b') capacity = agents;
    if (model === 'mmck') {
      capacity = requireNumber('--capacity', args.capacity ?? missing('--capacity'), {
        integer: true,
        min: agents,
      });
    } else if (args.capacity !== undefined) {
      throw new UsageError(`--capacity: applies only to model mmck, not ${model}`);
    }
    return {
      arrivalRates: [lambda],
      servers: agents,
      service: law(aht, ahtCv),
      patience: patience === undefined ? undefined : law(patience, patienceCv),
      capacity,
      customers,
      warmup: Math.round(customers / 10),
      target,
    };
  };
  const simulate = (agents: number) =>
    replicateQueue(params(agents), { replications, seed, onProgress });
  const slMean = (s: QueueSummary) => s.measures.serviceLevel.mean;

  let agents: number;
  let summary: QueueSummary;
  if (goal !== undefined) {
    if (args.agents !== undefined)
      throw new UsageError('--agents: give either --agents or --service-level, not both');
    // Seed with the formula, then step by simulation to the fewest agents
    // whose simulated mean service level meets the goal.
    const seedAgents = minAgentsForServiceLevel({
      model: model === 'a' ? 'a' : 'c',
      arrivalRate: lambda,
      serviceRate: 1 / aht,
      patienceRate: patience === undefined ? undefined : 1 / patience,
      target: target!,
      fraction: goal,
    });
    agents = seedAgents;
    summary = simulate(agents);
    while (slMean(summary) < goal) summary = simulate(++agents);
    for (;;) {
      if (agents <= 1) break;
      const fewer = simulate(agents - 1);
      if (slMean(fewer) < goal) break;
      agents--;
      summary = fewer;
    }
  } else {
    agents = requireNumber('--agents', args.agents ?? missing('--agents'), {
      integer: true,
      min: 1,
    });
    if (model === 'c' && lambda * aht >= agents) {
      throw new UsageError(
        `--agents: ${agents} agents cannot keep up with ${(lambda * aht).toFixed(2)} Erlangs when nobody abandons; use more agents or model a`,
      );
    }
    summary = simulate(agents);
  }

  const m = summary.measures;
  const exponentialTimes = ahtCv === 1 && patienceCv === 1;
  const json: SimQueueJson = {
    model,
    agents,
    replications,
    customersPerReplication: customers,
    seed,
    pWait: model === 'b' ? null : m.pWait,
    asa: model === 'b' ? null : m.asa,
    serviceLevel: target === undefined || model === 'b' ? null : m.serviceLevel,
    pAbandon: model === 'a' ? m.pAbandon : null,
    blocking: model === 'b' || model === 'mmck' ? m.blocking : null,
    occupancy: m.occupancy,
    theory: exponentialTimes
      ? theory(model, lambda, aht, agents, patience, params(agents).capacity, target)
      : null,
  };
  return { text: format(json, { perHour, aht, ahtCv, patience, patienceCv, target }), json };
}

function theory(
  model: Model,
  lambda: number,
  aht: number,
  agents: number,
  patience: number | undefined,
  capacity: number | undefined,
  target: number | undefined,
): Record<string, number | null> {
  const mu = 1 / aht;
  if (model === 'b') return { blocking: erlangB(agents, lambda * aht), occupancy: null };
  if (model === 'c') {
    const t = erlangCMeasures({ arrivalRate: lambda, serviceRate: mu, servers: agents, target });
    return {
      pWait: t.pWait,
      asa: t.asa,
      serviceLevel: t.serviceLevel ?? null,
      occupancy: t.occupancy,
    };
  }
  if (model === 'a') {
    const t = erlangAMeasures({
      arrivalRate: lambda,
      serviceRate: mu,
      patienceRate: 1 / patience!,
      servers: agents,
      target,
    });
    return {
      pWait: t.pWait,
      asa: t.asa,
      serviceLevel: t.serviceLevel ?? null,
      pAbandon: t.pAbandon,
      occupancy: t.occupancy,
    };
  }
  const t = mmckMeasures({
    arrivalRate: lambda,
    serviceRate: mu,
    servers: agents,
    capacity: capacity!,
    target,
  });
  return {
    pWait: t.pWait,
    asa: t.asa,
    serviceLevel: t.serviceLevel ?? null,
    blocking: t.blocking,
    occupancy: t.occupancy,
  };
}

function format(
  j: SimQueueJson,
  o: {
    perHour: number;
    aht: number;
    ahtCv: number;
    patience?: number;
    patienceCv: number;
    target?: number;
  },
): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const sec = (x: number) => `${x.toFixed(1)} s`;
  const est = (e: QueueEstimate, f: (x: number) => string) =>
    e.lo === null || e.hi === null ? f(e.mean) : `${f(e.mean)}  [${f(e.lo)} – ${f(e.hi)}]`;
  const rows: Array<[string, string, string]> = [];
  const add = (label: string, e: QueueEstimate | null, f: (x: number) => string, key: string) => {
    if (!e) return;
    const t = j.theory?.[key];
    rows.push([label, est(e, f), t === undefined || t === null ? '' : f(t)]);
  };
  add('P(wait)', j.pWait, pct, 'pWait');
  add('ASA (mean wait)', j.asa, sec, 'asa');
  if (o.target !== undefined)
    add(`service level (≤ ${o.target} s)`, j.serviceLevel, pct, 'serviceLevel');
  add('P(abandon)', j.pAbandon, pct, 'pAbandon');
  add('P(blocked)', j.blocking, pct, 'blocking');
  add('occupancy', j.occupancy, pct, 'occupancy');
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length), 'simulated [95% CI]'.length);
  const lines = [
    `sim-queue ${j.model}: ${o.perHour}/h, AHT ${o.aht} s (cv ${o.ahtCv})` +
      (o.patience ? `, patience ${o.patience} s (cv ${o.patienceCv})` : '') +
      `, ${j.agents} agents`,
    `${j.replications} replications × ${j.customersPerReplication.toLocaleString('en')} customers, seed ${j.seed}`,
    '',
    `${''.padEnd(w)}  ${'simulated [95% CI]'.padEnd(v)}  ${j.theory ? 'theory' : ''}`,
    ...rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padEnd(v)}  ${c}`),
  ];
  if (!j.theory)
    lines.push(
      '',
      'Non-exponential times: no closed form applies; the figures are the simulation’s.',
    );
  return lines.join('\n');
}

function missing(flag: string): never {
  throw new UsageError(`${flag}: required`);
}

export const simQueueCommand: CommandModule<object, SimQueueArgs> = {
  command: 'sim-queue <model>',
  describe:
    'Simulate one queue (b, c, a or mmck) with confidence intervals; non-exponential times too',
  builder: (yargs: Argv) =>
    yargs
      .positional('model', {
        choices: MODELS,
        describe: 'b: loss, c: waits, a: waits with abandonment, mmck: finite queue',
      })
      .options({
        'arrival-rate': { type: 'number', describe: 'Contacts per hour' },
        aht: { type: 'number', describe: 'Average handle time, seconds' },
        agents: { type: 'number', describe: 'Agents (servers)' },
        patience: { type: 'number', describe: 'Mean patience, seconds (model a)' },
        capacity: { type: 'number', describe: 'Most contacts in the system, K (model mmck)' },
        target: { type: 'number', describe: 'Service-level threshold, seconds' },
        'service-level': {
          type: 'number',
          describe:
            'With --target: find the fewest agents whose simulated service level meets this fraction',
        },
        asa: { type: 'number', hidden: true },
        customers: {
          type: 'number',
          default: 200_000,
          describe: 'Customers per replication (10% warm-up not counted)',
        },
        replications: { type: 'number', default: 10, describe: 'Independent replications' },
        seed: { type: 'string', default: '1', describe: 'Seed' },
        'aht-cv': {
          type: 'number',
          default: 1,
          describe: 'Handle-time coefficient of variation (1 = exponential, else lognormal)',
        },
        'patience-cv': {
          type: 'number',
          describe: 'Patience coefficient of variation (1 = exponential, else lognormal)',
        },
        json: { type: 'boolean', default: false, describe: 'One JSON object on stdout' },
        quiet: { type: 'boolean', default: false, describe: 'No progress bar' },
      }) as unknown as Argv<SimQueueArgs>,
  handler: (args) => {
    const bar = progressBar('simulating', Boolean(args.quiet || args.json));
    const { text, json } = runSimQueue(args, (done, total) => bar.update(done, total));
    bar.stop();
    process.stdout.write(args.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
  },
};
