// Writes a report given in pieces to the -o file or stdout in batches of about 1 MB, so
// the whole text is never held at once; each batch waits until the previous one is out.
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CliOutput } from './output';

const BATCH_CHARS = 1 << 20;

export type ReportChunks = Iterable<string> | AsyncIterable<string>;

async function writeBatched(chunks: ReportChunks, write: (text: string) => Promise<void> | void): Promise<void> {
  let batch = '';
  for await (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= BATCH_CHARS) {
      await write(batch);
      batch = '';
    }
  }
  if (batch.length > 0) await write(batch);
}

/** Writes the pieces to `output` (parent folders created), or to stdout when it is null. */
export async function writeReport(chunks: ReportChunks, output: string | null, out: CliOutput): Promise<void> {
  if (output === null) {
    await writeBatched(chunks, (text) => (out.stdoutAsync ? out.stdoutAsync(text) : out.stdout(text)));
    return;
  }
  const target = resolve(output);
  await mkdir(dirname(target), { recursive: true });
  const file = await open(target, 'w');
  try {
    await writeBatched(chunks, async (text) => void (await file.write(text)));
  } finally {
    await file.close();
  }
}
