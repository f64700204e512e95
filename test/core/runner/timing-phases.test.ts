// Timing phases in results (format spec, section 11; cli.md `timings`), from real local
// servers: fresh and reused connections, https with a self-signed certificate (TLS phase),
// `localhost` (DNS phase) and an IP literal (none), a slow first byte and a dripped body
// each in their phase, the phases within the total, the final attempt's after a retry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { runBatch } from '../../../src/core/runner';
import type { RequestResult, ResultTimings } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { assertPhasesWithinTotal, startPhaseServers, type PhaseServers } from '../../support/phase-servers';
import { refusedPort } from '../../support/ports';
import { fixtureCertificate } from '../../support/tls';

let servers: PhaseServers;
let plainPort = 0;
let securePort = 0;
const flaky = new Map<string, number>();

/** `/flaky...`: 503 the first time a URL is asked, 200 after. */
function flakyRoute(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? '/';
  if (!url.startsWith('/flaky')) return false;
  const n = (flaky.get(url) ?? 0) + 1;
  flaky.set(url, n);
  res.writeHead(n === 1 ? 503 : 200, { 'content-type': 'text/plain', 'retry-after': '0' }).end('x');
  return true;
}

before(async () => {
  servers = await startPhaseServers(flakyRoute);
  ({ plainPort, securePort } = servers);
});

after(() => servers.close());

/** The result has timings: every phase null or a number >= 0, together within the total; `reused` a boolean. */
function checkPhases(r: RequestResult): ResultTimings {
  const t = r.timings;
  assert.ok(t, `#${r.index} has timings`);
  assertPhasesWithinTotal(t, `#${r.index}: `);
  assert.equal(typeof t.reused, 'boolean');
  return t;
}

/** One connection per origin (perHost 1), so requests after the first reuse it. */
const oneConnection = { concurrency: 1, perHost: 1 };

test('http to an IP literal: the first request connects (no DNS, no TLS), the next ones reuse the connection', async () => {
  const before = servers.connections;
  const base = `http://127.0.0.1:${plainPort}`;
  const report = await runBatch(makePlan([{ url: `${base}/a` }, { url: `${base}/b` }, { url: `${base}/c` }], oneConnection));
  const [a, b, c] = report.results.map(checkPhases);
  assert.deepEqual([a!.reused, a!.dnsMs, a!.tlsMs], [false, null, null]);
  assert.equal(typeof a!.connectMs, 'number');
  for (const t of [b!, c!]) assert.deepEqual([t.reused, t.dnsMs, t.connectMs, t.tlsMs], [true, null, null, null]);
  for (const t of [a!, b!, c!]) {
    assert.equal(typeof t.ttfbMs, 'number');
    assert.equal(typeof t.downloadMs, 'number');
  }
  assert.equal(servers.connections - before, 1);
});

test('http to localhost: a DNS phase', async () => {
  const report = await runBatch(makePlan([{ url: `http://localhost:${plainPort}/dns` }]));
  const t = checkPhases(report.results[0]!);
  assert.equal(report.results[0]!.outcome, 'succeeded');
  assert.equal(typeof t.dnsMs, 'number');
  assert.equal(typeof t.connectMs, 'number');
  assert.equal(t.tlsMs, null);
});

test('https with a self-signed certificate: a TLS phase on the fresh connection, none when reused', async () => {
  const base = `https://127.0.0.1:${securePort}`;
  const report = await runBatch(makePlan([{ url: `${base}/s1` }, { url: `${base}/s2` }], oneConnection), { rejectUnauthorized: false });
  const [first, second] = report.results.map(checkPhases);
  assert.equal(report.results[0]!.outcome, 'succeeded', report.results[0]!.error?.message);
  assert.equal(first!.reused, false);
  assert.ok(typeof first!.tlsMs === 'number' && first!.tlsMs > 0, JSON.stringify(first));
  assert.equal(typeof first!.connectMs, 'number');
  assert.deepEqual([second!.reused, second!.tlsMs], [true, null]);
});

test('a slow first byte lands in ttfbMs, a dripped body in downloadMs', async () => {
  const base = `http://127.0.0.1:${plainPort}`;
  const report = await runBatch(makePlan([{ url: `${base}/slow-first-byte` }, { url: `${base}/drip` }], oneConnection));
  const [slow, drip] = report.results.map(checkPhases);
  assert.ok(slow!.ttfbMs! >= 250, `ttfb ${slow!.ttfbMs} ms for a 300 ms wait`);
  assert.ok(slow!.downloadMs! < slow!.ttfbMs!);
  assert.ok(drip!.downloadMs! >= 250, `download ${drip!.downloadMs} ms for 5 chunks 80 ms apart`);
  assert.ok(drip!.ttfbMs! < drip!.downloadMs!);
});

test("after a retry the result shows the final attempt's phases; each attempt keeps its own", async () => {
  const report = await runBatch(makePlan([{ url: `http://127.0.0.1:${plainPort}/flaky?one`, retries: 2 }], oneConnection));
  const r = report.results[0]!;
  assert.equal(r.outcome, 'succeeded');
  assert.equal(r.attempts, 2);
  const t = checkPhases(r);
  const last = r.attemptLog[1]!;
  assert.ok(last.phases, 'the attempt has its phases');
  assert.equal(t.ttfbMs, last.phases.ttfbMs);
  assert.ok(Math.abs(t.totalMs - (last.endMs - last.startMs)) < 1e-6, 'totalMs is the final attempt');
  assert.ok(t.totalMs <= r.durationMs!, 'durationMs covers every attempt and the backoff');
  assert.ok(r.attemptLog[0]!.phases, 'the first attempt too');
});

test('a refused connection: no phase completed, nothing reused, but a total; a request never sent has no timings', async () => {
  const port = await refusedPort();
  const report = await runBatch(makePlan([{ url: `http://127.0.0.1:${port}/refused` }, { url: '{{nope}}/x', unresolved: ['nope'] }]));
  const r = report.results[0]!;
  assert.equal(r.error?.code, 'CONNECTION_REFUSED');
  const t = checkPhases(r);
  assert.deepEqual([t.dnsMs, t.connectMs, t.tlsMs, t.ttfbMs, t.downloadMs, t.reused], [null, null, null, null, null, false]);
  assert.ok(t.totalMs >= 0);
  assert.equal(report.results[1]!.timings, null);
});

test('@http2: phases on an h2 connection (TLS on the fresh one, none on the streams that reuse it)', async () => {
  const cert = await fixtureCertificate();
  const server = http2.createSecureServer({ key: cert.key, cert: cert.cert, allowHTTP1: true }, (_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const plan = makePlan([{ url: `${base}/h1` }, { url: `${base}/h2` }], { ...oneConnection, http2: true });
    const report = await runBatch(plan, { rejectUnauthorized: false });
    const [first, second] = report.results.map(checkPhases);
    assert.deepEqual(report.results.map((r) => r.httpVersion), ['2', '2']);
    assert.equal(first!.reused, false);
    assert.ok(typeof first!.tlsMs === 'number' && first!.tlsMs > 0, JSON.stringify(first));
    assert.deepEqual([second!.reused, second!.tlsMs], [true, null]);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
