// The condition evaluator, table-driven: every field x condition, missing values, JSON null,
// numbers vs text, objects as compact JSON, digests, timings that may be absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { evaluateCheck, holds, shownValue, valuesEqual, type Check, type CheckedResponse, type ConditionOp, type FieldKind } from '../../../src/core/conditions';

const JSON_BODY = {
  id: 7,
  name: 'Ada',
  state: 'done',
  ratio: 0.5,
  active: true,
  off: false,
  none: null,
  zero: 0,
  empty: '',
  tags: ['a', 'b'],
  owner: { name: 'Bob', roles: ['admin'] },
  'odd key': 'yes',
  numText: '42',
};

function response(over: Partial<CheckedResponse> = {}): CheckedResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '123', 'set-cookie': 'a=1, b=2', 'x-empty': '', authorization: 'Bearer s3cret' },
    body: Buffer.from(JSON.stringify(JSON_BODY)),
    timings: { totalMs: 12.34, ttfbMs: 5, dnsMs: null, connectMs: 0.8, tlsMs: null, downloadMs: 1.2 },
    ...over,
  };
}

const XML = Buffer.from('<?xml version="1.0"?><reply id="9"><item>first</item><item>second</item><n>3</n></reply>');

function check(field: FieldKind, arg: string | null, op: ConditionOp, expected: string | null = null): Check {
  return { field, arg, op, expected };
}

type Row = [label: string, c: Check, ok: boolean, actual?: string | null, r?: CheckedResponse];

