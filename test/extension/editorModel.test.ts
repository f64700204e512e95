import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lensSpecs } from '../../src/extension/model/codeLens';
import { diagnosticRange, errorsRefusal } from '../../src/extension/model/diagnostics';
import { channelShows } from '../../src/extension/model/logLevel';
import { abortSignalFrom } from '../../src/extension/model/abort';

const block = (blockIndex: number, startLine: number, over: object = {}) => ({ blockIndex, startLine, line: startLine + 1, repeat: null, foreach: null, http: true, ...over });

test('CodeLenses: a batch lens on the first request and a Run lens on each', () => {
  const specs = lensSpecs([block(0, 1, { repeat: 10 }), block(1, 5, { http: false }), block(2, 9)], 8, null);
  assert.deepEqual(specs, [
    { kind: 'batch', line: 1, title: 'Run batch (11 requests, concurrency 8)' },
    { kind: 'run', line: 1, title: 'Run', blockIndex: 0 },
    { kind: 'run', line: 9, title: 'Run', blockIndex: 2 },
  ]);
  assert.equal(lensSpecs([block(0, 3, { foreach: { path: 'x.csv' } })], 2, null)[0]?.title, 'Run batch (0+ requests, concurrency 2)');
  assert.deepEqual(lensSpecs([], 8, null), []);
});

test('CodeLenses while running: only Cancel with the progress', () => {
  assert.deepEqual(lensSpecs([block(0, 1), block(1, 5)], 8, { done: 3, total: 10 }), [{ kind: 'cancel', line: 1, title: 'Cancel (3/10)' }]);
});

test('diagnostic ranges are 0-based, clamped and never empty', () => {
  const lens = [10, 0, 20];
  const len = (n: number) => lens[n] ?? 0;
  assert.deepEqual(diagnosticRange({ severity: 'error', line: 1, column: 3, endColumn: 6, message: 'm' }, 3, len), { startLine: 0, startCharacter: 2, endLine: 0, endCharacter: 5 });
  assert.deepEqual(diagnosticRange({ severity: 'error', line: 3, column: 1, message: 'm' }, 3, len), { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 20 });
  assert.deepEqual(diagnosticRange({ severity: 'error', line: 9, column: 50, message: 'm' }, 3, len), { startLine: 2, startCharacter: 20, endLine: 2, endCharacter: 20 });
  assert.match(errorsRefusal('a.batch.http', [{ severity: 'error', line: 4, column: 1, message: 'bad header' }]), /a\.batch\.http has 1 error; nothing was sent\..*line 4: bad header/);
});

test('log levels follow the channel level', () => {
  assert.equal(channelShows(1, 'trace'), true);
  assert.equal(channelShows(3, 'debug'), false);
  assert.equal(channelShows(3, 'info'), true);
  assert.equal(channelShows(3, 'error'), true);
  assert.equal(channelShows(0, 'error'), false);
});

test('a cancellation token becomes an AbortSignal once', () => {
  let listener: (() => void) | null = null;
  let disposed = false;
  const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => ((listener = l), { dispose: () => void (disposed = true) }) };
  const { signal, dispose } = abortSignalFrom(token);
  assert.equal(signal.aborted, false);
  listener!();
  assert.equal(signal.aborted, true);
  dispose();
  assert.equal(disposed, true);
  assert.equal(abortSignalFrom({ ...token, isCancellationRequested: true }).signal.aborted, true);
});
