// Runs one child process and measures it: wall time from spawn to exit (so process
// start is included), peak resident memory and CPU time. Peak RSS and CPU come from GNU
// time when /usr/bin/time is there; else peak RSS is VmHWM sampled from /proc/PID/status
// and CPU time is unknown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'node:timers';

const GNU_TIME = '/usr/bin/time';
const TIME_FORMAT = '%M %U %S';

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

/** GNU time's last line, written with TIME_FORMAT: {peakRssKb, cpuMs} (nulls when unreadable). */
function readTimeFile(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const [kb, user, sys] = lines[lines.length - 1].split(' ').map(Number);
    return { peakRssKb: Number.isFinite(kb) ? kb : null, cpuMs: Number.isFinite(user + sys) ? (user + sys) * 1000 : null };
  } catch {
    return { peakRssKb: null, cpuMs: null };
  }
}

/**
 * Runs `command args` with stdout/stderr to the given files and resolves to
 * {wallMs, peakRssKb, cpuMs, exitCode, signal, timedOut}. The child gets its own process group,
 * which is killed when timeoutMs passes. `env`: variables added to this process's for the child.
 */
export function measureProcess({ command, args, cwd, stdoutFile, stderrFile, timeoutMs, useGnuTime, env }) {
  const rssFile = path.join(os.tmpdir(), `batch-http-bench-rss-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = useGnuTime ? [GNU_TIME, ['-f', TIME_FORMAT, '-o', rssFile, command, ...args]] : [command, args];
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', out, err], detached: true, env: env ? { ...process.env, ...env } : process.env });
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
      const { peakRssKb, cpuMs } = useGnuTime ? readTimeFile(rssFile) : { peakRssKb: sampledKb || null, cpuMs: null };
      fs.rmSync(rssFile, { force: true });
      resolve({ wallMs, peakRssKb, cpuMs, exitCode: code, signal, timedOut });
    });
  });
}
