/**
 * `slalab erlang <model>`: queueing formulas from the command line.
 *
 * Models: b (Erlang B, loss), c (Erlang C, waits, no abandonment),
 * a (Erlang A, waits with exponential patience), mmck (M/M/c/K, finite queue).
 * Inputs are in contact-centre units (arrivals per hour, times in seconds);
 * the library works per second. With --target and --service-level, or with
 * --asa, the command finds the fewest agents instead of taking --agents.
 *
 * The handler stays thin: {@link runErlang} parses and validates the flags,
 * calls one library function and formats the result; the handler writes it.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  erlangAMeasures,
  erlangB,
  erlangCMeasures,
  minAgentsForAsa,
  minAgentsForServiceLevel,
  mmckMeasures,
} from '../../simulator/analytic/index.js';
import { requireNumber, UsageError } from '../errors.js';

export const ERLANG_MODELS = ['b', 'c', 'a', 'mmck'] as const;
export type ErlangModel = (typeof ERLANG_MODELS)[number];

/** The parsed flags, as yargs hands them over (values not yet validated). */
export interface ErlangArgs {
  model: string;
  arrivalRate?: unknown;
  aht?: unknown;
  agents?: unknown;
  patience?: unknown;
  capacity?: unknown;
  target?: unknown;
  serviceLevel?: unknown;
  asa?: unknown;
  json?: boolean;
}

/** The --json output: one object, `null` where a measure does not apply to the model. */
export interface ErlangJson {
  model: ErlangModel;
  agents: number;
  pWait: number | null;
  /** Mean wait in seconds (Erlang A: over all arrivals; M/M/c/K: over admitted arrivals). */
  asa: number | null;
  /** Share answered within --target seconds; null without --target. */
  serviceLevel: number | null;
  pAbandon: number | null;
  blocking: number | null;
  occupancy: number;
}

const TITLES: Record<ErlangModel, string> = {
  b: 'Erlang B (M/M/c/c: blocked contacts are lost)',
  c: 'Erlang C (M/M/n: everyone waits until answered)',
  a: 'Erlang A (M/M/n+M: waiting contacts abandon)',
  mmck: 'M/M/c/K (finite queue: contacts beyond capacity are blocked)',
};

/**
 * Validates the flags, computes the model's measures (finding the fewest
 * agents first when asked) and returns the readable table and the JSON object.
 *
 * @throws {UsageError} (exit code 2) for an unknown model, a bad or missing value, conflicting
 *   flags, or an Erlang C load the agents cannot serve.
 */
export function runErlang(args: ErlangArgs): { text: string; json: ErlangJson } {
  const model = parseModel(args.model);
  const arrivalsPerHour = requireNumber(
    '--arrival-rate',
    args.arrivalRate ?? missing('--arrival-rate'),
    {
      min: 0,
    },
  );
  const aht = requireNumber('--aht', args.aht ?? missing('--aht'), { min: 0, exclusiveMin: true });
  const lambda = arrivalsPerHour / 3600;
  const mu = 1 / aht;
  const load = (arrivalsPerHour * aht) / 3600; // Erlangs, without the rounding of λ/(1/AHT)

  const patience = optionalNumber('--patience', args.patience, { min: 0, exclusiveMin: true });
  if (model === 'a' && patience === undefined) {
    throw new UsageError(
      '--patience: required for model a (mean seconds a contact waits before abandoning)',
    );
  }
  if (model !== 'a' && patience !== undefined) {
    throw new UsageError(
      `--patience: applies only to model a, not ${model}; drop it or use \`slalab erlang a\``,
    );
  }
  const theta = patience === undefined ? undefined : 1 / patience;

  const target = optionalNumber('--target', args.target, { min: 0 });
  if (model === 'b' && target !== undefined) {
    throw new UsageError(
      '--target: model b has no waiting, so there is no service level; drop --target',
    );
  }
  const goal = optionalNumber('--service-level', args.serviceLevel, {
    min: 0,
    exclusiveMin: true,
    max: 1,
  });
  if (goal === 1) {
    throw new UsageError(
      '--service-level: must be below 1 (no finite staff answers 100% within a time)',
    );
  }
  const asaGoal = optionalNumber('--asa', args.asa, { min: 0, exclusiveMin: true });

  const agents = chooseAgents(model, args.agents, {
    lambda,
    mu,
    load,
    theta,
    target,
    goal,
    asaGoal,
  });

  let capacity: number | undefined;
  if (model === 'mmck') {
    capacity = requireNumber('--capacity', args.capacity ?? missing('--capacity'), {
      integer: true,
      min: agents,
    });
  } else if (args.capacity !== undefined) {
    throw new UsageError(
      `--capacity: applies only to model mmck, not ${model}; drop it or use \`slalab erlang mmck\``,
    );
  }

  const json = measure(model, { lambda, mu, theta, agents, capacity, target, load });
  const text = formatTable(json, {
    arrivalsPerHour,
    aht,
    load,
    patience,
    capacity,
    target,
    goal,
    asaGoal,
  });
  return { text, json };
}

