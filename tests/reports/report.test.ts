/**
 * The whole report: the HTML page is self-contained (no script, nothing
 * fetched), carries every section and chart, escapes what the results say,
 * and `writeReport` puts its parts on disk without overwriting anything.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../../reports/csv.js';
import { pngSize } from '../../reports/render/png.js';
import { buildReport, writeReport } from '../../reports/report.js';
import { COLUMNS } from '../../reports/tables.js';
import type { Results } from '../../simulator/model/results.js';
import { fixtureResults } from './fixture.js';

process.env.TZ = 'UTC';
const results = await fixtureResults();
const report = await buildReport(results);
const CHARTS = ['scorecard', 'heatmap', 'first-response', 'staffing', 'backlog', 'flow'];

describe('the HTML report', () => {
  it('holds the six charts inline as SVG, each in its own figure', () => {
    expect(report.charts.map((c) => c.name)).toEqual(CHARTS);
    for (const name of CHARTS) {
      expect(report.html).toMatch(new RegExp(`<figure class="chart" data-chart="${name}"><svg`));
    }
    expect(report.html.match(/<svg/g)).toHaveLength(CHARTS.length);
  });

  it('is self-contained: no script, no stylesheet or image to fetch, and a policy that forbids fetching', () => {
    const html = report.html;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    // The only absolute URLs are the SVG namespace names, which are never fetched.
    const urls = html.match(/https?:\/\/[^"'\s)]+/g) ?? [];
    expect(new Set(urls)).toEqual(
      new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']),
    );
    expect(html).toContain(
      `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`,
    );
  });

  it('has a header with the scenario, a verdict banner and the seven sections in order', () => {
    expect(report.html).toContain('<h1>Acme Support — launch week</h1>');
    expect(report.html).toMatch(
      /<div class="banner bad"[^>]*>[\s\S]*The promise breaks: 1 of 5 targets predicted missed, 1 at risk/,
    );
    const ids = [...report.html.matchAll(/<section class="card" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'scorecard',
      'heatmap',
      'first-response',
      'staffing',
      'backlog',
      'flow',
      'reproduce',
    ]);
    // Each section explains itself in a sentence.
    expect(report.html.match(/<p class="lead">[^<]+\.<\/p>/g)).toHaveLength(7);
  });

  it('colour-codes every target’s verdict in the scorecard table', () => {
    for (const t of results.targets) {
      const row = report.html.match(
        new RegExp(`<tr class="([a-z-]+)">\\s*<td><span class="target">${t.name}<`),
      );
      expect(row?.[1]).toBe(t.verdict.replace(' ', '-'));
    }
    expect(report.html).toContain('<span class="pill missed">missed</span>');
    expect(report.html).toContain('<span class="pill at-risk">at risk</span>');
    expect(report.html).toContain('<span class="pill met">met</span>');
  });

  it('shows what reproduces the run: seed, replications, version, and the command', () => {
    const reproduce = report.html.slice(report.html.indexOf('id="reproduce"'));
    expect(reproduce).toContain('<dt>seed</dt><dd>1</dd>');
    expect(reproduce).toContain('<dt>replications</dt><dd>5</dd>');
    expect(reproduce).toContain('<dt>slalab version</dt><dd>test</dd>');
    expect(reproduce).toContain('--replications 5 --seed 1');
  });

  it('keeps ids unique across the inlined SVGs', () => {
    const ids = [...report.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes what the results say: a hostile scenario name stays text', async () => {
    const hostile: Results = structuredClone(results);
    hostile.scenario.name = '<script>alert("x")</script> & co';
    hostile.targets[0].name = '<img src=x onerror=alert(1)>';
    const { html } = await buildReport(hostile);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('is the same page built twice: nothing depends on the clock', async () => {
    expect((await buildReport(results)).html).toBe(report.html);
  });

  it('says all is well in green when every target is met', async () => {
    const good: Results = structuredClone(results);
    for (const t of good.targets) t.verdict = 'met';
    const { html } = await buildReport(good);
    expect(html).toMatch(
      /<div class="banner good"[^>]*>[\s\S]*All 5 SLA targets are predicted to be met\./,
    );
  });

  it('leaves out the per-interval charts, saying why, when the results hold no intervals', async () => {
    const coarse: Results = { ...results, intervals: [] };
    const built = await buildReport(coarse);
    expect(built.charts.map((c) => c.name)).toEqual(['scorecard', 'first-response', 'flow']);
    expect(built.html.match(/simulate with --detail interval/g)).toHaveLength(3);
  });

  it('maps the target asked for, and refuses one it cannot map', async () => {
    const chat = await buildReport(results, { heatmapTarget: 'chat first response 60s' });
    expect(chat.html).toContain('Attainment of “chat first response 60s”');
    await expect(buildReport(results, { heatmapTarget: 'phone abandonment' })).rejects.toThrow(
      /measures abandonment/,
    );
  });
});

describe('writeReport', () => {
  it('writes the page, one SVG and PNG per chart and one CSV per table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-report-'));
    const html = join(dir, 'out', 'report.html');
    const written = await writeReport(results, {
      html,
      pngDir: join(dir, 'png'),
      svgDir: join(dir, 'svg'),
      csvDir: join(dir, 'csv'),
    });
    expect(written).toHaveLength(1 + 6 + 6 + 9);
    expect(readFileSync(html, 'utf8')).toBe(report.html);
    expect(readdirSync(join(dir, 'png')).sort()).toEqual(CHARTS.map((c) => `${c}.png`).sort());
    expect(readdirSync(join(dir, 'svg'))).toHaveLength(6);
    const png = readFileSync(join(dir, 'png', 'heatmap.png'));
    const svg = readFileSync(join(dir, 'svg', 'heatmap.svg'), 'utf8');
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(pngSize(png).width).toBe(2 * width);
    const flow = readFileSync(join(dir, 'csv', 'flow.csv'), 'utf8');
    expect(fromCsv(flow, COLUMNS.flow).length).toBeGreaterThan(0);
  });

  it('refuses to overwrite, naming the file, and writes nothing; force overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slalab-report-'));
    const html = join(dir, 'report.html');
    writeFileSync(html, 'mine');
    await expect(writeReport(results, { html, csvDir: join(dir, 'csv') })).rejects.toThrow(
      `${html} already exists`,
    );
    expect(readFileSync(html, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'csv'))).toBe(false);
    await writeReport(results, { html, force: true });
    expect(readFileSync(html, 'utf8')).toBe(report.html);
  });
});
