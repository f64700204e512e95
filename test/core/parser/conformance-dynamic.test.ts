// Conformance: dynamic variables (format spec, section 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, errors, planText } from './helpers';

test('$datetime and $localDatetime take rfc1123, iso8601 or a quoted format, nothing else', async () => {
  const text = [
    'GET http://127.0.0.1/?a={{$datetime "YYYY-MM-DD HH:mm" -1 d}}&b={{$datetime \'YYYY\' 1 y}}&c={{$localDatetime "YYYY"}}',
    'X-Unquoted: {{$datetime YYYY-MM-DD}}',
    'X-Typo: {{$datetime iso}}',
    'X-Unclosed: {{$localDatetime "YYYY}}',
    'X-Offset: {{$datetime iso8601 1 d 2}}',
    '',
  ].join('\n');
  const plan = await planText(text, 'dt.batch.http');
  const q = new URL(plan.requests[0]!.url).searchParams;
  assert.equal(q.get('a'), '2026-11-21 09:35');
  assert.equal(q.get('b'), '2027');
  assert.match(q.get('c')!, /^202[67]$/, 'local year around the fixed instant');
  for (const line of [2, 3, 4]) assert.match(at(plan.diagnostics, line)[0] ?? '', /^error: \$(local)?[dD]atetime needs a format: rfc1123, iso8601 or a quoted format/, `line ${line}`);
  assert.match(at(plan.diagnostics, 2)[0]!, /not 'YYYY-MM-DD'/);
  assert.match(at(plan.diagnostics, 5)[0]!, /^error: \$datetime takes an optional offset/);
  assert.equal(errors(plan.diagnostics).length, 4);
  assert.deepEqual(plan.requests[0]!.unresolved, ['$datetime YYYY-MM-DD', '$datetime iso', '$localDatetime "YYYY', '$datetime iso8601 1 d 2']);
});

test("REST Client's indirect {{$processEnv %NAME}} and {{$dotenv %NAME}} read the name from a variable", async () => {
  const text = [
    '@keyName = API_KEY',
    'GET http://127.0.0.1/?p={{$processEnv %envName}}&d={{$dotenv %keyName}}&direct={{$processEnv BH_TOKEN}}',
    'X-Missing: {{$processEnv %undefinedName}}',
    '',
  ].join('\n');
  const file = 'env/sub/deeper/indirect.batch.http';
  const plan = await planText(text, file, { processEnv: { BH_TOKEN: 'tok-1', BH_OTHER: 'other' }, vars: { envName: 'BH_OTHER' } });
  const r = plan.requests[0]!;
  const q = new URL(r.url).searchParams;
  assert.equal(q.get('p'), 'other', 'envName holds BH_OTHER');
  assert.equal(q.get('d'), 'key with spaces', 'keyName holds API_KEY of the nearest .env');
  assert.equal(q.get('direct'), 'tok-1');
  assert.deepEqual(r.unresolved, ['$processEnv %undefinedName']);
  assert.match(at(plan.diagnostics, 3)[0]!, /^warning: '%undefinedName' .* no variable 'undefinedName' is defined/);
  const untrusted = await planText(text, file, { processEnv: null, vars: { envName: 'BH_OTHER' } });
  assert.ok(untrusted.requests[0]!.unresolved.includes('$processEnv %envName'), 'not read in an untrusted workspace');
});

test("JetBrains' {{$random.integer(MIN, MAX)}} gives MIN <= n < MAX; bad bounds are errors", async () => {
  const ok = await planText('# @repeat 200\nGET http://127.0.0.1/?n={{$random.integer(-2, 3)}}&m={{$random.integer(7,8)}}\n', 'ji.batch.http', { random: Math.random });
  const seen = new Set<number>();
  for (const r of ok.requests) {
    const q = new URL(r.url).searchParams;
    seen.add(Number(q.get('n')));
    assert.equal(q.get('m'), '7');
  }
  for (const n of seen) assert.ok(Number.isInteger(n) && n >= -2 && n < 3, String(n));
  assert.ok(seen.size >= 3);
  assert.deepEqual(ok.diagnostics, []);
  const bad = await planText('GET http://127.0.0.1/?a={{$random.integer(5, 5)}}&b={{$random.integer(1.5, 3)}}&c={{$random.integer(1)}}\n', 'jb.batch.http');
  assert.equal(errors(bad.diagnostics).length, 3);
  for (const d of bad.diagnostics) assert.match(d.message, /^\$random\.integer needs two integers with MIN < MAX/);
});

test('$randomInt bounds: equal, reversed, fractional, missing or beyond safe integers are errors', async () => {
  const plan = await planText('GET http://127.0.0.1/?a={{$randomInt 5 5}}&b={{$randomInt 5 4}}&c={{$randomInt 1.5 4}}&d={{$randomInt 1}}&e={{$randomInt 0 99999999999999999999}}&f={{$randomInt}}\n', 'rb.batch.http');
  // Format section 13, item 8 (second round): {{$randomInt}} without bounds is JetBrains' [0, 1000).
  assert.equal(errors(plan.diagnostics).length, 5);
  assert.equal(plan.requests[0]!.unresolved.length, 5);
  assert.match(plan.requests[0]!.url, /&f=\d{1,3}$/);
});

test('$processEnv and $dotenv without a usable name are errors, not an empty value', async () => {
  const plan = await planText('@pct = %HOME\nGET http://127.0.0.1/?a={{$processEnv %}}&b={{$dotenv %}}&c={{$processEnv}}&d={{$processEnv %pct}}\n', 'pe.batch.http', { processEnv: { HOME: '/home/x', '%': 'percent' } });
  assert.equal(errors(plan.diagnostics).length, 4);
  assert.deepEqual(plan.requests[0]!.unresolved, ['$processEnv %', '$dotenv %', '$processEnv', '$processEnv %pct']);
});
