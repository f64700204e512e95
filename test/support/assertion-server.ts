// The local server the assertion tests run against (test/fixtures/assertions): JSON, XML and
// text answers, a job that is never done, statuses on demand, a flaky route, an echo of a
// secret. Counts requests per path.
import type http from 'node:http';
import { sendJson, startServer, type TestServer } from './server';

export const SLIDESHOW = {
  slideshow: {
    author: 'Yours Truly',
    date: '2026-11-22',
    title: 'Sample Slide Show',
    subtitle: null,
    count: 2,
    published: true,
    draft: false,
    slides: [
      { title: 'Wake up to WonderWidgets!', type: 'all' },
      { title: 'Overview', type: 'all', items: ['Why WonderWidgets are great', 'Who buys WonderWidgets'] },
    ],
  },
};

const XML = `<?xml version="1.0"?>
<slideshow author="Yours Truly" title="Sample Slide Show">
  <slide><title>Wake up to WonderWidgets!</title></slide>
  <slide><title>Overview</title><item>Why WonderWidgets are great</item></slide>
</slideshow>`;

function send(res: http.ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(text);
  res.writeHead(status, { 'content-type': type, 'content-length': String(body.length), ...headers });
  res.end(body);
}

export interface AssertionServer extends TestServer {
  /** Requests seen per path (without the query). */
  count(path: string): number;
}

export async function startAssertionServer(): Promise<AssertionServer> {
  const flaky = new Map<string, number>();
  const server = (await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/json') return sendJson(res, 200, SLIDESHOW);
    if (path === '/xml') return send(res, 200, 'application/xml', XML);
    if (path === '/text') return send(res, 200, 'text/plain', 'hello world');
    if (path === '/job') return sendJson(res, 200, { id: 7, state: 'running' });
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) return sendJson(res, Number(status[1]), { status: Number(status[1]) });
    if (path === '/flaky') {
      // 503 the first time for each key, then 200 with a job that is still running.
      const key = url.searchParams.get('key') ?? '';
      const n = (flaky.get(key) ?? 0) + 1;
      flaky.set(key, n);
      return n === 1 ? sendJson(res, 503, { error: 'warming up' }) : sendJson(res, 200, { state: 'running' });
    }
    if (path === '/echo') {
      const token = String(req.headers['x-api-token'] ?? '');
      return sendJson(res, 200, { token, note: `your token is ${token}` }, { 'x-api-token': token });
    }
    return sendJson(res, 404, { error: 'no route' });
  })) as AssertionServer;
  server.count = (p) => server.seen.filter((s) => new URL(s.url, 'http://x').pathname === p).length;
  return server;
}