const ROWS: Row[] = [
  // status: a number
  ['status == 200', check('status', null, '==', '200'), true, '200'],
  ['status == 200.0 (numbers compare as numbers)', check('status', null, '==', '200.0'), true],
  ['status == OK (text)', check('status', null, '==', 'OK'), false],
  ['status != 404', check('status', null, '!=', '404'), true],
  ['status != 200', check('status', null, '!=', '200'), false],
  ['status > 199', check('status', null, '>', '199'), true],
  ['status >= 200', check('status', null, '>=', '200'), true],
  ['status < 200', check('status', null, '<', '200'), false],
  ['status <= 200', check('status', null, '<=', '200'), true],
  ['status > abc (not a number: fails)', check('status', null, '>', 'abc'), false],
  ['status startsWith 2', check('status', null, 'startsWith', '2'), true],
  ['status endsWith 0', check('status', null, 'endsWith', '0'), true],
  ['status includes 00', check('status', null, 'includes', '00'), true],
  ['status matches ^2\\d\\d$', check('status', null, 'matches', '^2\\d\\d$'), true],
  ['status exists', check('status', null, 'exists'), true],
  ['status isNumber', check('status', null, 'isNumber'), true],
  ['status isString', check('status', null, 'isString'), false],
  ['status isTrue', check('status', null, 'isTrue'), true],
  ['status isFalse', check('status', null, 'isFalse'), false],
  // header: a string; missing when absent
  ['header content-type includes json', check('header', 'content-type', 'includes', 'json'), true, 'application/json; charset=utf-8'],
  ['header Content-Type (case-insensitive name)', check('header', 'Content-Type', 'startsWith', 'application/json'), true],
  ['header content-type contains xml', check('header', 'content-type', 'contains', 'xml'), false],
  ['header content-length > 0 (its text is a number)', check('header', 'content-length', '>', '0'), true, '123'],
  ['header content-length == 123 (text with text)', check('header', 'content-length', '==', '123'), true],
  ['header content-length isNumber (a header is a string)', check('header', 'content-length', 'isNumber'), false],
  ['header content-length isString', check('header', 'content-length', 'isString'), true],
  ['header set-cookie == joined value', check('header', 'set-cookie', '==', 'a=1, b=2'), true, '***'],
  ['header x-missing exists', check('header', 'x-missing', 'exists'), false, null],
  ['header x-missing != anything (holds on missing)', check('header', 'x-missing', '!=', 'x'), true, null],
  ['header x-missing isFalse (holds on missing)', check('header', 'x-missing', 'isFalse'), true, null],
  ['header x-missing == (missing fails ==)', check('header', 'x-missing', '==', 'x'), false],
  ['header x-missing isTrue', check('header', 'x-missing', 'isTrue'), false],
  ['header x-missing startsWith', check('header', 'x-missing', 'startsWith', 'x'), false],
  ['header x-missing matches .*', check('header', 'x-missing', 'matches', '.*'), false],
  ['header x-empty exists', check('header', 'x-empty', 'exists'), true, ''],
  ['header x-empty isFalse ("" is falsy)', check('header', 'x-empty', 'isFalse'), true],
  ['header authorization value is hidden', check('header', 'authorization', 'startsWith', 'Bearer'), true, '***'],
  // body: the whole text
  ['body includes "Ada"', check('body', null, 'includes', '"name":"Ada"'), true],
  ['body == its compact JSON text', check('body', null, '==', JSON.stringify(JSON_BODY)), true],
  ['body == spaced JSON (compared by compact form)', check('body', null, '==', JSON.stringify(JSON_BODY, null, 2).replace(/\n/g, ' ')), true],
  ['body isString', check('body', null, 'isString'), true],
  ['body exists (empty body)', check('body', null, 'exists'), true, '', response({ body: null })],
  ['body isFalse (empty body)', check('body', null, 'isFalse'), true, '', response({ body: null })],
  // body PATH: JSON values
  ['body $.id == 7', check('body', '$.id', '==', '7'), true, '7'],
  ['body id == 7 (bare path)', check('body', 'id', '==', '7'), true],
  ['body $.id == 7.0', check('body', '$.id', '==', '7.0'), true],
  ['body $.id == seven (a number with other text: text compare)', check('body', '$.id', '==', 'seven'), false],
  ['body $.name == Ada', check('body', '$.name', '==', 'Ada'), true, '"Ada"'],
  ['body $.name == "Ada" (quoted)', check('body', '$.name', '==', '"Ada"'), true],
  ['body $.name != Bob', check('body', '$.name', '!=', 'Bob'), true],
  ['body $.numText == 42 (text compares with text)', check('body', '$.numText', '==', '42'), true, '"42"'],
  ['body $.numText isNumber (a string)', check('body', '$.numText', 'isNumber'), false],
  ['body $.numText > 41 (its text is a number)', check('body', '$.numText', '>', '41'), true],
  ['body $.ratio < 1', check('body', '$.ratio', '<', '1'), true, '0.5'],
  ['body $.ratio >= 0.5', check('body', '$.ratio', '>=', '0.5'), true],
  ['body $.ratio > 1e-3', check('body', '$.ratio', '>', '1e-3'), true],
  ['body $.active == true', check('body', '$.active', '==', 'true'), true, 'true'],
  ['body $.active == 1 (true compares with the word)', check('body', '$.active', '==', '1'), false],
  ['body $.active isBoolean', check('body', '$.active', 'isBoolean'), true],
  ['body $.active isTrue', check('body', '$.active', 'isTrue'), true],
  ['body $.off isFalse', check('body', '$.off', 'isFalse'), true],
  ['body $.off == false', check('body', '$.off', '==', 'false'), true],
  ['body $.none == null', check('body', '$.none', '==', 'null'), true, 'null'],
  ['body $.none exists (JSON null exists)', check('body', '$.none', 'exists'), true, 'null'],
  ['body $.none isFalse', check('body', '$.none', 'isFalse'), true],
  ['body $.none isTrue', check('body', '$.none', 'isTrue'), false],
  ['body $.none isString', check('body', '$.none', 'isString'), false],
  ['body $.zero isFalse (0 is falsy)', check('body', '$.zero', 'isFalse'), true],
  ['body $.empty isFalse ("" is falsy)', check('body', '$.empty', 'isFalse'), true],
  ['body $.tags == ["a","b"]', check('body', '$.tags', '==', '["a","b"]'), true, '["a","b"]'],
  ['body $.tags == [ "a", "b" ] (spacing)', check('body', '$.tags', '==', '[ "a", "b" ]'), true],
  ['body $.tags == ["b","a"]', check('body', '$.tags', '==', '["b","a"]'), false],
  ['body $.tags isArray', check('body', '$.tags', 'isArray'), true],
  ['body $.tags includes "b"', check('body', '$.tags', 'includes', '"b"'), true],
  ['body $.tags[1] == b', check('body', '$.tags[1]', '==', 'b'), true],
  ['body tags[0] == a (bare)', check('body', 'tags[0]', '==', 'a'), true],
  ['body $.owner == {"name":"Bob","roles":["admin"]}', check('body', '$.owner', '==', '{"name":"Bob","roles":["admin"]}'), true, '{"name":"Bob","roles":["admin"]}'],
  ['body $.owner isArray (an object)', check('body', '$.owner', 'isArray'), false],
  ['body $.owner.roles[0] == admin', check('body', '$.owner.roles[0]', '==', 'admin'), true],
  ['body owner.name startsWith B', check('body', 'owner.name', 'startsWith', 'B'), true],
  ["body $['odd key'] == yes", check('body', "$['odd key']", '==', 'yes'), true],
  ['body $ isArray (the document)', check('body', '$', 'isArray'), false],
  ['body $.nope exists', check('body', '$.nope', 'exists'), false, null],
  ['body $.nope != 1', check('body', '$.nope', '!=', '1'), true, null],
  ['body $.tags[5] exists', check('body', '$.tags[5]', 'exists'), false],
  ['body $.name.first exists (through a string)', check('body', '$.name.first', 'exists'), false],
  ['body $.id exists on a non-JSON body', check('body', '$.id', 'exists'), false, null, response({ body: Buffer.from('not json') })],
  ['body $.name matches ^A.a$', check('body', '$.name', 'matches', '^A.a$'), true],
  ['body $.name matches ^a (no flags)', check('body', '$.name', 'matches', '^a'), false],
  ['body $.name matches an invalid pattern (fails)', check('body', '$.name', 'matches', '('), false],
  // duration: timings that may be absent
  ['duration < 500', check('duration', null, '<', '500'), true, '12.3'],
  ['duration total < 10', check('duration', 'total', '<', '10'), false],
  ['duration firstByte <= 5', check('duration', 'firstByte', '<=', '5'), true, '5'],
  ['duration connect < 1', check('duration', 'connect', '<', '1'), true],
  ['duration dns exists (null phase: missing)', check('duration', 'dns', 'exists'), false, null],
  ['duration tls < 100 (missing fails)', check('duration', 'tls', '<', '100'), false],
  ['duration isNumber', check('duration', null, 'isNumber'), true],
  ['duration download > 1', check('duration', 'download', '>', '1'), true],
  ['duration exists without timings', check('duration', null, 'exists'), false, null, response({ timings: undefined })],
  ['duration < 5 with null timings', check('duration', null, '<', '5'), false, null, response({ timings: null })],
  // xpath: string values
  ['xpath /reply/@id == 9', check('xpath', '/reply/@id', '==', '9'), true, '9', response({ body: XML })],
  ['xpath //item == first (first match)', check('xpath', '//item', '==', 'first'), true, 'first', response({ body: XML })],
  ['xpath //item[2] endsWith ond', check('xpath', '//item[2]', 'endsWith', 'ond'), true, undefined, response({ body: XML })],
  ['xpath count(//item) == 2', check('xpath', 'count(//item)', '==', '2'), true, '2', response({ body: XML })],
  ['xpath //n > 2 (its text is a number)', check('xpath', '//n', '>', '2'), true, undefined, response({ body: XML })],
  ['xpath //n isString', check('xpath', '//n', 'isString'), true, undefined, response({ body: XML })],
  ['xpath //missing exists', check('xpath', '//missing', 'exists'), false, null, response({ body: XML })],
  ['xpath //missing isFalse', check('xpath', '//missing', 'isFalse'), true, null, response({ body: XML })],
];

