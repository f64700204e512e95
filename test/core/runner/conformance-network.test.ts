// Conformance (format spec, section 5): redirects (limit, header dropping, caps, timeout),
// the circuit breaker's single probe, and the body cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { runBatch } from '../../../src/core/runner';
import { toJsonReportObject } from '../../../src/core/report';
import type { Clock } from '../../../src/core/types';
import { createSystemClock } from '../../../src/core/system';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { query, sendJson, startServer, withServer } from '../../support/server';

test('redirects: 10 are followed, the 11th is TOO_MANY_REDIRECTS', async (t) => {
  const server = await withServer(t, (req, res) => {
    const left = Number(query(req, 'left'));
    if (left > 0) return res.writeHead(301, { location: `/hop?left=${left - 1}` }).end();
    sendJson(res, 200, { arrived: true });
  });
  const report = await runBatch(makePlan([{ url: `${server.url}/hop?left=10` }, { url: `${server.url}/hop?left=11` }], { concurrency: 1 }));
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(report.results[0].status, 200);
  assert.equal(report.results[0].attempts, 1, 'redirects are not attempts');
  assert.equal(report.results[1].error?.code, 'TOO_MANY_REDIRECTS');
  assert.equal(server.seen.length, 11 + 11);
});

// Issue 13 (item 9): every secret header of the spec's list is dropped across origins, not
// only Authorization, Proxy-Authorization and Cookie: X-Api-Key now is too; a plain header stays.
test('a redirect to another port drops Authorization, Proxy-Authorization, Cookie and other secret headers; others stay', async () => {
  const other = await startServer((_req, res) => sendJson(res, 200, {}));
  const main = await startServer((_req, res) => res.writeHead(307, { location: `${other.url}/there` }).end());
  try {
    const headers: [string, string][] = [
      ['Authorization', 'Bearer a'],
      ['proxy-authorization', 'Basic b'],
      ['COOKIE', 'c=1'],
      ['X-Api-Key', 'k'],
      ['X-Trace', 't'],
    ];
    const report = await runBatch(makePlan([{ url: `${main.url}/here`, method: 'PUT', body: 'payload', headers }]));
    assert.equal(report.results[0].outcome, 'succeeded');
    const h = other.seen[0].headers;
    assert.equal(h.authorization, undefined);
    assert.equal(h['proxy-authorization'], undefined);
    assert.equal(h.cookie, undefined);
    assert.equal(h['x-api-key'], undefined);
    assert.equal(h['x-trace'], 't');
    assert.equal(other.seen[0].method, 'PUT', '307 keeps the method');
    assert.equal(other.seen[0].body, 'payload', '307 keeps the body');
    assert.equal(main.seen[0].headers.authorization, 'Bearer a', 'the first hop has them');
  } finally {
    await main.close();
    await other.close();
  }
});

test('the per-attempt timeout covers the whole redirect chain', async (t) => {
  const server = await withServer(t, (req, res) => {
    const left = Number(query(req, 'left'));
    setTimeout(() => (left > 0 ? res.writeHead(302, { location: `/r?left=${left - 1}` }).end() : sendJson(res, 200, {})), 120);
  });
  const report = await runBatch(makePlan([{ url: `${server.url}/r?left=8`, timeoutMs: 500 }]));
  const r = report.results[0];
  assert.equal(r.error?.code, 'TIMEOUT');
  assert.equal(r.status, null);
  assert.ok(server.seen.length < 9, `the chain was cut short (${server.seen.length} hops)`);
});

test('a redirect into another origin never exceeds that origin\'s per-host cap', async () => {
  let active = 0;
  let peak = 0;
  const target = await startServer((_req, res) => {
    active++;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active--;
      sendJson(res, 200, {});
    }, 60);
  });
  const front = await startServer((_req, res) => res.writeHead(302, { location: `${target.url}/landed` }).end());
  try {
    // per-host 1: front's requests go one at a time, and so must everything that lands on target.
    const requests = Array.from({ length: 12 }, (_, i) => ({ url: i % 2 ? `${front.url}/go/${i}` : `${target.url}/direct/${i}` }));
    const report = await runBatch(makePlan(requests, { concurrency: 4, perHost: 1 }));
    assert.equal(report.summary.succeeded, 12);
    assert.equal(target.seen.length, 12);
    assert.equal(peak, 1, `at most 1 in flight to the target origin, saw ${peak}`);
  } finally {
    await front.close();
    await target.close();
  }
});

