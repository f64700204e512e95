// Conformance: @foreach CSV data (format spec, section 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, at, errors, planFixture } from './helpers';

test('CSV header names are trimmed, CRLF/BOM/quotes are read, an unnamed trailing column is left out', async () => {
  const plan = await planFixture('conformance/foreach.batch.http');
  const copies = plan.requests.filter((r) => r.blockIndex === 0);
  assert.deepEqual(
    copies.map((r) => [r.url, r.body, r.copyIndex, r.name, r.line]),
    [
      ['http://127.0.0.1/u/1?i=0', '[ Ada]', 0, 'spaced', 3],
      ['http://127.0.0.1/u/2?i=1', '[Lovelace, "Ada"]', 1, 'spaced', 3],
    ],
  );
  assert.deepEqual(copies[0]!.unresolved, []);
});

test('a CSV header that names a column twice is an error in that file, and the request is not made', async () => {
  const plan = await planFixture('conformance/foreach.batch.http');
  assert.equal(plan.requests.filter((r) => r.blockIndex === 1).length, 0);
  assert.match(at(plan.diagnostics, 9)[0]!, /^error: @foreach \.\/data\/dup\.csv: the file has errors/);
  const inFile = plan.diagnostics.filter((d) => d.file === join(FIXTURES, 'conformance/data/dup.csv'));
  assert.equal(inFile.length, 1);
  assert.match(inFile[0]!.message, /names the column 'id' twice/);
  assert.equal(errors(plan.diagnostics).length, 2);
});
