import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { toGjsonPath } from '../../../src/core/export/k6';
import { DEMO, exported, workspace, type Workspace } from './fixture';

const require = createRequire(import.meta.url);

/** Type-checks a generated script against @types/k6 with tsc (strict, checkJs). */
function typeCheck(ws: Workspace, file: string): { status: number | null; output: string } {
  const tsc = require.resolve('typescript/bin/tsc');
  const typeRoots = dirname(dirname(require.resolve('@types/k6/package.json')));
  const res = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--allowJs', '--checkJs', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022', '--types', 'k6', '--typeRoots', typeRoots, file],
    { cwd: ws.dir, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

const RICH = `${DEMO}
### Dates
# @name dates
POST {{api}}/dates?a={{$timestamp}}&b={{$datetime rfc1123 -1 d}}&c={{$localDatetime "YYYY-MM-DD HH:mm" 2 h}}&d={{$isoTimestamp}}
Content-Type: application/octet-stream

< ./blob.bin

### Uses all
# @depends-on dates
GET {{api}}/all?s={{login.response.status}}&b={{login.response.body.*}}&h={{$processEnv HOME}}
`;

test('the k6 script maps requests, checks, captures, rows and dependencies', async () => {
  const ws = await workspace(DEMO);
  try {
    const out = await exported(ws, DEMO, 'k6');
    assert.deepEqual(out.files.map((f) => f.name), ['demo.k6.js', 'demo.k6.users_rows.json']);
    const js = out.files[0]!.content;
    assert.match(js, /^\/\/ k6 script exported by batch-http from demo\.batch\.http \(environment dev\)\./);
    assert.ok(!js.includes('s3cret-pw'));
    assert.match(js, /"executor": "shared-iterations",\s*"vus": 1,\s*"iterations": 1/);
    assert.match(js, /const users_rows = new SharedArray\("users_rows", .*open\("\.\/demo\.k6\.users_rows\.json"\)/);
    assert.match(js, /password: __ENV\.password \?\? ''/);
    assert.match(js, /ok\.login = check\(res, \{ "Log in: status 2xx or 3xx": \(r\) => r\.status >= 200 && r\.status < 400 \}\);/);
    assert.match(js, /login_json_token = jsonAt\(res, "token"\);/);
    assert.match(js, /login_header_x_request_id = header\(res\.headers, "x-request-id"\);/);
    assert.match(js, /if \(ok\.login\) \{\n {4}group\("Profile"/);
    assert.match(js, /for \(let i = 0; i < users_rows\.length; i\+\+\) \{\n\s+const row = users_rows\[i\];/);
    assert.match(js, /\[200, 201\]\.includes\(r\.status\)/);
    assert.match(js, /for \(let i = 0; i < 3; i\+\+\)/);
    assert.match(js, /redirects: 0,/);
    assert.match(js, /timeout: '5000ms'/);
    assert.deepEqual(JSON.parse(out.files[1]!.content), [
      { id: '1', name: 'Ada' },
      { id: '2', name: 'Grace, H' },
      { id: '3', name: 'Linus' },
    ]);
  } finally {
    await ws.cleanup();
  }
});

test('generated k6 scripts type-check against @types/k6', async () => {
  const ws = await workspace(RICH, { 'blob.bin': '\u0000\u0001binary' });
  try {
    for (const load of [{}, { users: 5, durationS: 30 }, { arrivalRate: 3, durationS: 10 }]) {
      const out = await exported(ws, RICH, 'k6', load);
      for (const f of out.files) await writeFile(join(ws.dir, f.name), f.content);
      const js = out.files[0]!.content;
      assert.match(js, /const bodyFile1 = open\("\.\/blob\.bin", 'b'\);/);
      assert.match(js, /login_status = String\(res\.status\);/);
      assert.match(js, /login_body = bodyText\(res\.body\);/);
      assert.match(js, /if \(ok\.dates && ok\.login\) \{\n {4}group\("Uses all"/);
      const checked = typeCheck(ws, 'demo.k6.js');
      assert.equal(checked.status, 0, checked.output);
    }
    const broken = (await exported(ws, RICH, 'k6')).files[0]!.content.replace('http.request(', 'http.requestx(');
    await writeFile(join(ws.dir, 'broken.k6.js'), broken);
    assert.notEqual(typeCheck(ws, 'broken.k6.js').status, 0, 'the type check must catch a wrong API call');
  } finally {
    await ws.cleanup();
  }
});

test('load shapes become k6 scenarios capped by @concurrency', async () => {
  const ws = await workspace(DEMO);
  try {
    const scenario = async (load: { users?: number; durationS?: number; arrivalRate?: number }) => {
      const js = (await exported(ws, DEMO, 'k6', load)).files[0]!.content;
      const m = /export const options = (\{[\s\S]*?\n\});/.exec(js);
      return (JSON.parse(m![1]!) as { scenarios: { batch: unknown } }).scenarios.batch;
    };
    assert.deepEqual(await scenario({ users: 10 }), { executor: 'shared-iterations', vus: 4, iterations: 10 });
    assert.deepEqual(await scenario({ users: 2, durationS: 30 }), { executor: 'constant-vus', vus: 2, duration: '30s' });
    assert.deepEqual(await scenario({ arrivalRate: 3, durationS: 10 }), {
      executor: 'constant-arrival-rate', rate: 3, timeUnit: '1s', duration: '10s', preAllocatedVUs: 4, maxVUs: 4,
    });
  } finally {
    await ws.cleanup();
  }
});

test('JSON paths become gjson paths', () => {
  assert.equal(toGjsonPath('$.a.b[0].c'), 'a.b.0.c');
  assert.equal(toGjsonPath("$['x.y'].z"), 'x\\.y.z');
  assert.equal(toGjsonPath('$'), '');
  assert.equal(toGjsonPath('$..a'), null);
  assert.equal(toGjsonPath('$.a[*]'), null);
});

test('group names never hold "::", which k6 rejects', async () => {
  const text = `### Admin :: list\nGET http://127.0.0.1:7/admin\n`;
  const ws = await workspace(text);
  try {
    const js = (await exported(ws, text, 'k6')).files[0]!.content;
    assert.match(js, /group\("Admin : {2}list", \(\) => \{/);
    assert.match(js, /tags: \{ name: "Admin :: list" \}/);
  } finally {
    await ws.cleanup();
  }
});
