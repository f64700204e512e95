// The report writer: text and UTF-8 bytes in any mix reach the file or stdout unchanged, in
// batches; a JSON report piped to a reader that stops early ends quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeReport, type ReportChunk } from '../../src/cli/report-sink';
import type { CliOutput } from '../../src/cli/output';
import { startServer } from '../support/server';

/** About 3 MB of report in pieces: text, bytes, multi-byte characters, an empty piece. */
function pieces(): ReportChunk[] {
  const out: ReportChunk[] = ['{\n  "results": ['];
  for (let i = 0; i < 3000; i++) {
    const text = `\n    {"i": ${i}, "s": "naïve ✓ 😀 ${'x'.repeat(i % 1500)}"},`;
    out.push(i % 3 === 0 ? text : Buffer.from(text));
    if (i === 10) out.push(new Uint8Array(0));
  }
  out.push('\n  ]\n}\n');
  return out;
}

function expected(chunks: ReportChunk[]): Buffer {
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

async function* slowly(chunks: ReportChunk[]): AsyncGenerator<ReportChunk> {
  for (const c of chunks) {
    await Promise.resolve();
    yield c;
  }
}

test('to a file: every byte in order, parent folders created, from a sync or an async source', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-sink-'));
  try {
    const chunks = pieces();
    const out: CliOutput = { stdout: () => assert.fail('nothing on stdout'), stderr: () => {}, stderrIsTTY: false };
    const a = join(dir, 'a', 'b', 'report.json');
    await writeReport(chunks, a, out);
    assert.ok((await readFile(a)).equals(expected(chunks)));
    const b = join(dir, 'async.json');
    await writeFile(b, 'old content that is longer than nothing');
    await writeReport(slowly(['only ', 'text']), b, out);
    assert.equal(await readFile(b, 'utf8'), 'only text', 'the file is replaced, not appended to');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('to stdout: batches of about 1 MB, each written before the next is taken', async () => {
  const chunks = pieces();
  const writes: (string | Uint8Array)[] = [];
  let inFlight = 0;
  const out: CliOutput = {
    stdout: () => assert.fail('stdoutAsync is used when there is one'),
    stderr: () => {},
    stderrIsTTY: false,
    stdoutAsync: async (data) => {
      assert.equal(inFlight, 0, 'one write at a time');
      inFlight++;
      writes.push(data);
      await new Promise((done) => setTimeout(done, 1));
      inFlight--;
    },
  };
  await writeReport(slowly(chunks), null, out);
  const total = expected(chunks);
  assert.ok(expected(writes).equals(total));
  assert.ok(writes.length >= 2 && writes.length <= 4, `${writes.length} writes for ${total.length} bytes`);
  assert.ok(writes.slice(0, -1).every((w) => Buffer.byteLength(w) >= 1 << 20));
});

test('a source that fills one buffer again for each piece: bytes kept while the next is asked for are copied first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-sink-reuse-'));
  try {
    // Pieces of every size around the batch size, all given as views of one buffer that is
    // overwritten (with another letter) as soon as the next piece is asked for.
    const sizes = [10, 300_000, 900_000, 1 << 20, 5, 2_000_000, 70, 1_100_000, 3];
    const reused = Buffer.alloc(2_000_000);
    function* source(): Generator<ReportChunk> {
      for (let i = 0; i < sizes.length; i++) {
        yield `<${i}>`;
        reused.fill(0x61 + i, 0, sizes[i]);
        yield reused.subarray(0, sizes[i]);
        reused.fill(0x3f); // what a careless writer would send
      }
    }
    const want = Buffer.concat(sizes.map((n, i) => Buffer.concat([Buffer.from(`<${i}>`), Buffer.alloc(n, 0x61 + i)])));
    const file = join(dir, 'report.json');
    const out: CliOutput = { stdout: () => assert.fail('nothing on stdout'), stderr: () => {}, stderrIsTTY: false };
    await writeReport(source(), file, out);
    const got = await readFile(file);
    assert.equal(got.length, want.length);
    assert.equal(got.indexOf(0x3f), -1, 'no byte of an overwritten buffer');
    assert.ok(got.equals(want));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('to a plain stdout: text, decoded once per batch; text-only reports stay text', async () => {
  const chunks = pieces();
  let text = '';
  const out: CliOutput = { stdout: (t) => (text += t), stderr: () => {}, stderrIsTTY: false };
  await writeReport(chunks, null, out);
  assert.ok(Buffer.from(text).equals(expected(chunks)));
  const seen: (string | Uint8Array)[] = [];
  await writeReport(['<junit/>', '\n'], null, { ...out, stdoutAsync: async (d) => void seen.push(d) });
  assert.deepEqual(seen, ['<junit/>\n']);
});

test('run --reporter json to stdout: a whole parsable report; a reader that stops early ends it quietly', async () => {
  const server = await startServer((_req, res) => res.end('é'.repeat(1000)));
  const dir = await mkdtemp(join(tmpdir(), 'bh-sink-run-'));
  try {
    const file = join(dir, 'many.batch.http');
    await writeFile(file, `# @repeat 3000\nGET ${server.url}/item/{{$index}}\n`);
    const run = (stopEarly: boolean) =>
      new Promise<{ code: number | null; stdout: Buffer; stderr: string }>((done, fail) => {
        const env = { ...process.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
        const child = spawn(process.execPath, [resolve('dist/cli.js'), 'run', file, '-q', '--reporter', 'json', '-c', '16'], { cwd: dir, env });
        const parts: Buffer[] = [];
        let stderr = '';
        const timer = setTimeout(() => (child.kill('SIGKILL'), fail(new Error('the CLI did not finish'))), 60_000);
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.stdout.on('data', (d: Buffer) => {
          parts.push(d);
          if (stopEarly) child.stdout.destroy();
        });
        child.on('error', fail);
        child.on('close', (code) => (clearTimeout(timer), done({ code, stdout: Buffer.concat(parts), stderr })));
      });
    const whole = await run(false);
    assert.equal(whole.code, 0, whole.stderr);
    const report = JSON.parse(whole.stdout.toString('utf8')) as { results: { index: number; body: string }[] };
    assert.equal(report.results.length, 3000);
    assert.deepEqual(report.results.map((r) => r.index), [...Array(3000).keys()]);
    assert.ok(report.results.every((r) => r.body === 'é'.repeat(1000)));
    const cut = await run(true);
    assert.doesNotMatch(cut.stderr, /Unhandled 'error' event|EPIPE|internal error/, cut.stderr.slice(0, 500));
    assert.equal(cut.code, 0);
    assert.ok(cut.stdout.length < whole.stdout.length);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await server.close();
  }
});
