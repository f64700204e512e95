// Conformance: layout, file header, request line, headers and bodies (format spec, sections 1, 2 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/core/parser';
import { at, errors, fixtureText, planFixture, planText } from './helpers';

test('a query continuation line may end with the HTTP version; spaces elsewhere are errors', async () => {
  const plan = await planFixture('conformance/query-version.batch.http');
  const [ok, spaces, twice] = plan.requests;
  assert.equal(ok!.url, 'http://127.0.0.1/get?one=yes&two=1', 'the version is not part of the URL');
  assert.deepEqual(ok!.headers, [['Accept', 'text/plain']]);
  assert.equal(parseDocument(fixtureText('conformance/query-version.batch.http')).blocks[0]!.httpVersion, 'HTTP/1.1');
  assert.deepEqual(at(plan.diagnostics, 8), ["error: unexpected 'b=2' in the query continuation; encode spaces in the URL as %20"]);
  assert.equal(plan.diagnostics.find((d) => d.line === 8)!.column, 10);
  assert.deepEqual(at(plan.diagnostics, 9), ["error: unexpected 'extra' in the query continuation; encode spaces in the URL as %20"]);
  assert.equal(spaces!.url, 'http://127.0.0.1/spaces', 'a rejected continuation is not appended');
  assert.deepEqual(at(plan.diagnostics, 13), ["error: unexpected 'HTTP/1.1' in the query continuation; encode spaces in the URL as %20"]);
  assert.equal(twice!.url, 'http://127.0.0.1/twice');
  assert.equal(errors(plan.diagnostics).length, 3);
});

test('file header ending at ###: batch settings, @timeout/@retries as defaults, request-only directives to the first request', async () => {
  const plan = await planFixture('conformance/header-then-separator.batch.http');
  assert.deepEqual(plan.settings, { concurrency: 3, perHost: 3, timeoutMs: 4000, deadlineMs: null, retries: 1, rate: null, bail: false });
  const [first, second] = plan.requests;
  assert.deepEqual(
    [first!.name, first!.title, first!.followRedirects, first!.expectStatus, first!.timeoutMs, first!.retries],
    ['first', 'First request', false, '2xx,404', 4000, 1],
  );
  assert.deepEqual(
    [second!.name, second!.followRedirects, second!.expectStatus, second!.timeoutMs, second!.retries],
    [null, true, null, 250, 0],
    'request-only directives of the header do not leak past the first request',
  );
  assert.deepEqual(at(plan.diagnostics, 7), ['warning: unknown directive @note']);
  assert.match(at(plan.diagnostics, 16)[0]!, /^warning: @per-host is a batch directive and is read only in the file header/);
  assert.equal(plan.diagnostics.length, 2);
});

test('file header followed directly by the request line: the same rules, and batch directives later are ignored', async () => {
  const plan = await planFixture('conformance/header-then-request.batch.http');
  assert.deepEqual(plan.settings, { concurrency: 8, perHost: 8, timeoutMs: 2000, deadlineMs: 60000, retries: 4, rate: 0.5, bail: true });
  const [one, two] = plan.requests;
  assert.deepEqual([one!.title, one!.idempotent, one!.timeoutMs, one!.retries], [null, true, 2000, 4]);
  assert.deepEqual([two!.idempotent, two!.timeoutMs, two!.retries, two!.name], [false, 2000, 4, null]);
  assert.match(at(plan.diagnostics, 10)[0]!, /^warning: @concurrency is a batch directive/);
  assert.match(at(plan.diagnostics, 11)[0]!, /^warning: @bail is a batch directive/);
  assert.match(at(plan.diagnostics, 13)[0]!, /^warning: @name after the request line is ignored/);
  assert.equal(errors(plan.diagnostics).length, 0);
});

test('a target starting with / joins baseUrl, else host (http:// added when it has none), else the Host header', async () => {
  const plan = await planFixture('conformance/bases.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => r.url),
    ['http://127.0.0.1:7300/by-host', 'http://127.0.0.1:7301/api/by-base?x=1', 'http://127.0.0.1:7301/api/still-base', 'https://base.example/v2/both'],
  );
  assert.deepEqual(plan.diagnostics, []);
  const env = await planFixture('conformance/bases.batch.http', { vars: { baseUrl: 'http://127.0.0.1:7399' } });
  assert.equal(env.requests[0]!.url, 'http://127.0.0.1:7399/by-host', 'a run value baseUrl applies from the first request');
});

