// The run's cookie jar (format spec, section 12) against real local servers: stored from
// every response and redirect hop, sent by later requests and hops, never to a request
// that started before the cookie arrived; @no-cookie-jar per request and per batch; a
// request's own Cookie header; cross-origin redirects; ports; redaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { CookieJar } from 'tough-cookie';
import { buildPlan } from '../../../src/core/parser';
import { toJsonReport } from '../../../src/core/report';
import { runBatch } from '../../../src/core/runner';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan, Logger, RequestResult } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { sendJson, startServer, type TestServer } from '../../support/server';

function plan(text: string): Promise<BatchPlan> {
  return buildPlan(text, { filePath: '/tmp/cookies.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
}

/** The Cookie header the server saw for each path (null: none), in arrival order. */
function cookiesAt(server: TestServer, path: string): (string | null)[] {
  return server.seen.filter((s) => s.url.split('?')[0] === path).map((s) => (s.headers.cookie as string | undefined) ?? null);
}

function byName(report: { results: RequestResult[] }, name: string): RequestResult {
  return report.results.find((r) => r.name === name)!;
}

/** Routes: /set?c=NAME=VALUE sets that cookie; /redirect-set sets `hop` on a 302 to /landing; anything else echoes its Cookie header. */
function cookieRoutes(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/set') return sendJson(res, 200, { ok: true }, { 'set-cookie': url.searchParams.get('c') ?? 'x=1' });
  if (url.pathname === '/redirect-set') {
    res.writeHead(302, { location: '/landing', 'set-cookie': 'hop=from-the-redirect-hop; Path=/' });
    return void res.end();
  }
  sendJson(res, 200, { cookie: req.headers.cookie ?? null });
}

test('a Set-Cookie on a redirect hop is stored: the next hop and a dependent request send it', async () => {
  const server = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const report = await runBatch(
      await plan(
        [
          '### login',
          '# @name login',
          `GET ${server.url}/redirect-set`,
          '',
          '### after',
          '# @name after',
          '# @depends-on login',
          `GET ${server.url}/me`,
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded']);
    assert.deepEqual(cookiesAt(server, '/redirect-set'), [null], 'nothing stored before');
    assert.deepEqual(cookiesAt(server, '/landing'), ['hop=from-the-redirect-hop'], 'the hop after the redirect sends it');
    assert.deepEqual(cookiesAt(server, '/me'), ['hop=from-the-redirect-hop'], 'the dependent request sends it');
    const login = byName(report, 'login');
    assert.deepEqual(login.cookies?.received.map((c) => [c.name, c.domain, c.path]), [['hop', '127.0.0.1', '/']]);
    assert.deepEqual(login.cookies?.sent.map((c) => c.name), ['hop']);
    assert.deepEqual(byName(report, 'after').cookies?.sent.map((c) => c.name), ['hop']);
  } finally {
    await server.close();
  }
});

test('a request that depends on another through a response reference sees its cookies; a later attempt reads the jar again', async () => {
  let calls = 0;
  const server = await startServer((req, res) => {
    if (req.url === '/flaky') {
      calls++;
      // The first attempt sets a cookie and fails with a retryable status; the retry must send it.
      if (calls === 1) return sendJson(res, 503, { again: true }, { 'set-cookie': 'attempt=first-attempt-cookie' });
      return sendJson(res, 200, { cookie: req.headers.cookie ?? null });
    }
    if (req.url === '/token') return sendJson(res, 200, { token: 'tok-123' }, { 'set-cookie': 'session=session-value-42; HttpOnly' });
    cookieRoutes(req, res);
  });
  try {
    const report = await runBatch(
      await plan(
        [
          '### token',
          '# @name token',
          `GET ${server.url}/token`,
          '',
          '### use',
          `GET ${server.url}/use?t={{token.response.body.$.token}}`,
          '',
          '### flaky',
          '# @retries 1',
          `GET ${server.url}/flaky`,
          '',
        ].join('\n'),
      ),
      { random: () => 0 },
    );
    assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded']);
    assert.deepEqual(cookiesAt(server, '/use'), ['session=session-value-42']);
    const retried = cookiesAt(server, '/flaky');
    assert.equal(retried.length, 2);
    assert.ok(retried[1]?.includes('attempt=first-attempt-cookie'), `the retry sends the cookie of the first attempt: ${retried[1]}`);
  } finally {
    await server.close();
  }
});

test('a request that started before the Set-Cookie arrived does not send it; its later redirect hop does', async () => {
  // /hold answers (a redirect) only once /set's response is out: that hop is sent after the Set-Cookie.
  let setSent = false;
  let hold: http.ServerResponse | null = null;
  const releaseHold = (): void => {
    if (!setSent || !hold) return;
    const res = hold;
    hold = null;
    setTimeout(() => {
      res.writeHead(302, { location: '/after-hold' });
      res.end();
    }, 50);
  };
  const server = await startServer((req, res) => {
    if (req.url === '/hold') {
      hold = res;
      return releaseHold();
    }
    if (req.url?.startsWith('/set')) {
      res.on('finish', () => {
        setSent = true;
        releaseHold();
      });
      return sendJson(res, 200, { ok: true }, { 'set-cookie': 'late=set-while-others-ran' });
    }
    cookieRoutes(req, res);
  });
  try {
    const report = await runBatch(
      makePlan(
        [
          { url: `${server.url}/hold` },
          { url: `${server.url}/concurrent` },
          { url: `${server.url}/set` },
          { url: `${server.url}/after`, dependsOn: ['setter'] },
        ].map((r, i) => (i === 2 ? { ...r, name: 'setter' } : r)),
        { concurrency: 4 },
      ),
    );
    assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    assert.deepEqual(cookiesAt(server, '/hold'), [null], 'started together with the setter: nothing stored yet');
    assert.deepEqual(cookiesAt(server, '/concurrent'), [null], 'a concurrent request does not see it');
    assert.deepEqual(cookiesAt(server, '/after-hold'), ['late=set-while-others-ran'], 'a hop sent later reads the jar then');
    assert.deepEqual(cookiesAt(server, '/after'), ['late=set-while-others-ran']);
  } finally {
    await server.close();
  }
});

test('@no-cookie-jar on a request: it neither sends nor stores; the others go on using the jar', async () => {
  const server = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const report = await runBatch(
      await plan(
        [
          '### a',
          '# @name a',
          `GET ${server.url}/set?c=kept=value-one`,
          '',
          '### b',
          '# @name b',
          '# @depends-on a',
          '# @no-cookie-jar',
          `GET ${server.url}/set?c=ignored=value-two`,
          '',
          '### c',
          '# @depends-on b',
          `GET ${server.url}/check`,
          '',
        ].join('\n'),
      ),
    );
    assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
    assert.deepEqual(cookiesAt(server, '/set'), [null, null], 'b sends nothing although the jar holds a cookie for it');
    assert.deepEqual(cookiesAt(server, '/check'), ['kept=value-one'], "b's Set-Cookie was not stored");
    assert.equal(byName(report, 'b').cookies, null);
  } finally {
    await server.close();
  }
});

test('@no-cookie-jar in the file header: no cookie is kept for the batch', async () => {
  const server = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const p = await plan(['# @no-cookie-jar', '', '### a', '# @name a', `GET ${server.url}/set?c=k=v-value`, '', '### b', '# @depends-on a', `GET ${server.url}/check`, ''].join('\n'));
    assert.equal(p.settings.cookieJar, false);
    assert.deepEqual(p.diagnostics, []);
    const report = await runBatch(p);
    assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
    assert.deepEqual(cookiesAt(server, '/check'), [null]);
    assert.ok(report.results.every((r) => r.cookies === null));
  } finally {
    await server.close();
  }
});

test("a request's own Cookie header wins over the jar, and what it receives is still stored", async () => {
  const server = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const report = await runBatch(
      await plan(
        [
          '### a',
          '# @name a',
          `GET ${server.url}/set?c=jar=from-the-jar`,
          '',
          '### own',
          '# @name own',
          '# @depends-on a',
          `GET ${server.url}/set?c=second=from-own-request`,
          'Cookie: mine=written-in-the-file',
          '',
          '### later',
          '# @depends-on own',
          `GET ${server.url}/check`,
          '',
        ].join('\n'),
      ),
    );
    assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
    assert.deepEqual(cookiesAt(server, '/set'), [null, 'mine=written-in-the-file'], 'the file header alone, no jar cookie added');
    const later = cookiesAt(server, '/check')[0] ?? '';
    assert.deepEqual(later.split('; ').sort(), ['jar=from-the-jar', 'second=from-own-request']);
  } finally {
    await server.close();
  }
});

test("after a cross-origin redirect the file's Cookie is dropped and the new origin's jar cookies are sent; ports do not separate cookies", async () => {
  const a = await startServer((req, res) => {
    if (req.url === '/go') {
      res.writeHead(302, { location: `http://localhost:${b.port}/landing` });
      return void res.end();
    }
    cookieRoutes(req, res);
  });
  const b = await startServer((req, res) => cookieRoutes(req, res));
  const c = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const report = await runBatch(
      await plan(
        [
          '### set on localhost',
          '# @name b',
          `GET http://localhost:${b.port}/set?c=bcookie=for-localhost`,
          '',
          '### set on 127.0.0.1',
          '# @name a',
          `GET ${a.url}/set?c=acookie=for-the-ip`,
          '',
          '### cross',
          '# @depends-on a, b',
          `GET ${a.url}/go`,
          'Cookie: filecookie=only-for-the-first-origin',
          '',
          '### other port',
          '# @depends-on a',
          `GET ${c.url}/other-port`,
          '',
        ].join('\n'),
      ),
    );
    assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true, JSON.stringify(report.results.map((r) => r.error)));
    assert.deepEqual(cookiesAt(a, '/go'), ['filecookie=only-for-the-first-origin'], 'the own header, no jar cookie');
    assert.deepEqual(cookiesAt(b, '/landing'), ['bcookie=for-localhost'], "the file's Cookie dropped, the jar's cookie for localhost sent");
    assert.deepEqual(cookiesAt(c, '/other-port'), ['acookie=for-the-ip'], 'a cookie of 127.0.0.1 goes to another port of it');
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('cookie values are secrets: redacted in the JSON report (headers and echoing bodies) and in trace lines', async () => {
  const value = 'cookie-secret-value-9931';
  const server = await startServer((req, res) => {
    if (req.url === '/login') return sendJson(res, 200, { sid: value }, { 'set-cookie': `sid=${value}; Path=/` });
    sendJson(res, 200, { echoed: req.headers.cookie ?? null }, { 'x-echo': String(req.headers.cookie ?? '') });
  });
  const lines: string[] = [];
  const push = (m: string): void => void lines.push(m);
  const logger: Logger = { enabled: () => true, trace: push, debug: push, info: push, warn: push, error: push };
  try {
    const report = await runBatch(
      await plan(
        [
          '### login',
          '# @name login',
          `GET ${server.url}/login`,
          '',
          '### echo',
          `GET ${server.url}/echo?v={{login.response.body.$.sid}}`,
          '',
        ].join('\n'),
      ),
      { logger },
    );
    assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
    assert.deepEqual(cookiesAt(server, '/echo'), [`sid=${value}`], 'the real value was sent');
    assert.ok(report.secrets?.includes(value), 'the run learned the value as a secret');
    const json = toJsonReport(report);
    assert.ok(json.includes('"x-echo": "sid=***"'), 'a header echoing it');
    assert.ok(json.includes('\\"echoed\\":\\"sid=***\\"'), 'a body echoing it');
    assert.doesNotMatch(json, new RegExp(value));
    assert.ok(lines.some((l) => l.includes('/echo?v=***')), lines.join('\n'));
    assert.doesNotMatch(lines.join('\n'), new RegExp(value));
  } finally {
    await server.close();
  }
});

test('no Set-Cookie, no jar work: the jar is not consulted for any request until it holds a cookie', async () => {
  const proto = CookieJar.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = { get: proto.getCookiesSync!, set: proto.setCookieSync! };
  const counts = { get: 0, set: 0 };
  proto.getCookiesSync = function (this: unknown, ...args: unknown[]) {
    counts.get++;
    return original.get.apply(this, args);
  };
  proto.setCookieSync = function (this: unknown, ...args: unknown[]) {
    counts.set++;
    return original.set.apply(this, args);
  };
  const server = await startServer((req, res) => cookieRoutes(req, res));
  try {
    const plain = await runBatch(makePlan(Array.from({ length: 200 }, (_, i) => ({ url: `${server.url}/plain/${i}` })), { concurrency: 16 }));
    assert.equal(plain.summary.succeeded, 200);
    assert.deepEqual(counts, { get: 0, set: 0 }, 'never consulted in a run without Set-Cookie');
    const withCookie = await runBatch(
      makePlan(
        [{ url: `${server.url}/set?c=one=value-one`, name: 'first' }, ...Array.from({ length: 50 }, (_, i) => ({ url: `${server.url}/after/${i}`, dependsOn: ['first'] }))],
        { concurrency: 8 },
      ),
    );
    assert.equal(withCookie.summary.succeeded, 51);
    assert.equal(counts.set, 1, 'one Set-Cookie stored');
    assert.equal(counts.get, 50, 'read once per request sent after it');
  } finally {
    proto.getCookiesSync = original.get;
    proto.setCookieSync = original.set;
    await server.close();
  }
});