function parseModel(value: unknown): ErlangModel {
  if (typeof value === 'string' && (ERLANG_MODELS as readonly string[]).includes(value)) {
    return value as ErlangModel;
  }
  throw new UsageError(
    `model: must be one of ${ERLANG_MODELS.join(', ')}, got ${JSON.stringify(value)}`,
  );
}

function missing(flag: string): never {
  throw new UsageError(`${flag}: required`);
}

function optionalNumber(
  flag: string,
  value: unknown,
  opts: Parameters<typeof requireNumber>[2],
): number | undefined {
  return value === undefined ? undefined : requireNumber(flag, value, opts);
}

interface StaffingInput {
  lambda: number;
  mu: number;
  load: number;
  theta: number | undefined;
  target: number | undefined;
  goal: number | undefined;
  asaGoal: number | undefined;
}

function chooseAgents(model: ErlangModel, agentsFlag: unknown, s: StaffingInput): number {
  const solving = s.goal !== undefined || s.asaGoal !== undefined;
  if (!solving) {
    if (agentsFlag === undefined) {
      throw new UsageError(
        '--agents: required, unless you ask for the fewest agents with --target and --service-level, or with --asa',
      );
    }
    const agents = requireNumber('--agents', agentsFlag, { integer: true, min: 1 });
    if (model === 'c' && s.load >= agents) {
      throw new UsageError(
        `--agents: ${agents} agents cannot keep up with an offered load of ${round(s.load, 6)} Erlangs ` +
          `(arrival rate × AHT) when nobody abandons; use --agents ${Math.floor(s.load) + 1} or more, ` +
          'or model a with --patience',
      );
    }
    return agents;
  }
  if (agentsFlag !== undefined) {
    throw new UsageError(
      '--agents: give either --agents or a goal (--service-level with --target, or --asa), not both',
    );
  }
  if (s.goal !== undefined && s.asaGoal !== undefined) {
    throw new UsageError('--service-level and --asa: give one staffing goal, not both');
  }
  if (model !== 'c' && model !== 'a') {
    throw new UsageError(
      `--service-level/--asa: finding the fewest agents is available for models c and a, not ${model}`,
    );
  }
  const common = { model, arrivalRate: s.lambda, serviceRate: s.mu, patienceRate: s.theta };
  try {
    if (s.goal !== undefined) {
      if (s.target === undefined) {
        throw new UsageError(
          '--service-level: needs --target <seconds> (the "within t" of the goal)',
        );
      }
      return minAgentsForServiceLevel({ ...common, target: s.target, fraction: s.goal });
    }
    return minAgentsForAsa({ ...common, asa: s.asaGoal as number });
  } catch (error) {
    throw asUsageError(error);
  }
}

interface ModelInput {
  lambda: number;
  mu: number;
  theta: number | undefined;
  agents: number;
  capacity: number | undefined;
  target: number | undefined;
  load: number;
}

function measure(model: ErlangModel, m: ModelInput): ErlangJson {
  const base = { arrivalRate: m.lambda, serviceRate: m.mu, servers: m.agents, target: m.target };
  try {
    switch (model) {
      case 'b': {
        const blocking = erlangB(m.agents, m.load);
        return {
          model,
          agents: m.agents,
          pWait: null,
          asa: null,
          serviceLevel: null,
          pAbandon: null,
          blocking,
          occupancy: (m.load * (1 - blocking)) / m.agents,
        };
      }
      case 'c': {
        const r = erlangCMeasures(base);
        return {
          model,
          agents: m.agents,
          pWait: r.pWait,
          asa: r.asa,
          serviceLevel: r.serviceLevel ?? null,
          pAbandon: null,
          blocking: null,
          occupancy: r.occupancy,
        };
      }
      case 'a': {
        const r = erlangAMeasures({ ...base, patienceRate: m.theta as number });
        return {
          model,
          agents: m.agents,
          pWait: r.pWait,
          asa: r.asa,
          serviceLevel: r.serviceLevel ?? null,
          pAbandon: r.pAbandon,
          blocking: null,
          occupancy: r.occupancy,
        };
      }
      case 'mmck': {
        const r = mmckMeasures({ ...base, capacity: m.capacity as number });
        return {
          model,
          agents: m.agents,
          pWait: r.pWait,
          asa: r.asa,
          serviceLevel: r.serviceLevel ?? null,
          pAbandon: null,
          blocking: r.blocking,
          occupancy: r.occupancy,
        };
      }
    }
  } catch (error) {
    throw asUsageError(error);
  }
}

