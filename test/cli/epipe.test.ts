// `batch-http parse big.batch.http | head`: the reader closes the pipe early; the CLI must
// stop writing quietly, not crash with an unhandled EPIPE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

test('a reader that closes stdout early does not crash the CLI', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-epipe-'));
  try {
    const file = join(dir, 'big.batch.http');
    await writeFile(file, '# @repeat 20000\nGET http://127.0.0.1:9/item/{{$index}}?pad=' + 'x'.repeat(200) + '\n');
    const child = spawn(process.execPath, [resolve('dist/cli.js'), 'parse', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read one chunk, then close our end, as `head` does.
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.doesNotMatch(stderr, /Unhandled 'error' event|EPIPE|internal error/, stderr.slice(0, 500));
    assert.equal(code, 0, 'the plan has no errors, so parse still exits 0');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
