// One fixture per syntax rule of the format (sections 1, 2 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/core/parser';
import { at, errors, fixtureText, planFixture, warnings } from './helpers';

test('separators: titles, empty blocks make no request, first request without ###', async () => {
  const plan = await planFixture('separators.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => [r.title, r.url, r.line]),
    [
      [null, 'http://127.0.0.1/first', 1],
      ['Second request', 'http://127.0.0.1/second', 4],
      ['Third', 'http://127.0.0.1/third', 10],
    ],
  );
  assert.deepEqual(plan.diagnostics, []);
  assert.deepEqual(
    plan.blocks.map((b) => [b.startLine, b.endLine]),
    [
      [1, 2],
      [3, 5],
      [9, 11],
    ],
  );
});

test('CRLF line ends and a byte order mark', async () => {
  const plan = await planFixture('crlf-bom.batch.http');
  assert.equal(plan.requests.length, 1);
  const r = plan.requests[0]!;
  assert.equal(r.title, 'CRLF title');
  assert.equal(r.url, 'http://127.0.0.1/crlf');
  assert.equal(r.line, 2);
  assert.deepEqual(r.headers, [['A', '1']]);
  assert.equal(r.body, 'line1\nline2', 'a CRLF body is joined with \\n');
});

test('comments: # and // lines are skipped outside bodies, kept inside', async () => {
  const plan = await planFixture('comments.batch.http');
  assert.equal(plan.requests.length, 1);
  assert.deepEqual(plan.requests[0]!.headers, [['Accept', '*/*']]);
  assert.equal(plan.requests[0]!.body, '# this is body text\n// and this too');
  assert.deepEqual(plan.diagnostics, []);
});

test('batch directives in the file header; request-only ones go to the first request', async () => {
  const plan = await planFixture('batch-directives.batch.http');
  assert.deepEqual(plan.settings, { concurrency: 4, perHost: 2, timeoutMs: 2000, deadlineMs: 60000, retries: 5, rate: 0.5, bail: true });
  const [first, second] = plan.requests;
  assert.equal(first!.name, 'first');
  assert.equal(first!.expectStatus, '200,404');
  assert.equal(first!.timeoutMs, 2000, 'header @timeout is the batch default');
  assert.equal(first!.retries, 5);
  assert.equal(second!.name, null);
  assert.equal(second!.timeoutMs, 750);
  assert.equal(second!.retries, 0);
  assert.equal(second!.followRedirects, false);
  assert.equal(second!.idempotent, true);
  assert.equal(second!.connectionTimeoutMs, 1500);
  assert.equal(first!.followRedirects, true);
  assert.equal(first!.connectionTimeoutMs, null);
  assert.deepEqual(at(plan.diagnostics, 15), ['warning: @concurrency is a batch directive and is read only in the file header (before the first request); it is ignored here']);
  assert.equal(errors(plan.diagnostics).length, 0);
});

test('directive values are checked; unknown directives are warnings', async () => {
  const plan = await planFixture('directive-values.batch.http');
  const d = plan.diagnostics;
  assert.match(at(d, 1)[0]!, /^error: @concurrency needs a whole number/);
  assert.match(at(d, 2)[0]!, /^error: @timeout needs a positive duration/);
  assert.match(at(d, 3)[0]!, /^error: @rate needs .*10\/s/);
  assert.match(at(d, 4)[0]!, /^error: @bail takes no value/);
  assert.deepEqual(at(d, 5), ['warning: unknown directive @note']);
  assert.match(at(d, 7)[0]!, /^error: @repeat needs a whole number from 1 to 100000/);
  assert.match(at(d, 8)[0]!, /^error: @retries/);
  assert.match(at(d, 9)[0]!, /^error: @expect-status/);
  assert.match(at(d, 10)[0]!, /^error: @name needs a name/);
  assert.match(at(d, 11)[0]!, /^error: @depends-on needs/);
  // Known since the second round (format spec, section 12): a flag without value, no diagnostic.
  assert.deepEqual(at(d, 12), []);
  const line1 = d.find((x) => x.line === 1)!;
  assert.equal(line1.column, 16, 'points at the value');
  assert.deepEqual(plan.settings.concurrency, 8, 'invalid values leave the default');
  assert.equal(plan.requests.length, 1);
});

test('request line: bare target is GET, versions and custom methods, braces keep spaces', async () => {
  const plan = await planFixture('request-line.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => [r.method, r.url]),
    [
      ['GET', 'http://127.0.0.1/bare'],
      ['GET', 'http://127.0.0.1/v'],
      ['PROPFIND', 'http://127.0.0.1/dav'],
      ['GET', plan.requests[3]!.url],
      // Format section 13, item 4 (second round): spaces in a target are sent as %20.
      ['GET', 'http://127.0.0.1/a%20b'],
    ],
  );
  assert.match(plan.requests[3]!.url, /^http:\/\/127\.0\.0\.1\/r\?n=[1-8]$/);
  assert.deepEqual(at(plan.diagnostics, 14), ["error: the method 'get' must be upper-case ('GET')"]);
  assert.match(at(plan.diagnostics, 17)[0]!, /^warning: the target has spaces; they are sent as %20/);
});

