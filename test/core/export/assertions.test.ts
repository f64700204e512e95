// `??` assertions in exports: k6 `check()` entries with the batch's rules (the script still
// type-checks against @types/k6, and its support functions behave as the core evaluator),
// Artillery `expect` plugin expectations, and notes for what an engine cannot check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { k6AssertionSupport } from '../../../src/core/export/checks-k6';
import { holds, type ConditionOp } from '../../../src/core/conditions';
import { exported, workspace } from './fixture';

const require = createRequire(import.meta.url);

const TEXT = `@api = {{host}}/api
@want = done

### Log in
# @name login
POST {{api}}/login

### Job
# @name job
GET {{api}}/jobs/1
?? status == 200
?? header content-type includes json
?? header x-request-id exists
?? body $.state == {{want}}
?? body owner.name == {{login.response.body.$.user}}
?? body $.items isArray
?? body matches "state"
?? duration firstByte < 500
?? duration dns < 5
?? xpath //id == 1
?? body sha256 LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=

### Other
# @expect-status 404
GET {{api}}/missing
?? status == 404
`;

test('k6: one check entry per assertion, ?? status replaces the default status check, notes for the rest; the script type-checks', async () => {
  const ws = await workspace(TEXT);
  try {
    const out = await exported(ws, TEXT, 'k6');
    const js = out.files[0]!.content;
    assert.match(js, /import crypto from 'k6\/crypto';/);
    assert.doesNotMatch(js, /"Job: status 2xx or 3xx"/, '?? status replaces the default');
    assert.match(js, /"Job: \?\? status == 200": \(r\) => assertHolds\(r\.status, "==", "200"\)/);
    assert.match(js, /"Job: \?\? header content-type includes json": \(r\) => assertHolds\(assertHeader\(r\.headers, "content-type"\), "includes", "json"\)/);
    assert.match(js, /"Job: \?\? body \$\.state == \{\{want\}\}": \(r\) => assertHolds\(assertJson\(r, "state"\), "==", vars\.want\)/);
    assert.match(js, /assertHolds\(assertJson\(r, "owner\.name"\), "==", login_json_user\)/, 'a reference in EXPECTED is a capture');
    assert.match(js, /assertHolds\(r\.timings\.waiting, "<", "500"\)/);
    assert.match(js, /assertDigest\(bodyText\(r\.body\), "sha256", /);
    assert.match(js, /"Other: status 404": \(r\) => r\.status === 404, "Other: \?\? status == 404"/, 'with @expect-status both are checked');
    const notes = out.notes.map((n) => n.message);
    assert.ok(notes.some((m) => m.includes("k6 cannot check '?? duration dns < 5'")), notes.join('\n'));
    assert.ok(notes.some((m) => m.includes("k6 cannot check '?? xpath //id == 1' (no XPath in k6)")));
    await writeFile(join(ws.dir, 'demo.k6.js'), js);
    const tsc = require.resolve('typescript/bin/tsc');
    const typeRoots = dirname(dirname(require.resolve('@types/k6/package.json')));
    const res = spawnSync(
      process.execPath,
      [tsc, '--noEmit', '--allowJs', '--checkJs', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022', '--types', 'k6', '--typeRoots', typeRoots, 'demo.k6.js'],
      { cwd: ws.dir, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(res.status, 0, `${res.stdout}${res.stderr}`);
  } finally {
    await ws.cleanup();
  }
});

test("k6: the script's assertHolds agrees with the core evaluator on a table of values and conditions", () => {
  const source = k6AssertionSupport({ support: true, crypto: false });
  const assertHolds = new Function(`${source}\nreturn assertHolds;`)() as (v: unknown, op: string, e: string) => boolean;
  const values: unknown[] = [undefined, null, true, false, 0, 7, 0.5, '', 'Ada', '42', ' 42 ', ['a', 'b'], { a: 1 }];
  const cases: [ConditionOp, string][] = [
    ['==', '7'], ['==', '7.0'], ['==', 'Ada'], ['==', '"Ada"'], ['==', 'null'], ['==', 'true'], ['==', '["a","b"]'], ['==', '{ "a": 1 }'], ['!=', '7'],
    ['>', '1'], ['>=', '0.5'], ['<', '10'], ['<=', 'x'], ['startsWith', 'A'], ['endsWith', 'a'], ['includes', '"a"'], ['contains', '4'], ['matches', '^\\d+$'],
    ['matches', '('], ['exists', ''], ['isTrue', ''], ['isFalse', ''], ['isNumber', ''], ['isBoolean', ''], ['isString', ''], ['isArray', ''],
  ];
  for (const v of values) {
    for (const [op, e] of cases) {
      const core = holds({ field: 'body', arg: '$.x', op, expected: e }, v);
      assert.equal(assertHolds(v, op, e), core, `${JSON.stringify(v)} ${op} ${e}`);
    }
  }
});

test('Artillery: expect plugin expectations where it has one, with captures for body values; notes otherwise', async () => {
  const ws = await workspace(TEXT);
  try {
    const out = await exported(ws, TEXT, 'artillery');
    const yml = parse(out.files[0]!.content.replace(/^#.*$/gm, '')) as { config: { plugins?: unknown }; scenarios: { flow: Record<string, Record<string, unknown>>[] }[] };
    assert.deepEqual(yml.config.plugins, { expect: { reportFailuresAsErrors: true } });
    const job = yml.scenarios[0]!.flow.find((s) => s.get?.name === 'Job')!.get!;
    assert.deepEqual(job.expect, [
      { statusCode: 200 },
      { hasHeader: 'x-request-id' },
      { equals: ['{{ batch_http_assert_2_14 }}', '{{ want }}'] },
      { equals: ['{{ batch_http_assert_2_15 }}', '{{ login_json_user }}'] },
      { matchesRegexp: '"state"' },
    ]);
    assert.deepEqual(job.capture, [
      { json: '$.state', as: 'batch_http_assert_2_14' },
      { json: '$.owner.name', as: 'batch_http_assert_2_15' },
    ]);
    const other = yml.scenarios[0]!.flow.find((s) => s.get?.name === 'Other')!.get!;
    assert.deepEqual(other.expect, [{ statusCode: [404] }, { statusCode: 404 }]);
    const notes = out.notes.map((n) => n.message);
    for (const text of ['header content-type includes json', 'body $.items isArray', 'duration firstByte < 500', 'xpath //id == 1']) {
      assert.ok(notes.some((m) => m.includes(`no expectation for '?? ${text}'`)), `${text}: ${notes.join('\n')}`);
    }
  } finally {
    await ws.cleanup();
  }
});
