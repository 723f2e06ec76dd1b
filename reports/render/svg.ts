/**
 * Headless rendering to SVG with vega's own scenegraph (as vega-cli's
 * `render.js` does): no browser, no canvas, no network. The view is
 * finalized whatever happens, so timers and listeners never outlive a render,
 * and ids are renumbered so the same chart always gives the same bytes.
 */
import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { ChartWarningError, collectingLogger, compileSpec } from './compile.js';

/**
 * Renders a vega-lite spec to an SVG document (a string starting `<svg`).
 *
 * @throws ChartWarningError when compiling or running the view logs a warning.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vega = compileSpec(spec);
  const logger = collectingLogger();
  // No loader: all data is inline, and a spec that tries to fetch anything should fail.
  const view = new View(parse(vega), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    if (logger.messages.length > 0) throw new ChartWarningError('vega render', logger.messages);
    return canonicalSvgIds(svg);
  } finally {
    view.finalize();
  }
}

/** The width and height an SVG declares on its root element, px. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!Number.isFinite(width) || !Number.isFinite(height)) {
    throw new Error('the SVG root declares no numeric width and height');
  }
  return { width, height };
}

/**
 * Renames every id an SVG defines, and every reference to it (`url(#…)`,
 * `href="#…"`), by `rename(id, index)` where index counts ids in order of
 * first definition. References to ids the SVG does not define are kept.
 */
export function renameSvgIds(svg: string, rename: (id: string, index: number) => string): string {
  const ids = [...new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))];
  if (ids.length === 0) return svg;
  const names = new Map(ids.map((id, i) => [id, rename(id, i)]));
  const to = (id: string) => names.get(id) ?? id;
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${to(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${to(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${to(id)}"`);
}

/**
 * Vega numbers gradients and clip paths from a counter shared by every view
 * in the process, so the same chart rendered twice would differ: renumber
 * them in order of appearance, keeping the kind (`gradient_0`, `clip_1`).
 */
export function canonicalSvgIds(svg: string): string {
  return renameSvgIds(svg, (id, i) => `${id.replace(/[_-]?\d+$/, '')}_${i}`);
}

/**
 * Gives every id in an SVG a prefix (and every reference to it), so several
 * SVGs can be inlined in one HTML page without their clip paths and
 * gradients resolving to each other's.
 */
export function namespaceSvgIds(svg: string, prefix: string): string {
  return renameSvgIds(svg, (id) => `${prefix}${id}`);
}
