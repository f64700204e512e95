// W3C trace context in a run (format spec, section 10), against a real local server: a
// traceparent on every attempt (retries included) with one trace id and distinct span ids,
// the hops of a redirect sharing their attempt's span, a request's own header kept, none
// without the directive; results, attempts and the trace log carry the ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { Logger } from '../../../src/core/types';
import { parseTraceparent, type RandomBytes } from '../../../src/core/trace-context';
import { makePlan } from '../../support/plan';
import { startServer, type TestServer } from '../../support/server';

let server: TestServer;
const tries = new Map<string, number>();

before(async () => {
  server = await startServer((req, res) => {
    const url = req.url ?? '/';
    const n = (tries.get(url) ?? 0) + 1;
    tries.set(url, n);
    if (url.startsWith('/flaky')) return void res.writeHead(n < 3 ? 503 : 200, { 'retry-after': '0' }).end('x');
    if (url.startsWith('/redirect')) return void res.writeHead(302, { location: '/landed' }).end();
    res.writeHead(200).end('ok');
  });
});

after(() => server.close());

const traced = { traceparent: true } as const;

function headersOf(path: string): (string | undefined)[] {
  return server.seen.filter((s) => s.url === path).map((s) => s.headers.traceparent as string | undefined);
}

function captureLog(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (m: string): void => void lines.push(m);
  return { lines, logger: { enabled: () => true, trace: log, debug: log, info: log, warn: log, error: log } };
}

test('every attempt, retries included, carries 00-TRACE-SPAN-01: one trace id, a new span id each', async () => {
  const { logger, lines } = captureLog();
  const report = await runBatch(makePlan([{ url: `${server.url}/flaky/1`, retries: 3 }, { url: `${server.url}/plain/1` }], traced), { logger });
  const [flaky, plain] = report.results;
  assert.equal(flaky!.outcome, 'succeeded');
  assert.equal(flaky!.attempts, 3);
  const sent = headersOf('/flaky/1');
  assert.equal(sent.length, 3);
  const ids = sent.map((h) => {
    assert.match(h ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    return parseTraceparent(h!)!;
  });
  const plainIds = parseTraceparent(headersOf('/plain/1')[0]!)!;
  assert.equal(new Set([...ids.map((i) => i.traceId), plainIds.traceId]).size, 1, 'one trace id for the run');
  assert.equal(new Set([...ids.map((i) => i.spanId), plainIds.spanId]).size, 4, 'a span id per attempt');
  assert.deepEqual(flaky!.attemptLog.map((a) => a.spanId), ids.map((i) => i.spanId), 'each attempt records its span');
  assert.deepEqual(flaky!.trace, ids[2], "the result shows the final attempt's ids");
  assert.deepEqual(plain!.trace, plainIds);
  for (const { spanId } of ids) assert.ok(lines.some((l) => l.includes('attempt') && l.includes(spanId)), `a trace line names span ${spanId}`);
});

test("a redirect's hops share their attempt's span", async () => {
  const report = await runBatch(makePlan([{ url: `${server.url}/redirect/1` }], traced));
  assert.equal(report.results[0]!.outcome, 'succeeded');
  const first = headersOf('/redirect/1');
  const landed = headersOf('/landed');
  assert.equal(first.length, 1);
  assert.equal(landed[landed.length - 1], first[0]);
  assert.equal(report.results[0]!.trace?.spanId, parseTraceparent(first[0]!)!.spanId);
});

test("a request's own traceparent is kept (valid or not); its trace shows that header's ids or null", async () => {
  const own = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const report = await runBatch(
    makePlan(
      [
        { url: `${server.url}/own/1`, headers: [['TraceParent', own]] },
        { url: `${server.url}/own/2`, headers: [['traceparent', 'not-a-traceparent']] },
      ],
      traced,
    ),
  );
  assert.deepEqual(headersOf('/own/1'), [own], 'sent once, as written');
  assert.deepEqual(headersOf('/own/2'), ['not-a-traceparent']);
  assert.deepEqual(report.results[0]!.trace, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
  assert.equal(report.results[1]!.trace, null);
});

test('without @traceparent no header is added and results carry no trace', async () => {
  const report = await runBatch(makePlan([{ url: `${server.url}/off/1` }]));
  assert.deepEqual(headersOf('/off/1'), [undefined]);
  assert.equal(report.results[0]!.trace ?? null, null);
  assert.equal(report.results[0]!.attemptLog[0]?.spanId ?? null, null);
});

test('ids come from the injected random source; a request never sent has no trace', async () => {
  let next = 1;
  const randomBytes: RandomBytes = (size) => Uint8Array.from({ length: size }, () => next++ % 256);
  const report = await runBatch(makePlan([{ url: `${server.url}/seeded/1` }, { url: '{{missing}}/x', unresolved: ['missing'] }], traced), { randomBytes });
  assert.deepEqual(report.results[0]!.trace, { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '1112131415161718' });
  assert.equal(report.results[1]!.trace, null);
});
