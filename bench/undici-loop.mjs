#!/usr/bin/env node
// The minimal undici loop: the yardstick for what a Node runner can do. It reads a
// file written by lib/requests.mjs, then keeps at most C requests in flight through one
// undici Agent (C keep-alive connections), reading every response body in full.
//
//   node bench/undici-loop.mjs FILE C
//
// Prints one JSON line {requests, succeeded, failed, sendMs, statuses, errors};
// exits 1 when any request failed or got a status outside 2xx.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { readGeneratedFile } from './lib/requests.mjs';

const [file, capText] = process.argv.slice(2);
const cap = Number(capText);
if (!file || !Number.isInteger(cap) || cap < 1) {
  process.stderr.write('usage: node bench/undici-loop.mjs FILE CONCURRENCY\n');
  process.exit(2);
}

const requests = readGeneratedFile(fs.readFileSync(file, 'utf8'));
const dispatcher = new Agent({ connections: cap, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
const statuses = {};
const errors = {};
let next = 0;
let succeeded = 0;
let failed = 0;

async function worker() {
  while (next < requests.length) {
    const { method, url, headers, body } = requests[next++];
    try {
      const res = await request(url, { method, headers, body, dispatcher });
      await res.body.arrayBuffer();
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 200 && res.statusCode < 300) succeeded++;
      else failed++;
    } catch (err) {
      failed++;
      const code = err.code ?? err.name;
      errors[code] = (errors[code] ?? 0) + 1;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Math.min(cap, requests.length) }, worker));
const sendMs = performance.now() - started;
await dispatcher.close();
process.stdout.write(
  `${JSON.stringify({ requests: requests.length, succeeded, failed, sendMs: Math.round(sendMs), statuses, errors })}\n`,
);
process.exitCode = failed > 0 ? 1 : 0;
