// The report pages in headless Chromium.
// The standalone HTML file: no console errors, no request leaves the file, one laid-out
// bar per request, clicks select requests; screenshots of a 50- and a 10,000-request
// report go to test-results/.
// The webview page, with a stand-in for VS Code's webview API: it loads the shared client
// from media/ under its CSP, asks for data with `ready`, draws a posted model, posts
// `reveal` on a click, keeps its state for the serializer and restores from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { toHtml } from '../../src/core/report/html';
import { buildReportModel } from '../../src/core/report/timeline';
import { webviewHtml } from '../../src/extension/report/webview-html';
import type { RunReport } from '../../src/core/types';
import { syntheticReport } from '../support/synthetic-report';
import { browserSkip, chromiumForFile, openReportPage, OUT, watchedPage } from './chromium';

const skip = browserSkip();
const browser = chromiumForFile(skip);

interface Opened {
  page: Page;
  errors: string[];
  foreign: string[];
}

/** Writes the report to test-results/NAME.html and opens it, recording errors and any non-file request. */
async function open(name: string, report: RunReport, viewport = { width: 1280, height: 1000 }): Promise<Opened> {
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, toHtml(report, { secrets: ['tok-5ecret-value'] }));
  const { page, errors, foreign } = await watchedPage(browser(), viewport);
  await openReportPage(page, file, report.results.length === 0);
  return { page, errors, foreign };
}

