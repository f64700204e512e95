// `--busy`: CPU-burning child processes that run beside the measured ones, to see how the
// CLI holds up on a machine whose cores are taken (issue 20). Each is a bare `node -e` busy
// loop in its own process group, stopped by its pid when the bench ends.
import { spawn } from 'node:child_process';

/** Starts `count` busy loops; `stop()` ends them (it is safe to call more than once). */
export function startBurners(count) {
  const children = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore', detached: true });
    child.unref();
    children.push(child);
  }
  let stopped = false;
  return {
    pids: children.map((c) => c.pid),
    stop() {
      if (stopped) return;
      stopped = true;
      for (const child of children) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}
