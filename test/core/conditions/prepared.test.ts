// Checks made ready once per run (prepared.ts) against the plain evaluator: the same outcome
// for every field x condition x value, the first time and when a verdict is remembered;
// redaction still applied to a remembered value; digests never remembered; past the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkAssertions, evaluateCheck, holds, PreparedChecks, statusAssertionsHold, statusExpected, ResponseValues, type Check, type CheckedResponse, type FieldKind, type PlannedCheck } from '../../../src/core/conditions';
import { parseDocument } from '../../../src/core/parser';
import { CONDITION_WORDS, NO_EXPECTED } from '../../../src/core/conditions/model';

const OPS = [...new Set(CONDITION_WORDS.values())];

const BODIES = [
  { ok: true, id: 7, name: 'Ada', none: null, tags: ['a', 'b'], owner: { name: 'Bob' }, numText: '42', empty: '' },
  { ok: false, id: '7', name: 'ada', none: 0, tags: [], owner: null, numText: 42, empty: ' ' },
];

function responses(): CheckedResponse[] {
  const out: CheckedResponse[] = [];
  for (const status of [200, 404]) {
    for (const b of BODIES) {
      for (const type of ['application/json', 'text/plain']) {
        out.push({ status, headers: { 'content-type': type, 'x-n': '42', authorization: 'Bearer s3cret' }, body: Buffer.from(JSON.stringify(b)), timings: { totalMs: 12.34, ttfbMs: 5 } });
      }
    }
  }
  out.push({ status: 500, headers: null, body: null, timings: null });
  out.push({ status: 200, headers: {}, body: Buffer.from('not json'), timings: { totalMs: 1 } });
  return out;
}

const FIELDS: [FieldKind, string | null][] = [
  ['status', null],
  ['header', 'Content-Type'],
  ['header', 'x-n'],
  ['header', 'Authorization'],
  ['header', 'x-missing'],
  ['body', null],
  ['body', '$.ok'],
  ['body', '$.id'],
  ['body', 'name'],
  ['body', '$.none'],
  ['body', '$.tags'],
  ['body', '$.tags[1]'],
  ['body', '$.owner'],
  ['body', '$.numText'],
  ['body', '$.empty'],
  ['body', '$[bad'],
  ['duration', null],
  ['duration', 'firstByte'],
  ['duration', 'dns'],
];
const EXPECTED = ['200', '7', '42', 'true', 'null', 'Ada', '"Ada"', 'json', '{"name": "Bob"}', '["a","b"]', '^[a-z]', '1e1', ''];

function checks(): Check[] {
  const out: Check[] = [];
  for (const [field, arg] of FIELDS) {
    for (const op of OPS) {
      if (NO_EXPECTED.has(op)) out.push({ field, arg, op, expected: null });
      else for (const expected of EXPECTED) out.push({ field, arg, op, expected });
    }
  }
  return out;
}

