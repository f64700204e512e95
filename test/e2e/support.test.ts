// The end-to-end harness's own logic, tested without an editor: when the e2e tests run or
// skip, how the Results tree and the mocha output are read, the local test server, and the
// CI marker check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatConsole, mochaSummary } from './support/extension-host-suite';
import { gate } from './support/gate';
import { latestRunRequests } from './support/results-view';
import { startTestServer } from './support/test-server';
import type { TreeRow } from './support/workbench';

const row = (label: string, level: number, expanded: boolean | null = null, description = ''): TreeRow => ({ label, description, level, expanded, icons: [], ariaLabel: label });

test('gate: skips with the setup hint, fails under required, runs with a complete install', async () => {
  const home = await mkdtemp(join(tmpdir(), 'bh-e2e-gate-'));
  try {
    const skip = gate(null, { BATCH_HTTP_E2E_HOME: home });
    assert.equal(skip.kind, 'skip');
    assert.match(skip.kind === 'skip' ? skip.reason : '', /npm run test:e2e:setup/);
    const fail = gate(null, { BATCH_HTTP_E2E_HOME: home, BATCH_HTTP_E2E: 'required' });
    assert.equal(fail.kind, 'fail');
    assert.equal(gate(null, { BATCH_HTTP_E2E_HOME: home, BATCH_HTTP_E2E: 'off' }).kind, 'skip');

    const existing = process.execPath;
    await writeFile(join(home, 'install.json'), JSON.stringify({ codeServerVersion: '4.100.3', codeServer: existing, serverMain: existing, chromium: existing }));
    const run = gate(null, { BATCH_HTTP_E2E_HOME: home });
    assert.equal(run.kind, 'run');
    assert.equal(run.kind === 'run' ? run.install.codeServerVersion : '', '4.100.3');
    const partial = gate('no extension here', { BATCH_HTTP_E2E_HOME: home });
    assert.deepEqual(partial, { kind: 'skip', reason: 'no extension here' });
    assert.equal(gate('no extension here', { BATCH_HTTP_E2E_HOME: home, BATCH_HTTP_E2E: 'required' }).kind, 'fail');

    await writeFile(join(home, 'install.json'), JSON.stringify({ codeServer: join(home, 'gone'), serverMain: existing, chromium: existing }));
    const broken = gate(null, { BATCH_HTTP_E2E_HOME: home });
    assert.equal(broken.kind, 'skip');
    assert.match(broken.kind === 'skip' ? broken.reason : '', /codeServer .* does not exist/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('latestRunRequests: the newest run\'s request rows, not their details nor older runs', () => {
  const rows = [
    row('b.batch.http', 1, true),
    row('First', 2, true, '200 · 3 ms · 10 B'),
    row('URL', 3),
    row('Second', 2, false, 'TIMEOUT'),
    row('a.batch.http', 1, true),
    row('Old', 2, false),
  ];
  assert.deepEqual(latestRunRequests(rows).map((r) => r.label), ['First', 'Second']);
  assert.deepEqual(latestRunRequests([row('Only', 1), row('Flat', 1)]).map((r) => r.label), ['Only', 'Flat']);
  assert.deepEqual(latestRunRequests([row('run', 1, true)]), []);
  assert.deepEqual(latestRunRequests([]), []);
});

test('mocha output forwarded by the workbench is formatted and summarised', () => {
  assert.equal(formatConsole(['%c INFO', 'color: #33f', '  %d passing (%s)', 10, '7s'], 'raw'), '  10 passing (7s)');
  assert.equal(formatConsole(['plain %s', 'text'], 'raw'), 'plain text');
  assert.equal(formatConsole([], 'raw'), 'raw');
  const output = ['  Suite', '    ✔ one', '  10 passing (7s)', '  2 failing', '  1 pending'].join('\n');
  assert.deepEqual(mochaSummary(output), { passing: 10, failing: 2, pending: 1 });
  assert.deepEqual(mochaSummary('no summary'), { passing: 0, failing: 0, pending: 0 });
});

function get(url: string, abortAfterMs?: number): Promise<{ status: number; body: string } | 'aborted'> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (err) => (abortAfterMs !== undefined ? resolvePromise('aborted') : reject(err)));
    req.end();
    if (abortAfterMs !== undefined) setTimeout(() => req.destroy(), abortAfterMs);
  });
}

test('test server: routes, hit counts, slow requests held and aborted', async () => {
  const server = await startTestServer();
  try {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await get(`${server.origin}/users/7`), { status: 200, body: JSON.stringify({ id: 7, name: 'user 7' }) });
    assert.equal(((await get(`${server.origin}/status/503`)) as { status: number }).status, 503);
    assert.equal(((await get(`${server.origin}/bytes/2048`)) as { body: string }).body.length, 2048);
    assert.equal(((await get(`${server.origin}/nowhere`)) as { status: number }).status, 404);
    assert.equal(server.hits('/users/7'), 1);
    assert.equal(server.totalHits(), 4);

    const slow = get(`${server.origin}/slow?ms=60000`, 300);
    for (let i = 0; i < 100 && server.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.inFlight(), 1, 'the slow request is held open');
    assert.equal(await slow, 'aborted');
    for (let i = 0; i < 200 && server.aborted() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.aborted(), 1);
    assert.equal(server.inFlight(), 0);
    server.reset();
    assert.equal(server.totalHits(), 0);
  } finally {
    await server.close();
  }
});

test('check-e2e-ran: passes only for fresh, passed markers of every named test', async () => {
  const script = resolve('scripts', 'check-e2e-ran.mjs');
  const dir = await mkdtemp(join(tmpdir(), 'bh-e2e-marker-'));
  const check = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8' });
  const marker = (name: string, body: object) =>
    mkdir(join(dir, 'test-results', 'e2e', name), { recursive: true }).then(() => writeFile(join(dir, 'test-results', 'e2e', name, 'ran.json'), JSON.stringify(body)));
  try {
    const since = Date.now();
    let res = check(String(since), 'editor');
    assert.equal(res.status, 1);
    assert.match(res.stderr, /editor test did not run/);

    const good = { ranAt: new Date(since + 1000).toISOString(), passed: true, scenarios: [{ name: 'a', passed: true }], codeServerVersion: '4.100.3', durationMs: 1000 };
    await marker('editor', good);
    res = check(String(since), 'editor');
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /editor ran in code-server 4\.100\.3 and passed/);

    res = check(String(since), 'editor', 'extension-host');
    assert.equal(res.status, 1, 'a missing second marker fails');
    await marker('extension-host', { ...good, passed: false });
    assert.equal(check(String(since), 'editor', 'extension-host').status, 1, 'a failed run fails');
    await marker('extension-host', { ...good, ranAt: new Date(since - 60_000).toISOString() });
    assert.match(check(String(since), 'editor', 'extension-host').stderr, /before this run/);
    await marker('extension-host', good);
    assert.equal(check(String(since), 'editor', 'extension-host').status, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