test('baseUrl joining drops the trailing slash', async () => {
  const plan = await planFixture('base-url.batch.http');
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1:9000/api/users');
  assert.deepEqual(plan.diagnostics, []);
});

test('host variable without scheme gets http://', async () => {
  const plan = await planFixture('host-var.batch.http');
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1:9001/items');
});

test('Host header fallback, and an error with no base at all', async () => {
  const plan = await planFixture('host-header.batch.http');
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1:9002/status');
  assert.deepEqual(plan.requests[0]!.headers, [['Host', '127.0.0.1:9002']]);
  const e = errors(plan.diagnostics);
  assert.equal(e.length, 1);
  assert.equal(e[0]!.line, 6);
  assert.equal(e[0]!.column, 5);
  assert.match(e[0]!.message, /relative.*@baseUrl/);
});

test('query continuation lines are appended, white space removed', async () => {
  const plan = await planFixture('query-continuation.batch.http', { vars: { size: '10' } });
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1/search?q=term&page=2&size=10');
  assert.deepEqual(plan.requests[0]!.headers, [['Accept', 'text/plain']]);
});

test('headers: order and repeats kept; bad lines are errors; a body without blank line warns', async () => {
  const plan = await planFixture('headers.batch.http');
  assert.deepEqual(plan.requests[0]!.headers, [
    ['Accept', 'text/plain'],
    ['X-Multi', 'one'],
    ['x-multi', 'two'],
    ['Accept', 'application/json'],
    ['Empty', ''],
  ]);
  assert.match(at(plan.diagnostics, 11)[0]!, /^error: expected a header 'Name: value'/);
  assert.match(at(plan.diagnostics, 12)[0]!, /^error: 'Bad Name' is not a valid header name/);
  assert.match(at(plan.diagnostics, 17)[0]!, /^warning: a blank line is missing/);
  assert.equal(plan.requests[2]!.body, '{"a": 1}');
  assert.deepEqual(plan.requests[2]!.headers, [['Content-Type', 'application/json']]);
});

test('body trimming: leading/trailing blank lines and trailing white space go', async () => {
  const plan = await planFixture('body-trim.batch.http');
  assert.equal(plan.requests[0]!.body, '  first line\n# not a comment\n// not a comment either\n\nlast line');
  assert.equal(plan.requests[1]!.body, null);
});

test('body files: < path bytes, <@ path templates, encodings, missing files', async () => {
  const plan = await planFixture('body-files.batch.http');
  const [bin, raw, tpl, latin, html] = plan.requests;
  assert.deepEqual(Buffer.from(bin!.body as Uint8Array), Buffer.from([0, 1, 0xfe, 0xff, ...Buffer.from('binary')]));
  assert.equal(Buffer.from(raw!.body as Uint8Array).toString(), 'plain {{not-substituted}}');
  assert.equal(tpl!.body, '{"user": "ada"}\n');
  assert.equal(latin!.body, 'café ada');
  assert.equal(html!.body, '<html>\n<body>hi</body>\n</html>');
  const e = errors(plan.diagnostics);
  assert.equal(e.length, 1);
  assert.equal(e[0]!.line, 34);
  assert.match(e[0]!.message, /file not found: \.\/data\/nope\.bin/);
  assert.equal(plan.requests[5]!.body, '', 'the missing part is left out');
});

test('multipart bodies are joined with CRLF, files included', async () => {
  const plan = await planFixture('multipart.batch.http');
  const body = Buffer.from(plan.requests[0]!.body as Uint8Array).toString();
  assert.equal(
    body,
    ['--XYZ', 'Content-Disposition: form-data; name="text"', '', 'hello', '--XYZ', 'Content-Disposition: form-data; name="file"; filename="raw.txt"', '', 'plain {{not-substituted}}', '--XYZ--'].join('\r\n'),
  );
});

test("other tools' lines end the body and are skipped with warnings", async () => {
  const plan = await planFixture('other-tools.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => [r.url, r.body]),
    [
      ['http://127.0.0.1/a', '{"x": 1}'],
      ['http://127.0.0.1/b', null],
      ['http://127.0.0.1/c', null],
      ['http://127.0.0.1/d', null],
      ['http://127.0.0.1/e', null],
      ['http://127.0.0.1/f', null],
    ],
  );
  assert.equal(errors(plan.diagnostics).length, 0);
  const w = warnings(plan.diagnostics).map((d) => d.line);
  // Line 25 (`?? status == 200`) is an assertion since the second round (format section 6), not a skipped line.
  assert.deepEqual(w, [6, 13, 14, 15, 19, 20, 26, 32, 38]);
  assert.deepEqual(plan.requests[3]!.assertions!.map((a) => a.text), ['status == 200']);
  assert.deepEqual(plan.requests[2]!.headers, []);
});

