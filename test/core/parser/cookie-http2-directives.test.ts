// @no-cookie-jar (request and file header, section 12) and @http2 (batch, section 13 item 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, parseDocument } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';

function plan(text: string, http2?: boolean) {
  return buildPlan(text, { filePath: '/tmp/d.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null, overrides: http2 === undefined ? {} : { http2 } });
}

test('@no-cookie-jar on a request marks that request only; no diagnostics', async () => {
  const p = await plan(['###', 'GET http://h/a', '', '###', '# @no-cookie-jar', 'GET http://h/b', ''].join('\n'));
  assert.deepEqual(p.diagnostics, []);
  assert.equal(p.requests[0]!.cookieJar, undefined, 'absent means the jar is used');
  assert.equal(p.requests[1]!.cookieJar, false);
  assert.equal(p.settings.cookieJar, undefined);
});

test('@no-cookie-jar in the file header turns the jar off for the batch; @http2 offers HTTP/2', async () => {
  const p = await plan(['# @no-cookie-jar', '# @http2', '', '###', 'GET https://h/a HTTP/1.1', ''].join('\n'));
  assert.deepEqual(p.diagnostics, []);
  assert.equal(p.settings.cookieJar, false);
  assert.equal(p.settings.http2, true);
  assert.deepEqual(Object.keys(p.settings).slice(0, 7), ['concurrency', 'perHost', 'timeoutMs', 'deadlineMs', 'retries', 'rate', 'bail']);
});

test('without them the settings keep the fields of cli.md only; --http2 (the override) sets http2', async () => {
  const text = ['###', 'GET https://h/a HTTP/2', ''].join('\n');
  const plain = await plan(text);
  assert.deepEqual(Object.keys(plain.settings), ['concurrency', 'perHost', 'timeoutMs', 'deadlineMs', 'retries', 'rate', 'bail']);
  assert.equal((await plan(text, true)).settings.http2, true);
  assert.equal((await plan(text, false)).settings.http2, undefined);
});

test('flags take no value; @http2 inside a request is a batch directive out of place', () => {
  const doc = parseDocument(['# @no-cookie-jar yes', '', '###', '# @http2', '# @no-cookie-jar please', 'GET http://h/a', ''].join('\n'));
  const messages = doc.diagnostics.map((d) => `${d.line} ${d.severity} ${d.message}`);
  assert.ok(messages.some((m) => /^1 error @no-cookie-jar takes no value/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^4 warning @http2 is a batch directive/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^5 error @no-cookie-jar takes no value/.test(m)), messages.join('\n'));
  assert.equal(doc.batchSettings.cookieJar, undefined);
  assert.equal(doc.blocks[0]!.settings.cookieJar, undefined);
});
