// Starts bench/server.mjs in its own process and talks to its admin routes.
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout } from 'node:timers';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server.mjs');

function call(port, method, route) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: route, agent: false, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`bench server did not answer ${method} ${route}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Spawns the server (`script`, default bench/server.mjs) on a free loopback port. Resolves to
 * {port, baseUrl, pid, count(), reset(), stop()}; count() gives {requests, responses, sockets, byMethod}.
 */
export function startServer({ maxLifetimeS = 3600, script = SERVER } = {}) {
  const child = spawn(process.execPath, [script, '--port', '0', '--lifeline', '--max-lifetime', String(maxLifetimeS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const failed = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('bench server did not start within 10 s'));
    }, 10_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`bench server exited early (code ${code})`)));
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(failed);
      const { port } = JSON.parse(buffered.slice(0, newline));
      child.stdout.resume();
      const exited = new Promise((done) => child.once('exit', done));
      resolve({
        port,
        pid: child.pid,
        baseUrl: `http://127.0.0.1:${port}`,
        count: () => call(port, 'GET', '/_bench/count'),
        reset: () => call(port, 'POST', '/_bench/reset'),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.stdin.end();
            child.kill('SIGTERM');
          }
          await exited;
        },
      });
    });
  });
}
