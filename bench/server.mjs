#!/usr/bin/env node
// The benchmark's target: a node:http server on 127.0.0.1 that answers every request
// after a fixed added latency, with keep-alive, and counts what it received.
//
//   node bench/server.mjs [--port 0] [--delay MS] [--size BYTES] [--max-lifetime S]
//
// A request may choose its own latency and body size with the query parameters
// `delay` (ms) and `size` (bytes of the JSON response body, padded); `items=N` adds an array
// of N small objects to the body (JSON with many keys and short strings); `failonce=1` answers
// 503 the first time that exact URL arrives after a reset (the resume scenario). Admin routes,
// which are not counted: GET /_bench/count, POST /_bench/reset, GET /_bench/ping.
// Once listening it prints one JSON line {"port":N,"pid":N} on stdout. It stops by
// itself after --max-lifetime seconds and, with --lifeline, as soon as its stdin closes
// (the harness that spawned it is gone).
import http from 'node:http';
import { parseArgs } from 'node:util';
import { URLSearchParams } from 'node:url';
import { setTimeout as later } from 'node:timers';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    delay: { type: 'string', default: '0' },
    size: { type: 'string', default: '0' },
    'max-lifetime': { type: 'string', default: '3600' },
    lifeline: { type: 'boolean', default: false },
  },
});
const defaultDelay = Number(values.delay);
const defaultSize = Number(values.size);
const MAX_DELAY_MS = 60_000;
const MAX_ITEMS = 10_000;
const MAX_SIZE = 16 * 1024 * 1024;

const counters = { requests: 0, responses: 0, sockets: 0, byMethod: {} };
/** URLs with `failonce=1` already failed since the last reset. */
const failedOnce = new Set();
function resetCounters() {
  failedOnce.clear();
  counters.requests = 0;
  counters.responses = 0;
  counters.sockets = 0;
  counters.byMethod = {};
}

function clamp(raw, fallback, max) {
  const n = raw === null ? fallback : Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), max) : 0;
}

function jsonBody(obj, size) {
  const text = JSON.stringify(obj);
  if (text.length + 10 >= size) return Buffer.from(text);
  // {"...","pad":"xxxx"} grows the body to exactly `size` bytes
  const pad = 'x'.repeat(size - text.length - 9);
  return Buffer.from(`${text.slice(0, -1)},"pad":"${pad}"}`);
}

/** `n` small objects, different for each request id: the shape of a page of an API's list. */
function itemList(id, n) {
  const items = [];
  for (let k = 0; k < n; k++) items.push({ id: `it-${id}-${k}`, name: `Item number ${k}`, price: k * 1.25, tags: ['a', 'b'], ok: k % 2 === 0 });
  return items;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function admin(path, res) {
  if (path === '/_bench/count') return send(res, 200, Buffer.from(JSON.stringify(counters)));
  if (path === '/_bench/reset') {
    resetCounters();
    return send(res, 200, Buffer.from('{"ok":true}'));
  }
  if (path === '/_bench/ping') return send(res, 200, Buffer.from('{"ok":true}'));
  return send(res, 404, Buffer.from('{"error":"no such admin route"}'));
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.startsWith('/_bench/')) return admin(path, res);

  counters.requests++;
  counters.byMethod[req.method] = (counters.byMethod[req.method] ?? 0) + 1;
  if (!req.socket.benchCounted) {
    req.socket.benchCounted = true;
    counters.sockets++;
  }
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  const delay = clamp(params.get('delay'), defaultDelay, MAX_DELAY_MS);
  const size = clamp(params.get('size'), defaultSize, MAX_SIZE);
  let received = 0;
  req.on('data', (chunk) => {
    received += chunk.length;
  });
  req.on('end', () => {
    if (params.get('failonce') === '1' && !failedOnce.has(url)) {
      failedOnce.add(url);
      counters.responses++;
      return send(res, 503, Buffer.from('{"error":"failing once"}'));
    }
    const items = clamp(params.get('items'), 0, MAX_ITEMS);
    const answer = () => {
      counters.responses++;
      const obj = { ok: true, method: req.method, path, id: params.get('id'), received };
      if (items > 0) obj.items = itemList(params.get('id'), items);
      send(res, 200, jsonBody(obj, size));
    };
    if (delay > 0) later(answer, delay);
    else answer();
  });
});

server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.on('connection', (socket) => socket.setNoDelay(true));

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}

server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
});
later(stop, Number(values['max-lifetime']) * 1000).unref();
if (values.lifeline) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
