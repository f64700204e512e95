import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseDurationSeconds } from '../../src/cli/commands/export';
import { DEMO, workspace } from '../core/export/fixture';

/** The built CLI (npm test bundles it before running the tests). */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

function cli(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('export writes the scenario and its files, and prints what does not carry over', async () => {
  const ws = await workspace(DEMO);
  try {
    const outFile = join(ws.dir, 'load', 'test.yml');
    const r = await cli(['export', ws.file, '--to', 'artillery', '-o', outFile, '--env', 'dev', '-u', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual((await readdir(join(ws.dir, 'load'))).sort(), ['test.functions.js', 'test.users_rows.csv', 'test.yml']);
    assert.match(r.stderr, /demo\.batch\.http:3:1: warning: @retries is not carried over/);
    assert.match(r.stderr, /wrote .*test\.yml/);
    const yml = await readFile(outFile, 'utf8');
    assert.match(yml, /arrivalCount: 2/);
    const k6 = await cli(['export', 'demo.batch.http', '--to', 'k6', '--env', 'dev', '--duration', '2m', '--users', '3'], ws.dir);
    assert.equal(k6.code, 0, k6.stderr);
    const script = await readFile(join(ws.dir, 'demo.k6.js'), 'utf8');
    assert.match(script, /"duration": "120s"/);
  } finally {
    await ws.cleanup();
  }
});

test('usage errors, unknown environments and files with errors exit 2 and write nothing', async () => {
  const broken = `GET http://127.0.0.1:1/{{oops\n`;
  const cycle = `### A\n# @name a\n# @depends-on b\nGET http://127.0.0.1:1/a\n\n### B\n# @name b\n# @depends-on a\nGET http://127.0.0.1:1/b\n`;
  const ws = await workspace(DEMO, { 'broken.batch.http': broken, 'cycle.batch.http': cycle });
  try {
    const noEngine = await cli(['export', ws.file]);
    assert.equal(noEngine.code, 2);
    assert.match(noEngine.stderr, /--to needs one of artillery, k6/);
    const badEngine = await cli(['export', ws.file, '--to', 'jmeter']);
    assert.equal(badEngine.code, 2);
    assert.match(badEngine.stderr, /not 'jmeter'/);
    const both = await cli(['export', ws.file, '--to', 'k6', '--users', '2', '--arrival-rate', '3']);
    assert.equal(both.code, 2);
    const badUsers = await cli(['export', ws.file, '--to', 'k6', '--users', '0']);
    assert.equal(badUsers.code, 2);
    const env = await cli(['export', ws.file, '--to', 'k6', '--env', 'nope']);
    assert.equal(env.code, 2);
    assert.match(env.stderr, /unknown environment 'nope'/);
    const errors = await cli(['export', join(ws.dir, 'broken.batch.http'), '--to', 'k6']);
    assert.equal(errors.code, 2);
    assert.match(errors.stderr, /broken\.batch\.http:1:\d+: error: /);
    const cyclic = await cli(['export', join(ws.dir, 'cycle.batch.http'), '--to', 'artillery']);
    assert.equal(cyclic.code, 2, 'a batch that cannot run is not exported');
    assert.match(cyclic.stderr, /cycle\.batch\.http:\d+:\d+: error: .*(cycle|depend)/i);
    assert.equal(existsSync(join(ws.dir, 'cycle.artillery.yml')), false);
    const missing = await cli(['export', join(ws.dir, 'missing.batch.http'), '--to', 'k6']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    assert.equal(existsSync(join(ws.dir, 'demo.k6.js')), false);
    assert.equal(existsSync(join(ws.dir, 'broken.k6.js')), false);
    const help = await cli(['export', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--to ENGINE/);
  } finally {
    await ws.cleanup();
  }
});

test('--duration takes seconds or a unit', () => {
  assert.equal(parseDurationSeconds('90'), 90);
  assert.equal(parseDurationSeconds('1.5m'), 90);
  assert.equal(parseDurationSeconds('2h'), 7200);
  assert.equal(parseDurationSeconds(undefined), undefined);
  assert.throws(() => parseDurationSeconds('0'), /positive time/);
  assert.throws(() => parseDurationSeconds('5 days'), /positive time/);
});
