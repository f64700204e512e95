// `??` assertion lines and `@until`/`@poll-*`/`@first`: what the parser reads, the error
// diagnostics at the offending word, and what the plan carries (variables, references).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/core/parser';
import { expectedTemplate } from '../../../src/core/parser/conditions';
import type { Diagnostic } from '../../../src/core/types';
import type { ConditionInfo } from '../../../src/core/parser/model';
import { errors, planText, warnings } from './helpers';

const HEAD = '@host = http://127.0.0.1:9\n';

/** Diagnostics of one `??` line in a request, as [severity, column, message start]. */
function lineDiags(assertion: string): Diagnostic[] {
  const doc = parseDocument(`GET http://127.0.0.1/x\n${assertion}\n`);
  return doc.diagnostics.filter((d) => d.line === 2);
}

test('every field, with and without its argument, becomes an assertion with word positions', () => {
  const text = [
    'GET http://127.0.0.1/x',
    'Accept: application/json',
    '',
    '{"q": 1}',
    '?? status == 200',
    '?? header content-type includes json',
    '?? body includes Ada',
    '?? body $.items[0].id == 7',
    '?? body slideshow.slides[0].title equals Wake up',
    '?? duration < 500',
    '?? duration firstByte <= 100',
    '??   xpath   //reply/@id    ==   9  ',
    '?? body exists',
  ].join('\n');
  const doc = parseDocument(text);
  assert.deepEqual(doc.diagnostics, []);
  const [block] = doc.blocks;
  assert.equal(block!.body!.length, 1, 'the first ?? line ends the body');
  assert.deepEqual(
    block!.assertions.map((a) => [a.line, a.column, a.field, a.arg, a.argColumn, a.op, a.opColumn, a.expected, a.expectedColumn, a.text]),
    [
      [5, 4, 'status', null, null, '==', 11, '200', 14, 'status == 200'],
      [6, 4, 'header', 'content-type', 11, 'includes', 24, 'json', 33, 'header content-type includes json'],
      [7, 4, 'body', null, null, 'includes', 9, 'Ada', 18, 'body includes Ada'],
      [8, 4, 'body', '$.items[0].id', 9, '==', 23, '7', 26, 'body $.items[0].id == 7'],
      [9, 4, 'body', 'slideshow.slides[0].title', 9, '==', 35, 'Wake up', 42, 'body slideshow.slides[0].title equals Wake up'],
      [10, 4, 'duration', null, null, '<', 13, '500', 15, 'duration < 500'],
      [11, 4, 'duration', 'firstByte', 13, '<=', 23, '100', 26, 'duration firstByte <= 100'],
      [12, 6, 'xpath', '//reply/@id', 14, '==', 29, '9', 34, 'xpath   //reply/@id    ==   9'],
      [13, 4, 'body', null, null, 'exists', 9, null, null, 'body exists'],
    ],
  );
});

test('every condition word is read; equals is ==; words are case-insensitive', () => {
  const ops: [string, string][] = [
    ['==', '1'], ['equals', '1'], ['!=', '1'], ['>', '1'], ['>=', '1'], ['<', '1'], ['<=', '1'], ['startsWith', 'a'], ['endsWith', 'a'],
    ['includes', 'a'], ['contains', 'a'], ['matches', '^a+$'], ['exists', ''], ['isTrue', ''], ['isFalse', ''], ['isNumber', ''],
    ['isBoolean', ''], ['isString', ''], ['isArray', ''], ['sha256', 'x='], ['sha512', 'x='], ['md5', 'x='], ['STARTSWITH', 'a'],
  ];
  const text = ['GET http://127.0.0.1/x', ...ops.map(([op, e]) => `?? body $.v ${op} ${e}`.trimEnd())].join('\n');
  const doc = parseDocument(text);
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(
    doc.blocks[0]!.assertions.map((a) => a.op),
    ['==', '==', '!=', '>', '>=', '<', '<=', 'startsWith', 'endsWith', 'includes', 'contains', 'matches', 'exists', 'isTrue', 'isFalse', 'isNumber', 'isBoolean', 'isString', 'isArray', 'sha256', 'sha512', 'md5', 'startsWith'],
  );
});

