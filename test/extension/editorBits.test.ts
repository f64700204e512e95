// The editor-free parts of the status bars, the trace log, the results tree labels and
// filter, plain .http files, the export formats and the environment file lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import type { RunEvent } from '../../src/core/types';
import { findEnvironmentFiles, type EnvFileSystem } from '../../src/extension/model/envFiles';
import { EXPORT_FORMATS, exportFileName } from '../../src/extension/model/exportFormats';
import { isRunnableFile, showLenses } from '../../src/extension/model/plainHttp';
import { levelOf, runLogLine } from '../../src/extension/model/runLog';
import { readUserSettings } from '../../src/extension/model/settings';
import { environmentStatus, preparingStatus, runAccessibilityLabel } from '../../src/extension/model/statusText';
import { emptyFilterText, entryDescription, entryLabel, visibleEntries } from '../../src/extension/model/treeEntries';
import { planned, result } from './fixtures';

test('environment status: the selection, none, and a selection no file defines', () => {
  const dev = environmentStatus('dev', ['dev', 'prod']);
  assert.equal(dev.text, '$(server-environment) dev');
  assert.equal(dev.warning, false);
  assert.equal(dev.accessibilityLabel, 'Batch HTTP environment: dev. Activate to select another environment.');
  const none = environmentStatus(null, ['dev']);
  assert.match(none.text, /No environment/);
  assert.match(none.tooltip, /Defined: dev/);
  const gone = environmentStatus('qa', ['dev']);
  assert.equal(gone.warning, true);
  assert.match(gone.text, /qa \(not defined\)/);
  assert.equal(environmentStatus('qa', null).warning, false, 'unknown until the files are read');
  for (const s of [dev, none, gone]) assert.doesNotMatch(s.accessibilityLabel, /\$\(|\//, 'plain words: no icons, no slashes');
});

test('run status in plain words for screen readers', () => {
  const base = { fileName: 'a.batch.http', total: 100, done: 37, succeeded: 35, failed: 2, cancelled: 0, skipped: 0, error: null };
  assert.equal(runAccessibilityLabel({ ...base, running: true }), 'Batch HTTP is running a.batch.http: 37 of 100 requests done, 2 failed. Activate to show the results.');
  assert.equal(runAccessibilityLabel({ ...base, running: false, cancelled: 63 }), 'Batch HTTP finished a.batch.http: 35 succeeded, 2 failed, 63 cancelled. Activate to show the results.');
  assert.match(runAccessibilityLabel({ ...base, running: false, error: 'boom' }), /stopped: boom/);
  assert.match(runAccessibilityLabel({ ...base, total: 1, running: true }), /of 1 request done/);
});

test('trace log: failures and retries at Info, successes, skipped and cancelled at Debug, secrets redacted', () => {
  const redactor = new Redactor(['s3cret-token']);
  const req = planned(3, { name: 'login', method: 'POST', url: 'http://h/login?t=s3cret-token' });
  const failed: RunEvent = {
    type: 'finished', index: 3, atMs: 9,
    result: result(3, 'failed', { name: 'login', method: 'POST', url: 'http://h/login?t=s3cret-token', attempts: 3, durationMs: 250, error: { code: 'TIMEOUT', message: 'no answer within 250 ms' } }),
  };
  assert.equal(levelOf(failed), 'info');
  const line = runLogLine(failed, redactor, () => req)!;
  assert.equal(line.level, 'info');
  assert.equal(line.text, '#3 login failed: TIMEOUT POST http://h/login?t=*** · 3 attempts · 250 ms · TIMEOUT: no answer within 250 ms');
  const status: RunEvent = { type: 'finished', index: 4, atMs: 9, result: result(4, 'failed', { status: 503, attempts: 1, error: { code: 'UNEXPECTED_STATUS', message: 'status 503' } }) };
  assert.match(runLogLine(status, redactor, () => undefined)!.text, /^#4 failed: 503 GET http:\/\/127\.0\.0\.1:1\/r4 · 1 attempt · 10 ms/);
  const ok: RunEvent = { type: 'finished', index: 0, atMs: 9, result: result(0, 'succeeded') };
  assert.equal(levelOf(ok), 'debug');
  assert.match(runLogLine(ok, redactor, () => undefined)!.text, /^#0 succeeded: 200 GET /);
  const skipped: RunEvent = { type: 'finished', index: 1, atMs: 9, result: result(1, 'skipped') };
  assert.equal(runLogLine(skipped, redactor, () => undefined)!.level, 'debug');
  const retry: RunEvent = { type: 'retrying', index: 3, attempt: 2, delayMs: 180, reason: 'TIMEOUT with s3cret-token', atMs: 5 };
  assert.equal(levelOf(retry), 'info');
  assert.equal(runLogLine(retry, redactor, () => req)!.text, '#3 login retrying POST http://h/login?t=***: attempt 2 in 180 ms (TIMEOUT with ***)');
  const queued: RunEvent = { type: 'queued', index: 0, request: req, atMs: 0 };
  assert.equal(levelOf(queued), null);
  assert.equal(runLogLine(queued, redactor, () => req), null);
});

test('tree: copies labelled by index and row, status and time first, the failed-only filter', () => {
  assert.equal(entryLabel({ label: 'Get user', copyIndex: 17, copyRow: 'id=42' }), '#17 · id=42 · Get user');
  assert.equal(entryLabel({ label: 'Ping', copyIndex: 3 }), '#3 · Ping');
  assert.equal(entryLabel({ label: 'Ping', copyIndex: null, copyRow: 'x=1' }), 'Ping');
  const d = (over: Partial<Parameters<typeof entryDescription>[0]>): string =>
    entryDescription({ state: 'failed', status: null, durationMs: 250, bodyBytes: 0, errorCode: 'TIMEOUT', attempt: 3, ...over });
  assert.equal(d({}), 'TIMEOUT');
  assert.equal(d({ state: 'succeeded', status: 200, errorCode: null, durationMs: 12, bodyBytes: 2048 }), '200 · 12 ms · 2.0 KB');
  assert.equal(d({ state: 'failed', status: 503, errorCode: 'UNEXPECTED_STATUS', durationMs: 1500, bodyBytes: 10 }), '503 · 1.5 s · 10 B');
  assert.equal(d({ state: 'retrying', attempt: 2 }), 'retrying (attempt 2)');
  const entries = (['succeeded', 'failed', 'running', 'skipped', 'cancelled', 'queued'] as const).map((state, i) => ({ state, i }));
  assert.deepEqual(visibleEntries(entries, true).map((e) => e.i), [1, 3, 4]);
  assert.equal(visibleEntries(entries, false).length, 6);
  assert.notEqual(emptyFilterText(true), emptyFilterText(false));
});

test('plain .http files: runnable; CodeLenses by the setting, auto yields to REST Client and httpYac', () => {
  assert.ok(isRunnableFile('/w/a.http', 'http'));
  assert.ok(isRunnableFile('/w/a.REST', 'plaintext'));
  assert.ok(isRunnableFile('/w/untitled-1', 'batch-http'));
  assert.ok(!isRunnableFile('/w/a.json', 'json'));
  const none = (): boolean => false;
  const restClient = (id: string): boolean => id === 'humao.rest-client';
  const httpYac = (id: string): boolean => id === 'anweber.vscode-httpyac';
  assert.equal(showLenses('/w/a.http', 'http', 'auto', none), true);
  assert.equal(showLenses('/w/a.http', 'http', 'auto', restClient), false);
  assert.equal(showLenses('/w/a.rest', 'http', 'auto', httpYac), false);
  assert.equal(showLenses('/w/a.http', 'http', 'on', restClient), true);
  assert.equal(showLenses('/w/a.http', 'http', 'off', none), false);
  assert.equal(showLenses('/w/a.batch.http', 'batch-http', 'off', restClient), true, '.batch.http files always have them');
  assert.equal(showLenses('/w/a.txt', 'plaintext', 'on', none), false);
  assert.equal(readUserSettings((k) => (k === 'codeLens.plainHttp' ? 'on' : undefined)).plainHttpLens, 'on');
  assert.equal(readUserSettings((k) => (k === 'codeLens.plainHttp' ? 'sometimes' : undefined)).plainHttpLens, 'auto');
});

test('export formats: JSON, JUnit and HTML with their file names', () => {
  assert.deepEqual(EXPORT_FORMATS.map((f) => f.format), ['json', 'junit', 'html', 'openmetrics']);
  assert.equal(exportFileName('users.batch.http', EXPORT_FORMATS[3]!), 'users.results.prom');
  assert.equal(exportFileName('users.batch.http', EXPORT_FORMATS[1]!), 'users.results.xml');
  assert.equal(exportFileName('api.http', EXPORT_FORMATS[2]!), 'api.results.html');
  assert.equal(exportFileName('api.rest', EXPORT_FORMATS[0]!), 'api.results.json');
});

test('environment files: the nearest of each up to the workspace root, .env and NAME.env, env/ folders', async () => {
  const files: Record<string, string> = {
    '/w/http-client.env.json': '{"dev":{}}',
    '/w/sub/http-client.env.json': '{"near":{}}',
    '/w/http-client.private.env.json': '{}',
    '/w/.env': 'A=1',
    '/w/sub/env/staging.env': 'B=2',
    '/w/staging.env': 'B=far',
    '/outside/.env': 'X=1',
  };
  const fs: EnvFileSystem = {
    list: async (dir) => {
      const names = new Set<string>();
      for (const p of Object.keys(files)) if (p.startsWith(`${dir}/`)) names.add(p.slice(dir.length + 1).split('/')[0]!);
      return [...names];
    },
    read: async (p) => files[p] ?? null,
  };
  const found = await findEnvironmentFiles('/w/sub/deep/a.batch.http', '/w', fs);
  const byKey = Object.fromEntries(found.map((f) => [`${f.kind}:${f.environment ?? ''}`, f.path]));
  assert.deepEqual(byKey, {
    'public:': '/w/sub/http-client.env.json',
    'private:': '/w/http-client.private.env.json',
    'dotenv:$shared': '/w/.env',
    'dotenv:staging': '/w/sub/env/staging.env',
  });
  const outside = await findEnvironmentFiles('/elsewhere/a.http', '/w', fs);
  assert.deepEqual(outside, [], 'a file outside the workspace looks only in its own folder');
});

test('while a run is prepared the status item spins and says so in plain words', () => {
  const s = preparingStatus('users.batch.http');
  assert.match(s.text, /^\$\(loading~spin\) Batch HTTP: preparing/);
  assert.match(s.tooltip, /users\.batch\.http/);
  assert.equal(s.accessibilityLabel, 'Batch HTTP is preparing the run of users.batch.http.');
  assert.doesNotMatch(s.accessibilityLabel, /\$\(/);
});
