import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeFileReader, createSilentLogger } from '../../src/core/system';

test('node file reader reads bytes and reports existence', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-'));
  try {
    const file = join(dir, 'a.txt');
    await writeFile(file, 'hello');
    const reader = createNodeFileReader();
    assert.equal(Buffer.from(await reader.readFile(file)).toString(), 'hello');
    assert.equal(await reader.exists(file), true);
    assert.equal(await reader.exists(join(dir, 'missing')), false);
    assert.equal(await reader.exists(dir), false, 'a directory is not a file');
    await assert.rejects(reader.readFile(join(dir, 'missing')), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('silent logger reports every level disabled', () => {
  const log = createSilentLogger();
  for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) assert.equal(log.enabled(level), false);
});
