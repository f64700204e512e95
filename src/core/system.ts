// Default implementations of the core's injected dependencies, for hosts to pass in.
import { readFile, readdir, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, FileReader, Logger, TimerHandle } from './types';

export function createNodeFileReader(): FileReader {
  return {
    async readFile(path: string): Promise<Uint8Array> {
      return readFile(path);
    },
    async exists(path: string): Promise<boolean> {
      try {
        return (await stat(path)).isFile();
      } catch {
        return false;
      }
    },
    listDir: (path: string) => readdir(path),
  };
}

/** Longest delay Node's timers take (a longer one would fire after 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSystemClock(): Clock {
  return {
    now: () => performance.now(),
    date: () => new Date(),
    setTimer: <A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle => setTimeout(fn, Math.min(ms, MAX_TIMER_MS), arg) as TimerHandle,
    clearTimer: (handle: TimerHandle): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** A logger that drops everything and reports every level as disabled. */
export function createSilentLogger(): Logger {
  const noop = (): void => {};
  return { enabled: () => false, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