for (const [label, c, ok, actual, r] of ROWS) {
  test(`evaluate: ${label}`, () => {
    const out = evaluateCheck(c, r ?? response());
    assert.equal(out.ok, ok, `ok of ${label}`);
    if (actual !== undefined) assert.equal(out.actual, actual, `actual of ${label}`);
  });
}

test('digests: base64 of sha256, sha512 and md5 of the text (the whole body: its bytes); hex is accepted too', () => {
  const body = Buffer.from('{"foo":"bar"}');
  const r = response({ body });
  for (const alg of ['sha256', 'sha512', 'md5'] as const) {
    const b64 = createHash(alg).update(body).digest('base64');
    const hex = createHash(alg).update(body).digest('hex');
    assert.equal(evaluateCheck(check('body', null, alg, b64), r).ok, true, `${alg} base64`);
    assert.equal(evaluateCheck(check('body', null, alg, hex.toUpperCase()), r).ok, true, `${alg} hex`);
    assert.equal(evaluateCheck(check('body', null, alg, b64.slice(1)), r).ok, false, `${alg} wrong`);
  }
  // Of a value: its text, UTF-8.
  const nameDigest = createHash('sha256').update('bär', 'utf8').digest('base64');
  assert.equal(evaluateCheck(check('body', '$.n', 'sha256', nameDigest), response({ body: Buffer.from('{"n":"bär"}') })).ok, true);
  assert.equal(evaluateCheck(check('status', null, 'md5', createHash('md5').update('200').digest('base64')), response()).ok, true);
  // The whole body's bytes, also when they are not UTF-8.
  const binary = Buffer.from([0xff, 0x00, 0xfe]);
  assert.equal(evaluateCheck(check('body', null, 'sha256', createHash('sha256').update(binary).digest('base64')), response({ body: binary })).ok, true);
  // Missing: fails.
  assert.equal(evaluateCheck(check('header', 'x-nope', 'sha256', 'x'), response()).ok, false);
});

