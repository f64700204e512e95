import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ExportEngine } from '../../src/core/export';
import { createNodeFileReader } from '../../src/core/system';
import { durationQuestion, runExportFlow, usersQuestion, type EngineItem, type ExportUi, type TextQuestion } from '../../src/extension/export/flow';
import { DEMO, workspace } from '../core/export/fixture';

/**
 * A fake UI. `answers` answers the questions in turn: a string is typed and accepted (as an
 * input box would, only when the question's check lets it through, unless `force`), undefined
 * is Escape; without answers every question is answered with its default.
 */
function fakeUi(engine: ExportEngine | undefined, outFile: (def: string) => string | undefined, answers?: (string | undefined)[], force = false) {
  const calls = { engines: [] as string[], defaults: [] as string[], opened: [] as string[], errors: [] as string[], warnings: [] as string[], log: [] as string[], questions: [] as TextQuestion[], rejected: [] as string[] };
  const ui: ExportUi = {
    async pickEngine(items: readonly EngineItem[]) {
      calls.engines = items.map((i) => i.engine);
      return engine;
    },
    async askText(q) {
      calls.questions.push(q);
      if (!answers) return q.value;
      const answer = answers.shift();
      if (answer === undefined || force) return answer;
      const why = q.validate(answer);
      if (why === undefined) return answer;
      // The input box keeps the question open on a wrong answer: the user then presses Escape.
      calls.rejected.push(why);
      return undefined;
    },
    async pickOutFile(def) {
      calls.defaults.push(def);
      return outFile(def);
    },
    writeFile: (path, content) => writeFile(path, content),
    async open(path) {
      calls.opened.push(path);
    },
    error: (m) => void calls.errors.push(m),
    warn: (m) => void calls.warnings.push(m),
    log: (l) => void calls.log.push(l),
  };
  return { ui, calls };
}

