// The one conversion from an editor cancellation token to the core's AbortSignal, done at the
// command boundary. Structural types, so this needs no `vscode` import.
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** An AbortSignal that aborts when the token is cancelled; dispose the result when done. */
export function abortSignalFrom(token: CancellationLike): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose: () => {} };
  }
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}
