// The CLI's only door to the terminal. Everything else writes through these functions,
// which keeps `no-console` enforceable and lets tests capture output.
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Like `stdout`, resolving once the text is handed to the OS (backpressure for big reports). */
  stdoutAsync?(text: string): Promise<void>;
  /** True when stderr is a terminal (live progress line). */
  stderrIsTTY: boolean;
}

export function createProcessOutput(): CliOutput {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    // A failed write (EPIPE: the reader went away) ends the wait like `stdout` ignores it.
    stdoutAsync: (text) => new Promise<void>((done) => void process.stdout.write(text, () => done())),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
