import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEta, Progress, progressBar } from '../../src/cli/progress';
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

test('the ETA follows the recent rate, not the average, once the run slows down', () => {
  let now = 0;
  const o = capture(false);
  const p = new Progress(o, 1000, () => now);
  // 500 requests in 5 s (100/s), then 10 s at 10/s.
  for (let i = 0; i < 500; i++) {
    now += 10;
    p.onEvent(finished(i, 'succeeded'));
  }
  assert.ok(Math.abs(p.etaSeconds(now)! - 5) < 0.5, `at 100/s: ${p.etaSeconds(now)}`);
  for (let i = 0; i < 100; i++) {
    now += 100;
    p.onEvent(finished(500 + i, 'succeeded'));
  }
  // 400 left: at the average (600 in 15 s = 40/s) that would be 10 s; at the recent 10/s it is 40 s.
  const eta = p.etaSeconds(now)!;
  assert.ok(eta > 35 && eta < 45, `recent rate: ${eta}`);
  assert.match(p.line(now), /600\/1000 done, .*40\.0 req\/s, 15\.0s elapsed, ETA 4\d\.\ds$/);
  // A stall: nothing finishes for a minute; the ETA grows with it (the average would keep ~10 s).
  now += 60_000;
  assert.ok(p.etaSeconds(now)! > 3600, `stalled: ${p.etaSeconds(now)}`);
  assert.match(p.line(now), /ETA \d+h\d\dm$/);
});

test('ETA and bar formats', () => {
  assert.equal(formatEta(9.14), '9.1s');
  assert.equal(formatEta(83), '1m23s');
  assert.equal(formatEta(7500), '2h05m');
  assert.equal(progressBar(0, 10, 10), '[          ]   0%');
  assert.equal(progressBar(4, 10, 10), '[####      ]  40%');
  assert.equal(progressBar(10, 10, 10), '[##########] 100%');
  assert.equal(progressBar(0, 0, 4), '[####] 100%');
});

test('on a terminal a bar leads the line, cut to the terminal width; plain lines have no bar', () => {
  let now = 0;
  const o = { ...capture(true), stderrColumns: 60 };
  const p = new Progress(o, 4, () => now);
  now = 500;
  p.onEvent(finished(0, 'succeeded'));
  assert.equal(o.err.length, 1);
  assert.ok(o.err[0]!.startsWith('\r\x1b[K[#####               ]  25% 1/4 done'), o.err[0]);
  assert.equal(o.err[0]!.length, '\r\x1b[K'.length + 59);
  const plain = capture(false);
  const q = new Progress(plain, 4, () => now);
  q.onEvent(finished(0, 'succeeded'));
  assert.doesNotMatch(plain.err[0]!, /\[|%/);
});
