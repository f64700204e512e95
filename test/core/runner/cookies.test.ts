// The run's cookie jar (format spec, section 12) against real local servers: stored from
// every response and redirect hop, sent by later requests and hops, never to a request
// that started before the cookie arrived; @no-cookie-jar per request and per batch; a
// request's own Cookie header; cross-origin redirects; ports; redaction.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { CookieJar } from 'tough-cookie';
import { buildPlan } from '../../../src/core/parser';
import { toJsonReport } from '../../../src/core/report';
import { runBatch, type RunOptions } from '../../../src/core/runner';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan, Logger, RequestResult, RunReport } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { sendJson, withServer, type Handler, type TestServer } from '../../support/server';

function plan(text: string): Promise<BatchPlan> {
  return buildPlan(text, { filePath: '/tmp/cookies.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
}

/** The Cookie header the server saw for each path (null: none), in arrival order. */
function cookiesAt(server: TestServer, path: string): (string | null)[] {
  return server.seen.filter((s) => s.url.split('?')[0] === path).map((s) => (s.headers.cookie as string | undefined) ?? null);
}

/** One request block of a file: its title line, its other lines, a blank line. */
function block(title: string, ...lines: string[]): string[] {
  return [`### ${title}`, ...lines, ''];
}

/** A block whose `@name` is its title. */
function named(name: string, ...lines: string[]): string[] {
  return block(name, `# @name ${name}`, ...lines);
}

/** Plans and runs the file made of `blocks`. */
async function runFile(blocks: string[][], options?: RunOptions): Promise<RunReport> {
  return runBatch(await plan(blocks.flat().join('\n')), options);
}

/** A server for this test (closed when it ends) that answers with `cookieRoutes` unless `own` answers. */
function cookieServer(t: TestContext, own?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean): Promise<TestServer> {
  const handler: Handler = (req, res) => {
    if (!own?.(req, res)) cookieRoutes(req, res);
  };
  return withServer(t, handler);
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

test('a Set-Cookie on a redirect hop is stored: the next hop and a dependent request send it', async (t) => {
  const server = await cookieServer(t);
  const report = await runFile([named('login', `GET ${server.url}/redirect-set`), named('after', '# @depends-on login', `GET ${server.url}/me`)]);
  assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded']);
  assert.deepEqual(cookiesAt(server, '/redirect-set'), [null], 'nothing stored before');
  assert.deepEqual(cookiesAt(server, '/landing'), ['hop=from-the-redirect-hop'], 'the hop after the redirect sends it');
  assert.deepEqual(cookiesAt(server, '/me'), ['hop=from-the-redirect-hop'], 'the dependent request sends it');
  const login = byName(report, 'login');
  assert.deepEqual(login.cookies?.received.map((c) => [c.name, c.domain, c.path]), [['hop', '127.0.0.1', '/']]);
  assert.deepEqual(login.cookies?.sent.map((c) => c.name), ['hop']);
  assert.deepEqual(byName(report, 'after').cookies?.sent.map((c) => c.name), ['hop']);
});

test('a request that depends on another through a response reference sees its cookies; a later attempt reads the jar again', async (t) => {
  let calls = 0;
  const server = await cookieServer(t, (req, res) => {
    if (req.url === '/flaky') {
      calls++;
      // The first attempt sets a cookie and fails with a retryable status; the retry must send it.
      if (calls === 1) sendJson(res, 503, { again: true }, { 'set-cookie': 'attempt=first-attempt-cookie' });
      else sendJson(res, 200, { cookie: req.headers.cookie ?? null });
      return true;
    }
    if (req.url !== '/token') return false;
    sendJson(res, 200, { token: 'tok-123' }, { 'set-cookie': 'session=session-value-42; HttpOnly' });
    return true;
  });
  const report = await runFile(
    [named('token', `GET ${server.url}/token`), block('use', `GET ${server.url}/use?t={{token.response.body.$.token}}`), block('flaky', '# @retries 1', `GET ${server.url}/flaky`)],
    { random: () => 0 },
  );
  assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded']);
  assert.deepEqual(cookiesAt(server, '/use'), ['session=session-value-42']);
  const retried = cookiesAt(server, '/flaky');
  assert.equal(retried.length, 2);
  assert.ok(retried[1]?.includes('attempt=first-attempt-cookie'), `the retry sends the cookie of the first attempt: ${retried[1]}`);
});

test('a request that started before the Set-Cookie arrived does not send it; its later redirect hop does', async (t) => {
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
  const server = await cookieServer(t, (req, res) => {
    if (req.url === '/hold') {
      hold = res;
      releaseHold();
      return true;
    }
    if (!req.url?.startsWith('/set')) return false;
    res.on('finish', () => {
      setSent = true;
      releaseHold();
    });
    sendJson(res, 200, { ok: true }, { 'set-cookie': 'late=set-while-others-ran' });
    return true;
  });
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
});

test('@no-cookie-jar on a request: it neither sends nor stores; the others go on using the jar', async (t) => {
  const server = await cookieServer(t);
  const report = await runFile([
    named('a', `GET ${server.url}/set?c=kept=value-one`),
    named('b', '# @depends-on a', '# @no-cookie-jar', `GET ${server.url}/set?c=ignored=value-two`),
    block('c', '# @depends-on b', `GET ${server.url}/check`),
  ]);
  assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
  assert.deepEqual(cookiesAt(server, '/set'), [null, null], 'b sends nothing although the jar holds a cookie for it');
  assert.deepEqual(cookiesAt(server, '/check'), ['kept=value-one'], "b's Set-Cookie was not stored");
  assert.equal(byName(report, 'b').cookies, null);
});

test('@no-cookie-jar in the file header: no cookie is kept for the batch', async (t) => {
  const server = await cookieServer(t);
  const p = await plan([['# @no-cookie-jar', ''], named('a', `GET ${server.url}/set?c=k=v-value`), block('b', '# @depends-on a', `GET ${server.url}/check`)].flat().join('\n'));
  assert.equal(p.settings.cookieJar, false);
  assert.deepEqual(p.diagnostics, []);
  const report = await runBatch(p);
  assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
  assert.deepEqual(cookiesAt(server, '/check'), [null]);
  assert.ok(report.results.every((r) => r.cookies === null));
});

test("a request's own Cookie header wins over the jar, and what it receives is still stored", async (t) => {
  const server = await cookieServer(t);
  const report = await runFile([
    named('a', `GET ${server.url}/set?c=jar=from-the-jar`),
    named('own', '# @depends-on a', `GET ${server.url}/set?c=second=from-own-request`, 'Cookie: mine=written-in-the-file'),
    block('later', '# @depends-on own', `GET ${server.url}/check`),
  ]);
  assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
  assert.deepEqual(cookiesAt(server, '/set'), [null, 'mine=written-in-the-file'], 'the file header alone, no jar cookie added');
  const later = cookiesAt(server, '/check')[0] ?? '';
  assert.deepEqual(later.split('; ').sort(), ['jar=from-the-jar', 'second=from-own-request']);
});

test("after a cross-origin redirect the file's Cookie is dropped and the new origin's jar cookies are sent; ports do not separate cookies", async (t) => {
  const a = await cookieServer(t, (req, res) => {
    if (req.url !== '/go') return false;
    res.writeHead(302, { location: `http://localhost:${b.port}/landing` });
    res.end();
    return true;
  });
  const b = await cookieServer(t);
  const c = await cookieServer(t);
  const report = await runFile([
    block('set on localhost', '# @name b', `GET http://localhost:${b.port}/set?c=bcookie=for-localhost`),
    block('set on 127.0.0.1', '# @name a', `GET ${a.url}/set?c=acookie=for-the-ip`),
    block('cross', '# @depends-on a, b', `GET ${a.url}/go`, 'Cookie: filecookie=only-for-the-first-origin'),
    block('other port', '# @depends-on a', `GET ${c.url}/other-port`),
  ]);
  assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true, JSON.stringify(report.results.map((r) => r.error)));
  assert.deepEqual(cookiesAt(a, '/go'), ['filecookie=only-for-the-first-origin'], 'the own header, no jar cookie');
  assert.deepEqual(cookiesAt(b, '/landing'), ['bcookie=for-localhost'], "the file's Cookie dropped, the jar's cookie for localhost sent");
  assert.deepEqual(cookiesAt(c, '/other-port'), ['acookie=for-the-ip'], 'a cookie of 127.0.0.1 goes to another port of it');
});

test('cookie values are secrets: redacted in the JSON report (headers and echoing bodies) and in trace lines', async (t) => {
  const value = 'cookie-secret-value-9931';
  const server = await withServer(t, (req, res) => {
    if (req.url === '/login') return sendJson(res, 200, { sid: value }, { 'set-cookie': `sid=${value}; Path=/` });
    sendJson(res, 200, { echoed: req.headers.cookie ?? null }, { 'x-echo': String(req.headers.cookie ?? '') });
  });
  const lines: string[] = [];
  const push = (m: string): void => void lines.push(m);
  const logger: Logger = { enabled: () => true, trace: push, debug: push, info: push, warn: push, error: push };
  const report = await runFile([named('login', `GET ${server.url}/login`), block('echo', `GET ${server.url}/echo?v={{login.response.body.$.sid}}`)], { logger });
  assert.equal(report.results.every((r) => r.outcome === 'succeeded'), true);
  assert.deepEqual(cookiesAt(server, '/echo'), [`sid=${value}`], 'the real value was sent');
  assert.ok(report.secrets?.includes(value), 'the run learned the value as a secret');
  const json = toJsonReport(report);
  assert.ok(json.includes('"x-echo": "sid=***"'), 'a header echoing it');
  assert.ok(json.includes('\\"echoed\\":\\"sid=***\\"'), 'a body echoing it');
  assert.doesNotMatch(json, new RegExp(value));
  assert.ok(lines.some((l) => l.includes('/echo?v=***')), lines.join('\n'));
  assert.doesNotMatch(lines.join('\n'), new RegExp(value));
});

test('no Set-Cookie, no jar work: the jar is not consulted for any request until it holds a cookie', async (t) => {
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
  const server = await cookieServer(t);
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
  }
});
