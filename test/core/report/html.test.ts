import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedJson, toHtml } from '../../../src/core/report/html';
import { syntheticReport } from '../../support/synthetic-report';

function dataOf(html: string): unknown {
  const m = /<script type="application\/json" id="batch-http-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page has the data block');
  return JSON.parse(m[1]);
}

test('embedJson survives a </script> and comment openers, and parses back unchanged', () => {
  const value = { url: 'http://x/</script><script>alert(1)</script>', c: '<!-- & -->', ls: 'a\u2028b\u2029c' };
  const text = embedJson(value);
  assert.ok(!/<\/script/i.test(text));
  assert.ok(!text.includes('<!--'));
  assert.ok(!text.includes('\u2028'));
  assert.deepEqual(JSON.parse(text), value);
});

test('toHtml is one self-contained page with a nonce CSP and no remote resources', () => {
  const html = toHtml(syntheticReport({ count: 50 }), { nonce: 'TESTNONCE' });
  assert.match(html, /^<!DOCTYPE html>/);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-TESTNONCE'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  // Every executable script and style carries the nonce; nothing is loaded from elsewhere.
  const scripts = html.match(/<script(?![^>]*type="application\/json")[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(scripts.every((s) => s.includes('nonce="TESTNONCE"')));
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import|url\(\s*['"]?https?:/i);
  const model = dataOf(html) as { rows: unknown[] };
  assert.equal(model.rows.length, 50);
  // The nonce is fresh for each page unless given.
  const a = /nonce-([^']+)'/.exec(toHtml(syntheticReport({ count: 1 })))?.[1];
  const b = /nonce-([^']+)'/.exec(toHtml(syntheticReport({ count: 1 })))?.[1];
  assert.ok(a && b && a !== b);
});

test('toHtml redacts secrets and neutralises markup in report text', () => {
  const secret = 'sekret-0xDEADBEEF';
  const report = syntheticReport({ count: 20, secret });
  report.results[0].url = 'http://user:pw@127.0.0.1/</script><script>window.__pwned=1</script>';
  report.results[1].error = { code: 'BAD_RESPONSE', message: `bad body near ${secret}` };
  report.file = '/w/a&<b>"x".batch.http';
  const html = toHtml(report, { secrets: [secret] });
  assert.ok(!html.includes(secret));
  assert.ok(!html.includes('user:pw'));
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the data block and the script close');
  assert.ok(html.includes('<title>Batch HTTP report – a&#38;&#60;b&#62;&#34;x&#34;.batch.http</title>'));
  const model = dataOf(html) as { rows: Array<{ url: string; errorMessage: string | null }> };
  assert.equal(model.rows[0].url, 'http://***@127.0.0.1/</script><script>window.__pwned=1</script>');
  assert.equal(model.rows[1].errorMessage, 'bad body near ***');
});
