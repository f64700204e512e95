// @repeat and @foreach over CSV and JSON (section 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, at, errors, planFixture } from './helpers';
import { rowLabel } from '../../../src/core/parser/copies';

test('@repeat makes N copies with $index; copies without differences share their arrays', async () => {
  const plan = await planFixture('repeat-foreach.batch.http');
  const rep = plan.requests.filter((r) => r.blockIndex === 0);
  assert.deepEqual(
    rep.map((r) => [r.url, r.copyIndex, r.line]),
    [
      ['http://127.0.0.1/r/0', 0, 3],
      ['http://127.0.0.1/r/1', 1, 3],
      ['http://127.0.0.1/r/2', 2, 3],
    ],
  );
  const same = plan.requests.filter((r) => r.blockIndex === 1);
  assert.equal(same.length, 2);
  assert.equal(same[0]!.headers, same[1]!.headers, 'the same array object');
  assert.deepEqual(same[1]!.headers, [['Accept', 'application/json']]);
});

test('@foreach over CSV: header row, quoted commas, quotes and newlines', async () => {
  const plan = await planFixture('repeat-foreach.batch.http');
  const csv = plan.requests.filter((r) => r.blockIndex === 2);
  assert.deepEqual(
    csv.map((r) => [r.url, r.copyIndex, r.body]),
    [
      ['http://127.0.0.1/users/1', 0, '{"name": "Ada", "note": "plain", "i": 0}'],
      ['http://127.0.0.1/users/2', 1, '{"name": "Lovelace, Ada", "note": "says "hi"", "i": 1}'],
      ['http://127.0.0.1/users/3', 2, '{"name": "Grace", "note": "two\nlines", "i": 2}'],
    ],
  );
});

test('@foreach over a JSON array of objects', async () => {
  const plan = await planFixture('repeat-foreach.batch.http');
  const json = plan.requests.filter((r) => r.blockIndex === 3);
  assert.equal(json.length, 2);
  const q0 = Object.fromEntries(new URL(json[0]!.url).searchParams);
  assert.deepEqual(q0, { name: 'Ada', tags: '["a"]', active: '{{active}}', none: '{{none}}' });
  assert.deepEqual(json[0]!.unresolved, ['active', 'none']);
  const q1 = Object.fromEntries(new URL(json[1]!.url).searchParams);
  assert.deepEqual(q1, { name: 'Grace', tags: '{{tags}}', active: 'true', none: '' });
  assert.deepEqual(json[1]!.unresolved, ['tags']);
  assert.equal(plan.requests.length, 3 + 2 + 3 + 2);
});

test('@foreach errors: missing file, bad CSV, not an array, with @repeat', async () => {
  const plan = await planFixture('foreach-errors.batch.http');
  assert.ok(plan.requests.every((r) => r.blockIndex === 3), 'no record, no copy');
  assert.match(at(plan.diagnostics, 2)[0]!, /^error: @foreach file not found: \.\/nope\.csv/);
  assert.match(at(plan.diagnostics, 6)[0]!, /^error: @foreach \.\/bad\.csv: the file has errors/);
  const csvDiag = plan.diagnostics.find((d) => d.file === join(FIXTURES, 'bad.csv'))!;
  assert.equal(csvDiag.severity, 'error');
  assert.equal(csvDiag.line, 2);
  assert.ok(plan.diagnostics.some((d) => d.file === join(FIXTURES, 'not-array.json') && /array of objects/.test(d.message)));
  assert.match(at(plan.diagnostics, 15)[0]!, /either @repeat or @foreach/);
  assert.ok(errors(plan.diagnostics).length >= 5);
});

test('@foreach with an unknown variable in its path is an error', async () => {
  const { planText } = await import('./helpers');
  const plan = await planText('# @foreach ./{{dir}}/users.csv\nGET http://127.0.0.1/{{id}}\n', 'fe.batch.http');
  assert.equal(plan.requests.length, 0);
  assert.ok(errors(plan.diagnostics).some((d) => d.line === 1 && /unknown variables \(dir\)/.test(d.message)));
  const ok = await planText('# @foreach ./{{dir}}/users.csv\nGET http://127.0.0.1/{{id}}\n', 'fe.batch.http', { vars: { dir: '.' } });
  assert.equal(ok.requests.length, 3);
});

test('a batch larger than the cap is an error and the extra copies are left out', async () => {
  const { planText } = await import('./helpers');
  const text = Array.from({ length: 4 }, (_, i) => `### r${i}\n# @repeat 400\nGET http://127.0.0.1/${i}\n`).join('\n');
  const plan = await planText(text, 'big.batch.http', { maxRequests: 1000 });
  assert.equal(plan.requests.length, 800);
  assert.equal(plan.requests[799]!.url, 'http://127.0.0.1/1');
  const e = errors(plan.diagnostics);
  assert.deepEqual(
    e.map((d) => d.line),
    [11, 15],
  );
  assert.match(e[0]!.message, /exceed 1,000 requests/);
});

test('a @foreach copy carries its record as its first field (the editor labels copies by it); @repeat copies none', async () => {
  const plan = await planFixture('repeat-foreach.batch.http');
  const csv = plan.requests.filter((r) => r.blockIndex === 2);
  assert.deepEqual(csv.map((r) => r.copyRow), ['id=1', 'id=2', 'id=3']);
  assert.ok(plan.requests.filter((r) => r.blockIndex === 0).every((r) => r.copyRow === null));
  assert.equal(rowLabel({}), null);
  assert.equal(rowLabel({ note: 'x'.repeat(100) })!.length, 40);
});
