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

/** A stream the reader may close early (`batch-http run … | head`): EPIPE ends writing, quietly. */
function guarded(stream: NodeJS.WriteStream): { write(data: string | Uint8Array, done?: () => void): void } {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw err;
  });
  return {
    write(data, done) {
      if (closed) {
        done?.();
        return;
      }
      stream.write(data, () => done?.());
    },
  };
}

export function createProcessOutput(): CliOutput {
  const out = guarded(process.stdout);
  const err = guarded(process.stderr);
  return {
    stdout: (text) => out.write(text),
    stderr: (text) => err.write(text),
    // A failed write (EPIPE: the reader went away) ends the wait like `stdout` ignores it.
    stdoutAsync: (data) => new Promise<void>((done) => out.write(data, done)),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    // Read at each draw: the terminal may be resized during a run.
    get stderrColumns() {
      return process.stderr.isTTY ? process.stderr.columns : undefined;
    },
  };
}
