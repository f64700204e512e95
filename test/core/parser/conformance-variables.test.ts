// Conformance: where a variable's value comes from (format spec, section 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureText, planText } from './helpers';

test("a copy's record fields and $index come before run values, environments and file variables", async () => {
  const text = ['@id = file', '# @foreach ../../../users.csv', 'GET http://127.0.0.1/{{id}}/{{$index}}/{{name}}', '###', '# @repeat 2', 'GET http://127.0.0.1/r/{{id}}/{{$index}}', '###', 'GET http://127.0.0.1/single/{{$index}}', ''].join('\n');
  const plan = await planText(text, 'env/sub/deeper/copies.batch.http', { vars: { id: 'run', $index: 'run-index', name: 'run-name' } });
  assert.deepEqual(
    plan.requests.map((r) => r.url),
    [
      'http://127.0.0.1/1/0/Ada',
      'http://127.0.0.1/2/1/Lovelace, Ada',
      'http://127.0.0.1/3/2/Grace',
      'http://127.0.0.1/r/run/0',
      'http://127.0.0.1/r/run/1',
      'http://127.0.0.1/single/0',
    ],
  );
});

test('environment files and .env: the nearest file of each name is used, whole; a file variable built on an overridden name follows it', async () => {
  const file = 'conformance/nearest/app/api/nearest.batch.http';
  const plan = await planText(fixtureText(file), file, { environment: 'dev' });
  const r = plan.requests[0]!;
  const url = new URL(r.url);
  assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:7100/v1/items', 'the environment host wins over @host, and @url follows it');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    near: 'near-public-shared',
    shadow: 'far-private-shared',
    priv: 'far-private-shared',
    token: 'far-private-token',
    far: '{{far}}',
    onlyFar: '{{onlyFar}}',
    key: 'near-dotenv',
    farOnly: '',
  });
  assert.deepEqual(r.unresolved, ['far', 'onlyFar'], 'the farther public file is not merged in');
  const none = await planText(fixtureText(file), file, { environment: null });
  assert.match(none.requests[0]!.url, /^http:\/\/file\.example\/v1\/items\?/, 'without an environment the file variable is the default');
});

test('a file variable applies only to the requests after it, and a redefinition only from there on', async () => {
  const text = ['GET http://127.0.0.1/a/{{v}}', '###', '@v = one', 'GET http://127.0.0.1/b/{{v}}', '###', 'GET http://127.0.0.1/c/{{v}}', '@v = two', '', '###', 'GET http://127.0.0.1/d/{{v}}', ''].join('\n');
  const plan = await planText(text, 'scope.batch.http');
  assert.deepEqual(
    plan.requests.map((r) => r.url),
    ['http://127.0.0.1/a/{{v}}', 'http://127.0.0.1/b/one', 'http://127.0.0.1/c/one', 'http://127.0.0.1/d/two'],
  );
  assert.deepEqual(plan.requests[0]!.unresolved, ['v']);
});

test('dynamic variables inside environment values and <@ template files are resolved, $dotenv included', async () => {
  const file = 'conformance/dotenv-in-env/uses-env.batch.http';
  const plan = await planText(fixtureText(file), file, { environment: 'dev', processEnv: { BH_HOME: '/home/bh' } });
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1/?t=from-dotenv&h=/home/bh');
  assert.equal(plan.requests[1]!.body, '{"t": "from-dotenv"}\n');
  assert.deepEqual(plan.diagnostics, []);
  assert.ok(plan.secrets.includes('from-dotenv'), '.env values are secrets');
});