test('circuit breaker: while the single probe is in flight the others fail at once; a failed probe reopens it', async () => {
  const deadPort = await refusedPort();
  let offset = 0;
  const clock: Clock = { ...createSystemClock(), now: () => performance.now() + offset };
  let revived: http.Server | null = null;
  const control = await startServer((req, res) => {
    offset += 11_000; // 11 s pass for the breaker
    if (req.url === '/advance-and-revive') {
      revived = http.createServer((_q, r) => setTimeout(() => sendJson(r, 200, { alive: true }), 150));
      revived.listen(deadPort, '127.0.0.1', () => sendJson(res, 200, {}));
    } else {
      sendJson(res, 200, {});
    }
  });
  try {
    const dead = `http://127.0.0.1:${deadPort}`;
    const failures = Array.from({ length: 5 }, (_, i) => ({ url: `${dead}/d/${i}` }));
    // Phase 1: the probe fails (nobody listens yet) and reopens the circuit.
    const one = await runBatch(
      makePlan(
        [
          ...failures,
          { url: `${control.url}/advance`, name: 'advance' },
          { url: `${dead}/probe`, dependsOn: ['advance'] },
          { url: `${dead}/after-failed-probe`, dependsOn: ['advance'] },
        ],
        { concurrency: 1 },
      ),
      { clock },
    );
    assert.deepEqual(
      one.results.map((r) => r.error?.code ?? 'OK'),
      [...Array(5).fill('CONNECTION_REFUSED'), 'OK', 'CONNECTION_REFUSED', 'CIRCUIT_OPEN'],
    );
    assert.equal(one.results[6].attempts, 1, 'the probe was sent');
    assert.equal(one.results[7].attempts, 0);

    // Phase 2 (new run, new breaker): the probe is slow; a request started meanwhile fails at once.
    offset = 0;
    const two = await runBatch(
      makePlan(
        [
          ...failures,
          { url: `${control.url}/advance-and-revive`, name: 'advance' },
          { url: `${dead}/probe`, dependsOn: ['advance'], name: 'probe' },
          { url: `${dead}/during-probe`, dependsOn: ['advance'] },
          { url: `${dead}/after-probe`, dependsOn: ['probe'] },
        ],
        { concurrency: 4 },
      ),
      { clock },
    );
    const codes = two.results.map((r) => r.error?.code ?? 'OK');
    assert.deepEqual(codes.slice(5), ['OK', 'OK', 'CIRCUIT_OPEN', 'OK']);
    assert.equal(two.results[7].attempts, 0);
    assert.equal(two.results[7].durationMs, null);
  } finally {
    await control.close();
    const r = revived as http.Server | null;
    if (r) {
      await new Promise<void>((done) => {
        r.closeAllConnections();
        r.close(() => done());
      });
    }
  }
});

test('a retry that meets an open circuit fails with CIRCUIT_OPEN', async () => {
  const port = await refusedPort();
  const dead = `http://127.0.0.1:${port}`;
  const plan = makePlan([...Array.from({ length: 5 }, (_, i) => ({ url: `${dead}/d/${i}` })), { url: `${dead}/retrying`, retries: 3 }], { concurrency: 8 });
  const report = await runBatch(plan, { random: () => 0 });
  const r = report.results[5];
  assert.equal(r.outcome, 'failed');
  assert.equal(r.error?.code, 'CIRCUIT_OPEN');
  assert.equal(r.attempts, 1, 'the first attempt was sent; the retry met the open circuit');
});

test('body cap: truncated text, a non-UTF-8 body as bodyBase64, a large body is no failure', async () => {
  const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41]);
  const server = await startServer((req, res) => {
    if (req.url === '/bin') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(binary);
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('0123456789'.repeat(10));
  });
  try {
    const report = await runBatch(makePlan([{ url: `${server.url}/text` }, { url: `${server.url}/bin` }]), { maxBodyBytes: 16 });
    const json = toJsonReportObject(report);
    const [text, bin] = json.results;
    assert.equal(text.outcome, 'succeeded');
    assert.equal(text.bodyBytes, 100);
    assert.equal(text.truncated, true);
    assert.equal(text.body, '0123456789012345');
    assert.equal(text.bodyBase64, undefined);
    assert.equal(bin.body, null);
    assert.equal(bin.bodyBase64, binary.toString('base64'));
    assert.equal(bin.truncated, false);
    assert.equal(bin.bodyBytes, 5);
  } finally {
    await server.close();
  }
});

