// The interim-response filter (src/core/wire/interim.ts) on its own: bytes in, bytes out.
// Every way a 1xx can arrive (whole, split anywhere, several in a row, with the final
// response in the same chunk) gives the final response's bytes exactly, and nothing that is
// not an interim response at a response's start is ever changed or held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStart, InterimFilter, MAX_INTERIM_HEAD } from '../../../src/core/wire/interim';
import { isRequestHead } from '../../../src/core/wire/hooks';

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const HINTS = 'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n';
const FINAL = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

/** Feeds `chunks` after a request was written; returns what was handed on and the statuses dropped. */
function run(chunks: string[], filter = new InterimFilter()): { out: string; skipped: number[] } {
  filter.expectResponse();
  const skipped: number[] = [];
  let out = '';
  for (const c of chunks) out += filter.filter(Buffer.from(c, 'latin1'), (s) => skipped.push(s)).toString('latin1');
  return { out, skipped };
}

/** Every way to cut `text` into two chunks. */
function splits(text: string): string[][] {
  return Array.from({ length: text.length - 1 }, (_, i) => [text.slice(0, i + 1), text.slice(i + 1)]);
}

test('a 100 before the final response is dropped, in one chunk or split at any byte', () => {
  assert.deepEqual(run([CONTINUE + FINAL]), { out: FINAL, skipped: [100] });
  assert.deepEqual(run([CONTINUE, FINAL]), { out: FINAL, skipped: [100] });
  for (const parts of splits(CONTINUE + FINAL)) assert.deepEqual(run(parts), { out: FINAL, skipped: [100] }, JSON.stringify(parts));
});

test('several interim responses in a row (100, 102, 103 with headers) are all dropped', () => {
  const text = CONTINUE + 'HTTP/1.1 102 Processing\r\n\r\n' + HINTS + FINAL;
  assert.deepEqual(run([text]), { out: FINAL, skipped: [100, 102, 103] });
  for (const parts of splits(text)) assert.deepEqual(run(parts).out, FINAL);
  // One byte at a time.
  assert.deepEqual(run([...text]), { out: FINAL, skipped: [100, 102, 103] });
});

test('a 100 that ends exactly at the chunk end hands on nothing, then the final response as it comes', () => {
  const f = new InterimFilter();
  f.expectResponse();
  assert.equal(f.filter(Buffer.from(CONTINUE), () => {}).length, 0);
  assert.equal(f.holding, false);
  assert.equal(f.filter(Buffer.from(FINAL), () => {}).toString(), FINAL);
});

test('the final response and everything after it pass untouched, even bytes that look like a 100', () => {
  const body = `HTTP/1.1 200 OK\r\nContent-Length: ${CONTINUE.length}\r\n\r\n${CONTINUE}`;
  assert.deepEqual(run([body]), { out: body, skipped: [] });
  const f = new InterimFilter();
  assert.deepEqual(run([FINAL], f), { out: FINAL, skipped: [] });
  // No request written since: a later chunk is never looked at.
  const later = Buffer.from(CONTINUE);
  assert.equal(f.filter(later, () => assert.fail('not at a response start')), later);
});

test('101 Switching Protocols, HTTP/1.0 finals and garbage are handed on as they are', () => {
  for (const text of ['HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', 'HTTP/1.0 200 OK\r\n\r\n', 'HTTP/2 100\r\n\r\n', 'hello', 'HTTP/1.1 1x0 Odd\r\n\r\n']) {
    assert.deepEqual(run([text]), { out: text, skipped: [] }, text);
  }
  // HTTP/1.0 100 is an interim response too.
  assert.deepEqual(run(['HTTP/1.0 100 Continue\r\n\r\n' + FINAL]), { out: FINAL, skipped: [100] });
});

test('keep-alive: each request written re-arms the filter for its own response', () => {
  const f = new InterimFilter();
  assert.deepEqual(run([CONTINUE, FINAL], f), { out: FINAL, skipped: [100] });
  assert.deepEqual(run([CONTINUE + FINAL], f), { out: FINAL, skipped: [100] });
});

test('a held partial head is handed on as it is at the end of the stream (the client judges it)', () => {
  const f = new InterimFilter();
  f.expectResponse();
  assert.equal(f.filter(Buffer.from('HTTP/1.1 10'), () => {}).length, 0);
  assert.equal(f.holding, true);
  assert.equal(f.flush()?.toString(), 'HTTP/1.1 10');
  assert.equal(f.holding, false);
  assert.equal(f.flush(), null);
});

test('an interim head that never ends is not held past the cap', () => {
  const f = new InterimFilter();
  f.expectResponse();
  const long = Buffer.from(`HTTP/1.1 100 Continue\r\nX: ${'a'.repeat(MAX_INTERIM_HEAD)}`);
  assert.equal(f.filter(long, () => {}).length, long.length);
  assert.equal(f.holding, false);
});

test('classifyStart decides as soon as the bytes allow', () => {
  assert.equal(classifyStart(Buffer.from('')), 'undecided');
  assert.equal(classifyStart(Buffer.from('HTTP/1.1 1')), 'undecided');
  assert.equal(classifyStart(Buffer.from('HTTP/1.1 2')), 'final');
  assert.equal(classifyStart(Buffer.from('X')), 'final');
  assert.equal(classifyStart(Buffer.from('HTTP/1.1 103')), 'interim');
  assert.equal(classifyStart(Buffer.from('HTTP/1.1 101')), 'final');
});

test('isRequestHead: a request line at the start of a write, nothing else', () => {
  assert.equal(isRequestHead('GET /x?y=1 HTTP/1.1\r\nhost: a\r\n\r\n'), true);
  assert.equal(isRequestHead('OPTIONS /.batch-http-asterisk-ab12 HTTP/1.1\r\n'), true);
  assert.equal(isRequestHead('\r\n5\r\n'), false);
  assert.equal(isRequestHead('{"a": "GET / HTTP/1.1\r\n"}'), false);
  assert.equal(isRequestHead('GET / HTTP/1.0\r\n'), false);
});