test('the 50-request report renders offline with one bar per request', { skip, timeout: 60_000 }, async () => {
  const report = syntheticReport({ count: 50, seed: 11, concurrency: 8, secret: 'tok-5ecret-value' });
  const { page, errors, foreign } = await open('report-50', report);
  try {
    const hook = await page.evaluate(() => {
      const h = window.__batchHttpReport;
      return h ? { barCount: h.barCount, rowCount: h.rowCount, drawn: h.drawnBars() } : null;
    });
    assert.ok(hook);
    assert.equal(hook.barCount, 50);
    assert.equal(hook.rowCount, 50);
    assert.equal(await page.getAttribute('#timeline', 'data-bars'), '50');
    assert.ok(hook.drawn > 0 && hook.drawn <= 50);
    // The canvas is painted: many pixels differ from the top-left background pixel.
    const painted = await page.evaluate(() => {
      const c = document.getElementById('timeline') as HTMLCanvasElement;
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!d) return 0;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
      return n;
    });
    assert.ok(painted > 2000, `painted pixels: ${painted}`);
    // The cards show the summary.
    assert.equal(await page.textContent('[data-card="Total"] .card-value'), '50');
    assert.equal(await page.textContent('[data-card="Failed"] .card-value'), String(report.summary.failed));
    // Clicking a row shows that request's details.
    const box = await page.locator('.waterfall-scroll').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width * 0.6, box.y + 22 + 16 * 3 + 8);
    await page.waitForSelector('.details h3');
    assert.match((await page.textContent('.details h3')) ?? '', /^#3 /);
    assert.ok(!(await page.content()).includes('tok-5ecret-value'), 'the secret is not in the page');
    await page.screenshot({ path: join(OUT, 'report-50.png'), fullPage: true });
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the 10,000-request report lays out every bar and draws only the rows in view', { skip, timeout: 120_000 }, async () => {
  const report = syntheticReport({ count: 10_000, seed: 5, concurrency: 64, cancelAtMs: 20_000 });
  const { page, errors, foreign } = await open('report-10000', report);
  try {
    assert.equal(await page.getAttribute('#timeline', 'data-bars'), '10000');
    const first = await page.evaluate(() => ({ bars: window.__batchHttpReport?.barCount, drawn: window.__batchHttpReport?.drawnBars() }));
    assert.equal(first.bars, 10_000);
    assert.ok(first.drawn !== undefined && first.drawn > 0 && first.drawn < 200, `rows drawn: ${first.drawn}`);
    const loadMs = await page.evaluate(() => window.__batchHttpReport?.readyAtMs ?? -1);
    const spacerWidth = (): Promise<number> => page.evaluate(() => (document.querySelector('.waterfall-spacer') as HTMLElement).offsetWidth);
    const widthBefore = await spacerWidth();
    await page.screenshot({ path: join(OUT, 'report-10000.png') });
    // Scroll to the end, zoom in twice: frames stay cheap and the last rows get drawn.
    await page.evaluate(() => {
      const s = document.querySelector('.waterfall-scroll') as HTMLElement;
      s.scrollTop = s.scrollHeight;
    });
    await page.click('button[title^="Zoom in"]');
    await page.click('button[title^="Zoom in"]');
    await page.waitForFunction(() => (window.__batchHttpReport?.drawnBars() ?? 0) > 0);
    assert.ok((await spacerWidth()) > widthBefore * 1.5, 'two zoom steps widen the timeline');
    const stats = await page.evaluate(() => ({ drawn: window.__batchHttpReport?.drawnBars() ?? 0, ms: window.__batchHttpReport?.lastDrawMs() ?? -1 }));
    assert.ok(stats.drawn > 0 && stats.drawn < 200);
    // Generous bound: a frame draws only the rows in view, so it stays far below this.
    assert.ok(stats.ms >= 0 && stats.ms < 250, `last frame took ${stats.ms} ms`);
    await page.keyboard.press('Tab');
    await page.evaluate(() => window.__batchHttpReport?.selectIndex(9_998));
    assert.match((await page.textContent('.details h3')) ?? '', /^#9998 /);
    await page.screenshot({ path: join(OUT, 'report-10000-end.png') });
    process.stdout.write(`# 10,000-request report: drawn ${loadMs.toFixed(0)} ms after navigation; last frame ${stats.ms.toFixed(1)} ms, ${stats.drawn} rows drawn\n`);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('markup in report text stays text: a </script> in a URL neither breaks nor runs', { skip, timeout: 60_000 }, async () => {
  const report = syntheticReport({ count: 5, seed: 2 });
  report.results[0].title = null;
  report.results[0].name = null;
  report.results[0].url = 'http://127.0.0.1/</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
  const { page, errors } = await open('report-injection', report);
  try {
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0), 0);
    await page.evaluate(() => window.__batchHttpReport?.selectIndex(0));
    assert.match((await page.textContent('.details dd')) ?? '', /<\/script><script>window.__pwned=1/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('an empty run and a run where nothing got a response render without errors', { skip, timeout: 60_000 }, async () => {
  const empty = syntheticReport({ count: 0 });
  const opened = await open('report-empty', empty);
  try {
    assert.equal(await opened.page.getAttribute('#timeline', 'data-bars'), '0');
    assert.equal(await opened.page.textContent('[data-card="p50"] .card-value'), '–');
    assert.deepEqual(opened.errors, []);
  } finally {
    await opened.page.close();
  }
  const cancelled = syntheticReport({ count: 12, seed: 3, cancelAtMs: 0 });
  const second = await open('report-all-cancelled', cancelled);
  try {
    assert.equal(await second.page.getAttribute('#timeline', 'data-bars'), '12');
    assert.equal(await second.page.textContent('[data-card="Cancelled"] .card-value'), String(cancelled.summary.cancelled));
    assert.deepEqual(second.errors, []);
  } finally {
    await second.page.close();
  }
});

/** Stand-in for acquireVsCodeApi: records posted messages and keeps state in the page. */
function fakeVsCodeApi(initialState: unknown): string {
  return `(() => {
    let state = ${JSON.stringify(initialState)};
    window.__posted = [];
    window.__state = () => state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => state,
      setState: (s) => { state = s; },
    });
  })();`;
}

function writePage(): string {
  const media = (name: string): string => pathToFileURL(resolve('media', name)).href;
  const file = join(OUT, 'report-webview.html');
  writeFileSync(file, webviewHtml({ cspSource: 'file:', scriptUri: media('report.js'), styleUri: media('report.css'), title: 'Report' }));
  return file;
}

test('the webview page draws a posted model and posts reveal clicks', { skip, timeout: 60_000 }, async () => {
  const file = writePage();
  const { page, errors, foreign } = await watchedPage(browser());
  try {
    await page.addInitScript(fakeVsCodeApi(null));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    const model = buildReportModel(syntheticReport({ count: 120, seed: 9 }));
    await page.evaluate((m) => window.postMessage({ type: 'model', model: m, runId: 'run-7' }, '*'), model);
    await page.waitForFunction(() => window.__batchHttpReport?.barCount === 120);
    assert.equal(await page.getAttribute('#timeline', 'data-bars'), '120');
    // The style sheet from media/ applied (the CSP let it in): the cards are a grid.
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.cards') as Element).display), 'grid');
    const box = await page.locator('.waterfall-scroll').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width * 0.5, box.y + 22 + 16 * 4 + 8);
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted[posted.length - 1], { type: 'reveal', index: 4, line: model.rows[4].line });
    // A host-driven selection is not posted back.
    await page.evaluate(() => window.postMessage({ type: 'select', index: 7 }, '*'));
    await page.waitForFunction(() => /^#7 /.test(document.querySelector('.details h3')?.textContent ?? ''));
    assert.equal((await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted)).length, posted.length);
    const state = (await page.evaluate(() => (window as unknown as { __state: () => { runId: string; model: { rows: unknown[] } } }).__state())) as { runId: string; model: { rows: unknown[] } };
    assert.equal(state.runId, 'run-7');
    assert.equal(state.model.rows.length, 120);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('live models refresh the webview; the saved state follows, the final model at once', { skip, timeout: 60_000 }, async () => {
  const file = writePage();
  const report = syntheticReport({ count: 40, seed: 8 });
  const pendingOf = (from: number): Parameters<typeof buildReportModel>[1] => ({
    pending: report.results.slice(from).map((r) => ({
      index: r.index, name: r.name, title: r.title, line: r.line, method: r.method, url: r.url,
      queuedAtMs: 0, startedAtMs: null, attemptLog: [], currentAttemptStartMs: null,
    })),
    nowMs: 300,
  });
  const partial = (from: number) => buildReportModel({ ...report, results: report.results.slice(0, from) }, pendingOf(from));
  const { page, errors } = await watchedPage(browser());
  try {
    await page.addInitScript(fakeVsCodeApi(null));
    await page.goto(pathToFileURL(file).href);
    type StateWindow = { __state: () => { model: { live: boolean; rows: Array<{ state: string }> } } | null };
    const savedQueued = (): Promise<number> =>
      page.evaluate(() => (window as unknown as StateWindow).__state()?.model.rows.filter((r) => r.state === 'queued').length ?? -1);
    await page.evaluate((m) => window.postMessage({ type: 'model', model: m, runId: 'live' }, '*'), partial(10));
    await page.waitForSelector('header .badge');
    assert.equal(await page.textContent('header .badge'), 'running');
    assert.equal(await savedQueued(), 30);
    await page.evaluate((m) => window.postMessage({ type: 'model', model: m, runId: 'live' }, '*'), partial(25));
    // Messages are handled in order: once the selection shows, the second model is in.
    await page.evaluate(() => window.postMessage({ type: 'select', index: 20 }, '*'));
    await page.waitForFunction(() => /^#20 /.test(document.querySelector('.details h3')?.textContent ?? ''));
    assert.match((await page.textContent('.details')) ?? '', /Outcome(succeeded|failed)/, 'row 20 is finished in the second model');
    assert.equal(await savedQueued(), 30, 'a live model within 5 s of the last save is not saved');
    await page.evaluate((m) => window.postMessage({ type: 'model', model: m, runId: 'live' }, '*'), buildReportModel(report));
    await page.waitForFunction(() => !document.querySelector('header .badge'));
    assert.equal(await savedQueued(), 0, 'the final model is saved at once');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a revived webview draws from its saved state before the host answers', { skip, timeout: 60_000 }, async () => {
  const file = writePage();
  const model = buildReportModel(syntheticReport({ count: 30, seed: 4 }));
  const { page, errors } = await watchedPage(browser());
  try {
    await page.addInitScript(fakeVsCodeApi({ model, runId: 'run-1' }));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => window.__batchHttpReport?.barCount === 30);
    assert.equal(await page.textContent('[data-card="Total"] .card-value'), '30');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