test('values shown: JSON text for status, duration and a body path, text for header, body and xpath, null when missing', () => {
  assert.equal(shownValue({ field: 'body', arg: '$.name' }, 'Ada'), '"Ada"');
  assert.equal(shownValue({ field: 'body', arg: null }, 'Ada'), 'Ada');
  assert.equal(shownValue({ field: 'header', arg: 'x' }, 'Ada'), 'Ada');
  assert.equal(shownValue({ field: 'xpath', arg: '//a' }, 'Ada'), 'Ada');
  assert.equal(shownValue({ field: 'status', arg: null }, 404), '404');
  assert.equal(shownValue({ field: 'duration', arg: null }, 12.3456), '12.3');
  assert.equal(shownValue({ field: 'body', arg: '$.a' }, { b: [1, null] }), '{"b":[1,null]}');
  assert.equal(shownValue({ field: 'body', arg: '$.a' }, undefined), null);
  assert.equal(shownValue({ field: 'header', arg: 'Cookie' }, 'sid=1'), '***', 'secret headers are hidden');
  assert.equal(shownValue({ field: 'header', arg: 'x-api-key' }, 'k'), '***');
});

test('values shown are redacted, then cut to 200 characters', () => {
  const long = `tok-SECRET-123 ${'x'.repeat(500)}`;
  const shown = shownValue({ field: 'body', arg: null }, long, (t) => t.replaceAll('tok-SECRET-123', '***'))!;
  assert.equal(shown.length, 200);
  assert.ok(shown.startsWith('*** xxx'));
  assert.ok(shown.endsWith('…'));
  assert.ok(!shown.includes('SECRET'));
  // A secret that straddles the cut is redacted whole, not left in part.
  const straddle = `${'y'.repeat(195)}tok-SECRET-123`;
  const cut = shownValue({ field: 'body', arg: null }, straddle, (t) => t.replaceAll('tok-SECRET-123', '***'))!;
  assert.equal(cut, `${'y'.repeat(195)}***`);
  // A surrogate pair is not split at the cut.
  const emoji = shownValue({ field: 'body', arg: null }, `${'z'.repeat(198)}😀😀`)!;
  assert.equal(emoji, `${'z'.repeat(198)}…`);
});

