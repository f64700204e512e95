// The webview page in Chromium with a stand-in for VS Code's webview API: the page loads
// the shared client from media/ under its CSP, asks for data with `ready`, draws a posted
// model, posts `reveal` on a click, keeps its state for the serializer and restores from it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildReportModel } from '../../src/core/report/timeline';
import { webviewHtml } from '../../src/extension/report/webview-html';
import { syntheticReport } from '../support/synthetic-report';
import { browserSkip, launchChromium, watchedPage } from './chromium';

const OUT = resolve('test-results');
const skip = browserSkip('the report webview page was');
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
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
  assert.ok(browser);
  const file = writePage();
  const { page, errors, foreign } = await watchedPage(browser);
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

test('a revived webview draws from its saved state before the host answers', { skip, timeout: 60_000 }, async () => {
  assert.ok(browser);
  const file = writePage();
  const model = buildReportModel(syntheticReport({ count: 30, seed: 4 }));
  const { page, errors } = await watchedPage(browser);
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
