// The demo API for `npm run demo`: a small JSON service on 127.0.0.1 with a login, varied
// latency, a flaky endpoint (503 once), a rate-limited one (429 + Retry-After once), 404s,
// an asynchronous job API (submit, status, result) and mirrors of varied speed (`@first`).
//   node examples/demo-server.mjs [--port N]      (default: a random free port)
import http from 'node:http';
import { randomUUID } from 'node:crypto';

function json(res, status, value, headers = {}) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...headers });
  res.end(body);
}

/**
 * Asynchronous jobs: `POST /jobs` (an `Idempotency-Key` returns the same job again) answers
 * 202 with the job's id; `GET /jobs/ID` reports `queued`, then `running`, then `done` from
 * the third status request on (a count, not a clock: the demo stays quick and repeatable);
 * `GET /jobs/ID/result` gives the result once done (409 before).
 */
function createJobs() {
  const byId = new Map();
  const byKey = new Map();
  function route(req, res, path, body) {
    if (req.method === 'POST' && path === '/jobs') {
      const key = req.headers['idempotency-key'];
      if (key && byKey.has(key)) return json(res, 202, view(byKey.get(key)));
      let size;
      try {
        size = Number(JSON.parse(body || '{}').size ?? 1) || 1;
      } catch {
        return json(res, 400, { error: 'invalid JSON' });
      }
      const job = { id: `job-${byId.size + 1}`, size, polls: 0 };
      byId.set(job.id, job);
      if (key) byKey.set(key, job);
      return json(res, 202, view(job), { location: `/jobs/${job.id}` });
    }
    const m = /^\/jobs\/([\w-]+)(\/result)?$/.exec(path);
    const job = m && byId.get(m[1]);
    if (!job || req.method !== 'GET') return json(res, 404, { error: `no job at ${path}` });
    if (m[2]) {
      if (state(job) !== 'done') return json(res, 409, { error: 'not done yet', state: state(job) });
      return json(res, 200, { id: job.id, size: job.size, items: Array.from({ length: job.size }, (_, i) => i * i) });
    }
    job.polls++;
    return json(res, 200, view(job));
  }
  const state = (job) => (job.polls >= 3 ? 'done' : job.polls === 2 ? 'running' : 'queued');
  const view = (job) => ({ id: job.id, state: state(job), progress: Math.min(100, Math.round((job.polls / 3) * 100)) });
  return { route };
}

/** `GET /mirror/NAME?i=N`: the same answer from mirrors of different speeds (copy 1 is the fast one). */
function mirror(res, url) {
  const i = Number(url.searchParams.get('i') ?? 0);
  const delay = i % 3 === 1 ? 10 : 1500 + 100 * i;
  setTimeout(() => json(res, 200, { mirror: i, price: 42 }), delay).unref?.();
}

/** Starts the demo API; resolves to { url, port, close }. */
export async function startDemoServer(port = 0) {
  const tokens = new Set();
  const seen = new Map();
  const users = new Map();
  const jobs = createJobs();
  const once = (key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1;
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delay = Math.min(Number(url.searchParams.get('delay') ?? 0) || 0, 5000);
      setTimeout(() => route(req, res, url, body), delay);
    });
  });
  const authorized = (req) => tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  function route(req, res, url, body) {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/login') {
      const token = randomUUID();
      tokens.add(token);
      return json(res, 200, { token, expiresIn: 3600 });
    }
    if (path === '/jobs' || path.startsWith('/jobs/')) return jobs.route(req, res, path, body);
    if (path.startsWith('/mirror/')) return mirror(res, url);
    if (path === '/flaky') return once('flaky') ? json(res, 503, { error: 'warming up' }) : json(res, 200, { ok: true });
    if (path === '/limited') {
      return once('limited') ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true });
    }
    if (!authorized(req)) return json(res, 401, { error: 'log in first' });
    if (path === '/me') return json(res, 200, { name: 'Ada', role: 'admin' });
    if (req.method === 'POST' && path === '/users') {
      let user;
      try {
        user = JSON.parse(body);
      } catch {
        return json(res, 400, { error: 'invalid JSON' });
      }
      const id = users.size + 1000;
      users.set(id, user);
      return json(res, 201, { id, ...user }, { location: `/users/${id}` });
    }
    const m = /^\/users\/(\d+)$/.exec(path);
    if (req.method === 'GET' && m) return json(res, 200, { id: Number(m[1]), name: `user ${m[1]}` });
    return json(res, 404, { error: `no route ${req.method} ${path}` });
  }
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const demo = await startDemoServer(i > 0 ? Number(process.argv[i + 1]) : 0);
  console.log(`demo API listening on ${demo.url} (Ctrl+C to stop)`);
  process.on('SIGINT', () => demo.close().then(() => process.exit(0)));
}
