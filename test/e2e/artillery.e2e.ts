// End-to-end: export batches with the CLI and run them with a real Artillery 2.0.21 against a
// local recording server. Run by `npm run test:artillery` (scripts/test-artillery.mjs), which
// installs Artillery once and passes its entry point in ARTILLERY_RUN.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ARTILLERY = process.env.ARTILLERY_RUN;
const JOBS_EXAMPLE = fileURLToPath(new URL('../../examples/jobs.batch.http', import.meta.url));

interface Recorded {
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
/** Jobs of the examples/jobs.batch.http routes: done at the third status request (as the demo server does). */
const jobs = new Map<string, { size: number; polls: number }>();
const jobState = (j: { polls: number }): string => (j.polls >= 3 ? 'done' : j.polls === 2 ? 'running' : 'queued');

function jobRoute(method: string, url: string, body: string): { status: number; body: unknown } | null {
  if (method === 'POST' && url === '/jobs') {
    const id = `job-${jobs.size + 1}`;
    jobs.set(id, { size: Number((JSON.parse(body || '{}') as { size?: number }).size ?? 1), polls: 0 });
    return { status: 202, body: { id, state: 'queued' } };
  }
  const m = /^\/jobs\/([\w-]+)(\/result)?$/.exec(url);
  const job = m ? jobs.get(m[1]!) : undefined;
  if (!m) return null;
  if (!job) return { status: 404, body: { error: `no job at ${url}` } };
  if (m[2]) return jobState(job) === 'done' ? { status: 200, body: { id: m[1], size: job.size } } : { status: 409, body: { state: jobState(job) } };
  job.polls++;
  return { status: 200, body: { id: m[1], state: jobState(job) } };
}

let port = 0;
let recorded: Recorded[] = [];
const issued: string[] = [];

before(async () => {
  assert.ok(ARTILLERY, 'ARTILLERY_RUN must name the Artillery entry point (run npm run test:artillery)');
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.push({ at: Date.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const job = jobRoute(req.method ?? '', req.url ?? '', recorded[recorded.length - 1]!.body);
      if (job) {
        res.writeHead(job.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(job.body));
      } else if (req.url === '/api/login') {
        const token = `tok-${issued.length + 1}-${Math.random().toString(36).slice(2)}`;
        issued.push(token);
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `rid-${issued.length}` });
        res.end(JSON.stringify({ data: { token } }));
      } else if (req.url?.startsWith('/api/users/')) {
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.end('created');
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const BATCH = `# @concurrency 8
# @timeout 10s
@api = {{host}}/api

### Users
# @name users
# @foreach users.csv
# @expect-status 200,201
PUT {{api}}/users/{{id}}?i={{$index}}
Content-Type: text/plain
Authorization: Bearer {{login.response.body.$.data.token}}

name={{name}}

### Log in
# @name login
POST {{api}}/login
Content-Type: application/json

{"user": "ada", "password": "{{password}}", "nonce": "{{$uuid}}"}

### Profile
GET {{api}}/me
Authorization: Bearer {{login.response.body.$.data.token}}
X-Request: {{login.response.headers.X-Request-Id}}

### Upload
POST {{api}}/upload
Content-Type: text/csv

< ./upload.txt

### Ping
# @repeat 3
GET {{api}}/ping?n={{$index}}&r={{$randomInt 10 20}}

### Tags
# @foreach tags.json
POST {{api}}/tags
Content-Type: application/json

{"tag": "{{tag}}", "n": {{n}}}

### Template
POST {{api}}/template
Content-Type: application/json

<@ ./template.json
`;

async function exportAndRun(users: number): Promise<{ records: Recorded[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-artillery-'));
  await writeFile(join(dir, 'load.batch.http'), BATCH);
  await writeFile(join(dir, 'users.csv'), 'id,name\n1,Ada\n2,"Grace, H"\n3,Linus\n');
  await writeFile(join(dir, 'upload.txt'), 'a,b\n1,2');
  await writeFile(join(dir, 'tags.json'), JSON.stringify([{ tag: 'a', n: 1 }, { tag: 'b, c', n: 2 }]));
  await writeFile(join(dir, 'template.json'), '{"request": "{{login.response.headers.X-Request-Id}}", "api": "{{api}}"}');
  await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ local: { host: `http://127.0.0.1:${port}` } }));
  await writeFile(join(dir, 'http-client.private.env.json'), JSON.stringify({ local: { password: 'not-in-the-file' } }));
  const exported = await run(process.execPath, [CLI, 'export', 'load.batch.http', '--to', 'artillery', '--env', 'local', '--users', String(users), '-o', 'out/load.yml'], dir);
  assert.equal(exported.code, 0, exported.output);
  recorded = [];
  const ran = await run(process.execPath, [ARTILLERY!, 'run', 'out/load.yml'], dir, { password: 'pw-from-env' });
  assert.equal(ran.code, 0, ran.output);
  return { records: recorded, dir };
}

test('one user sends the batch as described, captures reach the dependent requests, every row is used', { timeout: 240_000 }, async () => {
  const { records, dir } = await exportAndRun(1);
  try {
    assert.deepEqual(
      records.map((r) => `${r.method} ${r.url.replace(/&r=\d+$/, '')}`),
      [
        'POST /api/login',
        'PUT /api/users/1?i=0',
        'PUT /api/users/2?i=1',
        'PUT /api/users/3?i=2',
        'GET /api/me',
        'POST /api/upload',
        'GET /api/ping?n=0',
        'GET /api/ping?n=1',
        'GET /api/ping?n=2',
        'POST /api/tags',
        'POST /api/tags',
        'POST /api/template',
      ],
    );
    const token = issued[issued.length - 1]!;
    const login = records[0]!;
    assert.equal(login.headers['content-type'], 'application/json');
    const sent = JSON.parse(login.body) as { user: string; password: string; nonce: string };
    assert.equal(sent.password, 'pw-from-env');
    assert.match(sent.nonce, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const puts = records.filter((r) => r.method === 'PUT');
    assert.deepEqual(puts.map((r) => r.body), ['name=Ada', 'name=Grace, H', 'name=Linus']);
    for (const r of puts) {
      assert.equal(r.headers.authorization, `Bearer ${token}`);
      assert.equal(r.headers['content-type'], 'text/plain');
    }
    const me = records.find((r) => r.url === '/api/me')!;
    assert.equal(me.headers.authorization, `Bearer ${token}`);
    assert.equal(me.headers['x-request'], `rid-${issued.length}`);
    const upload = records.find((r) => r.url === '/api/upload')!;
    assert.equal(upload.body, 'a,b\n1,2');
    assert.equal(upload.headers['content-type'], 'text/csv');
    assert.deepEqual(
      records.filter((r) => r.url === '/api/tags').map((r) => JSON.parse(r.body) as unknown),
      [{ tag: 'a', n: 1 }, { tag: 'b, c', n: 2 }],
    );
    const template = records.find((r) => r.url === '/api/template')!;
    assert.deepEqual(JSON.parse(template.body), { request: `rid-${issued.length}`, api: `http://127.0.0.1:${port}/api` });
    for (const r of records.filter((x) => x.url.startsWith('/api/ping'))) {
      const n = Number(new URL(r.url, 'http://x').searchParams.get('r'));
      assert.ok(n >= 10 && n < 20, r.url);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('several users each log in and use their own token', { timeout: 240_000 }, async () => {
  const before = issued.length;
  const { records, dir } = await exportAndRun(3);
  try {
    const tokens = issued.slice(before);
    assert.equal(tokens.length, 3);
    const used = records.filter((r) => r.url === '/api/me').map((r) => String(r.headers.authorization).replace('Bearer ', ''));
    assert.deepEqual([...used].sort(), [...tokens].sort());
    const ids = records.filter((r) => r.method === 'PUT').map((r) => r.url.split('?')[0]);
    assert.equal(ids.length, 9);
    assert.equal(records.filter((r) => r.url === '/api/tags').length, 6);
    for (const id of ['/api/users/1', '/api/users/2', '/api/users/3']) assert.equal(ids.filter((x) => x === id).length, 3, id);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('examples/jobs.batch.http: the @until request polls until the job is done, then the result is fetched', { timeout: 240_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-artillery-jobs-'));
  try {
    await writeFile(join(dir, 'jobs.batch.http'), await readFile(JOBS_EXAMPLE, 'utf8'));
    const origin = `http://127.0.0.1:${port}`;
    const exported = await run(process.execPath, [CLI, 'export', 'jobs.batch.http', '--to', 'artillery', '--var', `baseUrl=${origin}`, '-o', 'out/jobs.yml'], dir);
    assert.equal(exported.code, 0, exported.output);
    const yml = await readFile(join(dir, 'out/jobs.yml'), 'utf8');
    assert.match(yml, /whileTrue: batchHttpPoll2/, 'the @until request is exported as a polling loop');
    recorded = [];
    jobs.clear();
    const ran = await run(process.execPath, [ARTILLERY!, 'run', 'out/jobs.yml'], dir);
    assert.equal(ran.code, 0, ran.output);
    const jobCalls = recorded.filter((r) => r.url.startsWith('/jobs'));
    assert.deepEqual(
      jobCalls.map((r) => `${r.method} ${r.url}`),
      ['POST /jobs', 'GET /jobs/job-1', 'GET /jobs/job-1', 'GET /jobs/job-1', 'GET /jobs/job-1/result'],
      'three status polls (queued, running, done), then the result once',
    );
    assert.ok(jobCalls[0]!.headers['idempotency-key'], 'the submit carries its Idempotency-Key');
    const polls = jobCalls.slice(1, 4).map((r) => r.at);
    for (let i = 1; i < polls.length; i++) assert.ok(polls[i]! - polls[i - 1]! >= 80, `polls wait the 100 ms @poll-interval (gaps ${polls.map((t, k) => (k ? t - polls[k - 1]! : 0)).join(', ')} ms)`);
    // The rest of the example still runs (its @first groups become every copy, as the notes say).
    const paths = recorded.map((r) => r.url.split('?')[0]);
    assert.equal(paths.filter((p) => p === '/mirror/price').length, 3);
    assert.equal(paths.filter((p) => p === '/mirror/search').length, 10);
    assert.equal(paths.filter((p) => p === '/mirror/summary').length, 1);
    assert.match(ran.output, /plugins\.expect\.ok\.equals:[ .]+1\b/, 'the ?? check of the result ran in Artillery and held');
    assert.match(ran.output, /vusers\.failed:[ .]+0\b/, 'no virtual user failed');
    assert.doesNotMatch(ran.output, /plugins\.expect\.failed|^errors\./m, 'no check failed, no request errored');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
