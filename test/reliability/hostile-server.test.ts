// Self-tests of the hostile server with plain undici and node:net: each behaviour does
// what the reliability suite relies on, and close() leaves nothing open.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent as HttpAgent, get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { start, type HostileServer } from '../support/hostile-server';
import { resourceCounts, waitForNoLeaks } from '../support/resources';
import { fixtureCertificate } from '../support/tls';

interface RawExchange {
  /** Everything received, as latin1 text. */
  data: string;
  /** Number of 'data' events. */
  chunks: number;
  /** True when the server closed or reset the connection within the wait. */
  ended: boolean;
  error: string | null;
}

/** Sends a raw GET over a fresh socket and collects what arrives within `waitMs`. */
function rawGet(base: string, path: string, waitMs: number): Promise<RawExchange> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const out: RawExchange = { data: '', chunks: 0, ended: false, error: null };
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => finish(), waitMs);
    function finish(): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    }
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (d) => {
      out.data += d.toString('latin1');
      out.chunks++;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      out.error = e.code ?? e.message;
    });
    socket.on('close', () => {
      out.ended = true;
      finish();
    });
  });
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    return String(e.cause?.code ?? e.code ?? (err instanceof Error ? err.name : err));
  }
  return 'no error';
}

describe('hostile server', () => {
  let server: HostileServer;
  let agent: Agent;

  before(async () => {
    server = await start({ tls: true });
    agent = new Agent({ connections: 4 });
  });

  after(async () => {
    await agent.destroy();
    await server.close();
  });

  test('answers /ok and 404 for unknown paths', async () => {
    const ok = await request(`${server.url}/ok`, { dispatcher: agent });
    assert.equal(ok.statusCode, 200);
    assert.equal(await ok.body.text(), 'ok');
    const missing = await request(`${server.url}/nope`, { dispatcher: agent });
    assert.equal(missing.statusCode, 404);
    await missing.body.dump();
  });

  test('/set-cookie answers with the cookie it is given', async () => {
    const res = await request(`${server.url}/set-cookie?v=${encodeURIComponent('sid=abc; Path=/')}`, { dispatcher: agent });
    assert.equal(res.headers['set-cookie'], 'sid=abc; Path=/');
    await res.body.dump();
    const b64 = await request(`${server.url}/set-cookie?b64=${Buffer.from('sid=hidden').toString('base64')}`, { dispatcher: agent });
    assert.equal(b64.headers['set-cookie'], 'sid=hidden');
    await b64.body.dump();
  });

  test('a closed port refuses the connection', async () => {
    assert.equal(await errorCode(request(`${server.refusedUrl}/ok`, { dispatcher: agent })), 'ECONNREFUSED');
  });

  test('an .invalid host never resolves', async () => {
    assert.equal(await errorCode(request(`${server.invalidHostUrl}/ok`, { dispatcher: agent })), 'ENOTFOUND');
  });

  test('reset before headers: no byte, then a reset', async () => {
    const raw = await rawGet(server.url, '/reset-before-headers', 2000);
    assert.equal(raw.data, '');
    assert.equal(raw.ended, true);
    assert.equal(raw.error, 'ECONNRESET');
  });

  test('reset in the middle of the body: headers, part of the body, then a reset', async () => {
    const res = await request(`${server.url}/reset-mid-body`, { dispatcher: agent });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-length'], '4096');
    const code = await errorCode(res.body.arrayBuffer());
    assert.match(code, /ECONNRESET|UND_ERR_SOCKET/);
  });

  test('hang: the request is accepted and never answered', async () => {
    const before = server.stats().inFlight;
    const raw = await rawGet(server.url, '/hang', 300);
    assert.equal(raw.data, '');
    assert.equal(raw.ended, false, 'the server keeps the connection open');
    assert.ok(server.stats().maxInFlight > before);
  });

  test('stalled body: headers and 16 of 1024 bytes, then silence', async () => {
    const raw = await rawGet(server.url, '/stall-body', 300);
    assert.match(raw.data, /^HTTP\/1\.1 200 /);
    assert.match(raw.data, /content-length: 1024/i);
    assert.equal(raw.data.split('\r\n\r\n')[1].length, 16);
    assert.equal(raw.ended, false);
  });

  test('drip: the body arrives one byte per write', async () => {
    const raw = await rawGet(server.url, '/drip?bytes=8&ms=15', 3000);
    const body = raw.data.split('\r\n\r\n')[1] ?? '';
    assert.equal(body, '........');
    assert.ok(raw.chunks >= 8, `expected at least 8 separate chunks, got ${raw.chunks}`);
  });

  test('a 10 MB body arrives whole', async () => {
    const res = await request(`${server.url}/big?mb=10`, { dispatcher: agent });
    assert.equal(res.headers['content-length'], String(10 * 1024 * 1024));
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    assert.equal(bytes, 10 * 1024 * 1024);
  });

  test('a 200 MB body streams without being held in memory', async () => {
    const total = 200 * 1024 * 1024;
    const start = process.memoryUsage().rss;
    let peak = start;
    let bytes = 0;
    const res = await request(`${server.url}/big?mb=200`, { dispatcher: agent });
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      if ((bytes & 0xfffff) < (chunk as Buffer).length) peak = Math.max(peak, process.memoryUsage().rss);
    }
    assert.equal(bytes, total);
    assert.ok(peak - start < 100 * 1024 * 1024, `rss grew by ${Math.round((peak - start) / 1048576)} MiB`);
  });

  test('a malformed status line is rejected by an HTTP client', async () => {
    const raw = await rawGet(server.url, '/bad-status', 2000);
    assert.match(raw.data, /^HTTP\/1\.1 2x0 /);
    const code = await errorCode(request(`${server.url}/bad-status`, { dispatcher: agent }));
    assert.match(code, /HPE_|HTTPParserError/);
  });

  for (const kind of ['nul', 'space-in-name', 'no-colon']) {
    test(`invalid header bytes (${kind}) are rejected by an HTTP client`, async () => {
      const code = await errorCode(request(`${server.url}/bad-header?kind=${kind}`, { dispatcher: agent }));
      assert.match(code, /HPE_|HTTPParserError/);
    });
  }

  test('close-every: every Nth response of a connection closes it', async () => {
    // Node's own keep-alive agent, one socket: it reuses a connection until the server closes it.
    const single = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<string> =>
      new Promise((resolve, reject) => {
        httpGet(`${server.url}/close-every?n=3`, { agent: single }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(`${body}${res.headers.connection === 'close' ? 'c' : ''}`));
        }).on('error', reject);
      });
    try {
      const acceptedBefore = server.stats().acceptedSockets;
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) seen.push(await get());
      assert.deepEqual(seen, ['1', '2', '3c', '1', '2', '3c']);
      assert.equal(server.stats().acceptedSockets - acceptedBefore, 2);
    } finally {
      single.destroy();
    }
  });

  test('429 with Retry-After in seconds, then 200', async () => {
    const first = await request(`${server.url}/retry-after?key=ra-s&s=2`, { dispatcher: agent });
    assert.equal(first.statusCode, 429);
    assert.equal(first.headers['retry-after'], '2');
    await first.body.dump();
    const second = await request(`${server.url}/retry-after?key=ra-s&s=2`, { dispatcher: agent });
    assert.equal(second.statusCode, 200);
    await second.body.dump();
  });

  test('429 with Retry-After as an HTTP date', async () => {
    const res = await request(`${server.url}/retry-after?key=ra-d&s=3&form=date&times=2`, { dispatcher: agent });
    assert.equal(res.statusCode, 429);
    const value = String(res.headers['retry-after']);
    assert.match(value, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const ahead = Date.parse(value) - Date.now();
    assert.ok(ahead > 0 && ahead <= 3000, `date is ${ahead} ms ahead`);
    await res.body.dump();
    const again = await request(`${server.url}/retry-after?key=ra-d&s=3&form=date&times=2`, { dispatcher: agent });
    assert.equal(again.statusCode, 429, 'times=2 answers 429 twice');
    await again.body.dump();
  });

  test('flaky503: 503 twice per key, then 200; keys are independent', async () => {
    const statuses: number[] = [];
    for (const key of ['f1', 'f1', 'f2', 'f1', 'f2', 'f2']) {
      const res = await request(`${server.url}/flaky503?key=${key}`, { dispatcher: agent });
      statuses.push(res.statusCode);
      await res.body.dump();
    }
    assert.deepEqual(statuses, [503, 503, 503, 200, 503, 200]);
    assert.equal(server.hits('f1'), 3);
  });

  test('redirect loop never ends', async () => {
    let path = '/redirect-loop';
    for (let i = 1; i <= 3; i++) {
      const res = await request(`${server.url}${path}`, { dispatcher: agent });
      assert.equal(res.statusCode, 302);
      await res.body.dump();
      path = String(res.headers.location);
      assert.equal(path, `/redirect-loop?n=${i}`);
    }
  });

  test('redirect to another origin; the other origin records what it received', async () => {
    const res = await request(`${server.url}/redirect-other?key=cross`, { dispatcher: agent });
    assert.equal(res.statusCode, 302);
    await res.body.dump();
    const location = String(res.headers.location);
    assert.equal(location, `${server.otherUrl}/record?key=cross`);
    assert.notEqual(new URL(location).origin, new URL(server.url).origin);
    const followed = await request(location, { dispatcher: agent, headers: { authorization: 'Bearer planted', cookie: 'c=1' } });
    await followed.body.dump();
    const got = server.received('cross');
    assert.equal(got.length, 1);
    assert.equal(got[0].origin, 'other');
    const names = got[0].headers.map(([n]) => n.toLowerCase());
    assert.ok(names.includes('authorization') && names.includes('cookie'), 'the recorder sees every header it gets');
  });

  test('redirect on the same origin points at its own recorder', async () => {
    const res = await request(`${server.url}/redirect-same?key=same`, { dispatcher: agent });
    assert.equal(res.headers.location, '/record?key=same');
    await res.body.dump();
  });

  test('the TLS origin is self-signed: refused by default, served when verification is off', async () => {
    assert.ok(server.tlsUrl);
    const code = await errorCode(request(`${server.tlsUrl}/ok`, { dispatcher: agent }));
    assert.match(code, /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    const insecure = new Agent({ connect: { rejectUnauthorized: false } });
    try {
      const res = await request(`${server.tlsUrl}/ok`, { dispatcher: insecure });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), 'ok');
      const reset = await errorCode(request(`${server.tlsUrl}/reset-before-headers`, { dispatcher: insecure }));
      assert.match(reset, /ECONNRESET|UND_ERR_SOCKET/);
    } finally {
      await insecure.destroy();
    }
  });

  test('close() releases every socket and timer, hanging ones included', async () => {
    const local = await start({ tls: true });
    const pending = [
      rawGet(local.url, '/hang', 10_000),
      rawGet(local.url, '/stall-body', 10_000),
      rawGet(local.url, '/drip?bytes=1000&ms=50', 10_000),
      rawGet(local.otherUrl, '/hang', 10_000),
    ];
    while (local.stats().inFlight < 4) await new Promise((r) => setTimeout(r, 10));
    await local.close();
    const results = await Promise.all(pending);
    assert.ok(results.every((r) => r.ended), 'every client saw its connection end');
    assert.equal(local.stats().openSockets, 0);
    assert.equal(local.stats().inFlight, 0);
  });

  test('a server and a client used and closed leave no handle or timer behind', async () => {
    const baseline = resourceCounts();
    const extra = await start({ tls: true });
    const insecure = new Agent({ connect: { rejectUnauthorized: false } });
    for (const path of ['/ok', '/drip?bytes=3&ms=5', '/close-every?n=1']) {
      const res = await request(`${extra.tlsUrl}${path}`, { dispatcher: insecure });
      await res.body.dump();
    }
    const hung = rawGet(extra.url, '/hang', 10_000);
    while (extra.stats().inFlight < 1) await new Promise((r) => setTimeout(r, 10));
    assert.ok(Object.keys(resourceCounts()).length > 0);
    await insecure.destroy();
    await extra.close();
    assert.equal((await hung).ended, true);
    assert.deepEqual(await waitForNoLeaks(baseline), []);
  });
});

test('the committed fixture certificate serves HTTPS on 127.0.0.1 (the fallback without openssl)', async () => {
  const { createServer } = await import('node:https');
  const { key, cert, source } = await fixtureCertificate();
  assert.equal(source, 'fixture');
  const server = createServer({ key, cert }, (_req, res) => res.end('tls ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const insecure = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    const { port } = server.address() as { port: number };
    const res = await request(`https://127.0.0.1:${port}/`, { dispatcher: insecure });
    assert.equal(await res.body.text(), 'tls ok');
  } finally {
    await insecure.destroy();
    await new Promise((r) => server.close(r));
  }
});
