// The tree shows a request's protocol (runs that offered HTTP/2) and the cookies the jar
// sent and received, values redacted; the run's redactor learns those values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCircuitOpen } from '../../src/extension/model/circuitGroups';
import { requestDetails } from '../../src/extension/model/details';
import { RunRecord } from '../../src/extension/model/runModel';
import { effectiveBatchSettings } from '../../src/core/parser/settings';
import { DEFAULT_USER_SETTINGS, planLayers, readUserSettings } from '../../src/extension/model/settings';
import { planned, result } from './fixtures';

test('protocol and cookies in the details; cookie values redacted there and in bodies shown later', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0), planned(1)], secrets: [] });
  run.apply({
    type: 'finished', index: 0, atMs: 5,
    result: result(0, 'succeeded', {
      httpVersion: '2',
      cookies: {
        sent: [{ name: 'sid', value: 'jar-value-123', domain: '127.0.0.1', path: '/' }],
        received: [{ name: 'csrf', value: 'csrf-value-456', domain: 'example.com', path: '/api' }],
      },
    }),
  });
  run.apply({ type: 'finished', index: 1, atMs: 6, result: result(1, 'succeeded') });
  const details = requestDetails(run.entry(0)!, run.redactor);
  const byLabel = Object.fromEntries(details.map((d) => [d.label, d]));
  assert.equal(byLabel.Protocol?.description, 'HTTP/2');
  assert.equal(byLabel.Cookies?.description, '1 sent · 1 received');
  assert.deepEqual(byLabel.Cookies?.children?.map((c) => `${c.label}: ${c.description}`), ['sent sid: *** · 127.0.0.1/', 'received csrf: *** · example.com/api']);
  assert.doesNotMatch(JSON.stringify(details), /jar-value-123|csrf-value-456/);
  assert.equal(run.redactor.text('{"echo":"jar-value-123"}'), '{"echo":"***"}', 'a body echoing the value is redacted');
  const plainLabels = requestDetails(run.entry(1)!, run.redactor).map((d) => d.label);
  assert.ok(!plainLabels.includes('Protocol') && !plainLabels.includes('Cookies'), 'nothing for a result without them');
});

test('batchHttp.http2 offers HTTP/2 like @http2; off, it leaves the file alone', () => {
  assert.equal(DEFAULT_USER_SETTINGS.http2, false);
  assert.equal(readUserSettings((k) => (k === 'http2' ? true : undefined)).http2, true);
  assert.equal(readUserSettings((k) => (k === 'http2' ? 'yes' : undefined)).http2, false);
  const settingsOf = (file: { http2?: boolean }, user = DEFAULT_USER_SETTINGS): boolean | undefined => {
    const { defaults, overrides } = planLayers(user);
    return effectiveBatchSettings(file, overrides, defaults).http2;
  };
  assert.equal(settingsOf({}, { ...DEFAULT_USER_SETTINGS, http2: true }), true);
  assert.equal(settingsOf({}), undefined);
  assert.equal(settingsOf({ http2: true }), true, "the file's @http2 stands with the setting off");
});

test('OPTIONS * in the tree: URL shows the origin then *, Protocol HTTP/1.1; circuit grouping finds its origin', () => {
  const url = 'http://127.0.0.1:7511*';
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0, { method: 'OPTIONS', url })], secrets: [] });
  run.apply({ type: 'finished', index: 0, atMs: 5, result: result(0, 'succeeded', { method: 'OPTIONS', url, httpVersion: '1.1' }) });
  const byLabel = Object.fromEntries(requestDetails(run.entry(0)!, run.redactor).map((d) => [d.label, d]));
  assert.equal(byLabel.URL?.description, 'OPTIONS http://127.0.0.1:7511*');
  assert.equal(byLabel.Protocol?.description, 'HTTP/1.1');
  const refused = { code: 'CIRCUIT_OPEN', message: 'circuit open for http://127.0.0.1:7511: 5 connections refused in a row' };
  const rows = [{ url, result: { error: refused } }, { url: 'http://127.0.0.1:7511/x', result: { error: refused } }];
  const grouped = groupCircuitOpen(rows);
  assert.equal(grouped.length, 1);
  assert.equal((grouped[0] as { origin: string }).origin, 'http://127.0.0.1:7511');
});
