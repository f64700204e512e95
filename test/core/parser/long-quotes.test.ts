// Diagnostics quote the offending source text clipped (src/core/parser/quote.ts), so a
// pathological line yields a short message that still names the problem and its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUOTE_MAX, quote } from '../../../src/core/parser/quote';
import type { Diagnostic } from '../../../src/core/types';
import { planText } from './helpers';

const SHORT = 300;

function longest(diags: readonly Diagnostic[]): number {
  return Math.max(0, ...diags.map((d) => d.message.length));
}

test('quote keeps short text and clips long text to the limit with an ellipsis', () => {
  assert.equal(quote('GET /a'), 'GET /a');
  assert.equal(quote('x'.repeat(QUOTE_MAX)), 'x'.repeat(QUOTE_MAX));
  const clipped = quote('y'.repeat(QUOTE_MAX + 1));
  assert.equal(clipped.length, QUOTE_MAX);
  assert.equal(clipped, `${'y'.repeat(QUOTE_MAX - 1)}…`);
  assert.equal(quote('abcdef', 4), 'abc…');
  // A surrogate pair straddling the cut is dropped whole, never halved.
  const emoji = quote(`ab\u{1F600}cdef`, 4);
  assert.equal(emoji, 'ab…');
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(emoji));
});

test('a bad request line of a million characters gives a short error at its line', async () => {
  const bad = `?${'x'.repeat(1_000_000)} y`;
  const plan = await planText(`GET http://127.0.0.1/ok\n\n###\n${bad}\n`, 'long-line.batch.http');
  const errs = plan.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errs.length, 1, JSON.stringify(errs.map((d) => d.message.slice(0, 120))));
  const d = errs[0]!;
  assert.ok(d.message.length < SHORT, `message of ${d.message.length} characters`);
  assert.equal(d.line, 4);
  assert.equal(d.column, 1);
  assert.match(d.message, /^'\?x+…' is not a request line; write 'METHOD URL/);
  assert.equal(plan.requests.length, 1, 'the good request is still planned');
});

test('a header of 100,000 "{{{{" gives short diagnostics that name the problem', async () => {
  const lines = [
    'GET http://127.0.0.1/a',
    `X-B: ${'{{{{'.repeat(100_000)}`,
    '',
    '###',
    'GET http://127.0.0.1/b',
    `X-B: ${'{{{{'.repeat(100_000)}x${'}}}}'.repeat(100_000)}`,
    '',
  ];
  const plan = await planText(lines.join('\n'), 'braces.batch.http');
  assert.ok(plan.diagnostics.length >= 2, JSON.stringify(plan.diagnostics.map((d) => d.message.slice(0, 120))));
  assert.ok(longest(plan.diagnostics) < SHORT, `longest message: ${longest(plan.diagnostics)} characters`);
  for (const line of [2, 6]) {
    const here = plan.diagnostics.filter((d) => d.line === line);
    assert.ok(here.length > 0, `a diagnostic on line ${line}`);
    for (const d of here) assert.ok(d.column >= 1 && d.column <= 6, `column ${d.column} on line ${line}`);
  }
});

/** Plans `text` and checks that it has diagnostics, all short, one matching each pattern. */
async function expectShort(text: string, file: string, expected: readonly RegExp[]): Promise<void> {
  const plan = await planText(text, file);
  const messages = plan.diagnostics.map((d) => d.message);
  const shown = JSON.stringify(messages.map((m) => m.slice(0, 100)));
  assert.ok(messages.length >= expected.length, `only ${messages.length} diagnostics: ${shown}`);
  assert.ok(longest(plan.diagnostics) < SHORT, `longest message: ${longest(plan.diagnostics)} characters`);
  for (const re of expected) assert.ok(messages.some((m) => re.test(m)), `no message matches ${re}: ${shown}`);
}

const LONG = 'z'.repeat(200_000);

test('every syntax diagnostic that quotes user text stays short, whatever the text', async () => {
  const text = [
    `# @timeout ${LONG}`,
    `# @name ${LONG}!`,
    `# @${LONG}`,
    `# @depends-on ${LONG}!`,
    `# @expect-status ${LONG}`,
    `GET http://127.0.0.1/a?u={{${LONG}}}&v={{${LONG} + 1}}&w={{$${LONG}}}&r={{a.response.body.${LONG}}}`,
    `${LONG}`,
    `${LONG} x: v`,
    `X-D: {{$datetime ${LONG}}}`,
    `X-R: {{$randomInt ${LONG}}}`,
    '',
    '###',
    `get /${LONG}`,
    '',
    '###',
    `GET http://127.0.0.1/c ${LONG}`,
    '',
  ].join('\n');
  await expectShort(text, 'syntax.batch.http', [
    /^@timeout needs a positive duration .*, not 'z+…'$/,
    /^@name needs a name of letters/,
    /^unknown directive @z+…$/,
    /^@depends-on needs request names .*, not 'z+…'$/,
    /^@expect-status needs status codes .*, not 'z+…'$/,
    /^unknown variable 'z+…': define it with '@NAME = value'/,
    /^'\{\{z+… \+ 1\}\}' is not a variable|^'\{\{z+…\}\}' is not a variable/,
    /^unknown dynamic variable '\$z+…'/,
    /^\{\{a\.response\.body\.z+…\}\}: the body path 'z+…' must be/,
    /^expected a header 'Name: value' .*, not 'z+…'$/,
    /^'z+…' is not a valid header name/,
    /^\$datetime needs a format: .*, not 'z+…'$/,
    /^\$randomInt needs two integers .*, not 'z+…'$/,
    /^the method 'get' must be upper-case/,
    // Format section 13, item 4: spaces in a target are sent as %20 (a warning, not an error).
    /^the target has spaces; they are sent as %20/,
  ]);
});

test('every planning diagnostic that quotes user text stays short, whatever the text', async () => {
  const text = [
    `GET /${LONG}`,
    '',
    '###',
    `GET {{url}}`,
    'X-{{hname}}: v',
    '',
    '###',
    `GET http://127.0.0.1/{{${LONG}.response.status}}`,
    '',
    '###',
    `GET http://127.0.0.1/x?q={{a${LONG}.response.headers.X}}`,
    '',
  ].join('\n');
  await expectShort(`@url = ${LONG}\n@hname = ${LONG} x\n\n${text}`, 'plan.batch.http', [
    /^the target '\/z+…' is relative/,
    /^the target 'z+…' is not an absolute http:\/\/ or https:\/\/ URL; add the scheme, such as http:\/\/z+…$/,
    /^the header name 'X-z+…' \(after substitution\) is not a valid HTTP header name/,
    /^response reference: no request is named 'z+…'; add '# @name z+…' above/,
  ]);
});
