// The workspace the end-to-end test opens: .batch.http files aimed at the local test server,
// and what each run is expected to show.
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { join } from 'node:path';

/** Starts `server` on a free port of 127.0.0.1 and resolves to that port (http servers too: they are net servers). */
export async function listenLocal(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface ExpectedRow {
  label: string;
  /** What the row's description must match once the run has finished. */
  description: RegExp;
}

export interface WorkspaceFixture {
  dir: string;
  mainFile: string;
  slowFile: string;
  brokenFile: string;
  paletteFile: string;
  /** The main batch's requests in file order and their final states. */
  mainExpected: ExpectedRow[];
  paletteExpected: ExpectedRow[];
  slowCount: number;
  slowConcurrency: number;
}

/** A secret the main batch sends in an Authorization header; it must never show in the editor. */
export const SECRET = 'e2e-secret-9f3k27';

const OK = (status: number): RegExp => new RegExp(`^${status} · \\d+(\\.\\d+)? m?s · \\d+(\\.\\d+)? (B|KB|kB)$`);

export async function writeWorkspace(dir: string, origin: string, deadPort: number): Promise<WorkspaceFixture> {
  await mkdir(dir, { recursive: true });
  const main = [
    '# @concurrency 2',
    '# @retries 0',
    `@host = ${origin}`,
    `@token = ${SECRET}`,
    '',
    '### Get one user',
    'GET {{host}}/users/1',
    'Accept: application/json',
    'Authorization: Bearer {{token}}',
    '',
    '### Create a user',
    'POST {{host}}/users',
    'Content-Type: application/json',
    '',
    '{"name": "Ada"}',
    '',
    '###',
    '# @name listing',
    'GET {{host}}/users/2',
    '',
    '###',
    'GET {{host}}/bytes/2048',
    '',
    '### Missing page',
    'GET {{host}}/status/404',
    '',
    '### Dead port',
    `GET http://127.0.0.1:${deadPort}/nothing`,
    '',
  ].join('\n');
  const slowCount = 12;
  const slowConcurrency = 3;
  const slow = [
    `# @concurrency ${slowConcurrency}`,
    '# @timeout 60s',
    '# @retries 0',
    '',
    '### Slow one',
    `# @repeat ${slowCount}`,
    `GET ${origin}/slow?ms=60000&i={{$index}}`,
    '',
  ].join('\n');
  const broken = [
    '# @concurrency banana',
    `@host = ${origin}`,
    '',
    '### Broken headers',
    'GET {{host}}/users/3',
    'this line is not a header',
    '',
  ].join('\n');
  const palette = ['# @concurrency 4', '', '### First', `GET ${origin}/users/7`, '', '### Second', `GET ${origin}/users/8`, ''].join('\n');
  const files = {
    mainFile: 'main.batch.http',
    slowFile: 'slow.batch.http',
    brokenFile: 'broken.batch.http',
    paletteFile: 'palette.batch.http',
  };
  await writeFile(join(dir, files.mainFile), main);
  await writeFile(join(dir, files.slowFile), slow);
  await writeFile(join(dir, files.brokenFile), broken);
  await writeFile(join(dir, files.paletteFile), palette);
  return {
    dir,
    ...files,
    mainExpected: [
      { label: 'Get one user', description: OK(200) },
      { label: 'Create a user', description: OK(201) },
      { label: 'listing', description: OK(200) },
      { label: `GET ${origin}/bytes/2048`, description: OK(200) },
      { label: 'Missing page', description: /UNEXPECTED_STATUS|^404\b/ },
      { label: 'Dead port', description: /CONNECTION_REFUSED/ },
    ],
    paletteExpected: [
      { label: 'First', description: OK(200) },
      { label: 'Second', description: OK(200) },
    ],
    slowCount,
    slowConcurrency,
  };
}
