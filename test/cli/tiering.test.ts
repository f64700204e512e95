// V8 tiering for short runs (src/cli/tiering.ts): which runs get the larger interrupt budget,
// the switch that turns it off, and the `run` command applying it (said on its debug log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHORT_RUN_INTERRUPT_BUDGET, SHORT_RUN_MAX_REQUESTS, tieringFlag, tuneTiering } from '../../src/cli/tiering';
import { runCli } from '../support/cli';
import { sendJson, withServer } from '../support/server';

const FLAG = `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`;

test('runs up to the limit get the larger budget; larger, empty and odd sizes keep the default', () => {
  const cases: [number, string | null][] = [
    [1, FLAG],
    [2000, FLAG],
    [SHORT_RUN_MAX_REQUESTS, FLAG],
    [SHORT_RUN_MAX_REQUESTS + 1, null],
    [20_000, null],
    [0, null],
    [-3, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ];
  for (const [requests, want] of cases) assert.equal(tieringFlag(requests, {}), want, `${requests} requests`);
});

test('BATCH_HTTP_V8_TIERING=0 keeps the default for every run; other values do not', () => {
  assert.equal(tieringFlag(10, { BATCH_HTTP_V8_TIERING: '0' }), null);
  assert.equal(tieringFlag(10, { BATCH_HTTP_V8_TIERING: '1' }), FLAG);
});

test('tuneTiering sets the flag only for a short run and logs what it chose', () => {
  const set: string[] = [];
  const logged: string[] = [];
  const logger = { debug: (m: string) => logged.push(m) };
  tuneTiering(100, {}, logger, (f) => set.push(f));
  tuneTiering(100_000, {}, logger, (f) => set.push(f));
  assert.deepEqual(set, [FLAG]);
  assert.equal(logged.length, 2);
  assert.match(logged[0]!, new RegExp(`${FLAG} for a run of 100 requests`));
  assert.match(logged[1]!, /default for a run of 100000 requests/);
});

test('batch-http run applies it: the debug log names the flag, and BATCH_HTTP_V8_TIERING=0 keeps the default', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, { ok: true }));
  const dir = await mkdtemp(join(tmpdir(), 'bh-tiering-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'three.batch.http'), `### a\nGET ${server.url}/a\n\n### b\nGET ${server.url}/b\n\n### c\nGET ${server.url}/c\n`);
  const short = await runCli(['run', 'three.batch.http', '-q'], dir, { env: { BATCH_HTTP_LOG: 'debug' } });
  assert.equal(short.code, 0, short.stderr);
  assert.match(short.stderr, new RegExp(`V8 tiering: ${FLAG} for a run of 3 requests`));
  const off = await runCli(['run', 'three.batch.http', '-q'], dir, { env: { BATCH_HTTP_LOG: 'debug', BATCH_HTTP_V8_TIERING: '0' } });
  assert.equal(off.code, 0, off.stderr);
  assert.match(off.stderr, /V8 tiering: default for a run of 3 requests/);
  assert.equal(server.seen.length, 6, 'both runs sent every request');
});
