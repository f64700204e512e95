// Conformance: files written for REST Client, httpYac and the JetBrains HTTP Client parse
// without errors; their scripts, handlers and other protocols are skipped with warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, planFixture, warnings } from './helpers';

const DIR = 'conformance/tools';

test('a REST Client file: variables, dynamic values, form/GraphQL/multipart/latin1 bodies, references', async () => {
  const plan = await planFixture(`${DIR}/rest-client.http`, { processEnv: { BH_RC_TOKEN: 'from-env' }, vars: { passwordKey: 'API_KEY', itemName: 'thing' } });
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    warnings(plan.diagnostics).map((d) => d.message),
    ['unknown directive @note', 'unknown directive @prompt'],
  );
  const [login, create, list, history, graphql, upload, latin, health] = plan.requests;
  assert.equal(plan.requests.length, 8);
  assert.equal(login!.url, 'http://127.0.0.1:7400/v2/auth/login');
  // Form bodies are joined without line breaks (format section 13, item 6).
  assert.equal(login!.body, 'name=admin&password=s3cret', '$dotenv %passwordKey reads API_KEY from the nearest .env');
  const item = JSON.parse(create!.body as string) as Record<string, unknown>;
  assert.equal(item.name, 'thing');
  assert.equal(item.user, 'from-env', '$processEnv %tokenVar');
  assert.equal(item.expires, '2027-11-22');
  assert.equal(item.yesterday, Math.floor(Date.UTC(2026, 10, 21, 9, 35, 19) / 1000));
  assert.ok(Number.isInteger(item.score) && (item.score as number) >= 1 && (item.score as number) < 100);
  assert.deepEqual(create!.dependsOn, ['login']);
  assert.equal(create!.cookieJar, false, '@no-cookie-jar (format spec, section 12)');
  assert.equal(list!.url, 'http://127.0.0.1:7400/v2/items?page=1&pageSize=20&sort=created');
  assert.equal(list!.followRedirects, false);
  assert.deepEqual(history!.dependsOn, ['createItem']);
  // GraphQL is sent as a JSON POST (format section 13, item 7).
  assert.deepEqual(JSON.parse(graphql!.body as string), { query: 'query ($id: ID!) {\n  item(id: $id) { name }\n}', variables: { id: '1' } });
  assert.equal(graphql!.method, 'POST');
  const multipart = Buffer.from(upload!.body as Uint8Array).toString('utf8');
  assert.ok(multipart.includes('\r\n\r\npart {{who}}\n\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--'), multipart);
  assert.equal(latin!.body, 'part rest-client\n');
  assert.equal(health!.url, 'http://127.0.0.1:7400/health');
});

test('an httpYac file: global and response scripts, assertions, @ref/@loop/@import, gRPC/WebSocket/SSE/MQTT left out', async () => {
  const plan = await planFixture(`${DIR}/httpyac.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.method, r.url, r.name]),
    [
      ['POST', 'http://127.0.0.1:7401/token', 'token'],
      ['GET', 'http://127.0.0.1:7401/items?token={{token.response.body.$.token}}', 'items'],
      ['GET', 'http://127.0.0.1:7401/items/{{items.response.body.$[0].id}}', null],
      ['GET', 'http://127.0.0.1:7401/after-protocols', null],
    ],
  );
  assert.equal(plan.requests[0]!.body, '{\n  "user": "httpyac"\n}', 'assertions and scripts end the body');
  assert.deepEqual(plan.requests[1]!.headers, [['Accept', 'application/json']]);
  assert.deepEqual(plan.requests[2]!.dependsOn, ['items', 'token']);
  const notHttp = warnings(plan.diagnostics).filter((d) => d.message.startsWith('not an HTTP request'));
  assert.deepEqual(
    notHttp.map((d) => d.line),
    [47, 53, 58, 60],
  );
  // Both `??` lines are no longer skipped lines since the second round (format section 6): an assertion, and a `?? js` warning of its own.
  assert.equal(warnings(plan.diagnostics).filter((d) => d.message.startsWith('skipped')).length, 5);
  assert.deepEqual(plan.requests[0]!.assertions!.map((a) => a.text), ['status == 200']);
  assert.equal(warnings(plan.diagnostics).filter((d) => d.message.startsWith('JavaScript assertions are never run')).length, 1);
});

test('a JetBrains file: pre-request scripts, handlers, <> and >>! lines, Host header, WebSocket left out', async () => {
  const plan = await planFixture(`${DIR}/jetbrains.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  const [login, items, save] = plan.requests;
  assert.equal(plan.requests.length, 3);
  assert.equal(login!.title, 'Login');
  const body = JSON.parse((login!.body as string).replace('"{{clientId}}"', '"x"')) as Record<string, unknown>;
  assert.match(body.nonce as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  assert.ok(Number.isInteger(body.n) && (body.n as number) >= 1 && (body.n as number) < 10, '$random.integer(1, 10)');
  assert.equal(body.at, '2026-11-22T09:35:19.123Z');
  assert.deepEqual(login!.unresolved, ['clientId'], 'a value set by a script is unknown here');
  assert.equal(items!.url, 'http://127.0.0.1:7403/items');
  assert.equal(items!.timeoutMs, 5000);
  assert.equal(items!.connectionTimeoutMs, 2000);
  assert.equal(Buffer.from(save!.body as Uint8Array).toString('utf8'), '{"name": "saved"}\n');
  assert.match(warnings(plan.diagnostics).at(-1)!.message, /^not an HTTP request \(method WEBSOCKET\)/);
});
