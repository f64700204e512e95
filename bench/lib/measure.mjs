// Runs one child process and measures it: wall time from spawn to exit (so process
// start is included) and peak resident memory. Peak RSS comes from GNU time's %M when
// /usr/bin/time is there, else from sampling VmHWM in /proc/PID/status.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'node:timers';

const GNU_TIME = '/usr/bin/time';

/** True when /usr/bin/time is GNU time and writes %M to a file. */
export function hasGnuTime() {
  if (!fs.existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore' });
  return probe.status === 0;
}

function readVmHwmKb(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function lastNumber(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const n = Number(lines[lines.length - 1]);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/**
 * Runs `command args` with stdout/stderr to the given files and resolves to
 * {wallMs, peakRssKb, exitCode, signal, timedOut}. The child gets its own process group,
 * which is killed when timeoutMs passes.
 */
export function measureProcess({ command, args, cwd, stdoutFile, stderrFile, timeoutMs, useGnuTime }) {
  const rssFile = path.join(os.tmpdir(), `batch-http-bench-rss-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = useGnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', out, err], detached: true });
    let sampledKb = 0;
    let timedOut = false;
    const sampler = useGnuTime
      ? null
      : setInterval(() => {
          sampledKb = Math.max(sampledKb, readVmHwmKb(child.pid));
        }, 10);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      fs.closeSync(out);
      fs.closeSync(err);
      const peakRssKb = useGnuTime ? lastNumber(rssFile) : sampledKb || null;
      fs.rmSync(rssFile, { force: true });
      resolve({ wallMs, peakRssKb, exitCode: code, signal, timedOut });
    });
  });
}