test('errors at the offending word: unknown field, unknown condition, missing and surplus EXPECTED, bad regex', () => {
  const cases: [string, number, RegExp][] = [
    ['?? staus == 200', 4, /^unknown field 'staus'; the fields are status, header NAME/],
    ['?? status is 200', 11, /^unknown condition 'is'; the conditions are ==, equals/],
    ['?? status ==', 11, /^'==' needs an expected value after it/],
    ['?? body $.a startsWith', 13, /^'startsWith' needs an expected value/],
    ['?? status exists 200', 18, /^'exists' takes no expected value; remove '200'/],
    ['?? body $.a isArray []', 21, /^'isArray' takes no expected value/],
    ['?? body $.a matches (unclosed', 21, /^'\(unclosed' is not a valid regular expression/],
    ['?? status', 10, /^a condition is missing after 'status'/],
    ['??', 1, /^an assertion needs a field and a condition/],
    ['?? header == x', 11, /^'header' needs a header name before the condition/],
    ['?? header', 10, /^'header' needs a header name/],
    ['?? header bad:name == 1', 11, /^'bad:name' is not a header name/],
    ['?? xpath //a[ == 1', 10, /^'\/\/a\[' is not a valid XPath 1.0 expression/],
    ['?? body $..deep == 1', 9, /^'\$\.\.deep' is not a JSON path/],
    ['?? duration slow < 5', 13, /^unknown duration phase 'slow'; the phases are total, firstByte, dns, connect, tls, download/],
    ['?? status == {{open', 14, /^'\{\{' is not closed/],
  ];
  for (const [line, column, message] of cases) {
    const diags = lineDiags(line);
    assert.equal(diags.length, 1, `${line}: ${JSON.stringify(diags)}`);
    assert.equal(diags[0]!.severity, 'error', line);
    assert.equal(diags[0]!.column, column, `${line}: ${diags[0]!.message}`);
    assert.match(diags[0]!.message, message, line);
  }
});

test('a failed line is no assertion; the other lines of the block still are', () => {
  const doc = parseDocument('GET http://127.0.0.1/x\n?? status == 200\n?? nope\n?? body exists\n');
  assert.equal(errors(doc.diagnostics).length, 1);
  assert.deepEqual(doc.blocks[0]!.assertions.map((a) => a.text), ['status == 200', 'body exists']);
});

test('?? js stays a warning and is no assertion; ?? before the request line is an error', () => {
  const doc = parseDocument('?? status == 200\nGET http://127.0.0.1/x\n?? js response.parsedBody.ok == true\n?? status == 200\n');
  assert.deepEqual(
    doc.diagnostics.map((d) => [d.severity, d.line, d.column, d.message.slice(0, 40)]),
    [
      ['error', 1, 1, "an assertion ('??') checks a response: p"],
      ['warning', 3, 1, 'JavaScript assertions are never run (no '],
    ],
  );
  assert.deepEqual(doc.blocks[0]!.assertions.map((a) => a.line), [4]);
});

test('a comparison with a literal that is not a number is a warning (it never holds)', () => {
  const diags = lineDiags('?? status > many');
  assert.deepEqual(diags.map((d) => [d.severity, d.column]), [['warning', 13]]);
});

test('assertions in a later block, after headers and in the body, and comments between them', () => {
  const doc = parseDocument(['### one', 'GET http://127.0.0.1/1', 'X-A: 1', '?? status == 200', '# a comment', '?? status != 500', '', '### two', 'POST http://127.0.0.1/2', '', 'line', '?? body == line'].join('\n'));
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(doc.blocks[0]!.headers.length, 1);
  assert.deepEqual(doc.blocks[0]!.assertions.map((a) => a.line), [4, 6]);
  assert.deepEqual(doc.blocks[1]!.assertions.map((a) => a.line), [12]);
  assert.equal(doc.blocks[1]!.body!.length, 1);
});

test('the plan: EXPECTED with variables substituted, response references kept and made dependencies', async () => {
  const plan = await planText(
    [
      HEAD,
      '@want = done',
      '### login',
      '# @name login',
      'POST {{host}}/login',
      '',
      '### check',
      'GET {{host}}/state',
      '?? body $.state == {{want}}',
      '?? header x-user == {{login.response.body.$.user}}',
      '?? status == 200',
      '?? body $.x == {{missing}}',
    ].join('\n'),
    'a.batch.http',
  );
  const r = plan.requests[1]!;
  assert.deepEqual(
    r.assertions!.map((a) => [a.line, a.text, a.field, a.arg, a.op, a.expected]),
    [
      [10, 'body $.state == {{want}}', 'body', '$.state', '==', 'done'],
      [11, 'header x-user == {{login.response.body.$.user}}', 'header', 'x-user', '==', '{{login.response.body.$.user}}'],
      [12, 'status == 200', 'status', null, '==', '200'],
      [13, 'body $.x == {{missing}}', 'body', '$.x', '==', '{{missing}}'],
    ],
  );
  assert.deepEqual(r.dependsOn, ['login'], 'a reference in EXPECTED is a dependency');
  assert.equal(r.hasResponseRefs, true);
  assert.deepEqual(r.unresolved, ['missing'], 'an unknown variable in EXPECTED fails the request like anywhere else');
  assert.deepEqual(plan.requests[0]!.assertions, []);
  assert.equal(plan.requests[0]!.until, null);
});

