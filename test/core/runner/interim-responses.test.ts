// Interim 1xx responses on the wire (issue 13, item 7; RFC 9110 15.2): a server may send a
// `100 Continue` (or any 1xx but 101) the request did not ask for before the final
// response; the run accepts it and reports the final response. Real raw servers write the
// bytes; the run's own connector drops the interim responses (src/core/wire).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonReport } from '../../../src/core/report';
import { runBatch } from '../../../src/core/runner';
import type { Logger } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { finalResponse, type RawAnswer, startRawServer, writeApart } from '../../support/raw-server';
import { testCertificate } from '../../support/tls';

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

async function runAgainst(answer: RawAnswer, count = 1, tlsOptions?: { key: string; cert: string }, logger?: Logger) {
  const server = await startRawServer(answer, tlsOptions);
  try {
    const requests = Array.from({ length: count }, (_, i) => ({ url: `${server.url}/item/${i}` }));
    const report = await runBatch(makePlan(requests, { concurrency: 1, retries: 2 }), { rejectUnauthorized: false, ...(logger && { logger }) });
    return { report, server };
  } finally {
    await server.close();
  }
}

function assertAllOk(report: Awaited<ReturnType<typeof runAgainst>>['report']): void {
  for (const r of report.results) {
    assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 1, 'accepted at once, not retried');
    assert.equal(Buffer.from(r.body!).toString(), 'ok');
  }
}

test('a 100 Continue and the 200 in separate writes: the 200 is the result', async () => {
  const { report } = await runAgainst((socket) => writeApart(socket, [CONTINUE, finalResponse()]));
  assertAllOk(report);
});

test('a 100 Continue and the 200 in one write', async () => {
  const { report } = await runAgainst((socket) => socket.write(CONTINUE + finalResponse()));
  assertAllOk(report);
});

test('a 100 Continue split in the middle of its status line, then the 200', async () => {
  const { report } = await runAgainst((socket) => writeApart(socket, ['HTTP/1.1 10', '0 Cont', 'inue\r\n\r', '\n', finalResponse()]));
  assertAllOk(report);
});

test('two requests on one keep-alive connection, each answered with a 100 first', async () => {
  const { report, server } = await runAgainst((socket) => writeApart(socket, [CONTINUE, finalResponse()]), 2);
  assertAllOk(report);
  assert.equal(server.connections, 1, 'the connection was kept');
  assert.deepEqual(server.requests.map((r) => r.onConnection), [0, 1]);
  assert.equal(report.results[1]!.timings?.reused, true);
});

test('103 Early Hints, then 100 Continue, then the 200', async () => {
  const hints = 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n';
  const { report } = await runAgainst((socket) => writeApart(socket, [hints, CONTINUE, finalResponse()]));
  assertAllOk(report);
});

test('over TLS: a 100 Continue before the 200', async () => {
  const { key, cert } = await testCertificate();
  const { report } = await runAgainst((socket) => writeApart(socket, [CONTINUE, finalResponse()]), 2, { key, cert });
  assertAllOk(report);
});

test('a skipped interim response is a trace line of its request; the result says HTTP/1.1', async () => {
  const lines: string[] = [];
  const logger: Logger = { enabled: () => true, trace: (m) => lines.push(m), debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const { report } = await runAgainst((socket) => socket.write(CONTINUE + finalResponse()), 1, undefined, logger);
  assertAllOk(report);
  assert.ok(lines.some((l) => /^#0 attempt 1: interim response 100 from http:\/\/127\.0\.0\.1:\d+ skipped/.test(l)), lines.join('\n'));
  assert.equal(report.results[0]!.httpVersion, '1.1');
  assert.equal(JSON.parse(toJsonReport(report)).results[0].httpVersion, '1.1');
});

test('101 Switching Protocols to a request that asked for no upgrade is still refused (BAD_RESPONSE)', async () => {
  const { report } = await runAgainst((socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n'));
  assert.equal(report.results[0]!.error?.code, 'BAD_RESPONSE');
});
