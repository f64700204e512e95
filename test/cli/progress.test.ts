import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../src/cli/progress';
import type { CliOutput } from '../../src/cli/output';
import type { RequestResult, RunEvent } from '../../src/core/types';

function finished(index: number, outcome: RequestResult['outcome']): RunEvent {
  return { type: 'finished', index, atMs: 0, result: { outcome } as RequestResult };
}

function capture(tty: boolean): CliOutput & { err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { err, out, stderrIsTTY: tty, stderr: (t) => void err.push(t), stdout: (t) => void out.push(t) };
}

test('plain progress: at most one line a second, a final line, never stdout', () => {
  let now = 0;
  const o = capture(false);
  const p = new Progress(o, 10, () => now);
  for (let i = 0; i < 10; i++) {
    now += 150;
    p.onEvent(finished(i, i === 3 ? 'failed' : 'succeeded'));
  }
  p.finish();
  assert.equal(o.out.length, 0);
  // 1.5 s of events: the first line, one a second later, and the final one.
  assert.equal(o.err.length, 3, o.err.join(''));
  assert.match(o.err[2], /^10\/10 done, 9 succeeded, 1 failed, 6\.7 req\/s, 1\.5s elapsed\n$/);
  assert.match(o.err[0], /ETA/);
});

test('terminal progress rewrites one line and ends it with a newline', () => {
  let now = 0;
  const o = capture(true);
  const p = new Progress(o, 2, () => now);
  now = 200;
  p.onEvent(finished(0, 'succeeded'));
  now = 400;
  p.onEvent(finished(1, 'succeeded'));
  p.finish();
  assert.ok(o.err.slice(0, -1).every((t) => t.startsWith('\r\x1b[K') && !t.includes('\n')));
  assert.equal(o.err[o.err.length - 1], '\n');
});
