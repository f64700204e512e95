import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnknownEnvironmentError } from '../../../src/core/parser';
import type { ExportStep, Template } from '../../../src/core/export/model';
import { DEMO, planOf, workspace } from './fixture';

function step(steps: ExportStep[], label: string): ExportStep {
  const s = steps.find((x) => x.label === label);
  assert.ok(s, `no step ${label}`);
  return s;
}

const kinds = (t: Template): string[] => t.map((p) => p.kind);

test('the demo batch maps to one flow with captures, loops, variables and secrets', async () => {
  const ws = await workspace(DEMO);
  try {
    const { plan, diagnostics } = await planOf(ws, DEMO);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(plan.steps.map((s) => s.label), ['Log in', 'Profile', 'Users', 'Ping']);
    assert.equal(plan.concurrency, 4);
    assert.equal(plan.timeoutMs, 5000);
    assert.deepEqual(plan.variables, [{ name: 'api', value: 'http://127.0.0.1:8080/api' }]);
    assert.deepEqual(plan.envNames, ['password']);
    const login = step(plan.steps, 'Log in');
    assert.deepEqual(login.captures, [
      { name: 'login_json_token', source: 'json', path: '$.token' },
      { name: 'login_header_x_request_id', source: 'header', path: 'x-request-id' },
    ]);
    assert.equal(login.body?.kind, 'template');
    const body = login.body!.kind === 'template' ? login.body!.template : [];
    assert.deepEqual(kinds(body), ['text', 'env', 'text', 'dynamic', 'text']);
    assert.ok(!JSON.stringify(plan).includes('s3cret-pw'), 'the private value must not reach the plan');
    const profile = step(plan.steps, 'Profile');
    assert.deepEqual(profile.dependsOn, ['login']);
    assert.deepEqual(profile.headers.map((h) => [h.name, kinds(h.value)]), [
      ['Authorization', ['text', 'capture']],
      ['X-Req', ['capture']],
    ]);
    const users = step(plan.steps, 'Users');
    assert.deepEqual(users.loop, { kind: 'foreach', dataset: 0 });
    assert.equal(users.expectStatus, '200,201');
    assert.deepEqual(plan.datasets[0]!.fields, ['id', 'name']);
    assert.deepEqual(plan.datasets[0]!.rows.map((r) => r.name), ['Ada', 'Grace, H', 'Linus']);
    assert.deepEqual(kinds(users.url), ['var', 'text', 'field', 'text', 'index']);
    const ping = step(plan.steps, 'Ping');
    assert.deepEqual(ping.loop, { kind: 'repeat', count: 3 });
    assert.equal(ping.followRedirects, false);
    assert.ok(plan.notes.some((n) => n.line === 3 && n.message.includes('@retries')));
    assert.ok(plan.notes.some((n) => n.message.includes('secret password')));
  } finally {
    await ws.cleanup();
  }
});

test('a request that refers to a later one is moved after it', async () => {
  const text = `@host = http://127.0.0.1:1
### Use
GET {{host}}/use?t={{tok.response.body.$.v}}

### Make
# @name tok
POST {{host}}/make
`;
  const ws = await workspace(text);
  try {
    const { plan } = await planOf(ws, text, null);
    assert.deepEqual(plan.steps.map((s) => s.label), ['Make', 'Use']);
    assert.deepEqual(plan.steps[1]!.dependsOn, ['tok']);
  } finally {
    await ws.cleanup();
  }
});

test('environment selection, run values and unknown environments', async () => {
  const ws = await workspace(DEMO);
  try {
    const prod = await planOf(ws, DEMO, 'prod');
    assert.deepEqual(prod.plan.variables, [{ name: 'api', value: 'https://api.example.test/api' }]);
    const withVar = await planOf(ws, DEMO, 'dev', { password: 'given', host: 'http://127.0.0.1:9' });
    assert.deepEqual(withVar.plan.envNames, []);
    assert.ok(withVar.plan.variables.some((v) => v.name === 'password' && v.value === 'given'));
    assert.ok(withVar.plan.variables.some((v) => v.value === 'http://127.0.0.1:9/api'));
    await assert.rejects(planOf(ws, DEMO, 'nope'), UnknownEnvironmentError);
  } finally {
    await ws.cleanup();
  }
});

test('relative targets, body files, other protocols and unknown names', async () => {
  const text = `@baseUrl = http://127.0.0.1:7/v1/
### Health
GET /health

### Upload
POST http://127.0.0.1:7/upload
Content-Type: application/octet-stream

< ./blob.bin

### Template body
POST http://127.0.0.1:7/t
Content-Type: application/json

<@ ./tmpl.json

### Stream
GRPC 127.0.0.1:7/svc

### Unknown
GET http://127.0.0.1:7/u?k={{apiKey}}&j={{new Date()}}
`;
  const ws = await workspace(text, { 'blob.bin': '\u0000\u00ff', 'tmpl.json': '{"base": "{{baseUrl}}"}' });
  try {
    const { plan } = await planOf(ws, text, null);
    const health = step(plan.steps, 'Health');
    assert.deepEqual(health.url, [{ kind: 'text', text: 'http://127.0.0.1:7/v1/health' }]);
    const upload = step(plan.steps, 'Upload');
    assert.equal(upload.body?.kind, 'file');
    const tmpl = step(plan.steps, 'Template body');
    assert.equal(tmpl.body?.kind, 'template');
    assert.deepEqual(tmpl.body!.kind === 'template' && kinds(tmpl.body!.template), ['text', 'var', 'text']);
    assert.ok(!plan.steps.some((s) => s.method === 'GRPC'));
    assert.ok(plan.notes.some((n) => n.message.includes('not an HTTP request')));
    assert.deepEqual(plan.envNames, ['apiKey']);
    assert.ok(plan.notes.some((n) => n.message.includes('unknown variable apiKey')));
    assert.ok(plan.notes.some((n) => n.message.includes('{{new Date()}}')));
  } finally {
    await ws.cleanup();
  }
});

test('multipart bodies keep CRLF line ends; other bodies use LF', async () => {
  const text = `### Form
POST http://127.0.0.1:7/form
Content-Type: multipart/form-data; boundary=XX

--XX
Content-Disposition: form-data; name="a"

{{$index}}
--XX--

### Plain
POST http://127.0.0.1:7/plain
Content-Type: text/plain

one
two
`;
  const ws = await workspace(text);
  try {
    const { plan } = await planOf(ws, text, null);
    const texts = plan.steps.map((s) => (s.body?.kind === 'template' ? s.body.template.map((p) => (p.kind === 'text' ? p.text : `<${p.kind}>`)).join('') : null));
    assert.deepEqual(texts, ['--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\n0\r\n--XX--', 'one\ntwo']);
  } finally {
    await ws.cleanup();
  }
});

test('header names from variables, and names that exist on every object', async () => {
  const text = `@suffix = From-Var
### Names
GET http://127.0.0.1:7/n?a={{constructor}}
X-{{suffix}}: yes
`;
  const ws = await workspace(text);
  try {
    const { plan } = await planOf(ws, text, null);
    const s = plan.steps[0]!;
    assert.deepEqual(s.headers.map((h) => h.name), ['X-From-Var']);
    assert.deepEqual(plan.envNames, ['constructor']);
    assert.deepEqual(s.url.map((p) => p.kind), ['text', 'env']);
  } finally {
    await ws.cleanup();
  }
});
