// `@until` and `@first` in exports: k6 polls in a loop with `sleep` (the script type-checks),
// Artillery polls in a `loop` with `whileTrue` (its processor functions behave), `@first`
// becomes a note in both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { exported, workspace } from './fixture';

const require = createRequire(import.meta.url);

const TEXT = `### Submit
# @name job
POST {{host}}/jobs

### Status
# @name status
# @until body $.state == done
# @poll-interval 200ms
# @poll-timeout 30s
GET {{host}}/jobs/{{job.response.body.$.id}}

### Hedge
# @repeat 3
# @first 1
GET {{host}}/h?i={{$index}}
`;

const FIRST_NOTE = '@first is not carried over: the engines send every copy of the group and cannot stop the others once K succeeded';

test('k6: @until is a loop that sleeps the interval (or Retry-After) until the condition holds or @poll-timeout; the script type-checks', async () => {
  const ws = await workspace(TEXT);
  try {
    const out = await exported(ws, TEXT, 'k6');
    const js = out.files[0]!.content;
    assert.match(js, /import \{ check, group, sleep \} from 'k6';/);
    assert.match(js, /let res = http\.request\("GET", /);
    assert.match(js, /const pollEnd = Date\.now\(\) \+ 30000; \/\/ @poll-timeout/);
    assert.match(js, /while \(\(\(r\) => r\.status >= 200 && r\.status < 400\)\(res\) && !\(\(r\) => assertHolds\(assertJson\(r, "state"\), "==", "done"\)\)\(res\)\) \{/);
    assert.match(js, /const wait = pollWait\(res, 200\);/);
    assert.match(js, /sleep\(wait \/ 1000\);\n\s+res = http\.request\("GET", /);
    assert.match(js, /"Status: @until body \$\.state == done": \(r\) => assertHolds\(assertJson\(r, "state"\), "==", "done"\)/);
    assert.match(js, /function pollWait\(res, intervalMs\)/);
    const fn = (name: string): string => new RegExp(`function ${name}\\([\\s\\S]*?\\n}`).exec(js)![0];
    const pollWait = new Function(`${fn('header')}\n${fn('pollWait')}\nreturn pollWait;`)() as (res: { headers: Record<string, string> }, ms: number) => number;
    assert.equal(pollWait({ headers: {} }, 200), 200, 'the interval without Retry-After');
    assert.equal(pollWait({ headers: { 'Retry-After': '3' } }, 200), 3000, 'Retry-After in seconds');
    assert.equal(pollWait({ headers: { 'Retry-After': '600' } }, 200), 60_000, 'capped at 60 s');
    const notes = out.notes.map((n) => n.message);
    assert.ok(notes.includes(FIRST_NOTE), notes.join('\n'));
    assert.ok(!notes.some((m) => m.includes('@until') || m.includes('@poll-')), 'polling is carried over: no note');
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

type Flow = Record<string, unknown>[];

test('Artillery: @until is a loop with whileTrue; the processor functions poll, stop on the condition, a bad status or the timeout', async () => {
  const ws = await workspace(TEXT);
  try {
    const out = await exported(ws, TEXT, 'artillery');
    const yml = parse(out.files[0]!.content.replace(/^#.*$/gm, '')) as { config: { processor?: string }; scenarios: { flow: Flow }[] };
    const flow = yml.scenarios[0]!.flow;
    const loop = flow.find((s) => 'whileTrue' in s)!;
    assert.equal(loop.whileTrue, 'batchHttpPoll2');
    const get = ((loop.loop as Flow)[0]!.get as Record<string, unknown>)!;
    assert.equal(get.name, 'Status');
    assert.equal(get.afterResponse, 'batchHttpPollSeen2');
    assert.deepEqual((get.capture as unknown[]).at(-1), { json: '$.state', as: 'batch_http_until_2', strict: false });
    assert.ok(yml.config.processor, 'a processor file is written');
    const processor = out.files.find((f) => yml.config.processor!.endsWith(f.name))!.content;
    const mod = { exports: {} as Record<string, (...args: unknown[]) => unknown> };
    new Function('module', 'require', 'process', processor)(mod, require, process);
    const { batchHttpPoll2: again, batchHttpPollSeen2: seen } = mod.exports;
    const ask = (context: { vars: Record<string, unknown> }): Promise<boolean> => new Promise((resolve) => again!(context, resolve));
    const context = { vars: {} as Record<string, unknown> };
    const respond = (statusCode: number, state: string, headers: Record<string, string> = {}): void => {
      seen!({}, { statusCode, headers }, context, null, () => undefined);
      context.vars.batch_http_until_2 = state;
    };
    // Artillery's loop sends the first poll, then asks whileTrue after each pass (Artillery 2's
    // engine_util runs the body before the test), as a real Artillery run showed.
    respond(200, 'running');
    const t0 = Date.now();
    assert.equal(await ask(context), true, 'not done: poll again');
    assert.ok(Date.now() - t0 >= 190, 'after the 200 ms interval, also after the first poll');
    respond(200, 'done');
    assert.equal(await ask(context), false, 'done: the loop ends');
    assert.equal(context.vars.batch_http_poll_start_2, undefined, 'reset for the next copy or iteration');
    respond(200, 'done');
    assert.equal(await ask(context), false, 'done at the first poll: no second poll');
    respond(404, 'running');
    assert.equal(await ask(context), false, 'an unexpected status ends polling');
    respond(200, 'running', { 'retry-after': '120' });
    assert.equal(await ask(context), false, 'Retry-After (capped at 60 s) past @poll-timeout 30 s: no more polls');
    const notes = out.notes.map((n) => n.message);
    assert.ok(notes.includes(FIRST_NOTE), notes.join('\n'));
  } finally {
    await ws.cleanup();
  }
});

test('an @until Artillery or k6 cannot evaluate is a note, and the request is sent once', async () => {
  const text = `### Status\n# @until xpath //state == done\nGET {{host}}/jobs/1\n`;
  const ws = await workspace(text);
  try {
    const k6 = await exported(ws, text, 'k6');
    assert.ok(k6.notes.some((n) => n.message === "Status: k6 cannot evaluate '@until xpath //state == done' (no XPath in k6); the request is sent once, without polling"));
    assert.doesNotMatch(k6.files[0]!.content, /while \(/);
    const artillery = await exported(ws, text, 'artillery');
    assert.ok(artillery.notes.some((n) => n.message === "Status: Artillery cannot evaluate '@until xpath //state == done' here; the request is sent once, without polling"));
    assert.doesNotMatch(artillery.files[0]!.content, /whileTrue/);
  } finally {
    await ws.cleanup();
  }
});
