// Format section 13 at run time: what a local server receives from files written in the
// style of httpYac, REST Client, JetBrains and kulala.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner/index';
import { planFor, workspace } from '../../support/run-harness';
import { sendJson, startServer, type Seen } from '../../support/server';

function seenAt(seen: readonly Seen[], path: string): Seen {
  const s = seen.find((x) => x.url.split('?')[0] === path);
  assert.ok(s, `the server saw no request to ${path}: ${seen.map((x) => x.url).join(', ')}`);
  return s;
}

test('forms joined, GraphQL as JSON POST, Basic encoded, Host with a scheme, %20, {{%name}}, request values', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
  t.after(() => server.close());
  const text = [
    `@origin = ${server.url}`,
    '@q = a&b c/d',
    '',
    '# @name login',
    'POST {{origin}}/form',
    'Content-Type: application/x-www-form-urlencoded',
    'X-Trace: trace-{{$randomInt}}',
    '',
    'user=ada',
    '&password=s3cret',
    '',
    '###',
    'GRAPHQL {{origin}}/gql-method',
    '',
    'query { me { id } }',
    '',
    '###',
    'POST {{origin}}/gql-header',
    'X-Request-Type: GraphQL',
    '',
    'query Q($n: Int) { items(n: $n) { id } }',
    '',
    '{"n": 2}',
    '',
    '###',
    'POST {{origin}}/gql-body',
    '',
    'mutation { reset }',
    '',
    '###',
    'GET {{origin}}/basic',
    'Authorization: Basic ada s3cret',
    '',
    '###',
    'GET /host-with-scheme',
    `Host: http://127.0.0.1:${server.port}`,
    '',
    '###',
    'GET {{origin}}/files/my report.txt?q={{%q}} HTTP/1.1',
    '',
    '###',
    'GET {{origin}}/request-values?trace={{login.request.headers.x-trace}}&user={{login.request.body.*}}',
    '',
  ].join('\n');
  const ws = await workspace(text);
  t.after(() => ws.dispose());
  const plan = await planFor(ws);
  assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
  const report = await runBatch(plan, {});
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    report.results.map(() => 'succeeded'),
    JSON.stringify(report.results.map((r) => r.error)),
  );
  const seen = server.seen;
  const form = seenAt(seen, '/form');
  assert.equal(form.body, 'user=ada&password=s3cret');
  for (const path of ['/gql-method', '/gql-header', '/gql-body']) {
    const g = seenAt(seen, path);
    assert.equal(g.method, 'POST', path);
    assert.equal(g.headers['content-type'], 'application/json', path);
    assert.equal(g.headers['x-request-type'], undefined, `${path}: X-Request-Type is not sent`);
  }
  assert.deepEqual(JSON.parse(seenAt(seen, '/gql-method').body), { query: 'query { me { id } }' });
  assert.deepEqual(JSON.parse(seenAt(seen, '/gql-header').body), { query: 'query Q($n: Int) { items(n: $n) { id } }', variables: { n: 2 } });
  assert.deepEqual(JSON.parse(seenAt(seen, '/gql-body').body), { query: 'mutation { reset }' });
  assert.equal(seenAt(seen, '/basic').headers.authorization, `Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
  assert.equal(seenAt(seen, '/host-with-scheme').headers.host, `127.0.0.1:${server.port}`);
  assert.equal(seenAt(seen, '/files/my%20report.txt').url, '/files/my%20report.txt?q=a%26b%20c%2Fd');
  const values = seenAt(seen, '/request-values');
  const trace = form.headers['x-trace'] as string;
  assert.match(trace, /^trace-\d+$/);
  assert.equal(values.url, `/request-values?trace=${trace}&user=user=ada&password=s3cret`);
  assert.ok(seen.indexOf(values) > seen.indexOf(form), 'a request value makes a dependency: it waits for the request it reads');
});

test('a request value of a request that failed skips the dependent request', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 500, { ok: false }));
  t.after(() => server.close());
  const ws = await workspace(
    [`# @name first`, `POST ${server.url}/fail`, 'X-Id: 7', '', '###', `GET ${server.url}/after?id={{first.request.headers.X-Id}}`, ''].join('\n'),
  );
  t.after(() => ws.dispose());
  const plan = await planFor(ws);
  assert.deepEqual(plan.requests[1]!.dependsOn, ['first']);
  const report = await runBatch(plan, {});
  assert.equal(report.results[1]!.error?.code, 'DEPENDENCY_FAILED');
  assert.equal(server.seen.length, 1);
});
