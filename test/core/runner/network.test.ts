import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { runBatch } from '../../../src/core/runner';
import type { Clock } from '../../../src/core/types';
import { createSystemClock } from '../../../src/core/system';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { sendJson, startServer, withServer } from '../../support/server';

test('circuit breaker: 5 connection failures open it, then one probe closes it', async () => {
  const deadPort = await refusedPort();
  let offset = 0;
  const clock: Clock = { ...createSystemClock(), now: () => performance.now() + offset };
  let revived: http.Server | null = null;
  const control = await startServer((_req, res) => {
    // Called between the two phases: 11 s pass (fake clock) and the dead origin comes up.
    offset += 11_000;
    revived = http.createServer((_q, r) => sendJson(r, 200, { alive: true }));
    revived.listen(deadPort, '127.0.0.1', () => sendJson(res, 200, {}));
  });
  try {
    const dead = `http://127.0.0.1:${deadPort}`;
    const plan = makePlan(
      [
        ...Array.from({ length: 7 }, (_, i) => ({ url: `${dead}/d/${i}`, retries: 0 })),
        // Concurrency 1 and file order: this starts after the seven failures.
        { url: `${control.url}/advance`, name: 'advance' },
        { url: `${dead}/probe`, name: 'probe', dependsOn: ['advance'] },
        { url: `${dead}/after`, dependsOn: ['probe'] },
      ],
      { concurrency: 1 },
    );
    const report = await runBatch(plan, { clock });
    const codes = report.results.map((r) => r.error?.code ?? 'OK');
    assert.deepEqual(codes.slice(0, 7), ['CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
    assert.equal(report.results[5].attempts, 0, 'a request meeting an open circuit is not sent');
    assert.equal(codes[7], 'OK');
    assert.deepEqual(codes.slice(8), ['OK', 'OK'], 'the probe succeeded and closed the circuit');
  } finally {
    await control.close();
    const r = revived as http.Server | null;
    if (r) await new Promise<void>((done) => { r.closeAllConnections(); r.close(() => done()); });
  }
});

test('body cap: the rest is drained and counted, and the connection is reused', async (t) => {
  const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
  const server = await withServer(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(big.length) });
    res.end(big);
  });
  const plan = makePlan(Array.from({ length: 4 }, (_, i) => ({ url: `${server.url}/big/${i}` })), { concurrency: 1 });
  const report = await runBatch(plan, { maxBodyBytes: 1024 });
  for (const r of report.results) {
    assert.equal(r.outcome, 'succeeded');
    assert.equal(r.truncated, true);
    assert.equal(r.bodyBytes, big.length);
    assert.equal(r.body!.length, 1024);
  }
  assert.equal(server.connections, 1, 'one keep-alive connection served all four');
  const dflt = await runBatch(makePlan([{ url: `${server.url}/big` }]));
  assert.equal(dflt.results[0].body!.length, 1024 * 1024, 'default cap 1 MiB');
});

test('redirects: followed, cross-origin drops Authorization/Cookie, same-origin keeps them', async () => {
  const other = await startServer((req, res) => sendJson(res, 200, { auth: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null }));
  const main = await startServer((req, res) => {
    if (req.url === '/away') return res.writeHead(302, { location: `${other.url}/landing` }).end();
    if (req.url === '/here') return res.writeHead(307, { location: '/landing' }).end();
    if (req.url === '/see-other') return res.writeHead(303, { location: '/landing' }).end();
    if (req.url?.startsWith('/loop')) return res.writeHead(302, { location: `/loop${Math.random()}` }).end();
    sendJson(res, 200, { method: req.method, auth: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null });
  });
  try {
    const secret: [string, string][] = [
      ['Authorization', 'Bearer s3cret'],
      ['Cookie', 'sid=1'],
      ['X-Keep', 'yes'],
    ];
    const plan = makePlan([
      { url: `${main.url}/away`, headers: secret },
      { url: `${main.url}/here`, headers: secret },
      { url: `${main.url}/see-other`, method: 'POST', body: 'x', headers: [['Content-Type', 'text/plain']] },
      { url: `${main.url}/loop` },
      { url: `${main.url}/away`, followRedirects: false },
    ]);
    const report = await runBatch(plan);
    const body = (i: number): Record<string, unknown> => JSON.parse(Buffer.from(report.results[i].body!).toString());
    assert.deepEqual(body(0), { auth: null, cookie: null });
    assert.equal(other.seen[0].headers['x-keep'], 'yes');
    assert.deepEqual(body(1), { method: 'GET', auth: 'Bearer s3cret', cookie: 'sid=1' });
    assert.equal(body(2).method, 'GET', '303 turns POST into GET');
    assert.equal(report.results[3].error?.code, 'TOO_MANY_REDIRECTS');
    assert.equal(main.seen.filter((s) => s.url.startsWith('/loop')).length, 11);
    assert.equal(report.results[4].status, 302, '@no-redirect returns the redirect itself');
    assert.equal(report.results[4].outcome, 'succeeded');
  } finally {
    await main.close();
    await other.close();
  }
});

test('a connection dropped in the middle of the body is CONNECTION_RESET; garbage is BAD_RESPONSE', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/drop') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('only a bit');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    req.socket.end('NOT HTTP AT ALL\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const report = await runBatch(makePlan([{ url: `${base}/drop` }, { url: `${base}/garbage` }]));
    assert.equal(report.results[0].error?.code, 'CONNECTION_RESET');
    assert.equal(report.results[1].error?.code, 'BAD_RESPONSE');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('HTTP_PROXY from proxyEnv is used (never process.env); NO_PROXY bypasses it', async () => {
  const target = await startServer((req, res) => sendJson(res, 200, { path: req.url }));
  const tunnels: string[] = [];
  const proxy = http.createServer((_req, res) => res.writeHead(501).end());
  proxy.on('connect', (req: http.IncomingMessage, client: import('node:net').Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const url = `${target.url}/through`;
    const viaProxy = await runBatch(makePlan([{ url }]), { proxyEnv: { HTTP_PROXY: proxyUrl } });
    assert.equal(viaProxy.results[0].outcome, 'succeeded', JSON.stringify(viaProxy.results[0].error));
    assert.deepEqual(tunnels, [`127.0.0.1:${target.port}`], 'the proxy carried the request');
    const bypass = await runBatch(makePlan([{ url }]), { proxyEnv: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    assert.equal(bypass.results[0].outcome, 'succeeded');
    assert.equal(tunnels.length, 1, 'NO_PROXY bypassed the proxy');
    assert.equal(target.seen.length, 2);
  } finally {
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
    await target.close();
  }
});
