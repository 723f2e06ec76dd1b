/**
 * Shared by the report tests: the fixture as one or two series, every chart
 * spec built from them, and ways to look inside specs.
 */
import type { TopLevelSpec } from 'vega-lite';
import { backlogSpec } from '../../reports/specs/backlog.js';
import { firstResponseSpec } from '../../reports/specs/firstResponse.js';
import { flowSpec } from '../../reports/specs/flow.js';
import { heatmapSpec } from '../../reports/specs/heatmap.js';
import { scorecardSpec } from '../../reports/specs/scorecard.js';
import { staffingSpec } from '../../reports/specs/staffing.js';
import {
  agentRows,
  arrivalRows,
  backlogRows,
  firstResponseRows,
  firstResponseTargetRows,
  flowRows,
  heatmapRows,
  heatmapTarget,
  type SeriesResults,
  scorecardRows,
} from '../../reports/tables.js';
import type { Results } from '../../simulator/model/results.js';

/** The results as 'predicted' alone, or also as 'observed' (a copy, as a later comparison would bring). */
export function seriesSets(results: Results, two = false): SeriesResults[] {
  const sets = [{ series: 'predicted', results }];
  if (two) sets.push({ series: 'observed', results: structuredClone(results) });
  return sets;
}

/** Every chart spec the report draws, by name. */
export function allSpecs(sets: SeriesResults[]): Record<string, TopLevelSpec> {
  const target = heatmapTarget(sets[0].results);
  if (!target) throw new Error('the fixture has a heatmap target');
  return {
    scorecard: scorecardSpec(scorecardRows(sets)),
    heatmap: heatmapSpec(heatmapRows(sets, target.name)),
    'first-response': firstResponseSpec(firstResponseRows(sets), firstResponseTargetRows(sets)),
    staffing: staffingSpec(arrivalRows(sets), agentRows(sets)),
    backlog: backlogSpec(backlogRows(sets)),
    flow: flowSpec(flowRows(sets)),
  };
}

type Json = unknown;

/** Every object nested anywhere in a spec (the spec itself included). */
export function nodes(value: Json): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, Json>);
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}

/** Encodings (channel → definition) of every view in a spec. */
export function encodings(spec: Json): Array<Record<string, Record<string, Json>>> {
  return nodes(spec)
    .filter((n) => n.encoding && typeof n.encoding === 'object')
    .map((n) => n.encoding as Record<string, Record<string, Json>>);
}

/** The inline data rows of every view in a spec. */
export function inlineRows(spec: Json): Array<Record<string, Json>> {
  return nodes(spec)
    .filter((n) => n.data && Array.isArray((n.data as { values?: Json }).values))
    .flatMap((n) => (n.data as { values: Array<Record<string, Json>> }).values);
}

/** The mark types used anywhere in a spec. */
export function markTypes(spec: Json): string[] {
  return nodes(spec)
    .filter((n) => n.mark !== undefined)
    .map((n) => (typeof n.mark === 'string' ? n.mark : String((n.mark as { type: string }).type)));
}