/** Library input errors are RangeErrors written for users; show them as usage errors (exit 2). */
function asUsageError(error: unknown): unknown {
  if (error instanceof RangeError) return new UsageError(error.message);
  return error;
}

interface TableContext {
  arrivalsPerHour: number;
  aht: number;
  load: number;
  patience: number | undefined;
  capacity: number | undefined;
  target: number | undefined;
  goal: number | undefined;
  asaGoal: number | undefined;
}

function formatTable(r: ErlangJson, c: TableContext): string {
  const rows: Array<[string, string]> = [
    ['arrival rate', `${round(c.arrivalsPerHour, 4)} per hour`],
    ['AHT', `${round(c.aht, 4)} s`],
    ['offered load', `${round(c.load, 4)} Erlangs`],
  ];
  if (c.patience !== undefined) rows.push(['mean patience', `${round(c.patience, 4)} s`]);
  if (c.capacity !== undefined) rows.push(['capacity', `${c.capacity} (in service + waiting)`]);
  let agents = String(r.agents);
  if (c.goal !== undefined)
    agents += `  (fewest with ≥ ${percent(c.goal)} within ${round(c.target ?? 0, 4)} s)`;
  if (c.asaGoal !== undefined) agents += `  (fewest with mean wait ≤ ${round(c.asaGoal, 4)} s)`;
  rows.push(['agents', agents]);
  if (r.blocking !== null) rows.push(['blocked', percent(r.blocking)]);
  if (r.pWait !== null)
    rows.push([r.model === 'mmck' ? 'P(wait), admitted' : 'P(wait)', percent(r.pWait)]);
  if (r.pAbandon !== null) rows.push(['abandoned', percent(r.pAbandon)]);
  if (r.asa !== null) {
    const who = r.model === 'a' ? ' (all arrivals)' : r.model === 'mmck' ? ' (admitted)' : '';
    rows.push([`mean wait${who}`, `${round(r.asa, 4)} s`]);
  }
  if (r.serviceLevel !== null) {
    const who = r.model === 'a' ? ' of all arrivals' : r.model === 'mmck' ? ' of admitted' : '';
    rows.push([
      'service level',
      `${percent(r.serviceLevel)} answered within ${round(c.target ?? 0, 4)} s${who}`,
    ]);
  }
  rows.push(['occupancy', percent(r.occupancy)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  return `${TITLES[r.model]}\n${lines.join('\n')}\n`;
}

function round(value: number, digits: number): string {
  return Number(value.toPrecision(digits)).toString();
}

function percent(p: number): string {
  return `${(100 * p).toFixed(2)}%`;
}

export const erlangCommand: CommandModule<object, ErlangArgs> = {
  command: 'erlang <model>',
  describe: 'Queueing formulas: Erlang B, C, A and M/M/c/K, or the fewest agents for a goal',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', {
        describe:
          'b = Erlang B (loss), c = Erlang C, a = Erlang A (abandonment), mmck = finite queue',
        choices: ERLANG_MODELS,
        type: 'string',
        demandOption: true,
      })
      .options({
        'arrival-rate': { type: 'string', describe: 'Arrivals per hour', demandOption: true },
        aht: { type: 'string', describe: 'Average handling time, seconds', demandOption: true },
        agents: { type: 'string', describe: 'Agents (servers); omit when finding the fewest' },
        patience: {
          type: 'string',
          describe: 'Mean patience before abandoning, seconds (model a)',
        },
        capacity: {
          type: 'string',
          describe: 'Most contacts present, in service + waiting (model mmck)',
        },
        target: {
          type: 'string',
          describe: 'Service-level threshold t, seconds ("answered within t")',
        },
        'service-level': {
          type: 'string',
          describe:
            'With --target: find the fewest agents answering this fraction within t (e.g. 0.8)',
        },
        asa: {
          type: 'string',
          describe: 'Find the fewest agents whose mean wait is at most this, seconds',
        },
        json: {
          type: 'boolean',
          default: false,
          describe: 'Print one JSON object instead of a table',
        },
      })
      .example(
        '$0 erlang c --arrival-rate 200 --aht 180 --agents 14 --target 20',
        'Erlang C measures',
      )
      .example(
        '$0 erlang a --arrival-rate 200 --aht 180 --patience 300 --target 20 --service-level 0.8',
        'Fewest agents',
      ) as unknown as Argv<ErlangArgs>,
  handler: (argv: ArgumentsCamelCase<ErlangArgs>) => {
    const { text, json } = runErlang(argv);
    process.stdout.write(argv.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  },
};
