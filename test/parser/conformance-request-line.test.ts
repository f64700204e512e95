// Conformance: the request line and query continuation (format spec, section 2 items 2-3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/parser';
import { at, errors, fixtureText, planFixture } from './helpers';

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
