import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { DEMO, exported, workspace } from './fixture';

type Obj = Record<string, unknown>;

test('the Artillery scenario holds the flow, captures, payload, variables and notes', async () => {
  const ws = await workspace(DEMO);
  try {
    const out = await exported(ws, DEMO, 'artillery');
    assert.deepEqual(out.files.map((f) => f.name), ['demo.artillery.yml', 'demo.artillery.users_rows.csv', 'demo.artillery.functions.js']);
    const main = out.files[0]!.content;
    assert.match(main, /^# Artillery test exported by batch-http from demo\.batch\.http \(environment dev\)\./);
    assert.match(main, /^# {3}- line 3: @retries is not carried over/m);
    assert.ok(!main.includes('s3cret-pw'));
    const doc = parse(main) as { config: Obj; scenarios: { flow: Obj[] }[] };
    assert.equal(doc.config.target, 'http://127.0.0.1:8080');
    assert.deepEqual(doc.config.phases, [{ name: 'batch', duration: 1, arrivalCount: 1, maxVusers: 1 }]);
    assert.deepEqual(doc.config.http, { timeout: 5 });
    assert.deepEqual(doc.config.variables, { api: 'http://127.0.0.1:8080/api' });
    assert.deepEqual(doc.config.payload, [
      { path: './demo.artillery.users_rows.csv', fields: ['id', 'name'], skipHeader: true, cast: false, skipEmptyLines: false, loadAll: true, name: 'users_rows' },
    ]);
    const flow = doc.scenarios[0]!.flow;
    assert.deepEqual(flow.map((f) => Object.keys(f)[0]), ['function', 'post', 'get', 'loop', 'loop']);
    const login = flow[1]!.post as Obj;
    assert.equal(login.url, '{{ api }}/login');
    assert.equal(login.body, '{"user": "ada", "password": "{{ $env.password }}", "id": "{{ dyn_1 }}"}');
    assert.deepEqual(login.capture, [
      { json: '$.token', as: 'login_json_token' },
      { header: 'x-request-id', as: 'login_header_x_request_id' },
    ]);
    const profile = flow[2]!.get as Obj;
    assert.deepEqual(profile.headers, { Authorization: 'Bearer {{ login_json_token }}', 'X-Req': '{{ login_header_x_request_id }}' });
    const users = flow[3]!;
    assert.equal(users.over, 'users_rows');
    const put = (users.loop as Obj[])[0]!.put as Obj;
    assert.equal(put.url, `{{ api }}/users/{{ ${users.loopElement as string}.id }}?i={{ $loopCount }}`);
    assert.match(put.body as string, /^name=\{\{ row_0\.name \}\} r=\{\{ \$randomNumber\(1, 4\) \}\}$/);
    assert.deepEqual(put.expect, [{ statusCode: [200, 201] }]);
    const ping = flow[4]!;
    assert.equal(ping.count, 3);
    assert.equal(((ping.loop as Obj[])[0]!.get as Obj).followRedirect, false);
    assert.equal(out.files[1]!.content, 'id,name\r\n1,Ada\r\n2,"Grace, H"\r\n3,Linus\r\n');
  } finally {
    await ws.cleanup();
  }
});

test('the processor file sets fresh dynamic values', async () => {
  const ws = await workspace(DEMO);
  try {
    const out = await exported(ws, DEMO, 'artillery');
    const source = out.files.find((f) => f.name.endsWith('.functions.js'))!.content;
    const mod = { exports: {} as Record<string, (ctx: { vars: Record<string, unknown> }, ev: unknown, done: () => void) => void> };
    new Function('module', 'exports', 'require', source)(mod, mod.exports, () => ({}));
    const ctx = { vars: {} as Record<string, unknown> };
    let called = 0;
    mod.exports.batchHttpDynamics!(ctx, null, () => called++);
    assert.equal(called, 1);
    assert.match(String(ctx.vars.dyn_1), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const first = ctx.vars.dyn_1;
    mod.exports.batchHttpDynamics!(ctx, null, () => called++);
    assert.notEqual(ctx.vars.dyn_1, first);
  } finally {
    await ws.cleanup();
  }
});

test('load shapes become Artillery phases capped by @concurrency', async () => {
  const ws = await workspace(DEMO);
  try {
    const phases = async (load: { users?: number; durationS?: number; arrivalRate?: number }) =>
      (parse((await exported(ws, DEMO, 'artillery', load)).files[0]!.content) as { config: { phases: unknown } }).config.phases;
    assert.deepEqual(await phases({ users: 3 }), [{ name: 'batch', duration: 1, arrivalCount: 3, maxVusers: 3 }]);
    assert.deepEqual(await phases({ users: 10, durationS: 30 }), [{ name: 'batch', duration: 30, arrivalRate: 10, maxVusers: 4 }]);
    assert.deepEqual(await phases({ arrivalRate: 5, durationS: 20 }), [{ name: 'batch', duration: 20, arrivalRate: 5, maxVusers: 4 }]);
    const out = await exported(ws, DEMO, 'artillery', { users: 10 });
    assert.ok(out.notes.some((n) => n.message.includes('beyond maxVusers (4')));
    assert.ok(!out.notes.some((n) => n.message.includes('WORKERS=1')), 'one arrival wave runs on one worker');
    const spread = await exported(ws, DEMO, 'artillery', { arrivalRate: 2, durationS: 5 });
    assert.ok(spread.notes.some((n) => n.message.includes('WORKERS=1')));
  } finally {
    await ws.cleanup();
  }
});

test('what Artillery cannot capture or send is listed, never dropped silently', async () => {
  const text = `@h = http://127.0.0.1:1
### A
# @name a
# @timeout 9s
GET {{h}}/a

### B
GET {{h}}/b?s={{a.response.status}}&x={{a.response.body.//r/@id}}
X-Dup: 1
X-Dup: 2
`;
  const ws = await workspace(text);
  try {
    const out = await exported(ws, text, 'artillery');
    const messages = out.notes.map((n) => n.message).join('\n');
    assert.match(messages, /cannot capture the response status/);
    assert.match(messages, /XPath \/\/r\/@id/);
    assert.match(messages, /@timeout 9000 ms/);
    assert.match(messages, /repeated headers X-Dup/);
    for (const n of out.notes) assert.ok(out.files[0]!.content.includes(n.message), `header lists: ${n.message}`);
    const doc = parse(out.files[0]!.content) as { scenarios: { flow: Obj[] }[] };
    assert.deepEqual((doc.scenarios[0]!.flow[1]!.get as Obj).headers, { 'X-Dup': '1, 2' });
  } finally {
    await ws.cleanup();
  }
});

test('a brace next to a template survives Artillery\'s {{{ }}} syntax', async () => {
  const text = `@id = 7
### Braces
POST http://127.0.0.1:7/b
Content-Type: application/json

{"id": {{id}}, "o": {"n": {{id}}}}
`;
  const ws = await workspace(text);
  try {
    const doc = parse((await exported(ws, text, 'artillery')).files[0]!.content) as { config: Obj; scenarios: { flow: Obj[] }[] };
    const body = (doc.scenarios[0]!.flow[0]!.post as Obj).body as string;
    assert.equal(body, '{"id": {{ id }}, "o": {"n": {{ id }}{{ batch_http_rbrace }}}');
    assert.deepEqual(doc.config.variables, { id: '7', batch_http_lbrace: '{', batch_http_rbrace: '}' });
  } finally {
    await ws.cleanup();
  }
});
