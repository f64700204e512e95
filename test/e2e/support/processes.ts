// Child processes of the end-to-end test (code-server, the CLI under measurement). Each one
// is started in its own process group so that stopping it also stops what it spawned (the
// extension host, file watchers, the pty host); a last-resort exit hook kills whatever is
// still running if the test process dies.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process printed so far (stdout and stderr interleaved, capped). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`. Resolves when it has ended. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_KEPT_OUTPUT = 1 << 20;
const live = new Set<number>();
const tempDirs = new Set<string>();
const argNeedles = new Set<string>();
let exitHookInstalled = false;

/**
 * For a stop by a signal (normal runs clean up after themselves): remove `dir`, and first kill
 * every process whose command line mentions it (Chromium, which Playwright started, runs on a
 * profile inside it). Returns a function that forgets the folder again.
 */
export function cleanUpOnSignal(dir: string): () => void {
  installExitHook();
  tempDirs.add(dir);
  argNeedles.add(dir);
  return () => {
    tempDirs.delete(dir);
    argNeedles.delete(dir);
  };
}

const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  };
  process.once('exit', killAll);
  // A test runner that gives up on this file stops it with a signal, which skips 'exit'.
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
    process.once(signal, () => {
      killAll();
      for (const pid of pidsMentioning([...argNeedles])) killGroup(pid, 'SIGKILL');
      for (const dir of tempDirs) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
        } catch {
          // A dying process may still write there; the folder is in the temp directory.
        }
      }
      process.exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
}

/** PIDs of processes whose command line contains one of `needles` (Linux /proc). */
function pidsMentioning(needles: string[]): number[] {
  if (needles.length === 0) return [];
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (needles.some((n) => cmdline.includes(n))) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal); // not a group leader
    } catch {
      // Already gone.
    }
  }
}

/** Starts `command` in a new process group; output is kept and optionally copied to `logFile`. */
export function startProcess(command: string, args: readonly string[], options: SpawnOptions & { logFile?: string } = {}): ManagedProcess {
  installExitHook();
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.add(pid);
  let kept = '';
  const log: WriteStream | null = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    kept = (kept + text).slice(-MAX_KEPT_OUTPUT);
    log?.write(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (err) => {
      kept += `\n[spawn error] ${err.message}\n`;
    });
    child.once('close', (code, signal) => {
      live.delete(pid);
      log?.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    child,
    pid,
    output: () => kept,
    exited,
    async stop(graceMs = 5000) {
      if (!live.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader may exit before the rest of its group; make sure nothing stays behind.
      killGroup(pid, 'SIGKILL');
    },
  };
}

/** Runs a command to completion with a time limit; rejects with its output on failure. */
export async function runToEnd(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs: number; what: string; logFile?: string },
): Promise<string> {
  const { timeoutMs, what, ...rest } = options;
  const proc = startProcess(command, args, rest);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void proc.stop(1000);
  }, timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (timedOut) throw new Error(`${what} did not finish within ${timeoutMs} ms. Output:\n${proc.output()}`);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}). Output:\n${proc.output()}`);
  return proc.output();
}
