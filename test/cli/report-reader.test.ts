// The streaming reader of an earlier JSON report (`--resume`) and the identity check of its results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonReport, ReportFormatError } from '../../src/cli/report-reader';
import { jsonResult, jsonResultText, toJsonReport } from '../../src/core/report';
import { ResultSpool } from '../../src/cli/result-spool';
import { Redactor } from '../../src/core/redact';
import { carriedResult, identityMismatch, sameUrl } from '../../src/core/resume';
import type { BatchPlan, PlannedRequest } from '../../src/core/types';
import { loadResume } from '../../src/cli/resume';
import { makeReport, makeResult } from '../support/results';

async function withFile(text: string | Buffer, fn: (path: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-reader-'));
  try {
    const path = join(dir, 'r.json');
    await writeFile(path, text);
    fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('each result comes out as its own bytes, strings with quotes, brackets and escapes included', async () => {
  const results = [0, 1, 2].map((i) =>
    makeResult({ index: i, body: new TextEncoder().encode(i === 1 ? 'a "quoted" ] } [ { \\ body\n' : `plain ${i}`) }),
  );
  const text = toJsonReport(makeReport(results));
  await withFile(text, (path) => {
    const raws: string[] = [];
    const head = readJsonReport(path, (raw) => raws.push(raw.toString('utf8')));
    assert.equal(raws.length, 3);
    const expected = JSON.parse(text) as { results: unknown[]; summary: unknown; version: number };
    assert.deepEqual(raws.map((r) => JSON.parse(r)), expected.results);
    // The bytes are the report's own: the fragments are found verbatim in its text.
    for (const raw of raws) assert.ok(text.includes(raw));
    assert.deepEqual(head.results, []);
    assert.deepEqual(head.summary, expected.summary);
    assert.equal(head.version, 1);
  });
});

test('a report bigger than the read window, with results and keys cut at every kind of place', async () => {
  const big = 'x'.repeat(700_000);
  const results = Array.from({ length: 6 }, (_, i) => makeResult({ index: i, body: new TextEncoder().encode(`${big}\\"${i}`) }));
  const text = toJsonReport(makeReport(results));
  await withFile(text, (path) => {
    const seen: number[] = [];
    readJsonReport(path, (raw) => seen.push((JSON.parse(raw.toString('utf8')) as { index: number }).index));
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
  });
});

test('a file that is not a complete JSON report is refused with the reason', async () => {
  const text = toJsonReport(makeReport([makeResult({ index: 0 })]));
  const cases: [string, RegExp][] = [
    [text.slice(0, text.length - 10), /ends early/],
    ['[1, 2]', /not a JSON object/],
    ['{"version": 1}', /no "results" array/],
    ['{"results": [1]}', /not an object/],
    ['{"results": [], "x": nul}', /not valid JSON/],
  ];
  for (const [body, reason] of cases) {
    await withFile(body, (path) => {
      assert.throws(() => readJsonReport(path, () => undefined), (err: Error) => err instanceof ReportFormatError && reason.test(err.message), body);
    });
  }
});

function planned(): PlannedRequest {
  return { index: 3, name: 'get', title: 'one', line: 7, method: 'GET', url: 'http://h/x/1', hasResponseRefs: false } as PlannedRequest;
}

test('the identity of a result: every field compared, URLs as the report shows them', () => {
  const redactor = new Redactor(['s3cret-value']);
  const p = planned();
  const same = { index: 3, name: 'get', title: 'one', line: 7, method: 'GET', url: 'http://h/x/1' };
  assert.equal(identityMismatch(p, same, redactor), null);
  assert.equal(identityMismatch(p, { ...same, line: 8 }, redactor), "request 3 (line 7): line was '8', now '7'");
  assert.equal(identityMismatch(p, { ...same, name: null }, redactor), "request 3 (line 7): name was none, now 'get'");
  assert.match(identityMismatch(p, { ...same, url: 'http://h/x/2' }, redactor)!, /url was 'http:\/\/h\/x\/2', now 'http:\/\/h\/x\/1'/);
  // Secrets and userinfo are redacted before comparing, and in the message.
  const secret = { ...p, url: 'http://me:pw@h/?k=s3cret-value' };
  assert.ok(sameUrl(secret, 'http://***@h/?k=***', redactor));
  assert.doesNotMatch(identityMismatch(secret, { ...same, url: 'http://other/' }, redactor)!, /s3cret|pw/);
  // Response values substituted at run time, and secrets learned from a response.
  const withRef = { ...p, url: 'http://h/b?t={{login.response.body.$.token}}', hasResponseRefs: true };
  assert.ok(sameUrl(withRef, 'http://h/b?t=abc123', redactor));
  assert.ok(!sameUrl(withRef, 'http://h/c?t=abc123', redactor));
  assert.ok(sameUrl({ ...p, url: 'http://h/b?t=tok-learned' }, 'http://h/b?t=***', redactor));
});

test('a carried result counts for the summary and has no place on this run\'s timeline', () => {
  const r = carriedResult({
    index: 2, name: null, title: null, line: 4, method: 'GET', url: 'http://h/', outcome: 'succeeded', status: 200, attempts: 2,
    durationMs: 12.5, timings: { queuedMs: 0.1, dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: 10, downloadMs: 1, totalMs: 12.5, reused: true }, trace: null, error: null, responseHeaders: { a: 'b' },
    bodyBytes: 10, body: 'x', truncated: false, assertions: [],
  });
  assert.equal(r.outcome, 'succeeded');
  assert.equal(r.durationMs, 12.5);
  assert.equal(r.attempts, 2);
  assert.equal(r.startedAtMs, null);
  assert.equal(r.body, null);
});

test('the spool: carried results (their bytes as they stand) and this run\'s give the same report as one run', () => {
  const all = Array.from({ length: 40 }, (_, i) => makeResult({ index: i, url: `http://h/${i}`, body: new TextEncoder().encode(`body ${i} "q" é`) }));
  const report = makeReport(all);
  const spool = new ResultSpool(all.length, []);
  try {
    const redactor = new Redactor([]);
    // Every third result comes from an earlier report, the others finish in a scrambled order.
    for (const r of all) if (r.index % 3 === 0) spool.carry(r.index, Buffer.from(jsonResultText(jsonResult(r, redactor)).replace(/^\n {4}/, '')));
    const rest = all.filter((r) => r.index % 3 !== 0);
    for (let i = 0; i < rest.length; i++) spool.add(rest[(i * 7) % rest.length]!);
    const text = Buffer.concat(Array.from(spool.reportChunks({ ...report, results: [] }), (c) => Buffer.from(c))).toString('utf8');
    assert.equal(text, toJsonReport(report));
  } finally {
    spool.close();
  }
});

test('a carried result replaced by this run\'s (a dependency sent again) appears once, as this run\'s', () => {
  const old = makeResult({ index: 0, status: 200, body: new TextEncoder().encode('old') });
  const now = makeResult({ index: 0, status: 201, body: new TextEncoder().encode('new') });
  const spool = new ResultSpool(1, []);
  try {
    spool.carry(0, Buffer.from(jsonResultText(jsonResult(old, new Redactor([]))).trimStart()));
    spool.add(now);
    const text = Buffer.concat(Array.from(spool.reportChunks(makeReport([now])), (c) => Buffer.from(c))).toString('utf8');
    assert.equal(text, toJsonReport(makeReport([now])));
  } finally {
    spool.close();
  }
});

test('loadResume: a secret of this plan that shows in clear in a carried result is redacted, other results are copied as they are', async () => {
  const results = [0, 1].map((i) => makeResult({ index: i, url: `http://h/${i}`, body: new TextEncoder().encode(i === 0 ? 'token=tok-secret-42' : 'plain') }));
  const text = toJsonReport(makeReport(results));
  const requests = results.map((r) => ({ index: r.index, name: null, title: null, line: 1, method: 'GET', url: r.url, hasResponseRefs: false, dependsOn: [] }));
  const plan = { file: 'f.batch.http', requests, secrets: ['tok-secret-42'] } as unknown as BatchPlan;
  await withFile(text, (path) => {
    const carried = new Map<number, string>();
    const resumed = loadResume(path, 'r.json', plan, (i, raw) => carried.set(i, raw.toString('utf8')));
    assert.deepEqual(resumed.rerun, []);
    assert.equal(resumed.carried, 2);
    assert.doesNotMatch(carried.get(0)!, /tok-secret-42/);
    assert.equal((JSON.parse(carried.get(0)!) as { body: string }).body, 'token=***');
    assert.ok(text.includes(carried.get(1)!), 'copied byte for byte');
    // Re-rendered with the report's own indentation.
    assert.ok(carried.get(0)!.includes('\n      "index": 0,'), carried.get(0));
  });
});
