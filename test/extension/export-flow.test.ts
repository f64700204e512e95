import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFile } from 'node:fs/promises';
import type { ExportEngine } from '../../src/core/export';
import { createNodeFileReader } from '../../src/core/system';
import { runExportFlow, type EngineItem, type ExportUi } from '../../src/extension/export/flow';
import { DEMO, workspace } from '../core/export/fixture';

function fakeUi(engine: ExportEngine | undefined, outFile: (def: string) => string | undefined) {
  const calls = { engines: [] as string[], defaults: [] as string[], opened: [] as string[], errors: [] as string[], warnings: [] as string[], log: [] as string[] };
  const ui: ExportUi = {
    async pickEngine(items: readonly EngineItem[]) {
      calls.engines = items.map((i) => i.engine);
      return engine;
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
