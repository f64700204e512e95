// HTTP/2 (format spec, section 13 item 12): offered over TLS by ALPN with @http2 / --http2,
// HTTP/1.1 where the server does not take it; the result says which one was used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPlan } from '../../../src/core/parser';
import { toJsonReport, toJsonReportObject } from '../../../src/core/report';
import { runBatch } from '../../../src/core/runner';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan } from '../../../src/core/types';
import { testCertificate } from '../../support/tls';
import { makePlan } from '../../support/plan';

type Handler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

/** Answers with the HTTP version the server saw, and a cookie. */
const answer: Handler = (req, res) => {
  const body = JSON.stringify({ version: req.httpVersion, cookie: req.headers.cookie ?? null });
  res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['h2=cookie-over-h2; Path=/', 'second=another-one; Path=/'] });
  res.end(body);
};

let h2Server: http2.Http2SecureServer;
let h1Server: https.Server;
let plainServer: http.Server;
let h2Url = '';
let h1Url = '';
let plainUrl = '';

async function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): AddressInfo | string | null }, scheme: string): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  const { key, cert } = await testCertificate();
  h2Server = http2.createSecureServer({ key, cert, allowHTTP1: true }, answer);
  h1Server = https.createServer({ key, cert }, answer);
  plainServer = http.createServer(answer);
  h2Url = await listen(h2Server, 'https');
  h1Url = await listen(h1Server, 'https');
  plainUrl = await listen(plainServer, 'http');
});

after(async () => {
  h1Server.closeAllConnections();
  plainServer.closeAllConnections();
  await Promise.all([
    new Promise((r) => h2Server.close(r)),
    new Promise((r) => h1Server.close(r)),
    new Promise((r) => plainServer.close(r)),
  ]);
});

function plan(text: string): Promise<BatchPlan> {
  return buildPlan(text, { filePath: '/tmp/h2.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
}

function served(body: Uint8Array | null): { version: string; cookie: string | null } {
  return JSON.parse(Buffer.from(body!).toString('utf8'));
}

test('@http2: HTTP/2 where the server takes it (ALPN), HTTP/1.1 where it does not, and over http:', async () => {
  const p = await plan(['# @http2', '', '###', `GET ${h2Url}/a`, '', '###', `GET ${h1Url}/b`, '', '###', `GET ${plainUrl}/c`, ''].join('\n'));
  assert.equal(p.settings.http2, true);
  assert.deepEqual(p.diagnostics, []);
  const report = await runBatch(p, { rejectUnauthorized: false });
  assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded'], JSON.stringify(report.results.map((r) => r.error)));
  assert.deepEqual(report.results.map((r) => r.httpVersion), ['2', '1.1', '1.1']);
  assert.deepEqual(report.results.map((r) => served(r.body).version), ['2.0', '1.1', '1.1'], 'what the servers saw');
  const json = JSON.parse(toJsonReport(report));
  assert.deepEqual(json.results.map((r: { httpVersion: string }) => r.httpVersion), ['2', '1.1', '1.1']);
  assert.deepEqual(Object.keys(json.results[0]).slice(6, 10), ['outcome', 'status', 'httpVersion', 'attempts']);
  assert.equal(toJsonReport(report), `${JSON.stringify(toJsonReportObject(report), null, 2)}\n`, 'the hand-written serializer matches JSON.stringify');
});

test('without @http2 every request is HTTP/1.1, even to an h2 server, and the result says so', async () => {
  const report = await runBatch(makePlan([{ url: `${h2Url}/a` }]), { rejectUnauthorized: false });
  assert.equal(report.results[0]!.outcome, 'succeeded');
  assert.equal(served(report.results[0]!.body).version, '1.1');
  assert.equal(report.results[0]!.httpVersion, '1.1');
  assert.equal(JSON.parse(toJsonReport(report)).results[0].httpVersion, '1.1');
});

test("a request line's own HTTP/2 does not switch HTTP/2 on; the http2 override does", async () => {
  const text = ['###', `GET ${h2Url}/versioned HTTP/2`, ''].join('\n');
  const off = await runBatch(await plan(text), { rejectUnauthorized: false });
  assert.equal(served(off.results[0]!.body).version, '1.1');
  const on = await buildPlan(text, { filePath: '/tmp/h2.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null, overrides: { http2: true } });
  const report = await runBatch(on, { rejectUnauthorized: false });
  assert.equal(report.results[0]!.httpVersion, '2');
  assert.equal(served(report.results[0]!.body).version, '2.0');
});

test('over HTTP/2 a request without a response has httpVersion null; cookies work as over HTTP/1.1', async () => {
  const report = await runBatch(
    makePlan(
      [
        { url: `${h2Url}/set`, name: 'first' },
        { url: `${h2Url}/again`, dependsOn: ['first'] },
        { url: 'https://127.0.0.1:1/refused' },
      ],
      { http2: true },
    ),
    { rejectUnauthorized: false },
  );
  assert.deepEqual(report.results.map((r) => r.httpVersion), ['2', '2', null]);
  assert.equal(report.results[2]!.error?.code, 'CONNECTION_REFUSED');
  assert.equal(served(report.results[1]!.body).cookie, 'h2=cookie-over-h2; second=another-one', 'both Set-Cookie lines of the h2 response were stored');
});
