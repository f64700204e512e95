// Bounded waiting: every wait of the end-to-end test has a limit and says what it waited for.

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, last: string | undefined) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `; last seen: ${last}` : ''}`);
    this.name = 'WaitTimeoutError';
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value other than undefined. `describe` turns the last
 * probe's state into text for the failure message (what was on screen instead).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 250);
  }
  let last: string | undefined;
  try {
    last = options.describe ? await options.describe() : undefined;
  } catch {
    last = undefined;
  }
  if (last === undefined && lastError instanceof Error) last = lastError.message;
  throw new WaitTimeoutError(what, options.timeoutMs, last);
}

/** Runs `fn` with a time limit; the limit's rejection names `what`. */
export async function withTimeout<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(what, timeoutMs, undefined)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