test('requests of other protocols are left out with a warning', async () => {
  const plan = await planFixture('non-http.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => r.url),
    ['http://127.0.0.1/ok'],
  );
  assert.equal(plan.requests[0]!.blockIndex, 3);
  const w = warnings(plan.diagnostics);
  assert.deepEqual(
    w.map((d) => d.line),
    [2, 5, 8],
  );
  for (const d of w) assert.match(d.message, /not an HTTP request/);
});

test('duplicate names are an error', async () => {
  const plan = await planFixture('duplicate-names.batch.http');
  assert.deepEqual(at(plan.diagnostics, 6), ["error: the name 'same' is already used by the request on line 3; names must be unique in a file"]);
});

test('positions of requests, headers and directives', () => {
  const doc = parseDocument(fixtureText('batch-directives.batch.http'));
  const b = doc.blocks[1]!;
  assert.equal(b.line, 21);
  assert.equal(b.column, 1);
  assert.equal(b.targetColumn, 6);
  assert.deepEqual(
    b.directives.map((d) => [d.key, d.line, d.column, d.valueColumn]),
    [
      ['timeout', 16, 1, 12],
      ['retries', 17, 1, 12],
      ['no-redirect', 18, 1, 15],
      ['idempotent', 19, 1, 14],
      ['connection-timeout', 20, 1, 23],
    ],
  );
  assert.deepEqual(
    doc.batchDirectives.map((d) => d.key),
    ['concurrency', 'per-host', 'timeout', 'deadline', 'retries', 'rate', 'bail'],
  );
  const h = parseDocument(fixtureText('headers.batch.http')).blocks[0]!.headers;
  assert.deepEqual(
    h.map((x) => [x.line, x.column, x.value.column]),
    [
      [3, 1, 9],
      [4, 1, 10],
      [5, 1, 10],
      [6, 1, 11],
      [7, 1, 7],
    ],
  );
});

test('files written for REST Client and httpYac parse without errors', async () => {
  for (const f of ['rest-client.http', 'httpyac.http']) {
    const plan = await planFixture(f);
    assert.deepEqual(errors(plan.diagnostics), [], f);
    assert.ok(plan.requests.length >= 3, f);
  }
  const rc = await planFixture('rest-client.http');
  assert.equal(rc.requests[0]!.url, 'http://127.0.0.1:8080/api/login');
  assert.equal(rc.requests[1]!.headers[0]![1], '{{login.response.headers.X-AuthToken}}');
  assert.deepEqual(rc.requests[2]!.dependsOn, ['createComment', 'login']);
  const yac = await planFixture('httpyac.http');
  assert.equal(yac.requests[1]!.url, 'http://127.0.0.1:3000/users/{{users.response.body.$[0].id}}');
  assert.deepEqual(yac.requests[1]!.dependsOn, ['users']);
  assert.deepEqual(at(yac.diagnostics, 12), ['warning: unknown directive @ref']);
});

test('a line starting with < after the headers starts the body', async () => {
  const plan = await planFixture('headers.batch.http');
  const xml = plan.requests[3]!;
  assert.equal(xml.url, 'http://127.0.0.1/xml');
  assert.deepEqual(xml.headers, [['Content-Type', 'application/xml']]);
  assert.equal(xml.body, '<?xml version="1.0"?>\n<a/>');
  assert.match(at(plan.diagnostics, 22)[0]!, /^warning: a blank line is missing/);
});

test('JetBrains files: pre-request scripts and handlers are skipped without errors', async () => {
  const plan = await planFixture('jetbrains.http');
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.method, r.url, r.line]),
    [
      ['GET', 'http://127.0.0.1/items', 5],
      ['POST', 'http://127.0.0.1/items', 15],
    ],
  );
  assert.match(String(plan.requests[1]!.body), /^\{"id": "[0-9a-f-]{36}"\}$/);
  assert.deepEqual(
    warnings(plan.diagnostics).map((d) => d.line),
    [2, 8, 13, 14, 20],
  );
});

test('directive forms: # @key = value, #@key=value, // @key value; {{...}} and {{ lines after headers', async () => {
  const plan = await planFixture('directive-forms.batch.http', { vars: { payload: '{"p": 1}' } });
  const [a, b, c] = plan.requests;
  assert.equal(a!.name, 'first');
  assert.equal(a!.timeoutMs, 3000);
  assert.equal(b!.name, 'second');
  assert.equal(b!.retries, 4);
  assert.equal(b!.body, '{"p": 1}', 'a line with a closed {{...}} starts the body');
  assert.match(at(plan.diagnostics, 11)[0]!, /^warning: a blank line is missing/);
  assert.deepEqual(c!.headers, [['X-B', '2']]);
  assert.equal(c!.body, null);
  assert.match(at(plan.diagnostics, 16)[0]!, /^warning: skipped httpYac script block/);
  assert.deepEqual(errors(plan.diagnostics), []);
});
