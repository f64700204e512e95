// Assertions in the standalone HTML report, in headless Chromium: the Assertions card, the
// failing request's bar in the assertion colour (apart from transport failures), and the
// details listing each assertion with the value found. Screenshot: test-results/report-assertions.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertionFailureMessage } from '../../src/core/conditions';
import { toHtml } from '../../src/core/report/html';
import type { AssertionResult } from '../../src/core/types';
import { makeReport, makeResult } from '../support/results';
import { browserSkip, chromiumForFile, openReportPage, OUT, watchedPage } from './chromium';

const SECRET = 'tok-5ecret-value';
const skip = browserSkip();
const browser = chromiumForFile(skip);

/** Pixels of the canvas with exactly each of these colours (one read of the canvas). */
function countColours(colours: [number, number, number][]): string {
  return `(() => {
    const c = document.getElementById('timeline');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const want = ${JSON.stringify(colours)};
    const n = want.map(() => 0);
    for (let i = 0; i < d.length; i += 4) want.forEach((w, k) => { if (d[i] === w[0] && d[i + 1] === w[1] && d[i + 2] === w[2]) n[k]++; });
    return n;
  })()`;
}

test('an assertion failure: its own card, its own colour, every assertion in the details', { skip, timeout: 60_000 }, async () => {
  const checks: AssertionResult[] = [
    { line: 12, text: 'status == 200', ok: true, actual: '200' },
    { line: 13, text: 'body $.state == done', ok: false, actual: '"running"' },
    { line: 14, text: 'header x-token exists', ok: true, actual: SECRET },
  ];
  const results = [
    makeResult({ index: 0, title: 'Job', line: 11, outcome: 'failed', startedAtMs: 0, endedAtMs: 40, durationMs: 40, error: { code: 'ASSERTION_FAILED', message: assertionFailureMessage(checks)! }, assertions: checks }),
    makeResult({ index: 1, title: 'Fine', startedAtMs: 5, endedAtMs: 30, durationMs: 25, assertions: [{ line: 20, text: 'status == 200', ok: true, actual: '200' }] }),
    makeResult({ index: 2, title: 'Down', outcome: 'failed', status: null, startedAtMs: 5, endedAtMs: 35, durationMs: 30, responseHeaders: null, body: null, error: { code: 'CONNECTION_RESET', message: 'reset' } }),
  ];
  const file = join(OUT, 'report-assertions.html');
  writeFileSync(file, toHtml(makeReport(results, { durationMs: 50 }), { secrets: [SECRET] }));
  const { page, errors, foreign } = await watchedPage(browser());
  try {
    await openReportPage(page, file);
    assert.equal(await page.textContent('[data-card="Assertions"] .card-value'), '3/4');
    assert.equal(await page.getAttribute('[data-card="Assertions"]', 'class'), 'card assert');
    assert.equal(await page.textContent('[data-card="Failed"] .card-value'), '2');
    // The assertion failure is painted in its colour (#8250df), the transport failure in red (#cf222e).
    const [purple, red] = await page.evaluate<number[]>(countColours([[0x82, 0x50, 0xdf], [0xcf, 0x22, 0x2e]]));
    assert.ok(purple! > 20, `assertion-failure pixels: ${purple}`);
    assert.ok(red! > 20, `transport-failure pixels: ${red}`);
    assert.ok(await page.isVisible('.legend .swatch.assert'));
    const box = await page.locator('.waterfall-scroll').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width * 0.3, box.y + 22 + 8);
    await page.waitForSelector('.details .assertions');
    assert.match((await page.textContent('.details h3')) ?? '', /^#0 /);
    assert.deepEqual(await page.locator('.details .assertion').allTextContents(), [
      '✓ line 12: ?? status == 200',
      '✗ line 13: ?? body $.state == done (found "running")',
      '✓ line 14: ?? header x-token exists',
    ]);
    assert.equal(await page.getAttribute('.details .assertion >> nth=1', 'class'), 'assertion fail');
    assert.ok(!(await page.content()).includes(SECRET), 'the secret is not in the page');
    await page.screenshot({ path: join(OUT, 'report-assertions.png'), fullPage: true });
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
