// Dynamic variables, $processEnv and $dotenv (section 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXED_DATE, at, errors, fixtureText, planText } from './helpers';

const FILE = 'env/sub/deeper/dynamic.batch.http';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('dynamic variables get values from the clock and the random source', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { processEnv: { BH_TEST_VAR: 'from-process' } });
  const r = plan.requests[0]!;
  const q = Object.fromEntries(new URL(r.url).searchParams);
  for (const k of ['uuid', 'guid', 'ru']) assert.match(q[k]!, UUID, k);
  assert.equal(new Set([q.uuid, q.guid, q.ru]).size, 3, 'each occurrence gets its own value');
  const h = Object.fromEntries(r.headers);
  const secs = Math.floor(FIXED_DATE.getTime() / 1000);
  assert.equal(h['X-Ts'], String(secs));
  assert.equal(h['X-Ts-Offset'], String(secs - 86400));
  assert.equal(h['X-Rfc'], 'Sun, 22 Nov 2026 09:35:19 GMT');
  assert.equal(h['X-Iso'], '2026-11-22T10:35:19.123Z');
  assert.equal(h['X-Custom'], '2026-11-22 09:35');
  assert.equal(h['X-Local'], '2026');
  assert.equal(h['X-IsoTs'], '2026-11-22T09:35:19.123Z');
  assert.equal(h['X-Int'], '5');
  assert.equal(h['X-Index'], '0');
  assert.equal(h['X-Env'], 'from-process');
  assert.equal(h['X-Env-Missing'], '');
  assert.equal(h['X-Dotenv'], 'key with spaces', '.env: export, quotes and # comments');
  assert.equal(h['X-Dotenv-Quoted'], 'single quoted');
  assert.ok(plan.secrets.includes('key with spaces'), '.env values are secrets');
  assert.ok(plan.secrets.includes('plain-value'));
  assert.deepEqual(r.unresolved, ['$randomInt 9 1']);
  assert.match(at(plan.diagnostics, 15)[0]!, /^error: \$randomInt needs two integers MIN MAX with MIN < MAX/);
  assert.equal(errors(plan.diagnostics).length, 1);
});

test('$randomInt stays in [MIN, MAX)', async () => {
  const plan = await planText('# @repeat 300\nGET http://127.0.0.1/?n={{$randomInt -2 3}}\n', 'ri.batch.http', { random: Math.random });
  const seen = new Set(plan.requests.map((r) => Number(new URL(r.url).searchParams.get('n'))));
  for (const n of seen) assert.ok(n >= -2 && n < 3, String(n));
  assert.ok(seen.size >= 3);
});

test('in an untrusted workspace $processEnv and $dotenv are not read', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { processEnv: null });
  const r = plan.requests[0]!;
  assert.ok(r.unresolved.includes('$processEnv BH_TEST_VAR'));
  assert.ok(r.unresolved.includes('$dotenv API_KEY'));
  assert.ok(!plan.secrets.includes('key with spaces'), '.env is not read');
});

test('dynamic variables with bad arguments are errors', async () => {
  const plan = await planText('GET http://127.0.0.1/?a={{$timestamp 1 parsec}}&b={{$datetime}}&c={{$uuid x}}\n', 'bad.batch.http');
  assert.equal(errors(plan.diagnostics).length, 3);
  assert.deepEqual(plan.requests[0]!.unresolved, ['$timestamp 1 parsec', '$datetime', '$uuid x']);
});
