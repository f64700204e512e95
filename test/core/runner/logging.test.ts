import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { Logger } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { sendJson, withServer } from '../../support/server';

function recordingLogger(level: 'trace' | 'warn'): Logger & { lines: string[] } {
  const order = ['trace', 'debug', 'info', 'warn', 'error'];
  const lines: string[] = [];
  const at = (l: string) => (m: string) => {
    if (order.indexOf(l) < order.indexOf(level)) throw new Error(`formatted below the level: ${l} ${m}`);
    lines.push(`${l}: ${m}`);
  };
  return {
    lines,
    enabled: (l) => order.indexOf(l) >= order.indexOf(level),
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

test('a trace line per event, with secrets redacted', async (t) => {
  let calls = 0;
  const server = await withServer(t, (_req, res) => sendJson(res, ++calls === 1 ? 503 : 200, {}));
  const plan = makePlan(
    [{ url: `http://user:pa55word@127.0.0.1:${server.port}/x?key=topsecretvalue`, name: 'one', retries: 1 }],
    {},
    ['topsecretvalue'],
  );
  const logger = recordingLogger('trace');
  const report = await runBatch(plan, { logger, random: () => 0 });
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(server.seen[0].headers.authorization, `Basic ${Buffer.from('user:pa55word').toString('base64')}`, 'userinfo becomes Basic auth');
  const text = logger.lines.join('\n');
  assert.doesNotMatch(text, /topsecretvalue|pa55word/);
  assert.match(text, /#0 one queued GET/);
  assert.match(text, /#0 one attempt 1 started GET http:\/\/\*\*\*@127\.0\.0\.1/);
  assert.match(text, /retrying .*attempt 2 in 100 ms \(status 503\)/);
  assert.match(text, /#0 one succeeded \| GET .* \| status 200 \| .* ms \| 2 attempts/);
  assert.doesNotMatch(report.results[0].url, /pa55word/);
});

test('nothing is formatted below the active level; --insecure is a warning', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, {}));
  const logger = recordingLogger('warn');
  await runBatch(makePlan([{ url: `${server.url}/a` }]), { logger, rejectUnauthorized: false });
  assert.equal(logger.lines.length, 1);
  assert.match(logger.lines[0], /^warn: TLS certificate verification is off/);
});
