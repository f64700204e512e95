// The CLI's only door to the terminal. Everything else writes through these functions,
// which keeps `no-console` enforceable and lets tests capture output.
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Like `stdout` (text, or UTF-8 bytes), resolving once it is handed to the OS (backpressure for big reports). */
  stdoutAsync?(data: string | Uint8Array): Promise<void>;
  /** True when stderr is a terminal (live progress line). */
  stderrIsTTY: boolean;
  /** Width of the terminal stderr is, when known (the progress line is cut to fit). */
  readonly stderrColumns?: number;
}

/**
 * A stream the reader may close early (`batch-http run … | head`): EPIPE ends writing, quietly.
 * Any other failure (a full disk: ENOSPC) also ends writing, and is handed to the callback
 * of that write and every later one, so the report writer can say so in one line.
 */
function guarded(stream: NodeJS.WriteStream): { write(data: string | Uint8Array, done?: (err?: Error) => void): void } {
  let closed = false;
  let failure: Error | undefined;
  const quiet = (err: NodeJS.ErrnoException): boolean => err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED';
  stream.on('error', (err: NodeJS.ErrnoException) => {
    closed = true;
    if (!quiet(err)) failure ??= err;
  });
  return {
    write(data, done) {
      if (closed) {
        done?.(failure);
        return;
      }
      stream.write(data, (err?: Error | null) => done?.(err && !quiet(err) ? err : failure));
    },
  };
}

export function createProcessOutput(): CliOutput {
  const out = guarded(process.stdout);
  const err = guarded(process.stderr);
  return {
    stdout: (text) => out.write(text),
    stderr: (text) => err.write(text),
    // A closed pipe (EPIPE: the reader went away) ends the wait quietly, like `stdout`;
    // another failure (ENOSPC) rejects, and the report writer says so.
    stdoutAsync: (data) => new Promise<void>((done, fail) => out.write(data, (err) => (err ? fail(err) : done()))),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    // Read at each draw: the terminal may be resized during a run.
    get stderrColumns() {
      return process.stderr.isTTY ? process.stderr.columns : undefined;
    },
  };
}