test('copies share their assertions when nothing varies, and get their own when EXPECTED uses $index', async () => {
  const plan = await planText([HEAD, '# @repeat 3', 'GET {{host}}/a', '?? status == 200', '', '### b', '# @repeat 2', 'GET {{host}}/b/{{$index}}', '?? body $.i == {{$index}}'].join('\n'), 'b.batch.http');
  const [a0, a1, a2, b0, b1] = plan.requests;
  assert.equal(a0!.assertions, a1!.assertions);
  assert.equal(a1!.assertions, a2!.assertions);
  assert.deepEqual([b0!.assertions![0]!.expected, b1!.assertions![0]!.expected], ['0', '1']);
});

test('a matches pattern that is invalid after substitution is an error', async () => {
  const plan = await planText([HEAD, '@re = (open', 'GET {{host}}/a', '?? body matches {{re}}'].join('\n'), 'c.batch.http');
  assert.deepEqual(errors(plan.diagnostics).map((d) => [d.line, d.column, d.message]), [[5, 17, "'(open' (after substitution) is not a valid regular expression"]]);
});

test('@until: the shared grammar; @until js and grammar errors are errors; interval and timeout read', async () => {
  const plan = await planText(
    [HEAD, '### poll', '# @name status', '# @until body $.state == done', '# @poll-interval 200ms', '# @poll-timeout 1m', 'GET {{host}}/jobs/1'].join('\n'),
    'd.batch.http',
  );
  assert.deepEqual(errors(plan.diagnostics), []);
  const r = plan.requests[0]!;
  // The planned check is the parsed condition (nothing to substitute): its source columns come along.
  assert.deepEqual(r.until, { line: 5, text: 'body $.state == done', field: 'body', arg: '$.state', op: '==', expected: 'done', column: 10, argColumn: 15, opColumn: 23, expectedColumn: 26 });
  assert.equal(r.pollIntervalMs, 200);
  assert.equal(r.pollTimeoutMs, 60_000);
  const doc = parseDocument(['# @until js response.ok', 'GET http://h/1', '###', '# @until body $.s ==', 'GET http://h/2', '###', '# @until stat == 1', 'GET http://h/3', '###', '# @poll-interval soon', '# @until status == 200', 'GET http://h/4'].join('\n'));
  assert.deepEqual(
    doc.diagnostics.map((d) => [d.severity, d.line, d.column, d.message.slice(0, 32)]),
    [
      ['error', 1, 10, '@until js is not supported: no c'],
      ['error', 4, 19, "'==' needs an expected value aft"],
      ['error', 7, 10, "unknown field 'stat'; the fields"],
      ['error', 10, 18, '@poll-interval needs a positive '],
    ],
  );
  assert.equal(doc.blocks[3]!.until!.text, 'status == 200');
});

test('@first: needs @repeat or @foreach, K from 1 to the copies; polling settings without @until warn', async () => {
  const doc = parseDocument(
    ['# @first 1', 'GET http://h/1', '###', '# @repeat 3', '# @first 4', 'GET http://h/2', '###', '# @repeat 3', '# @first 0', 'GET http://h/3', '###', '# @repeat 3', '# @first 2', 'GET http://h/4', '###', '# @poll-timeout 5s', 'GET http://h/5'].join('\n'),
  );
  assert.deepEqual(
    doc.diagnostics.map((d) => [d.severity, d.line, d.message.slice(0, 35)]),
    [
      ['error', 1, '@first K takes the first K successe'],
      ['error', 5, '@first 4 is more than the 3 copies '],
      ['error', 9, '@first needs a whole number K from '],
      ['warning', 16, '@poll-timeout has no effect without'],
    ],
  );
  assert.equal(doc.blocks[3]!.settings.first, 2);
  const plan = await planText([HEAD, '# @repeat 3', '# @first 2', 'GET {{host}}/a'].join('\n'), 'e.batch.http');
  assert.deepEqual(plan.requests.map((r) => r.first), [2, 2, 2]);
  assert.deepEqual(warnings(plan.diagnostics), []);
});

test('@first with @foreach: K above the records is an error when planned', async () => {
  const plan = await planText([HEAD, '# @foreach ./users.csv', '# @first 99', 'GET {{host}}/u/{{name}}'].join('\n'), 'f.batch.http');
  assert.ok(plan.requests.length > 0);
  const e = errors(plan.diagnostics);
  assert.equal(e.length, 1);
  assert.match(e[0]!.message, /^@first 99 is more than the \d+ records of @foreach/);
});

