/**
 * Compiling and rendering: every chart compiles with vega-lite with no
 * warning at all, renders headless to an SVG that holds marks, and turns into
 * a PNG of the size asked for. Time zone pinned to UTC; one test also shows
 * the SVG does not change with the time zone.
 */
import { describe, expect, it } from 'vitest';
import { ChartWarningError, compileSpec } from '../../reports/render/compile.js';
import { pngSize, svgToPng } from '../../reports/render/png.js';
import { canonicalSvgIds, namespaceSvgIds, renderSvg, svgSize } from '../../reports/render/svg.js';
import { fixtureResults } from './fixture.js';
import { allSpecs, seriesSets } from './support.js';

process.env.TZ = 'UTC';
const results = await fixtureResults();
const one = allSpecs(seriesSets(results));
const two = allSpecs(seriesSets(results, true));

/** Drawn marks in an SVG from vega: shapes inside the mark groups (axes and legends excluded). */
function markCount(svg: string): number {
  const groups = svg.match(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>[\s\S]*?<\/g>/g) ?? [];
  return groups.reduce((n, g) => n + (g.match(/<(path|rect|line|text|circle)\b/g)?.length ?? 0), 0);
}

describe('compiling with vega-lite', () => {
  it.each(Object.keys(one))('%s compiles with zero warnings', (name) => {
    const vega = compileSpec(one[name]);
    expect(vega.$schema).toMatch(/vega\/v\d/);
  });

  it.each(Object.keys(two))('%s with two series compiles with zero warnings', (name) => {
    expect(() => compileSpec(two[name])).not.toThrow();
  });

  it('fails on a warning, listing it', () => {
    const bad = {
      data: { values: [{ a: 1 }] },
      mark: 'bar' as const,
      encoding: {
        x: { field: 'a', type: 'quantitative' as const },
        shape: { field: 'a', type: 'nominal' as const },
      },
    };
    expect(() => compileSpec(bad)).toThrow(ChartWarningError);
    try {
      compileSpec(bad);
    } catch (error) {
      expect((error as ChartWarningError).messages.join(' ')).toMatch(/shape/);
    }
  });
});

describe('rendering to SVG', () => {
  const svgs = new Map<string, string>();
  const svgOf = async (name: string) => {
    if (!svgs.has(name)) svgs.set(name, await renderSvg(one[name]));
    return svgs.get(name)!;
  };

  it.each(Object.keys(one))('%s renders an SVG with marks in it', async (name) => {
    const svg = await svgOf(name);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(markCount(svg)).toBeGreaterThan(5);
    const { width, height } = svgSize(svg);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(150);
  });

  it('draws one heatmap cell per slot and day (and as many grey cells beneath)', async () => {
    const svg = await svgOf('heatmap');
    const rects = svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g) ?? [];
    const cells = rects.map((g) => g.match(/<path\b/g)?.length ?? 0);
    expect(cells).toEqual([7 * 24, 7 * 24]);
  });

  it('writes text with the page’s system font stack', async () => {
    expect(await svgOf('scorecard')).toMatch(/font-family="system-ui, -apple-system/);
  });

  it('is the same SVG whatever the time zone', async () => {
    const spec = one.staffing;
    const utc = await renderSvg(spec);
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect(new Date(0).getTimezoneOffset()).not.toBe(0);
      expect(await renderSvg(spec)).toBe(utc);
    } finally {
      process.env.TZ = 'UTC';
    }
  });

  it('gives the same bytes each time: ids renumbered from a process-wide counter', async () => {
    expect(await renderSvg(one.heatmap)).toBe(await renderSvg(one.heatmap));
    expect(canonicalSvgIds('<svg><g id="gradient_7"/><g fill="url(#gradient_7)"/></svg>')).toBe(
      '<svg><g id="gradient_0"/><g fill="url(#gradient_0)"/></svg>',
    );
  });

  it('prefixes ids and their references so inlined SVGs cannot collide', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"/><use href="#clip1"/><g fill="url(#other)"/></svg>';
    expect(namespaceSvgIds(svg, 'a-')).toBe(
      '<svg><defs><clipPath id="a-clip1"><rect/></clipPath></defs><g clip-path="url(#a-clip1)"/><use href="#a-clip1"/><g fill="url(#other)"/></svg>',
    );
  });
});

describe('rendering to PNG', () => {
  it.each([1, 2])('gives a decodable PNG at %i× the SVG’s size', async (scale) => {
    const svg = await renderSvg(one.flow);
    const png = svgToPng(svg, { scale });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Buffer.from(png.subarray(12, 16)).toString('ascii')).toBe('IHDR');
    const { width, height } = svgSize(svg);
    expect(pngSize(png)).toEqual({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
    });
    expect(png.length).toBeGreaterThan(5000);
  });

  it('refuses bytes that are not a PNG', () => {
    expect(() => pngSize(new Uint8Array(32))).toThrow(/signature/);
  });
});