test('the Host header fallback, and targets that are not absolute http(s) URLs', async () => {
  const plan = await planFixture('conformance/host-header.batch.http');
  const [header, later, varHeader, after, noScheme, noSchemeVar] = plan.requests;
  assert.equal(header!.url, 'http://127.0.0.1:7302/from-header', 'the header name is case-insensitive');
  assert.deepEqual(header!.headers, [['HOST', '127.0.0.1:7302']], 'the header stays as written');
  assert.equal(later!.url, 'http://{{hostName}}/later');
  assert.deepEqual(later!.unresolved, ['hostName'], 'hostName is defined only after this request');
  assert.equal(varHeader!.url, 'http://127.0.0.1:7303/var-in-header');
  assert.equal(after!.url, 'http://127.0.0.1:7304/after-definition');
  // Format section 13, item 3 (second round): a target without a scheme gets http://, with a warning.
  assert.match(at(plan.diagnostics, 17)[0]!, /^warning: the target 'localhost:8080\/no-scheme' has no scheme; http:\/\/ is used/);
  assert.equal(noScheme!.url, 'http://localhost:8080/no-scheme');
  assert.match(at(plan.diagnostics, 20)[0]!, /^warning: the target '127\.0\.0\.1:7305\/no-scheme-var' has no scheme/);
  assert.equal(noSchemeVar!.url, 'http://127.0.0.1:7305/no-scheme-var');
  assert.equal(errors(plan.diagnostics).length, 0);
});

test('bodies: CRLF files, multipart CRLF joining, file lines, comment-like and variable-like lines, trimming', async () => {
  const plan = await planFixture('conformance/bodies-crlf.batch.http', { vars: { formType: 'multipart/form-data' } });
  const [multi, text, after, tab] = plan.requests;
  assert.equal(
    Buffer.from(multi!.body as Uint8Array).toString('utf8'),
    '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx  \r\n--B\r\nContent-Disposition: form-data; name="f"; filename="part.txt"\r\n\r\npart {{who}}\n\r\n--B--',
    'multipart (after substitution) joins with CRLF; < path bytes are unchanged; the end is trimmed',
  );
  assert.equal(text!.body, 'one   \n@who = not-a-variable\n# not a comment\npart file-var\n\n<html>', 'a CRLF body is joined with LF; <@ substitutes; @x = y in a body is text');
  assert.equal(after!.body, '[1, file-var]', 'the line in the body did not redefine who');
  assert.match(at(plan.diagnostics, 30)[0]!, /^warning: a blank line is missing between the headers and the body/);
  assert.equal(Buffer.from(tab!.body as Uint8Array).toString('utf8'), 'part {{who}}\n', "'<' and a tab before the path is a file line too");
  assert.equal(errors(plan.diagnostics).length, 0);
  const plain = await planFixture('conformance/bodies-crlf.batch.http', { vars: { formType: 'text/plain' } });
  assert.match(Buffer.from(plain.requests[0]!.body as Uint8Array).toString('utf8'), /^--B\nContent-Disposition/, 'not multipart: LF');
});

test('an x-www-form-urlencoded body is joined without line breaks (section 13, item 6, replaces the earlier rule)', async () => {
  const text = [
    'POST http://127.0.0.1/login',
    'Content-Type: application/x-www-form-urlencoded; charset=utf-8',
    '',
    'name={{user}}',
    '  &password=p%40ss',
    '&remember=1',
    '',
    '###',
    'POST http://127.0.0.1/plain',
    'Content-Type: text/plain',
    '',
    'a=1',
    '&b=2',
    '',
  ].join('\n');
  const plan = await planText(text, 'form.batch.http', { vars: { user: 'ada' } });
  assert.equal(plan.requests[0]!.body, 'name=ada&password=p%40ss&remember=1');
  assert.equal(plan.requests[1]!.body, 'a=1\n&b=2');
});

test('a header name must be an HTTP token after substitution', async () => {
  const text = ['GET http://127.0.0.1/h', 'X-{{good}}: 1', 'X-{{bad}}: 2', 'Y-{{later}}: 3', ''].join('\n');
  const plan = await planText(text, 'hn.batch.http', { vars: { good: 'Trace-Id', bad: 'has space' } });
  assert.deepEqual(plan.requests[0]!.headers, [['X-Trace-Id', '1'], ['X-has space', '2'], ['Y-{{later}}', '3']]);
  assert.deepEqual(at(plan.diagnostics, 3), ["error: the header name 'X-has space' (after substitution) is not a valid HTTP header name"]);
  assert.deepEqual(errors(plan.diagnostics).length, 1, 'an unknown variable in a name is a warning only');
  assert.deepEqual(plan.requests[0]!.unresolved, ['later']);
});