test('examples/assertions.batch.http parses without any diagnostic', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = parseDocument(readFileSync('examples/assertions.batch.http', 'utf8'));
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(doc.blocks.map((b) => b.assertions.length), [6, 4, 6, 5, 2]);
});

test('generated ?? and @until lines: never a throw; positions inside the line; each word where the assertion says', async () => {
  const { createRng } = await import('../../support/prng');
  const rng = createRng(0x3a55e7);
  const WORDS = ['status', 'header', 'body', 'duration', 'xpath', 'js', 'STATUS', 'content-type', '$.a', 'a.b[0]', '$..x', '//a', '//a[', 'firstByte', 'dns', 'slow',
    '==', '!=', '>', '<=', 'equals', 'matches', 'exists', 'isTrue', 'sha256', 'nope', '200', '(', '{{x}}', '{{open', '"q"', '', ' ', '\t', '😀', '??'];
  for (let i = 0; i < 3000; i++) {
    const n = rng.int(0, 6);
    const words = Array.from({ length: n }, () => rng.pick(WORDS));
    const sep = () => rng.pick([' ', '  ', '\t', '']);
    const tail = words.map((w) => sep() + w).join('');
    const line = rng.chance(0.8) ? `${rng.pick(['', ' ', '\t'])}??${tail}` : `# @until${tail}`;
    const text = `@x = 1\nGET http://127.0.0.1/a\n${line}\n`;
    const doc = parseDocument(text);
    for (const d of doc.diagnostics.filter((x) => x.line === 3)) {
      assert.ok(d.column >= 1 && d.column <= line.length + 1, `${JSON.stringify(line)}: column ${d.column}`);
    }
    const conds = [...(doc.blocks[0]?.assertions ?? []), ...(doc.blocks[0]?.until ? [doc.blocks[0].until] : [])];
    for (const c of conds) {
      assert.ok(line.startsWith(c.field, c.column - 1) || line.slice(c.column - 1).toLowerCase().startsWith(c.field.toLowerCase()), `${JSON.stringify(line)}: field at ${c.column}`);
      assert.ok(line.slice(c.opColumn - 1).length > 0, `${JSON.stringify(line)}: op at ${c.opColumn}`);
      if (c.expected !== null) assert.equal(line.slice(c.expectedColumn! - 1, c.expectedColumn! - 1 + c.expected.length), c.expected, JSON.stringify(line));
      assert.equal(line.slice(c.column - 1).trimEnd(), c.text, JSON.stringify(line));
    }
  }
});

test('the same ?? line on many requests reads the same, each on its own line', () => {
  const block = (i: number): string => `###\nGET http://127.0.0.1/r/${i}\n?? status == 200\n?? body $.n == {{n}}\n?? duration < abc\n`;
  const doc = parseDocument(`@n = 7\n${[0, 1, 2].map(block).join('')}`);
  const firstLines = doc.blocks.map((b) => b.assertions[0]!.line);
  assert.deepEqual(firstLines, [4, 9, 14]);
  for (const [k, b] of doc.blocks.entries()) {
    const [status, body, duration] = b.assertions;
    assert.deepEqual([status!.line, status!.column, status!.opColumn, expectedTemplate(status!)!.line, expectedTemplate(status!)!.column], [4 + 5 * k, 4, 11, 4 + 5 * k, 14]);
    assert.equal(expectedTemplate(body!)!.line, 5 + 5 * k);
    assert.deepEqual(expectedTemplate(body!)!.parts.map((p) => (typeof p === 'string' ? p : [p.expr, p.line, p.column])), [['n', 5 + 5 * k, 16]]);
    assert.equal(duration!.line, 6 + 5 * k);
  }
  // The line with a warning is read again each time: one warning per request, on its line.
  assert.deepEqual(
    warnings(doc.diagnostics).map((d) => d.line),
    [6, 11, 16],
  );
  // Each copy is its own object with its own line, and every other part the same as the first's.
  assert.notEqual(doc.blocks[0]!.assertions[0], doc.blocks[1]!.assertions[0]);
  const parts = (c: ConditionInfo): unknown[] => [c.text, c.column, c.field, c.arg, c.argColumn, c.op, c.opColumn, c.expected, c.expectedColumn];
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(parts(doc.blocks[2]!.assertions[i]!), parts(doc.blocks[0]!.assertions[i]!));
  }
  assert.deepEqual(parts(doc.blocks[1]!.assertions[1]!), ['body $.n == {{n}}', 4, 'body', '$.n', 9, '==', 13, '{{n}}', 16]);
});
