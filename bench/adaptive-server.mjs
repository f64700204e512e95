#!/usr/bin/env node
// The adaptive-concurrency benchmark's target (`npm run bench:adaptive`): a node:http server
// on 127.0.0.1 in its own process with a capacity profile, chosen per run:
//   hard      holds K requests for DELAY ms; above K in flight, 503 at once
//   rate      a token bucket (RATE/s, BURST); empty: 429 with Retry-After: 1
//   latency   K workers serve for DELAY ms each (a little slower the longer the queue); the rest queue
//   generous  every request after DELAY ms
// It counts, itself, the requests in flight (refused ones included) and their maximum.
//   POST /_bench/reset?profile=hard&k=32&delay=20&rate=400&burst=20   (counters to zero)
//   GET  /_bench/count   -> {requests, rejected, maxInFlight, inFlight, sockets}
// Prints {"port":N,"pid":N} once listening; stops when stdin closes (--lifeline) or after
// --max-lifetime seconds.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'max-lifetime': { type: 'string', default: '3600' },
    lifeline: { type: 'boolean', default: false },
  },
});

let profile = { name: 'generous', k: 32, delay: 20, rate: 400, burst: 20 };
let stats;
let busy;
let queue;
let tokens;
let lastRefill;

function reset(params) {
  profile = {
    name: params.get('profile') ?? 'generous',
    k: Number(params.get('k') ?? 32),
    delay: Number(params.get('delay') ?? 20),
    rate: Number(params.get('rate') ?? 400),
    burst: Number(params.get('burst') ?? 20),
  };
  stats = { requests: 0, rejected: 0, maxInFlight: 0, inFlight: 0, sockets: 0 };
  busy = 0;
  queue = [];
  tokens = profile.burst;
  lastRefill = performance.now();
}
reset(new URLSearchParams());

function answer(res, status, headers = {}) {
  const body = status === 200 ? '{"ok":true}' : `{"error":${status}}`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...headers });
  res.end(body);
}

/** The latency profile: a worker serves one request; the queue slows each service a little (contention). */
function serve(res) {
  busy++;
  const ms = profile.delay * (1 + 0.004 * queue.length);
  setTimeout(() => {
    busy--;
    answer(res, 200);
    const next = queue.shift();
    if (next) serve(next);
  }, ms);
}

function handle(req, res) {
  switch (profile.name) {
    case 'hard':
      if (busy >= profile.k) {
        stats.rejected++;
        return answer(res, 503);
      }
      busy++;
      return void setTimeout(() => {
        busy--;
        answer(res, 200);
      }, profile.delay);
    case 'rate': {
      const now = performance.now();
      tokens = Math.min(profile.burst, tokens + ((now - lastRefill) / 1000) * profile.rate);
      lastRefill = now;
      if (tokens < 1) {
        stats.rejected++;
        return answer(res, 429, { 'retry-after': '1' });
      }
      tokens--;
      return void setTimeout(() => answer(res, 200), profile.delay);
    }
    case 'latency':
      return busy < profile.k ? serve(res) : void queue.push(res);
    default:
      return void setTimeout(() => answer(res, 200), profile.delay);
  }
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/_bench/')) {
    const u = new URL(url, 'http://x');
    if (u.pathname === '/_bench/reset') reset(u.searchParams);
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ...stats, profile }));
  }
  stats.requests++;
  stats.inFlight++;
  if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
  let ended = false;
  const done = () => {
    if (ended) return;
    ended = true;
    stats.inFlight--;
  };
  res.on('finish', done);
  res.on('close', done);
  req.resume();
  req.on('end', () => handle(req, res));
});
server.keepAliveTimeout = 30_000;
server.on('connection', () => stats.sockets++);
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
});
setTimeout(() => process.exit(0), Number(values['max-lifetime']) * 1000).unref();
if (values.lifeline) {
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
}