test('the extension flow picks the engine, saves the files and opens the result', async () => {
  const ws = await workspace(DEMO);
  try {
    const { ui, calls } = fakeUi('k6', (def) => def);
    const req = { text: DEMO, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', files: createNodeFileReader(), processEnv: null };
    const written = await runExportFlow(ui, req);
    assert.deepEqual(calls.engines, ['artillery', 'k6']);
    assert.deepEqual(calls.defaults, [join(ws.dir, 'demo.k6.js')]);
    assert.equal(written, join(ws.dir, 'demo.k6.js'));
    assert.deepEqual(calls.opened, [written]);
    assert.match(await readFile(written!, 'utf8'), /import http from 'k6\/http';/);
    assert.match(await readFile(join(ws.dir, 'demo.k6.users_rows.json'), 'utf8'), /Grace, H/);
    assert.equal(calls.warnings.length, 1);
    assert.match(calls.warnings[0]!, /do not carry over/);
    assert.ok(calls.log.some((l) => l.includes('@retries is not carried over')));
  } finally {
    await ws.cleanup();
  }
});

test('cancelling, unknown environments and files with errors write nothing', async () => {
  const ws = await workspace(DEMO);
  try {
    const base = { filePath: ws.file, workspaceRoot: ws.dir, files: createNodeFileReader(), processEnv: null };
    const cancelEngine = fakeUi(undefined, (d) => d);
    assert.equal(await runExportFlow(cancelEngine.ui, { ...base, text: DEMO, environment: 'dev' }), undefined);
    assert.deepEqual(cancelEngine.calls.defaults, []);
    const cancelSave = fakeUi('artillery', () => undefined);
    assert.equal(await runExportFlow(cancelSave.ui, { ...base, text: DEMO, environment: 'dev' }), undefined);
    assert.deepEqual(cancelSave.calls.opened, []);
    const env = fakeUi('artillery', (d) => d);
    assert.equal(await runExportFlow(env.ui, { ...base, text: DEMO, environment: 'staging' }), undefined);
    assert.match(env.calls.errors[0]!, /unknown environment 'staging'/);
    const broken = fakeUi('artillery', (d) => d);
    assert.equal(await runExportFlow(broken.ui, { ...base, text: 'GET http://127.0.0.1:1/{{oops\n', environment: null }), undefined);
    assert.match(broken.calls.errors[0]!, /fix it before exporting/);
    assert.deepEqual([...env.calls.opened, ...broken.calls.opened], []);
  } finally {
    await ws.cleanup();
  }
});

test('after the engine the flow asks the virtual users, then the duration, with defaults shown', async () => {
  const ws = await workspace(DEMO);
  try {
    const { ui, calls } = fakeUi('k6', (def) => def);
    const req = { text: DEMO, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', files: createNodeFileReader(), processEnv: null };
    assert.equal(await runExportFlow(ui, req), join(ws.dir, 'demo.k6.js'));
    assert.deepEqual(calls.questions.map((q) => [q.title, q.value]), [
      ['Batch HTTP: Export for Load Testing (k6, 1/2)', '1'],
      ['Batch HTTP: Export for Load Testing (k6, 2/2)', ''],
    ]);
    assert.match(calls.questions[0]!.prompt, /default 1/);
    assert.match(calls.questions[1]!.prompt, /Empty \(the default\): each user runs the batch once/);
    // The defaults: one user running the batch once, as the CLI without --users/--duration.
    const js = await readFile(join(ws.dir, 'demo.k6.js'), 'utf8');
    assert.match(js, /"executor": "shared-iterations",\s*"vus": 1,\s*"iterations": 1/);
    assert.ok(calls.log.some((l) => l.includes('(1 virtual user, each running the batch once)')), calls.log.join('\n'));
  } finally {
    await ws.cleanup();
  }
});

test('the users and duration typed reach the k6 script (constant VUs) and the Artillery phases (arrival rate)', async () => {
  const ws = await workspace(DEMO);
  try {
    const base = { text: DEMO, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', files: createNodeFileReader(), processEnv: null };
    // DEMO has `@concurrency 4`: 3 users stay under that cap.
    const k6 = fakeUi('k6', (def) => def, ['3', '5m']);
    await runExportFlow(k6.ui, base);
    const js = await readFile(join(ws.dir, 'demo.k6.js'), 'utf8');
    const options = JSON.parse(/export const options = (\{[\s\S]*?\n\});/.exec(js)![1]!) as { scenarios: { batch: unknown } };
    assert.deepEqual(options.scenarios.batch, { executor: 'constant-vus', vus: 3, duration: '300s' });
    assert.ok(k6.calls.log.some((l) => l.includes('3 virtual users running the batch for 300 s')));
    const artillery = fakeUi('artillery', (def) => def, [' 2 ', '90']);
    await runExportFlow(artillery.ui, base);
    const doc = parse(await readFile(join(ws.dir, 'demo.artillery.yml'), 'utf8')) as { config: { phases: unknown[] } };
    assert.deepEqual(doc.config.phases, [{ name: 'batch', duration: 90, arrivalRate: 2, maxVusers: 2 }]);
    const fractional = fakeUi('k6', (def) => def, ['1', '1.5m']);
    await runExportFlow(fractional.ui, base);
    assert.match(await readFile(join(ws.dir, 'demo.k6.js'), 'utf8'), /"duration": "90s"/);
  } finally {
    await ws.cleanup();
  }
});

test('Escape at the engine, the users, the duration or the save dialog writes nothing', async () => {
  const ws = await workspace(DEMO);
  try {
    const base = { text: DEMO, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', files: createNodeFileReader(), processEnv: null };
    const before = (await readdir(ws.dir)).sort();
    const atEngine = fakeUi(undefined, (d) => d);
    const atUsers = fakeUi('k6', (d) => d, [undefined]);
    const atDuration = fakeUi('k6', (d) => d, ['10', undefined]);
    const atSave = fakeUi('artillery', () => undefined, ['10', '30s']);
    for (const f of [atEngine, atUsers, atDuration, atSave]) assert.equal(await runExportFlow(f.ui, base), undefined);
    assert.deepEqual([atEngine, atUsers, atDuration, atSave].map((f) => f.calls.questions.length), [0, 1, 2, 2]);
    assert.deepEqual([atEngine, atUsers, atDuration, atSave].map((f) => f.calls.defaults.length), [0, 0, 0, 1], 'the save dialog comes after both questions');
    for (const f of [atEngine, atUsers, atDuration, atSave]) {
      assert.deepEqual(f.calls.opened, []);
      assert.deepEqual(f.calls.errors, []);
      assert.deepEqual(f.calls.log, []);
    }
    assert.deepEqual((await readdir(ws.dir)).sort(), before, 'no file written');
  } finally {
    await ws.cleanup();
  }
});

test('the questions refuse what is not a user count or a duration', () => {
  const users = usersQuestion('k6');
  for (const ok of ['1', '50', ' 7 ', '1000000']) assert.equal(users.validate(ok), undefined, ok);
  for (const bad of ['0', '-3', '2.5', 'ten', '', '1000001', '1e3', 'Infinity', 'NaN']) {
    assert.equal(users.validate(bad), `Virtual users: a whole number from 1 to 1,000,000, not '${bad.trim()}'`, bad);
  }
  const duration = durationQuestion('Artillery');
  for (const ok of ['', '  ', '30', '30s', '5m', '1h', '1.5m', '2 m']) assert.equal(duration.validate(ok), undefined, ok);
  for (const bad of ['0', '0s', '-5m', '5 days', 'soon', '5d', 'Infinity', '1e3']) {
    assert.equal(duration.validate(bad), `Duration: a positive time such as 30s, 5m or 1h, or empty, not '${bad.trim()}'`, bad);
  }
});

test('an invalid answer keeps the box open (Escape then ends the flow); one that got through anyway is an error, nothing written', async () => {
  const ws = await workspace(DEMO);
  try {
    const base = { text: DEMO, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', files: createNodeFileReader(), processEnv: null };
    const before = (await readdir(ws.dir)).sort();
    const badUsers = fakeUi('k6', (d) => d, ['0']);
    assert.equal(await runExportFlow(badUsers.ui, base), undefined);
    assert.deepEqual(badUsers.calls.rejected, ["Virtual users: a whole number from 1 to 1,000,000, not '0'"]);
    const badDuration = fakeUi('artillery', (d) => d, ['5', '10 days']);
    assert.equal(await runExportFlow(badDuration.ui, base), undefined);
    assert.deepEqual(badDuration.calls.rejected, ["Duration: a positive time such as 30s, 5m or 1h, or empty, not '10 days'"]);
    // A UI that does not check: the flow checks again and says so.
    const unchecked = fakeUi('k6', (d) => d, ['many'], true);
    assert.equal(await runExportFlow(unchecked.ui, base), undefined);
    assert.deepEqual(unchecked.calls.errors, ["Batch HTTP: Virtual users: a whole number from 1 to 1,000,000, not 'many'; nothing was exported."]);
    const uncheckedDuration = fakeUi('k6', (d) => d, ['2', 'later'], true);
    assert.equal(await runExportFlow(uncheckedDuration.ui, base), undefined);
    assert.deepEqual(uncheckedDuration.calls.errors, ["Batch HTTP: Duration: a positive time such as 30s, 5m or 1h, or empty, not 'later'; nothing was exported."]);
    for (const f of [badUsers, badDuration, unchecked, uncheckedDuration]) assert.deepEqual([f.calls.defaults, f.calls.opened], [[], []]);
    assert.deepEqual((await readdir(ws.dir)).sort(), before, 'no file written');
  } finally {
    await ws.cleanup();
  }
});
