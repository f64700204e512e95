// W3C trace context (format spec, section 10): ids from an injected random source, the
// header's format, parsing a request's own header; `@traceparent`, `--traceparent` and
// `batchHttp.traceparent` reach the plan's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from '../../src/cli/commands/run';
import { createSystemRandom } from '../../src/core/system';
import { attemptTrace, formatTraceparent, newSpanId, newTraceId, ownTraceparent, parseTraceparent, RunTrace, type RandomBytes } from '../../src/core/trace-context';
import { DEFAULT_USER_SETTINGS, planLayers, readUserSettings } from '../../src/extension/model/settings';
import { at, planText } from './parser/helpers';

/** Bytes 1, 2, 3... (wrapping at 256), so every id is known in advance. */
function counting(): RandomBytes {
  let next = 1;
  return (size) => Uint8Array.from({ length: size }, () => next++ % 256);
}

/** Gives these arrays in turn, then fails. */
function scripted(...draws: number[][]): RandomBytes {
  return (size) => {
    const d = draws.shift();
    assert.ok(d, 'no more draws');
    assert.equal(d.length, size);
    return Uint8Array.from(d);
  };
}

test('ids: lower-case hex of 32 and 16 digits from the injected source', () => {
  const random = counting();
  assert.equal(newTraceId(random), '0102030405060708090a0b0c0d0e0f10');
  assert.equal(newSpanId(random), '1112131415161718');
  const system = createSystemRandom();
  const spans = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    assert.match(newTraceId(system), /^[0-9a-f]{32}$/);
    spans.add(newSpanId(system));
  }
  assert.ok([...spans].every((s) => /^[0-9a-f]{16}$/.test(s)));
  assert.equal(spans.size, 1000, 'random span ids do not repeat');
});

test('ids are never all zeros: a zero draw is drawn again, a source stuck at zero still gives a valid id', () => {
  assert.equal(newSpanId(scripted([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0xab])), '00000000000000ab');
  const zeros: RandomBytes = (size) => new Uint8Array(size);
  assert.equal(newTraceId(zeros), `${'0'.repeat(31)}1`);
  assert.equal(newSpanId(zeros), `${'0'.repeat(15)}1`);
  assert.notEqual(parseTraceparent(formatTraceparent({ traceId: newTraceId(zeros), spanId: newSpanId(zeros) })), null);
  assert.throws(() => newSpanId(() => new Uint8Array(3)), /gave 3 bytes, not 8/);
});

test('a run has one trace id and a new span id per attempt; the header is 00-TRACE-SPAN-01', () => {
  const trace = new RunTrace(counting());
  const a = trace.nextSpan();
  const b = trace.nextSpan();
  assert.equal(a.traceId, '0102030405060708090a0b0c0d0e0f10');
  assert.equal(b.traceId, a.traceId);
  assert.notEqual(a.spanId, b.spanId);
  assert.equal(a.header, `00-${a.traceId}-${a.spanId}-01`);
  assert.deepEqual(parseTraceparent(b.header), { traceId: b.traceId, spanId: b.spanId });
});

test('parsing a traceparent value by the W3C rules', () => {
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const span = '00f067aa0ba902b7';
  const ids = { traceId: trace, spanId: span };
  assert.deepEqual(parseTraceparent(`00-${trace}-${span}-01`), ids);
  assert.deepEqual(parseTraceparent(`00-${trace}-${span}-00`), ids, 'not sampled is still valid');
  assert.deepEqual(parseTraceparent(`  00-${trace}-${span}-01 `), ids, 'surrounding white space');
  assert.deepEqual(parseTraceparent(`01-${trace}-${span}-01`), ids, 'a later version');
  assert.deepEqual(parseTraceparent(`cc-${trace}-${span}-01-what-the-future-adds`), ids, 'a later version with more fields');
  for (const bad of [
    '',
    `00-${trace.toUpperCase()}-${span}-01`,
    `00-${'0'.repeat(32)}-${span}-01`,
    `00-${trace}-${'0'.repeat(16)}-01`,
    `ff-${trace}-${span}-01`,
    `00-${trace}-${span}-01-extra`,
    `00-${trace}-${span}-1`,
    `00-${trace.slice(1)}-${span}-01`,
    `00-${trace}-${span.slice(1)}-01`,
    `01-${trace}-${span}-01x`,
    `0-${trace}-${span}-01`,
    `00_${trace}_${span}_01`,
    `00-${trace}-${span}-0g`,
  ]) {
    assert.equal(parseTraceparent(bad), null, bad);
  }
});

