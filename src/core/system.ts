// Default implementations of the core's injected dependencies, for hosts to pass in.
import { readFile, readdir, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, FileReader, Logger } from './types';

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

export function createSystemClock(): Clock {
  return { now: () => performance.now(), date: () => new Date() };
}

/** A logger that drops everything and reports every level as disabled. */
export function createSilentLogger(): Logger {
  const noop = (): void => {};
  return { enabled: () => false, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
