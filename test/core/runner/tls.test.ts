import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { runBatch } from '../../../src/core/runner';
import { makePlan } from '../../support/plan';

test('TLS is verified by default (a self-signed server is TLS_ERROR); rejectUnauthorized: false relaxes it', async () => {
  const server = https.createServer({ key: readFileSync('test/fixtures/tls/key.pem'), cert: readFileSync('test/fixtures/tls/cert.pem') }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('secure');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const strict = await runBatch(makePlan([{ url, retries: 2 }]));
    assert.equal(strict.results[0].error?.code, 'TLS_ERROR');
    assert.equal(strict.results[0].attempts, 1, 'TLS errors are not retried');
    assert.match(strict.results[0].error!.message, /--insecure/);
    const relaxed = await runBatch(makePlan([{ url }]), { rejectUnauthorized: false });
    assert.equal(relaxed.results[0].outcome, 'succeeded');
    assert.equal(Buffer.from(relaxed.results[0].body!).toString(), 'secure');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('@connection-timeout limits connecting (here a TLS handshake that never completes)', async () => {
  const sockets = new Set<import('node:net').Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s); // accepts TCP, never answers the TLS hello
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  try {
    const t0 = performance.now();
    const report = await runBatch(makePlan([{ url, timeoutMs: 20_000, connectionTimeoutMs: 300 }]));
    const r = report.results[0];
    assert.equal(r.error?.code, 'TIMEOUT');
    assert.match(r.error!.message, /connecting/);
    assert.ok(performance.now() - t0 < 10_000, 'the connection timeout, not the 20 s attempt timeout, ended it');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});