test("a request's own traceparent header is found whatever the case of its name", () => {
  assert.equal(ownTraceparent([['Accept', '*/*'], ['TraceParent', 'x']]), 'x');
  assert.equal(ownTraceparent([['Accept', '*/*']]), undefined);
});

test('@traceparent in the file header turns it on; without it the settings are unchanged', async () => {
  const on = await planText('# @traceparent\nGET http://127.0.0.1/\n', 'a.batch.http');
  assert.equal(on.settings.traceparent, true);
  assert.deepEqual(at(on.diagnostics, 1), []);
  const off = await planText('GET http://127.0.0.1/\n', 'a.batch.http');
  assert.equal('traceparent' in off.settings, false);
  const cli = await planText('GET http://127.0.0.1/\n', 'a.batch.http', { overrides: { traceparent: true } });
  assert.equal(cli.settings.traceparent, true, '--traceparent');
  const bad = await planText('# @traceparent yes\nGET http://127.0.0.1/\n', 'a.batch.http');
  assert.match(at(bad.diagnostics, 1)[0]!, /^error: @traceparent takes no value/);
  assert.equal(bad.settings.traceparent, undefined);
  const inBlock = await planText('###\n# @traceparent\nGET http://127.0.0.1/\n', 'a.batch.http');
  assert.match(at(inBlock.diagnostics, 2)[0]!, /^warning: @traceparent is a batch directive/);
  assert.equal(inBlock.settings.traceparent, undefined);
});

test('--traceparent on the command line; batchHttp.traceparent in the editor', async () => {
  assert.equal(parseRunArgs(['f.batch.http', '--traceparent'])!.overrides.traceparent, true);
  assert.equal(parseRunArgs(['f.batch.http'])!.overrides.traceparent, undefined);
  assert.equal(readUserSettings((k) => (k === 'traceparent' ? true : undefined)).traceparent, true);
  assert.equal(readUserSettings(() => 'yes').traceparent, false, 'not a boolean: the default');
  // The setting is a default layer of the planner: on, it turns tracing on; off, the file's directive stands.
  const on = planLayers({ ...DEFAULT_USER_SETTINGS, traceparent: true });
  const off = planLayers(DEFAULT_USER_SETTINGS);
  assert.equal((await planText('GET http://127.0.0.1/\n', 'a.batch.http', on)).settings.traceparent, true);
  assert.equal((await planText('GET http://127.0.0.1/\n', 'a.batch.http', off)).settings.traceparent, undefined);
  assert.equal((await planText('# @traceparent\nGET http://127.0.0.1/\n', 'a.batch.http', off)).settings.traceparent, true, 'the setting does not turn off the directive');
});

test('per attempt: nothing when off, the own header kept, else a new span of the run', () => {
  assert.deepEqual(attemptTrace(null, [['traceparent', 'x']]), { header: null, ids: null });
  const run = new RunTrace(counting());
  const own = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  assert.deepEqual(attemptTrace(run, [['TRACEPARENT', own]]), { header: null, ids: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' } });
  assert.deepEqual(attemptTrace(run, [['traceparent', 'junk']]), { header: null, ids: null });
  const a = attemptTrace(run, [['Accept', '*/*']]);
  const b = attemptTrace(run, []);
  assert.equal(a.header, `00-${run.traceId}-${a.ids!.spanId}-01`);
  assert.equal(a.ids!.traceId, run.traceId);
  assert.notEqual(a.ids!.spanId, b.ids!.spanId);
});