test('equality rules of the spec, one by one', () => {
  assert.equal(valuesEqual(200, '200'), true);
  assert.equal(valuesEqual(200, '2e2'), true, 'numbers compare as numbers');
  assert.equal(valuesEqual('200', '2e2'), false, 'text compares with text');
  assert.equal(valuesEqual(true, 'true'), true);
  assert.equal(valuesEqual(true, 'True'), false);
  assert.equal(valuesEqual(null, 'null'), true);
  assert.equal(valuesEqual(null, ''), false);
  assert.equal(valuesEqual({ a: 1 }, '{"a":1}'), true);
  assert.equal(valuesEqual({ a: 1 }, '{"a":1.0}'), true, 'number spelling does not matter in JSON');
  assert.equal(valuesEqual({ a: 1 }, '{"a":2}'), false);
  assert.equal(valuesEqual('x', 'x '), false, 'exact text');
  assert.equal(valuesEqual(undefined, 'null'), false, 'missing is not null');
});

test('holds on a missing value: only != and isFalse', () => {
  const ops: ConditionOp[] = ['==', '!=', '>', '>=', '<', '<=', 'startsWith', 'endsWith', 'includes', 'contains', 'matches', 'exists', 'isTrue', 'isFalse', 'isNumber', 'isBoolean', 'isString', 'isArray', 'sha256', 'sha512', 'md5'];
  const holding = ops.filter((op) => holds({ field: 'body', arg: '$.x', op, expected: '' }, undefined));
  assert.deepEqual(holding, ['!=', 'isFalse']);
});

test('statusExpected: @expect-status, else the ?? status lines (all of them), else 2xx and 3xx', async () => {
  const { statusExpected } = await import('../../../src/core/conditions');
  const st = (op: ConditionOp, expected: string) => ({ line: 1, text: '', field: 'status' as const, arg: null, op, expected });
  const body = { line: 2, text: '', field: 'body' as const, arg: null, op: 'exists' as const, expected: null };
  assert.equal(statusExpected({ expectStatus: null }, 302), true);
  assert.equal(statusExpected({ expectStatus: null, assertions: [body] }, 404), false, 'other assertions keep the default');
  assert.equal(statusExpected({ expectStatus: null, assertions: [st('==', '404')] }, 404), true);
  assert.equal(statusExpected({ expectStatus: null, assertions: [st('==', '404')] }, 200), false);
  assert.equal(statusExpected({ expectStatus: null, assertions: [st('>=', '400'), st('<', '500')] }, 404), true);
  assert.equal(statusExpected({ expectStatus: null, assertions: [st('>=', '400'), st('<', '500')] }, 503), false, 'every status assertion must hold');
  assert.equal(statusExpected({ expectStatus: '200', assertions: [st('==', '404')] }, 404), false, '@expect-status wins');
  assert.equal(statusExpected({ expectStatus: '4xx', assertions: [st('==', '200')] }, 404), true);
});

test('the ASSERTION_FAILED message: none when all held or none were checked; else the first failure and how many failed', async () => {
  const { assertionFailureMessage } = await import('../../../src/core/conditions');
  const held = { line: 4, text: 'status == 200', ok: true, actual: '200' };
  const unchecked = { line: 5, text: 'body exists', ok: null, actual: null };
  const first = { line: 6, text: 'body $.state == done', ok: false, actual: '"running"' };
  const second = { line: 7, text: 'header x-id exists', ok: false, actual: null };
  assert.equal(assertionFailureMessage([]), null);
  assert.equal(assertionFailureMessage([held, unchecked]), null);
  assert.equal(
    assertionFailureMessage([held, first]),
    `assertion on line 6 failed: '?? body $.state == done' found '"running"'; check the response or the expected value`,
  );
  assert.equal(
    assertionFailureMessage([held, unchecked, second, first]),
    "assertion on line 7 failed: '?? header x-id exists' found nothing (missing) (2 of 4 assertions failed); check the response or the expected value",
  );
});
