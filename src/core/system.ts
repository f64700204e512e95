// Default implementations of the core's injected dependencies, for hosts to pass in.
import { constants, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, FileReader, Logger, TimerHandle } from './types';

/** Largest file a plan reads (a body include, a `@foreach` file, an environment file). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

/** A file the reader refuses: not a regular file, or over the size cap. `code` says which. */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: 'ENOTREG' | 'EFBIG',
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

function tooBig(size: number, maxBytes: number): UnreadableFileError {
  const mib = (n: number): string => `${Math.ceil(n / 1048576)} MiB`;
  return new UnreadableFileError('EFBIG', `the file is over ${mib(maxBytes)} (${size} bytes read or listed), the most a plan reads from one file`);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads regular files only, up to `maxBytes`: a FIFO would block the read forever and a
 * device such as /dev/zero never ends, so both are refused before any byte is read.
 */
export function createNodeFileReader(options: { maxBytes?: number } = {}): FileReader {
  const maxBytes = options.maxBytes ?? MAX_READ_BYTES;
  return {
    async readFile(path: string): Promise<Uint8Array> {
      const before = await stat(path);
      if (!before.isFile()) throw new UnreadableFileError('ENOTREG', `${kindOf(before)}, not a regular file; only regular files can be read`);
      // O_NONBLOCK: should the path become a FIFO after the check, opening it does not hang.
      const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const info = await file.stat();
        if (!info.isFile()) throw new UnreadableFileError('ENOTREG', `${kindOf(info)}, not a regular file; only regular files can be read`);
        if (info.size > maxBytes) throw tooBig(info.size, maxBytes);
        // Reads on to the end, not to the size seen: a file that grows while read is caught too.
        const parts: Buffer[] = [];
        let length = 0;
        for (;;) {
          const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(info.size, maxBytes) + 1 - length));
          const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
          if (bytesRead === 0) break;
          length += bytesRead;
          if (length > maxBytes) throw tooBig(length, maxBytes);
          parts.push(chunk.subarray(0, bytesRead));
        }
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
      } finally {
        await file.close();
      }
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
