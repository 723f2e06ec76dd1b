/**
 * `slalab merge-summaries <summary>... [--out merged.json]`: one summary and
 * one threshold verdict from the per-segment summaries of a distributed k6
 * run (k6 evaluates thresholds per instance). Each input may be a
 * `slalab-k6-summary` (what replay.ts and stress.ts write), the data k6
 * hands handleSummary, k6's `--summary-export` JSON, or a pod log holding a
 * summary between `--- slalab-k6-summary ---` markers (`kubectl logs`).
 * What is merged exactly and what is approximated: scenarios/k6/lib/summary.ts.
 * Exits 99, as k6 does, when a merged threshold fails.
 */
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import {
  type K6Summary,
  mergeSummaries,
  type NormalisedSummary,
  normaliseSummary,
} from '../../scenarios/k6/lib/summary.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../output.js';

interface MergeSummariesArgs {
  summaries: string[];
  out?: string;
  force: boolean;
}

const START = '--- slalab-k6-summary ---';
const END = '--- end slalab-k6-summary ---';

/** The summaries in a file: a JSON document, or every marked block of a log. */
export function summariesIn(text: string, name: string): NormalisedSummary[] {
  const trimmed = text.trim();
  const blocks: string[] = [];
  if (trimmed.startsWith('{')) blocks.push(trimmed);
  else {
    let at = text.indexOf(START);
    while (at >= 0) {
      const end = text.indexOf(END, at);
      if (end < 0) break;
      blocks.push(text.slice(at + START.length, end).trim());
      at = text.indexOf(START, end);
    }
  }
  if (blocks.length === 0)
    throw new UsageError(`${name}: no k6 summary in it (JSON, or a log with ${START} markers)`);
  return blocks.map((b, i) => {
    try {
      return normaliseSummary(JSON.parse(b));
    } catch (error) {
      throw new UsageError(
        `${name}${blocks.length > 1 ? ` (summary ${i + 1})` : ''}: ${(error as Error).message}`,
      );
    }
  });
}

/** A few lines for the terminal: what was merged and the verdict. */
export function mergedText(m: K6Summary): string {
  const lines = [
    `${m.segments} summaries merged (${m.script}${m.runId ? `, run ${m.runId}` : ''})`,
  ];
  const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
  for (const [op, f] of Object.entries(m.ops)) {
    lines.push(
      `  ${op.padEnd(12)} ${String(f.count).padStart(6)} calls  p95 ${ms(f.p95).padStart(8)}  errors ${f.errors}`,
    );
  }
  if (m.lag.count > 0)
    lines.push(
      `  schedule lag p50 ${ms(m.lag.p50)}, p95 ${ms(m.lag.p95)} (${m.lag.count} tickets)`,
    );
  const failed: string[] = [];
  const approximate: string[] = [];
  for (const [metric, byExpr] of Object.entries(m.thresholds)) {
    for (const [expr, v] of Object.entries(byExpr)) {
      if (!v.ok) failed.push(`${metric}: ${expr}`);
      if (!v.exact) approximate.push(`${metric}: ${expr}`);
    }
  }
  lines.push(
    failed.length === 0 ? '  thresholds: all passed' : `  thresholds FAILED: ${failed.join('; ')}`,
  );
  if (approximate.length > 0) {
    lines.push(`  decided on merged (approximate) percentiles: ${approximate.join('; ')}`);
  }
  for (const a of m.approximations) lines.push(`  approximated: ${a}`);
  return `${lines.join('\n')}\n`;
}

export const mergeSummariesCommand: CommandModule<object, MergeSummariesArgs> = {
  command: 'merge-summaries <summaries..>',
  describe:
    'Merge the k6 summaries of a distributed run into one summary and one threshold verdict',
  builder: (yargs: Argv) =>
    yargs
      .positional('summaries', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Summary JSON files or pod logs, one per execution segment',
      })
      .options({
        out: { alias: 'o', type: 'string', describe: 'Write the merged summary here' },
        force: { type: 'boolean', default: false, describe: 'Overwrite --out' },
      })
      .example(
        '$0 merge-summaries seg1.json seg2.json --out k6-summary.json',
        'one verdict for two instances',
      ) as unknown as Argv<MergeSummariesArgs>,
  handler: (args) => {
    const inputs: NormalisedSummary[] = [];
    for (const path of args.summaries) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(
          `${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
      inputs.push(...summariesIn(text, path));
    }
    let merged: K6Summary;
    try {
      merged = mergeSummaries(inputs);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (args.out) writeOutput(args.out, `${JSON.stringify(merged, null, 1)}\n`, args.force);
    process.stdout.write(mergedText(merged));
    if (!merged.thresholdsOk) process.exitCode = 99;
  },
};