test('a redirect into another origin never exceeds its per-host cap, also across @connection-timeout agents', async () => {
  let active = 0;
  let peak = 0;
  const target = await startServer((_req, res) => {
    peak = Math.max(peak, ++active);
    setTimeout(() => {
      active--;
      sendJson(res, 200, {});
    }, 80);
  });
  const front = await startServer((_req, res) => res.writeHead(302, { location: `${target.url}/landed` }).end());
  try {
    const requests = Array.from({ length: 8 }, (_, i) =>
      i % 2 ? { url: `${front.url}/go/${i}`, connectionTimeoutMs: 4000 } : { url: `${target.url}/direct/${i}` },
    );
    const report = await runBatch(makePlan(requests, { concurrency: 4, perHost: 1 }));
    assert.equal(report.summary.succeeded, 8);
    assert.equal(peak, 1, `at most 1 in flight to the target origin, saw ${peak}`);
  } finally {
    await front.close();
    await target.close();
  }
});

test('a retry after a redirected attempt starts at the request\'s own origin again; slots balance', async () => {
  let landed = 0;
  const target = await startServer((req, res) => (req.url === '/flaky' && ++landed === 1 ? sendJson(res, 503, {}, { 'retry-after': '0' }) : sendJson(res, 200, {})));
  const front = await startServer((req, res) => res.writeHead(307, { location: `${target.url}${req.url === '/go' ? '/flaky' : '/landed'}` }).end());
  try {
    const plan = makePlan(
      [{ url: `${front.url}/go`, retries: 1 }, ...Array.from({ length: 6 }, (_, i) => ({ url: `${front.url}/go/${i}` })), { url: `${target.url}/direct` }],
      { concurrency: 2, perHost: 1 },
    );
    const report = await runBatch(plan);
    assert.equal(report.summary.succeeded, 8);
    assert.equal(report.results[0].attempts, 2);
    assert.equal(front.seen.length, 8, 'both attempts of request 0 went to its own origin first');
    assert.equal(target.seen.length, 9);
  } finally {
    await front.close();
    await target.close();
  }
});

test('redirects into a dead origin count against that origin, not against the live one that redirected', async () => {
  const deadPort = await refusedPort();
  const front = await startServer((req, res) => {
    if (req.url?.startsWith('/go')) return res.writeHead(302, { location: `http://127.0.0.1:${deadPort}/gone` }).end();
    sendJson(res, 200, {});
  });
  try {
    const plan = makePlan(
      [
        ...Array.from({ length: 6 }, (_, i) => ({ url: `${front.url}/go/${i}` })),
        { url: `${front.url}/direct` },
        { url: `http://127.0.0.1:${deadPort}/direct` },
      ],
      { concurrency: 1 },
    );
    const report = await runBatch(plan);
    assert.deepEqual(report.results.slice(0, 6).map((r) => r.error?.code), Array(6).fill('CONNECTION_REFUSED'));
    assert.equal(report.results[6].outcome, 'succeeded', 'the origin that answered with redirects is not a dead host');
    assert.equal(report.results[7].error?.code, 'CIRCUIT_OPEN', 'the dead origin is');
  } finally {
    await front.close();
  }
});

test('redirects bouncing between three origins: per-host and global caps hold, nothing hangs', async () => {
  const peaks = [0, 0, 0];
  const active = [0, 0, 0];
  let globalActive = 0;
  let globalPeak = 0;
  const urls: string[] = [];
  const servers = await Promise.all(
    [0, 1, 2].map((k) =>
      startServer((req, res) => {
        peaks[k] = Math.max(peaks[k], ++active[k]);
        globalPeak = Math.max(globalPeak, ++globalActive);
        const left = Number(query(req, 'left'));
        setTimeout(() => {
          active[k]--;
          globalActive--;
          if (left > 0) return res.writeHead(307, { location: `${urls[(k + 1) % 3]}/b?left=${left - 1}` }).end();
          sendJson(res, 200, {});
        }, 10);
      }),
    ),
  );
  for (const s of servers) urls.push(s.url);
  try {
    const plan = makePlan(
      Array.from({ length: 30 }, (_, i) => ({ url: `${urls[i % 3]}/start?left=${i % 5}` })),
      { concurrency: 4, perHost: 2 },
    );
    const report = await runBatch(plan);
    assert.equal(report.summary.succeeded, 30);
    for (const p of peaks) assert.ok(p <= 2, `per origin at most 2 in flight: ${peaks}`);
    assert.ok(globalPeak <= 4, `at most 4 in flight overall: ${globalPeak}`);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
});
