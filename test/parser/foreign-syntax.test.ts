// Format section 13: files written for httpYac, REST Client, the JetBrains HTTP Client and
// kulala (our own fixtures in test/fixtures/parser/foreign, written in each tool's style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/parser';
import { at, errors, fixtureText, planFixture, warnings } from './helpers';

const DIR = 'foreign';

test('httpYac: requests without ###, := variables and # @name=value', async () => {
  const plan = await planFixture(`${DIR}/httpyac-no-separators.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.method, r.url, r.name]),
    [
      ['GET', 'http://127.0.0.1:7501/health', 'health'],
      ['GET', 'http://127.0.0.1:7501/users/ada', null],
      ['POST', 'http://127.0.0.1:7501/users', 'created'],
      ['DELETE', 'http://127.0.0.1:7501/users/1', null],
      ['PUT', 'http://127.0.0.1:7501/after-header', null],
    ],
  );
  const [, get, post, del] = plan.requests;
  assert.deepEqual(get!.headers, [['Accept', 'application/json']]);
  assert.equal(get!.body, null, 'the comment lines above the next request are not body text');
  assert.equal(post!.body, '{"name": "ada", "token": "abc123"}');
  assert.deepEqual(del!.headers, [['Host', '127.0.0.1:7501']], 'a request line in the header section ends the headers');
  const doc = parseDocument(fixtureText(`${DIR}/httpyac-no-separators.http`));
  assert.deepEqual(
    doc.blocks.map((b) => [b.startLine, b.line, b.endLine]),
    [
      [1, 6, 7],
      [8, 8, 10],
      [11, 13, 17],
      [18, 18, 19],
      [20, 20, 21],
    ],
  );
});

test('a request line inside a body without a blank line before it stays body text', async () => {
  const doc = parseDocument('POST http://127.0.0.1/a\nContent-Type: text/plain\n\nsee below\nGET http://127.0.0.1/b\n');
  assert.equal(doc.blocks.length, 1);
  assert.equal(doc.blocks[0]!.body!.length, 2);
});

test('JetBrains: a target over several lines, spaces, no scheme, Host with a scheme', async () => {
  const plan = await planFixture(`${DIR}/jetbrains-multiline.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  const [multi, spaced, noScheme, tls] = plan.requests;
  assert.equal(multi!.url, 'http://127.0.0.1:7502/api/search?q=books&page=2');
  assert.deepEqual(multi!.headers, [['Accept', 'application/json']]);
  assert.equal(spaced!.url, 'http://127.0.0.1:7502/files/my%20report.txt');
  assert.match(at(plan.diagnostics, 10)[0]!, /^warning: the target has spaces; they are sent as %20/);
  assert.equal(noScheme!.url, 'http://127.0.0.1:7502/no-scheme');
  assert.match(at(plan.diagnostics, 13)[0]!, /^warning: the target '127\.0\.0\.1:7502\/no-scheme' has no scheme; http:\/\/ is used/);
  assert.equal(tls!.url, 'https://127.0.0.1:7543/behind-tls');
  assert.deepEqual(tls!.headers, [['Host', '127.0.0.1:7543']], 'the Host header sent has no scheme');
});

test('kulala: import and run lines, and a response kept in the file, are skipped with warnings', async () => {
  const plan = await planFixture(`${DIR}/kulala-extras.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.url, r.body]),
    [
      ['http://127.0.0.1:7503/ping', null],
      ['http://127.0.0.1:7503/pong', null],
    ],
  );
  assert.match(at(plan.diagnostics, 1)[0]!, /^warning: skipped the kulala\/JetBrains line 'import \.\/shared\.http': other files are not run from here; copy/);
  assert.match(at(plan.diagnostics, 2)[0]!, /^warning: skipped the kulala\/JetBrains line 'run \.\/login\.http'.*batch-http run FILE/);
  assert.match(at(plan.diagnostics, 3)[0]!, /'run #health'/);
  assert.match(at(plan.diagnostics, 9)[0]!, /^warning: skipped a response kept after its request \('HTTP\/1\.1 200 OK'\)/);
  assert.equal(warnings(plan.diagnostics).length, 4, 'the response headers and body are skipped without more warnings');
});

test('REST Client: a response kept after a form body ends the body', async () => {
  const plan = await planFixture(`${DIR}/rest-client-kept-response.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.equal(plan.requests.length, 2);
  assert.equal(plan.requests[1]!.url, 'http://127.0.0.1:7504/home');
  assert.match(at(plan.diagnostics, 7)[0]!, /^warning: skipped a response kept after its request/);
});

test('an httpYac fragment outside a request is skipped with a warning that says what to write', () => {
  const doc = parseDocument('fragment Parts on Repository {\n  name\n}\n\nPOST http://127.0.0.1/graphql\n\nquery { repository { ...Parts } }\n');
  assert.deepEqual(errors(doc.diagnostics), []);
  assert.match(at(doc.diagnostics, 1)[0]!, /^warning: skipped an httpYac GraphQL fragment.*put the fragment into the body of the query/);
  assert.equal(doc.blocks.length, 1);
  assert.equal(doc.blocks[0]!.line, 5);
});
