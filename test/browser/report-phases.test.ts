// The run report's timing phases in headless Chromium, from a real 50-request run of the
// CLI (http to `localhost`, https with a self-signed certificate, slow first bytes, dripped
// bodies, retries, `@traceparent`): the slowest-phase card, the phase legend, connection
// phases painted inside the bars, the hover listing phases and the span id. The screenshot
// goes to test-results/report-phases-50.png.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { fixtureCertificate } from '../support/tls';
import { browserSkip, chromiumForFile, openReportPage, OUT, watchedPage } from './chromium';

const skip = browserSkip();
const browser = chromiumForFile(skip);
const servers: (http.Server | https.Server)[] = [];
const tries = new Map<string, number>();

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const n = (tries.get(url) ?? 0) + 1;
  tries.set(url, n);
  if (url.startsWith('/slow')) return void setTimeout(() => res.writeHead(200).end('{"slow":true}'), 120);
  if (url.startsWith('/flaky') && n === 1) return void res.writeHead(503, { 'retry-after': '0' }).end();
  if (url.startsWith('/drip')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      res.write('x'.repeat(200));
      if (++sent === 4) {
        clearInterval(timer);
        res.end();
      }
    }, 40);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

if (!skip) {
  test('a real 50-request run: phases in the bars, the legend, the hover and the slowest-phase card', { timeout: 120_000 }, async () => {
    const port = await listen(http.createServer(route));
    const cert = await fixtureCertificate();
    const tlsPort = await listen(https.createServer({ key: cert.key, cert: cert.cert }, route));
    const file = join(OUT, 'report-phases-50.batch.http');
    writeFileSync(
      file,
      [
        '# @traceparent',
        '# @concurrency 6',
        `@plain = http://localhost:${port}`,
        `@tls = https://127.0.0.1:${tlsPort}`,
        '',
        '### over TLS',
        '# @repeat 8',
        'GET {{tls}}/secure?i={{$index}}',
        '',
        '### fast',
        '# @repeat 20',
        'GET {{plain}}/fast?i={{$index}}',
        '',
        '### slow first byte',
        '# @repeat 10',
        'GET {{plain}}/slow?i={{$index}}',
        '',
        '### dripped body',
        '# @repeat 8',
        'GET {{plain}}/drip?i={{$index}}',
        '',
        '### retried once',
        '# @repeat 4',
        '# @retries 2',
        'GET {{plain}}/flaky?i={{$index}}',
        '',
      ].join('\n'),
    );
    const html = join(OUT, 'report-phases-50.html');
    const json = join(OUT, 'report-phases-50.json');
    const run = await runCli(['run', file, '--insecure', '-q', '--reporter', 'html', '-o', html, '--reporter', 'json', '-o', json], OUT);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(report.results.length, 50);
    assert.ok(report.results.some((r: { timings: { tlsMs: number | null } }) => r.timings.tlsMs !== null), 'some request made a TLS connection');

    const { page, errors, foreign } = await watchedPage(browser());
    try {
      await openReportPage(page, html);
      const card = page.locator('[data-card="Slowest phase"]');
      assert.match((await card.locator('.card-value').textContent()) ?? '', /^\d{1,3}%$/);
      assert.match((await card.locator('.card-label').textContent()) ?? '', /^(waiting for a slot|resolving names|connecting|in TLS handshakes|waiting for the server|downloading responses)$/);
      assert.match((await card.getAttribute('title')) ?? '', /waiting for the server/);
      const legend = (await page.textContent('.legend')) ?? '';
      for (const word of ['DNS', 'connect', 'TLS', 'TTFB']) assert.ok(legend.includes(word), `legend: ${word}`);
      // Taller rows and a closer look at the first requests (the TLS ones, on fresh
      // connections), then count the pixels of each phase colour.
      await page.click('button[title="Taller rows"]');
      await page.click('button[title="Taller rows"]');
      await page.click('button[title^="Zoom in"]');
      await page.click('button[title^="Zoom in"]');
      await page.evaluate(() => {
        (document.querySelector('.waterfall-scroll') as HTMLElement).scrollLeft = 0;
      });
      await page.waitForFunction(() => (window.__batchHttpReport?.drawnBars() ?? 0) > 0);
      const counts = await page.evaluate(() => {
        const c = document.getElementById('timeline') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const probe = document.createElement('i');
        document.body.append(probe);
        const rgb = (v: string): number[] => {
          probe.style.color = getComputedStyle(document.body).getPropertyValue(v).trim();
          return (getComputedStyle(probe).color.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        };
        const out: Record<string, number> = {};
        for (const name of ['--bh-dns', '--bh-connect', '--bh-tls']) {
          const [r, g, b] = rgb(name);
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - r!) < 6 && Math.abs(d[i + 1]! - g!) < 6 && Math.abs(d[i + 2]! - b!) < 6) n++;
          out[name] = n;
        }
        probe.remove();
        return out;
      });
      assert.ok(counts['--bh-connect']! > 0, `connect phase painted: ${JSON.stringify(counts)}`);
      assert.ok(counts['--bh-tls']! > 0, `TLS phase painted: ${JSON.stringify(counts)}`);
      // Hover the first TLS request's bar: the tooltip lists its phases and its span id.
      const tlsRow = report.results.findIndex((r: { url: string }) => r.url.startsWith('https:'));
      const want = report.results[tlsRow];
      const box = await page.locator('.waterfall-scroll').boundingBox();
      assert.ok(box);
      await page.evaluate((i) => window.__batchHttpReport?.selectIndex(i), want.index);
      const point = await page.evaluate((i) => window.__batchHttpReport!.rowPoint(i), want.index);
      assert.ok(point);
      await page.mouse.move(box.x + point.x, box.y + point.y);
      await page.waitForSelector('.tooltip:not([hidden])');
      const tip = (await page.textContent('.tooltip')) ?? '';
      assert.match(tip, /TTFB [\d.]+ (ms|s)/);
      assert.ok(tip.includes(`span ${want.trace.spanId}`), tip);
      assert.ok(tip.includes(want.trace.traceId), tip);
      assert.match((await page.textContent('.details')) ?? '', new RegExp(want.trace.spanId));
      await page.screenshot({ path: join(OUT, 'report-phases-50.png'), fullPage: true });
      assert.deepEqual(foreign, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}