test('prepared checks give the plain evaluator\'s outcome for every field x condition x value, also remembered', () => {
  const prepared = new PreparedChecks();
  const all = checks();
  assert.ok(all.length > 2000);
  let compared = 0;
  // Twice over the responses: the second round finds verdicts remembered in the first.
  for (let round = 0; round < 2; round++) {
    for (const r of responses()) {
      const values = new ResponseValues(r);
      for (const c of all) {
        const want = evaluateCheck(c, values);
        // A copy of the check each time, as a run meets a new object per planned line.
        const got = evaluateCheck({ ...c }, values, { prepared });
        assert.deepEqual(got, want, `${c.field} ${c.arg ?? ''} ${c.op} ${c.expected ?? ''} on ${r.status} ${r.body ? r.body.toString() : 'no body'}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 2 * responses().length * all.length);
});

test('a remembered value is still redacted with the secrets known when it is checked again', () => {
  const prepared = new PreparedChecks();
  const c: Check = { field: 'body', arg: '$.token', op: 'exists', expected: null };
  const r: CheckedResponse = { status: 200, headers: {}, body: Buffer.from('{"token":"abc123"}') };
  assert.equal(evaluateCheck(c, r, { prepared, redact: (t) => t }).actual, '"abc123"');
  assert.equal(evaluateCheck(c, r, { prepared, redact: (t) => t.replaceAll('abc123', '***') }).actual, '"***"');
  assert.equal(evaluateCheck({ field: 'header', arg: 'Cookie', op: 'exists', expected: null }, { ...r, headers: { cookie: 'sid=1' } }, { prepared }).actual, '***');
});

test('with a redaction version, a remembered outcome is given again until the version changes', () => {
  const prepared = new PreparedChecks();
  const c: Check = { field: 'body', arg: '$.token', op: 'exists', expected: null };
  const r: CheckedResponse = { status: 200, headers: {}, body: Buffer.from('{"token":"abc123"}') };
  const first = evaluateCheck(c, r, { prepared, redact: (t) => t, redactVersion: 0 });
  assert.equal(evaluateCheck(c, r, { prepared, redact: (t) => t, redactVersion: 0 }), first, 'the same object');
  const later = evaluateCheck(c, r, { prepared, redact: (t) => t.replaceAll('abc123', '***'), redactVersion: 1 });
  assert.deepEqual(later, { ok: true, actual: '"***"' });
});

test('?? status lines deciding the expected statuses: the same verdicts prepared as plain', () => {
  const prepared = new PreparedChecks();
  for (const c of checks().filter((x) => x.field === 'status')) {
    for (let status = 100; status < 600; status += 7) {
      const list = [{ ...c, line: 1, text: 'x' }];
      assert.equal(statusAssertionsHold(list, status, prepared), statusAssertionsHold(list, status), `${c.op} ${c.expected ?? ''} on ${status}`);
      assert.equal(statusAssertionsHold(list, status, prepared), holds(c, status));
    }
  }
});

test('a digest of the whole body is never remembered: two bodies with the same text, different bytes', () => {
  const prepared = new PreparedChecks();
  // Both decode to U+FFFD; their bytes (what the digest reads) differ.
  const a = Buffer.from([0xff]);
  const b = Buffer.from([0xfe]);
  const c: Check = { field: 'body', arg: null, op: 'sha256', expected: createHash('sha256').update(a).digest('base64') };
  assert.equal(evaluateCheck(c, { status: 200, headers: {}, body: a }, { prepared }).ok, true);
  assert.equal(evaluateCheck(c, { status: 200, headers: {}, body: b }, { prepared }).ok, false);
});

test('past the bound of checks remembered, checks are still evaluated right', () => {
  const prepared = new PreparedChecks();
  const r: CheckedResponse = { status: 200, headers: {}, body: null };
  for (let i = 0; i < 600; i++) {
    const c: Check = { field: 'status', arg: null, op: '==', expected: String(150 + (i % 100)) };
    assert.deepEqual(evaluateCheck(c, r, { prepared }), { ok: 150 + (i % 100) === 200, actual: '200' }, `check ${i}`);
  }
  const overflow: Check = { field: 'status', arg: null, op: '<', expected: '9999' };
  for (let i = 0; i < 300; i++) prepared.get({ ...overflow, expected: String(10000 + i) });
  assert.equal(prepared.get({ ...overflow, expected: '1' }), null, 'a new check once the table is full is not kept');
  assert.equal(evaluateCheck({ ...overflow, expected: '1' }, r, { prepared }).ok, false);
});

/** A file of requests with the given `??` lines each (one string of lines per request). */
function listsOf(blocks: string[][]): PlannedCheck[][] {
  const text = blocks.map((lines, i) => `### r${i}\nGET http://127.0.0.1/x/${i}\n\n${lines.map((l) => `?? ${l}`).join('\n')}\n`).join('\n');
  const doc = parseDocument(text);
  assert.deepEqual(doc.diagnostics.filter((d) => d.severity === 'error'), []);
  return doc.blocks.map((b) => b.assertions);
}

test('a request\'s lines made ready as a whole: the same results and statuses as line by line', () => {
  const lines = ['status == 200', 'header content-type includes json', 'body $.ok == true', 'body $.id == 7', 'duration < 1000', 'status < 500', 'header x-n exists'];
  const blocks: string[][] = [];
  // Every ordered pick of up to three lines (pairs twice: the second finds the list ready);
  // more distinct lists than a run makes ready, so the last ones are checked line by line.
  for (const a of lines) {
    blocks.push([a], [a]);
    for (const b of lines) {
      blocks.push([a, b], [a, b]);
      for (const c of lines) if (c !== a) blocks.push([a, b, c]);
    }
  }
  const lists = listsOf(blocks);
  const prepared = new PreparedChecks();
  let ready = 0;
  for (const list of lists) {
    if (prepared.list(list) !== null) ready++;
    for (const r of responses()) {
      assert.deepEqual(checkAssertions(list, r, { prepared }), checkAssertions(list, r), `${list.map((c) => c.text).join(' | ')} on ${r.status}`);
      for (const status of [200, 204, 404, 503]) {
        const request = { expectStatus: null, assertions: list };
        assert.equal(statusExpected(request, status, prepared), statusExpected(request, status), `${list.map((c) => c.text).join(' | ')}: status ${status}`);
      }
    }
  }
  assert.ok(ready >= 256 && ready < lists.length, `lists made ready: ${ready} of ${lists.length}`);
  // Lines repeating the same conditions in the same order share one; another order is another.
  const [x, y, z] = listsOf([['status == 200', 'body $.ok == true'], ['status == 200', 'body $.ok == true'], ['body $.ok == true', 'status == 200']]);
  const fresh = new PreparedChecks();
  assert.ok(fresh.list(x!) !== null);
  assert.equal(fresh.list(y!), fresh.list(x!));
  assert.notEqual(fresh.list(z!), fresh.list(x!));
  // Each result keeps its own line number.
  const r: CheckedResponse = { status: 200, headers: {}, body: Buffer.from('{"ok":true}') };
  assert.deepEqual(checkAssertions(y!, r, { prepared: fresh }).map((a) => a.line), y!.map((c) => c.line));
  assert.notDeepEqual(y!.map((c) => c.line), x!.map((c) => c.line));
});

test('lines that repeat no condition read before are checked one by one', () => {
  const prepared = new PreparedChecks();
  const [list] = listsOf([['status == 200']]);
  // A check planned with a response's value in EXPECTED is a new object: no shared condition.
  const substituted: PlannedCheck[] = [{ line: 9, text: 'body $.id == {{a.response.body.$.id}}', field: 'body', arg: '$.id', op: '==', expected: '7' }];
  assert.equal(prepared.list(substituted), null);
  assert.equal(prepared.list([...list!, ...substituted]), null);
  const r: CheckedResponse = { status: 200, headers: {}, body: Buffer.from('{"id":7}') };
  assert.deepEqual(checkAssertions([...list!, ...substituted], r, { prepared }), [
    { line: list![0]!.line, text: 'status == 200', ok: true, actual: '200' },
    { line: 9, text: 'body $.id == {{a.response.body.$.id}}', ok: true, actual: '7' },
  ]);
});
