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
