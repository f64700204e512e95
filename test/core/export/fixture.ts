// A temporary workspace with a .batch.http file, environment files and data files, shared by
// the export tests. Removed by `cleanup()`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBatch, prepareExportInput, type ExportEngine } from '../../../src/core/export';
import { buildExportPlan } from '../../../src/core/export/build';
import { createNodeFileReader } from '../../../src/core/system';

export const DEMO = `# @concurrency 4
# @timeout 5s
# @retries 3
@api = {{host}}/api

### Log in
# @name login
POST {{api}}/login
Content-Type: application/json

{"user": "ada", "password": "{{password}}", "id": "{{$uuid}}"}

### Profile
# @name profile
GET {{api}}/me
Authorization: Bearer {{login.response.body.$.token}}
X-Req: {{login.response.headers.X-Request-Id}}

### Users
# @name users
# @foreach users.csv
# @expect-status 200,201
PUT {{api}}/users/{{id}}?i={{$index}}
Content-Type: text/plain
Authorization: Bearer {{login.response.body.$.token}}

name={{name}} r={{$randomInt 1 5}}

### Ping
# @repeat 3
# @no-redirect
GET {{api}}/ping?n={{$index}}
`;

export const USERS_CSV = 'id,name\n1,Ada\n2,"Grace, H"\n3,Linus\n';

export interface Workspace {
  dir: string;
  file: string;
  cleanup(): Promise<void>;
}

export async function workspace(text: string, extra: Record<string, string> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-export-'));
  const file = join(dir, 'demo.batch.http');
  await writeFile(file, text);
  const files: Record<string, string> = {
    'users.csv': USERS_CSV,
    'http-client.env.json': JSON.stringify({ dev: { host: 'http://127.0.0.1:8080' }, prod: { host: 'https://api.example.test' } }),
    'http-client.private.env.json': JSON.stringify({ dev: { password: 's3cret-pw' } }),
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return { dir, file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function planOf(ws: Workspace, text: string, environment: string | null = 'dev', vars: Record<string, string> = {}) {
  const { input, diagnostics } = await prepareExportInput(text, { filePath: ws.file, workspaceRoot: ws.dir, environment, vars, files: createNodeFileReader() });
  return { plan: await buildExportPlan(input), diagnostics };
}

export async function exported(ws: Workspace, text: string, engine: ExportEngine, load: { users?: number; durationS?: number; arrivalRate?: number } = {}) {
  const outFile = join(ws.dir, engine === 'k6' ? 'demo.k6.js' : 'demo.artillery.yml');
  return exportBatch(text, { engine, filePath: ws.file, workspaceRoot: ws.dir, environment: 'dev', outFile, files: createNodeFileReader(), ...load });
}
