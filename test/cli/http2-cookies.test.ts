// The CLI: --http2 offers HTTP/2 (httpVersion in the JSON report), and cookies carry from
// one request to the next with their values redacted in the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../support/cli';
import { testCertificate } from '../support/tls';

let dir = '';
let server: http2.Http2SecureServer;
let url = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-h2-'));
  const { key, cert } = await testCertificate();
  server = http2.createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    const cookie = req.headers.cookie ?? null;
    res.writeHead(200, { 'content-type': 'application/json', ...(req.url === '/login' ? { 'set-cookie': 'sid=cli-cookie-secret-77; Path=/' } : {}) });
    res.end(JSON.stringify({ version: req.httpVersion, cookie }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

test('--http2 offers HTTP/2; a login cookie is sent by the next request and redacted in the report', async () => {
  await writeFile(join(dir, 'h2.batch.http'), `### login\n# @name login\nGET ${url}/login\n\n### me\n# @depends-on login\nGET ${url}/me\n`);
  const on = await runCli(['run', 'h2.batch.http', '--http2', '--insecure', '--reporter', 'json', '-q'], dir);
  assert.equal(on.code, 0, on.stderr);
  const report = JSON.parse(on.stdout);
  assert.deepEqual(report.results.map((r: { httpVersion: string }) => r.httpVersion), ['2', '2']);
  assert.equal(JSON.parse(report.results[1].body).cookie, 'sid=***', 'sent, and redacted where the body echoes it');
  assert.doesNotMatch(on.stdout + on.stderr, /cli-cookie-secret-77/);
  const off = await runCli(['run', 'h2.batch.http', '--insecure', '--reporter', 'json', '-q'], dir);
  assert.equal(off.code, 0, off.stderr);
  const plain = JSON.parse(off.stdout);
  assert.equal(JSON.parse(plain.results[0].body).version, '1.1');
  assert.equal(plain.results[0].httpVersion, '1.1', 'every result says its protocol, with or without --http2');
});
