/**
 * The report in a real browser: Debian's Chromium, driven by playwright-core,
 * opens the generated file from disk with the network cut off, and must see
 * no console error, no failed or non-file request, and every chart drawn.
 * It saves a full-page screenshot to artifacts/report.png for people to look at.
 *
 * No Chromium is a failure, not a skip: `bash scripts/setup.sh --browser`
 * installs it. A browser is never downloaded by a test tool.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/report.js';
import { fixtureResults } from './fixture.js';

process.env.TZ = 'UTC';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The one browser API the page-side code uses (the project compiles without DOM types). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { fontFamily: string };
}

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/report.png', import.meta.url));

describe('the report in Chromium', () => {
  it('opens from disk offline with no console error or failed request, every chart drawn', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: run \`bash scripts/setup.sh --browser\` to install Debian's chromium package`,
      );
    }
    const results = await fixtureResults();
    const report = await buildReport(results);
    const file = join(mkdtempSync(join(tmpdir(), 'slalab-browser-')), 'report.html');
    writeFileSync(file, report.html);
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const context = await browser.newContext({
        viewport: { width: 1200, height: 900 },
        deviceScaleFactor: 1,
        timezoneId: 'UTC',
        locale: 'en-US',
        offline: true,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning')
          problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) =>
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
      );
      page.on('request', (r) => requests.push(r.url()));

      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.ok() ?? true).toBe(true);
      expect(problems).toEqual([]);
      // The page is the only thing loaded: nothing from the network, nothing else from disk.
      expect(requests).toEqual([url]);

      await expect(page.title()).resolves.toBe(
        'Acme Support — launch week — SLA prediction report',
      );
      expect(await page.locator('h1').textContent()).toBe('Acme Support — launch week');
      expect(await page.locator('.banner.bad h2').textContent()).toMatch(/predicted missed/);
      expect(await page.locator('table.scorecard tbody tr').count()).toBe(results.targets.length);

      const figures = page.locator('figure.chart');
      expect(await figures.count()).toBe(report.charts.length);
      for (const chart of report.charts) {
        const svg = page.locator(`figure[data-chart="${chart.name}"] > svg`);
        const box = await svg.boundingBox();
        expect(box?.width, chart.name).toBeGreaterThan(300);
        expect(box?.height, chart.name).toBeGreaterThan(150);
        const marks = svg.locator('g[class*="role-mark"] > :is(path, rect, line, text)');
        expect(await marks.count(), `${chart.name} marks`).toBeGreaterThan(5);
      }

      // The charts take the page's own font, not a browser default serif.
      const font = await page
        .locator('figure[data-chart="scorecard"] svg text')
        .first()
        .evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).fontFamily);
      expect(font).toMatch(/^system-ui/);

      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
