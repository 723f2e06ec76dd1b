/**
 * The report page: one self-contained HTML file with the charts inlined as
 * SVG, its own stylesheet and no script. A Content-Security-Policy that
 * allows nothing but inline styles and `data:` images makes the "works with
 * no network" promise checkable: a page that tried to fetch anything would
 * be blocked, and a browser would say so.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export type Tone = 'good' | 'warn' | 'bad';

export interface PageSection {
  /** Anchor id, also used in the table of contents. */
  id: string;
  title: string;
  /** The one-sentence explanation under the title (plain text). */
  lead: string;
  /** The section's content, as trusted HTML built by this module's callers. */
  body: string;
}

export interface Page {
  /** The document title (browser tab). */
  title: string;
  /** Small line above the heading. */
  eyebrow: string;
  heading: string;
  description?: string;
  /** Short facts shown under the heading. */
  meta: string[];
  banner: { tone: Tone; headline: string; detail: string };
  sections: PageSection[];
  /** Footer text (plain). */
  footer: string;
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root {
  --ink: #0f172a; --text: #334155; --muted: #64748b; --line: #e2e8f0; --page: #f1f5f9;
  --card: #ffffff; --accent: #2563eb;
  --good: #15803d; --good-bg: #dcfce7; --warn: #b45309; --warn-bg: #fef3c7;
  --bad: #b91c1c; --bad-bg: #fee2e2;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  font-variant-numeric: tabular-nums;
}
header.masthead { background: #0f172a; color: #e2e8f0; }
header.masthead .inner { max-width: 1080px; margin: 0 auto; padding: 28px 32px 26px; }
.eyebrow { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: #94a3b8; font-weight: 600; }
.eyebrow b { color: #f8fafc; letter-spacing: .04em; }
h1 { margin: 6px 0 4px; font-size: 30px; line-height: 1.2; color: #fff; font-weight: 700; letter-spacing: -.01em; }
.description { margin: 0 0 12px; color: #cbd5e1; max-width: 70ch; }
.meta { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.meta li { font-size: 12.5px; color: #cbd5e1; background: rgba(148,163,184,.16); border-radius: 999px; padding: 2px 10px; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 48px; }
.banner { display: flex; gap: 16px; align-items: flex-start; border-radius: 10px; padding: 16px 20px; margin: 0 0 16px; border: 1px solid; }
.banner .icon { flex: none; width: 34px; height: 34px; border-radius: 50%; display: grid; place-items: center; color: #fff; font-weight: 700; font-size: 18px; line-height: 1; }
.banner h2 { margin: 0; font-size: 18px; line-height: 1.35; color: var(--ink); }
.banner p { margin: 2px 0 0; }
.banner.good { background: var(--good-bg); border-color: #86efac; } .banner.good .icon { background: var(--good); }
.banner.warn { background: var(--warn-bg); border-color: #fcd34d; } .banner.warn .icon { background: var(--warn); }
.banner.bad { background: var(--bad-bg); border-color: #fca5a5; } .banner.bad .icon { background: var(--bad); }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 20px; padding: 0 4px; font-size: 13.5px; }
nav.toc a { color: var(--muted); text-decoration: none; }
nav.toc a:hover { color: var(--accent); }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 22px 24px 20px; margin: 0 0 20px; box-shadow: 0 1px 2px rgba(15,23,42,.04); }
section.card h2 { margin: 0; font-size: 19px; color: var(--ink); letter-spacing: -.005em; }
section.card h2 .n { color: var(--muted); font-weight: 500; margin-right: 8px; }
p.lead { margin: 4px 0 16px; color: var(--muted); max-width: 85ch; }
figure.chart { margin: 8px 0 0; overflow-x: auto; }
table + figure.chart { margin-top: 22px; padding-top: 18px; border-top: 1px solid var(--line); }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart + figure.chart { margin-top: 18px; }
.note { margin: 0; padding: 12px 16px; border-radius: 8px; background: #f8fafc; border: 1px dashed #cbd5e1; color: var(--muted); }
table.scorecard { width: 100%; border-collapse: collapse; font-size: 14px; }
table.scorecard th { text-align: left; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1px solid var(--line); padding: 8px 10px; }
table.scorecard td { border-bottom: 1px solid var(--line); padding: 10px 10px; vertical-align: middle; }
table.scorecard tr:last-child td { border-bottom: none; }
table.scorecard td.num, table.scorecard th.num { text-align: right; white-space: nowrap; }
table.scorecard .target { font-weight: 600; color: var(--ink); }
table.scorecard .scope { display: block; font-size: 12.5px; color: var(--muted); }
table.scorecard .ci { color: var(--muted); font-size: 12.5px; }
.pill { display: inline-block; min-width: 70px; text-align: center; padding: 3px 10px; border-radius: 999px; font-size: 12px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; }
.pill.met { background: var(--good-bg); color: var(--good); }
.pill.at-risk { background: var(--warn-bg); color: var(--warn); }
.pill.missed { background: var(--bad-bg); color: var(--bad); }
tr.missed td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
tr.at-risk td:first-child { box-shadow: inset 3px 0 0 var(--warn); }
tr.met td:first-child { box-shadow: inset 3px 0 0 var(--good); }
.bar { position: relative; display: inline-block; width: 90px; height: 6px; border-radius: 3px; background: var(--line); vertical-align: middle; margin-left: 8px; }
.bar i { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; }
.bar i.met { background: var(--good); } .bar i.at-risk { background: var(--warn); } .bar i.missed { background: var(--bad); }
.inputs { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 16px 28px; }
.inputs h3 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.inputs dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; font-size: 14px; }
.inputs dt { color: var(--muted); }
.inputs dd { margin: 0; color: var(--ink); overflow-wrap: anywhere; }
pre.command { margin: 18px 0 0; padding: 12px 14px; background: #0f172a; color: #e2e8f0; border-radius: 8px; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; overflow-x: auto; }
details.glossary { margin-top: 16px; font-size: 13.5px; }
details.glossary summary { cursor: pointer; color: var(--accent); }
details.glossary dl { margin: 10px 0 0; }
details.glossary dt { font-weight: 600; color: var(--ink); margin-top: 8px; }
details.glossary dd { margin: 2px 0 0; color: var(--text); }
footer { max-width: 1080px; margin: 0 auto; padding: 0 32px 40px; color: var(--muted); font-size: 12.5px; }
@media print {
  body { background: #fff; }
  header.masthead { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section.card { break-inside: avoid; box-shadow: none; }
  nav.toc { display: none; }
}
`;

const ICONS: Record<Tone, string> = { good: '✓', warn: '!', bad: '✕' };

/** Renders the page. Everything but `section.body` is escaped here. */
export function renderPage(page: Page): string {
  const e = escapeHtml;
  const sections = page.sections
    .map(
      (s, i) => `<section class="card" id="${e(s.id)}">
<h2><span class="n">${i + 1}</span>${e(s.title)}</h2>
<p class="lead">${e(s.lead)}</p>
${s.body}
</section>`,
    )
    .join('\n');
  const toc = page.sections.map((s) => `<a href="#${e(s.id)}">${e(s.title)}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CONTENT_SECURITY_POLICY)}">
<meta name="generator" content="slalab">
<title>${e(page.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="masthead"><div class="inner">
<div class="eyebrow">${e(page.eyebrow)}</div>
<h1>${e(page.heading)}</h1>
${page.description ? `<p class="description">${e(page.description)}</p>` : ''}
<ul class="meta">${page.meta.map((m) => `<li>${e(m)}</li>`).join('')}</ul>
</div></header>
<main>
<div class="banner ${page.banner.tone}" role="status">
<div class="icon" aria-hidden="true">${ICONS[page.banner.tone]}</div>
<div><h2>${e(page.banner.headline)}</h2><p>${e(page.banner.detail)}</p></div>
</div>
<nav class="toc" aria-label="Sections">${toc}</nav>
${sections}
</main>
<footer>${e(page.footer)}</footer>
</body>
</html>
`;
}
