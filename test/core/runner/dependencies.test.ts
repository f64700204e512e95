import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { RunEvent } from '../../../src/core/types';
import { makePlan, type RequestSpec } from '../../support/plan';
import { query, sendJson, withServer } from '../../support/server';

test('a login and 20 requests that use its token (body JSON path and header)', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url === '/login') return setTimeout(() => sendJson(res, 200, { token: 'tok-123' }, { 'x-session': 'sess-9' }), 30);
    if (req.url === '/independent') return sendJson(res, 200, {});
    const ok = req.headers.authorization === 'Bearer tok-123' && req.headers['x-session'] === 'sess-9';
    setTimeout(() => sendJson(res, ok ? 200 : 401, { id: query(req, 'i') }), 10);
  });
  const reqs: RequestSpec[] = [
    { url: `${server.url}/login`, name: 'login', method: 'POST', body: '{"user":"ada"}' },
    ...Array.from({ length: 20 }, (_, i) => ({
      url: `${server.url}/items?i=${i}`,
      headers: [
        ['Authorization', 'Bearer {{login.response.body.$.token}}'],
        ['X-Session', '{{login.response.headers.X-Session}}'],
      ] as [string, string][],
      dependsOn: ['login'],
      hasResponseRefs: true,
    })),
    { url: `${server.url}/independent` },
  ];
  const events: RunEvent[] = [];
  const report = await runBatch(makePlan(reqs, { concurrency: 8 }), { onEvent: (e) => events.push(e) });
  assert.equal(report.summary.succeeded, 22, JSON.stringify(report.results.filter((r) => r.outcome !== 'succeeded').map((r) => [r.index, r.error, r.status])));
  assert.ok(server.maxInFlight >= 2, 'the dependents ran concurrently');
  // The independent request did not wait for the login.
  const started = events.filter((e) => e.type === 'started').map((e) => e.index);
  assert.ok(started.indexOf(21) < started.indexOf(1));
  const loginEnd = report.results[0].endedAtMs;
  for (const r of report.results.slice(1, 21)) assert.ok(r.startedAtMs! >= loginEnd);
});

test('a failed dependency skips its dependents (transitively); others go on', async (t) => {
  const server = await withServer(t, (req, res) => sendJson(res, req.url === '/broken' ? 500 : 200, {}));
  const plan = makePlan([
    { url: `${server.url}/broken`, name: 'first' },
    { url: `${server.url}/second`, name: 'second', dependsOn: ['first'] },
    { url: `${server.url}/third`, dependsOn: ['second'] },
    { url: `${server.url}/free` },
  ]);
  const report = await runBatch(plan);
  assert.deepEqual(report.results.map((r) => r.outcome), ['failed', 'skipped', 'skipped', 'succeeded']);
  assert.equal(report.results[1].error?.code, 'DEPENDENCY_FAILED');
  assert.equal(report.results[2].error?.code, 'DEPENDENCY_FAILED');
  assert.equal(report.results[1].attempts, 0);
  assert.equal(report.results[1].durationMs, null);
  assert.deepEqual(server.seen.map((s) => s.url).sort(), ['/broken', '/free']);
});

test('@depends-on on a repeated name waits for every copy', async (t) => {
  const server = await withServer(t, (req, res) => setTimeout(() => sendJson(res, 200, {}), req.url === '/copy?i=2' ? 40 : 5));
  const plan = makePlan([
    ...[0, 1, 2].map((i) => ({ url: `${server.url}/copy?i=${i}`, name: 'copies', copyIndex: i })),
    { url: `${server.url}/after`, dependsOn: ['copies'] },
  ]);
  const report = await runBatch(plan);
  assert.equal(report.summary.succeeded, 4);
  assert.equal(server.seen[server.seen.length - 1].url, '/after');
});

test('a dependency cycle never runs and never hangs', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, {}));
  const plan = makePlan([
    { url: `${server.url}/a`, name: 'a', dependsOn: ['b'] },
    { url: `${server.url}/b`, name: 'b', dependsOn: ['a'] },
    { url: `${server.url}/c`, dependsOn: ['ghost'] },
    { url: `${server.url}/d` },
  ]);
  const report = await runBatch(plan);
  assert.deepEqual(report.results.map((r) => r.outcome), ['skipped', 'skipped', 'skipped', 'succeeded']);
  assert.match(report.results[0].error!.message, /cycle/);
  assert.match(report.results[2].error!.message, /ghost/);
});

test('unresolved variables fail the request unsent; an invalid URL after substitution is INVALID_URL', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, { next: 'not a url' }));
  const plan = makePlan([
    { url: `${server.url}/{{missing}}`, unresolved: ['missing'] },
    { url: `${server.url}/start`, name: 'start' },
    { url: '{{start.response.body.$.next}}', dependsOn: ['start'], hasResponseRefs: true },
    { url: `${server.url}/x?v={{start.response.body.$.nope}}`, dependsOn: ['start'], hasResponseRefs: true },
  ]);
  const report = await runBatch(plan);
  assert.equal(report.results[0].error?.code, 'UNRESOLVED_VARIABLE');
  assert.equal(report.results[0].attempts, 0);
  assert.equal(report.results[1].outcome, 'succeeded');
  assert.equal(report.results[2].error?.code, 'INVALID_URL');
  assert.equal(report.results[3].error?.code, 'UNRESOLVED_VARIABLE');
  assert.deepEqual(server.seen.map((s) => s.url), ['/start']);
});

test('`only` runs a subset plus what it depends on', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, { token: 't' }));
  const plan = makePlan([
    { url: `${server.url}/login`, name: 'login' },
    { url: `${server.url}/other` },
    { url: `${server.url}/me?t={{login.response.body.$.token}}`, dependsOn: ['login'], hasResponseRefs: true },
  ]);
  const report = await runBatch(plan, { only: [2] });
  assert.deepEqual(report.results.map((r) => r.index), [0, 2]);
  assert.deepEqual(server.seen.map((s) => s.url), ['/login', '/me?t=t']);
});

test('dependents start as soon as their dependency succeeds, before later requests in the file', async (t) => {
  const server = await withServer(t, (req, res) => setTimeout(() => sendJson(res, 200, { token: 't' }), req.url === '/login' ? 60 : 15));
  const reqs: RequestSpec[] = [
    { url: `${server.url}/login`, name: 'login' },
    ...Array.from({ length: 5 }, (_, i) => ({ url: `${server.url}/dep/${i}`, dependsOn: ['login'] })),
    ...Array.from({ length: 60 }, (_, i) => ({ url: `${server.url}/later/${i}` })),
  ];
  const events: RunEvent[] = [];
  await runBatch(makePlan(reqs, { concurrency: 2 }), { onEvent: (e) => events.push(e) });
  const starts = events.filter((e) => e.type === 'started').map((e) => e.index);
  const lastDependent = Math.max(...[1, 2, 3, 4, 5].map((i) => starts.indexOf(i)));
  assert.ok(lastDependent < starts.indexOf(65), `dependents started by position ${lastDependent}, the last request at ${starts.indexOf(65)}`);
  assert.ok(lastDependent < 20, `dependents waited behind later requests (position ${lastDependent})`);
});
