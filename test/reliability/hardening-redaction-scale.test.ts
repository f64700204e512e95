// Hardening (issue 13, item 8): secrets learned during a run cost near-linear work. The
// redactor counts its steps; 3,000 learned secrets, each redacted from a text right after it
// is learned, must stay within a small multiple of the characters involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import { buildPlan } from '../../src/core/parser';
import { toJsonReport } from '../../src/core/report';
import { runBatch } from '../../src/core/runner';
import { createNodeFileReader } from '../../src/core/system';
import { sendJson, startServer } from '../support/server';

/** JWT-like tokens: a long shared prefix, then a distinct part (the hard case for prefix buckets). */
function token(i: number): string {
  return `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLSR7aX0ifQ.${(i * 2654435761 >>> 0).toString(36)}-${i}`;
}

test('3,000 learned secrets: redaction work stays linear in the text and secrets seen', () => {
  const r = new Redactor();
  let chars = 0;
  for (let i = 0; i < 3000; i++) {
    const t = token(i);
    r.add([t, `Bearer ${t}`]);
    const text = `GET http://h/use?x=1 Authorization: Bearer ${t} then ${token(i >> 1)} and plain text of no interest`;
    chars += t.length * 2 + 7 + text.length;
    const out = r.text(text);
    assert.ok(!out.includes(t), out);
  }
  // A regular expression rebuilt per secret walks every earlier secret each time (~3000^2/2
  // secrets of ~60 characters: 2.7e8 steps); the tree stays within a few steps per character.
  assert.ok(r.work < 8 * chars, `work ${r.work} for ${chars} characters`);
});

test('3,000 login-then-use pairs finish with every learned token redacted, well within a generous bound', { timeout: 120_000 }, async () => {
  const server = await startServer((req, res) => {
    const m = /^\/login\/(\d+)$/.exec(req.url ?? '');
    if (m) sendJson(res, 200, { token: token(Number(m[1])) });
    else sendJson(res, 200, { ok: true });
  });
  try {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(`# @name login${i}`, `POST ${server.url}/login/${i}`, '', '###', `GET ${server.url}/use/${i}`, `Authorization: Bearer {{login${i}.response.body.$.token}}`, '', '###');
    }
    const plan = await buildPlan(lines.join('\n'), { filePath: '/tmp/pairs.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
    const started = process.cpuUsage();
    const report = await runBatch({ ...plan, settings: { ...plan.settings, concurrency: 32, perHost: 32 } });
    const cpu = process.cpuUsage(started);
    assert.equal(report.summary.succeeded, 6000);
    const learned = new Set(report.secrets);
    for (let i = 0; i < 3000; i++) assert.ok(learned.has(token(i)), `token ${i} is learned`);
    // The old redactor took about 49 s of CPU here; the bound is generous for a busy machine.
    const cpuS = (cpu.user + cpu.system) / 1e6;
    assert.ok(cpuS < 20, `run used ${cpuS.toFixed(1)} s of CPU`);
    const json = toJsonReport(report);
    for (const i of [0, 1499, 2999]) assert.ok(!json.includes(token(i)), `token ${i} shows`);
  } finally {
    await server.close();
  }
});
