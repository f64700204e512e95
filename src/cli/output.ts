// The CLI's only door to the terminal. Everything else writes through these functions,
// which keeps `no-console` enforceable and lets tests capture output.
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (live progress line). */
  stderrIsTTY: boolean;
}

export function createProcessOutput(): CliOutput {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
