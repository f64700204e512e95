// The timed connector keeps what undici's Client would have taken from the Agent options:
// with `allowH2` the TLS handshake offers h2 (a server that speaks it answers over HTTP/2),
// without it HTTP/1.1; either way the connection's set-up is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import { timedConnector } from '../../../src/core/runner/dispatcher';
import { ConnectionTimer } from '../../../src/core/timing/connection';
import { fixtureCertificate } from '../../support/tls';

function get(agent: Agent, url: string, timer: ConnectionTimer): Promise<{ status: number; fresh: boolean }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let status = 0;
    let fresh = false;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: () => void (fresh = timer.takeFresh() !== null),
      onResponseStart: (_c, code) => void (status = code),
      onResponseData: () => undefined,
      onResponseEnd: () => resolve({ status, fresh }),
      onResponseError: (_c, err) => reject(err),
    };
    agent.dispatch({ origin: u.origin, path: u.pathname, method: 'GET', headers: [] }, handler);
  });
}

test('allowH2 reaches the timed connector: h2 when allowed, HTTP/1.1 when not; both timed', async () => {
  const cert = await fixtureCertificate();
  const versions: string[] = [];
  const server = http2.createSecureServer({ key: cert.key, cert: cert.cert, allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    for (const allowH2 of [true, false]) {
      const timer = new ConnectionTimer(() => performance.now());
      const options = { connections: 1, allowH2, connect: { rejectUnauthorized: false } };
      const agent = new Agent({ ...options, connect: timedConnector(timer, options) });
      try {
        const r = await get(agent, url, timer);
        assert.equal(r.status, 200);
        assert.equal(r.fresh, true, 'the new connection was timed');
        assert.equal(timer.measuring, true);
      } finally {
        await agent.destroy();
      }
    }
    assert.deepEqual(versions, ['2.0', '1.1']);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
