// A workspace file with one request per misbehaviour of the reliability suite's hostile
// server, each ending in bounded time, and the final tree description each must reach.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { batchFile, behaviour, type BlockSpec } from '../../support/behaviours';
import type { HostileServer } from '../../support/hostile-server';
import type { ExpectedRow } from './fixture';

export interface HostileFixture {
  file: string;
  expected: ExpectedRow[];
  concurrency: number;
}

// Behaviours of test/support/behaviours.ts (their URLs, directives and codes); the 200 MB body is left out.
// The two that time out are sent to the server's second origin: five connection-level failures
// in a row on one origin would open its circuit and turn later requests into CIRCUIT_OPEN.
const PICKED: { name: string; onOtherOrigin?: boolean }[] = [
  { name: 'reset-before-headers' },
  { name: 'reset-mid-body' },
  { name: 'hang', onOtherOrigin: true },
  { name: 'stall-body', onOtherOrigin: true },
  { name: 'drip' },
  { name: 'big-10mb' },
  { name: 'bad-status' },
  { name: 'bad-header' },
  { name: 'retry-after-seconds' },
  { name: 'flaky503' },
  { name: 'redirect-loop' },
  { name: 'redirect-other' },
  { name: 'refused' },
  { name: 'dns' },
  { name: 'tls-self-signed' },
];

const SUCCEEDED = /^200 · \d+(\.\d+)? m?s · \d+(\.\d+)? (B|KB|kB|MB)$/;

export async function writeHostileFile(dir: string, server: HostileServer): Promise<HostileFixture> {
  const concurrency = 8;
  const other: HostileServer = { ...server, url: server.otherUrl };
  const blocks: BlockSpec[] = PICKED.map(({ name, onOtherOrigin }) => {
    const b = behaviour(name);
    return { title: name, url: b.url(onOtherOrigin ? other : server, `e2e-${name}`), directives: b.directives, headers: b.headers };
  });
  const file = 'hostile.batch.http';
  await writeFile(join(dir, file), batchFile([`concurrency ${concurrency}`, 'timeout 30s', 'retries 0'], blocks));
  const expected = PICKED.map(({ name }) => {
    const code = behaviour(name).code;
    return { label: name, description: code === null ? SUCCEEDED : new RegExp(`^${code}$`) };
  });
  return { file, expected, concurrency };
}
