// `OPTIONS *` (format spec, section 13.4): sent as the asterisk form to the origin of its
// Host header or base. Raw servers record the exact request line; the results, the reports
// and the trace show `ORIGIN*`, never the path the runner dispatches it with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { toCurl } from '../../../src/core/curl';
import { buildPlan } from '../../../src/core/parser';
import { toJsonReport } from '../../../src/core/report';
import { runBatch } from '../../../src/core/runner';
import { createNodeFileReader } from '../../../src/core/system';
import type { Logger } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { finalResponse, startRawServer } from '../../support/raw-server';
import { testCertificate } from '../../support/tls';

const MARKER = /batch-http-asterisk/;

function recordingLogger(lines: string[]): Logger {
  return { enabled: () => true, trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

test('OPTIONS * is written as the asterisk form, with the Host of its origin; the report shows ORIGIN*', async () => {
  const server = await startRawServer((socket) => socket.write(finalResponse()));
  const lines: string[] = [];
  try {
    const text = `OPTIONS *\nHost: ${server.url.slice('http://'.length)}\n`;
    const plan = await buildPlan(text, { filePath: '/tmp/o.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
    assert.deepEqual(plan.diagnostics, []);
    const report = await runBatch(plan, { logger: recordingLogger(lines) });
    const r = report.results[0]!;
    assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
    assert.equal(server.requests[0]!.line, 'OPTIONS * HTTP/1.1');
    assert.match(server.requests[0]!.head, new RegExp(`\\r\\nhost: ${server.url.slice('http://'.length)}\\r\\n`, 'i'));
    assert.equal(r.url, `${server.url}*`);
    const json = toJsonReport(report);
    assert.equal(JSON.parse(json).results[0].url, `${server.url}*`);
    assert.doesNotMatch(json + lines.join('\n'), MARKER);
    assert.ok(lines.some((l) => l.includes(`OPTIONS ${server.url}*`)), lines.join('\n'));
  } finally {
    await server.close();
  }
});

test('OPTIONS * and then a GET on the same keep-alive connection: each request line as meant', async () => {
  const server = await startRawServer((socket) => socket.write(finalResponse()));
  try {
    const plan = makePlan([{ url: `${server.url}*`, method: 'OPTIONS' }, { url: `${server.url}/after` }, { url: `${server.url}/*`, method: 'OPTIONS' }], { concurrency: 1 });
    const report = await runBatch(plan);
    assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded']);
    assert.deepEqual(server.requests.map((r) => r.line), ['OPTIONS * HTTP/1.1', 'GET /after HTTP/1.1', 'OPTIONS /* HTTP/1.1']);
    assert.equal(server.connections, 1);
  } finally {
    await server.close();
  }
});

test('through a proxy OPTIONS * is refused with what to do, and nothing reaches the proxy', async () => {
  const proxy = await startRawServer((socket) => socket.write(finalResponse()));
  try {
    const report = await runBatch(makePlan([{ url: 'http://127.0.0.1:9*', method: 'OPTIONS' }]), { proxyEnv: { HTTP_PROXY: proxy.url } });
    const r = report.results[0]!;
    assert.equal(r.error?.code, 'INVALID_URL');
    assert.match(r.error!.message, /proxy.*OPTIONS \/|OPTIONS \/.*proxy/);
    assert.equal(proxy.requests.length, 0);
  } finally {
    await proxy.close();
  }
});

test('in an HTTP/2 run OPTIONS * goes over HTTP/1.1 (HTTP/2 has no asterisk form here); other requests stay on h2', async () => {
  const { key, cert } = await testCertificate();
  const seen: { url: string; version: string }[] = [];
  const server = http2.createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    seen.push({ url: req.url, version: req.httpVersion });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const plan = makePlan([{ url: `${origin}*`, method: 'OPTIONS' }, { url: `${origin}/h2` }], { concurrency: 1, http2: true });
    const report = await runBatch(plan, { rejectUnauthorized: false });
    assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded']);
    assert.deepEqual(seen, [{ url: '*', version: '1.1' }, { url: '/h2', version: '2.0' }]);
    assert.deepEqual(report.results.map((r) => r.httpVersion), ['1.1', '2']);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('Copy as cURL of OPTIONS * asks curl for the asterisk form', () => {
  const cmd = toCurl({ method: 'OPTIONS', url: 'http://127.0.0.1:7511*', headers: [], body: null, timeoutMs: 5000, followRedirects: true }, { multiline: false });
  assert.match(cmd, /^curl http:\/\/127\.0\.0\.1:7511 --request-target '\*' -X OPTIONS /);
});

test('the metrics origin of ORIGIN* is that origin (port written), and isAsteriskUrl knows no other URL', async () => {
  const { originOf, OriginCache } = await import('../../../src/core/report/origin');
  const { isAsteriskUrl } = await import('../../../src/core/asterisk');
  assert.equal(originOf('http://127.0.0.1:7511*'), 'http://127.0.0.1:7511');
  assert.equal(new OriginCache().of('https://h.example*'), 'https://h.example:443');
  assert.deepEqual(['http://h:1*', 'https://u:p@h*', 'http://h/*', 'http://h/a*', 'http://h?q=*', '*', 'ftp://h*'].map(isAsteriskUrl), [true, true, false, false, false, false, false]);
});
