// The trace log's per-request lines follow the run store's change event (runLog.ts): only
// the lines the logger's level lets through, secrets redacted, nothing after dispose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../../src/core/types';
import { RunRecord } from '../../src/extension/model/runModel';
import { RunStore } from '../../src/extension/model/runStore';
import { followRunLog } from '../../src/extension/runLog';
import { plan, planned, result } from './fixtures';

function logger(levels: string[]): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return {
    lines,
    logger: { enabled: (l) => levels.includes(l), trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

test('at Info a failed request and a retry are logged (redacted), a success is not; dispose stops it', () => {
  const store = new RunStore(5);
  const { logger: log, lines } = logger(['info', 'warn', 'error']);
  const subscription = followRunLog(store, log);
  const requests = [planned(0), planned(1, { name: 'login', method: 'POST', url: 'http://127.0.0.1:1/login?t=s3cret' })];
  const run = new RunRecord({ id: 'r1', file: '/w/api.batch.http', startedAt: new Date(0), secrets: ['s3cret'], requests });
  store.start(run, plan(requests));
  store.record(run, { type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  store.record(run, { type: 'retrying', index: 1, attempt: 2, delayMs: 180, reason: 'TIMEOUT', atMs: 2 });
  store.record(run, { type: 'finished', index: 1, result: result(1, 'failed', { name: 'login', method: 'POST', url: 'http://127.0.0.1:1/login?t=s3cret' }), atMs: 3 });
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'info #1 login retrying POST http://127.0.0.1:1/login?t=***: attempt 2 in 180 ms (TIMEOUT)');
  assert.match(lines[1]!, /^info #1 login failed: TIMEOUT POST http:\/\/127\.0\.0\.1:1\/login\?t=\*\*\* · 1 attempt/);
  assert.ok(!lines.join('\n').includes('s3cret'));
  subscription.dispose();
  store.record(run, { type: 'finished', index: 1, result: result(1, 'failed'), atMs: 4 });
  assert.equal(lines.length, 2);
});

test('at Debug the succeeded request is logged too', () => {
  const store = new RunStore(5);
  const { logger: log, lines } = logger(['debug', 'info']);
  followRunLog(store, log);
  const run = new RunRecord({ id: 'r1', file: '/w/api.batch.http', startedAt: new Date(0), secrets: [], requests: [planned(0)] });
  store.start(run, plan([planned(0)]));
  store.record(run, { type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^debug #0 succeeded: 200 GET http:\/\/127\.0\.0\.1:1\/r0/);
});
