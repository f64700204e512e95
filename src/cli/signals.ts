// How the CLI stops on a signal. SIGINT (Ctrl+C) and SIGTERM (CI cancellation, `timeout`,
// `docker stop`) both cancel the run: what finished is still reported, the rest is
// CANCELLED, and the exit status is 128 + the signal number (130, 143). A second signal
// exits at once with that status.

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof EXIT_CODES;

/** The reason a signal gives to the run's AbortController. */
export class SignalStop extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'SignalStop';
  }
}

/** The exit status of a run whose signal was aborted: 143 for SIGTERM, else 130. */
export function interruptedExitCode(signal: AbortSignal): number {
  const reason: unknown = signal.reason;
  return reason instanceof SignalStop ? EXIT_CODES[reason.signal] : EXIT_CODES.SIGINT;
}

export interface SignalTarget {
  on(event: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
}

/** Listens for SIGINT and SIGTERM: the first one aborts `controller`, a second one exits. */
export function installStopSignals(target: SignalTarget, controller: AbortController, say: (text: string) => void): void {
  for (const name of Object.keys(EXIT_CODES) as StopSignal[]) {
    target.on(name, () => {
      if (controller.signal.aborted) target.exit(EXIT_CODES[name]);
      else {
        const again = name === 'SIGINT' ? 'press Ctrl+C again to quit at once' : 'send it again to quit at once';
        say(`\nbatch-http: ${name === 'SIGINT' ? 'interrupted' : 'terminated'}, cancelling (${again})\n`);
        controller.abort(new SignalStop(name));
      }
    });
  }
}
