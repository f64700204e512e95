// Runs a refresh at most once per interval, always with the latest data: requests that
// come in between collapse into one run at the end of the interval. No vscode import.

export class RefreshThrottle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refresh: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for a refresh: now when `immediate` or the interval has passed, else once at its end. */
  request(intervalMs: number, immediate = false): void {
    const wait = immediate ? 0 : this.last + intervalMs - this.now();
    if (wait <= 0) {
      this.runNow();
      return;
    }
    this.timer ??= setTimeout(() => this.runNow(), wait);
  }

  /** Runs the refresh now (cancelling a scheduled one). */
  runNow(): void {
    this.cancel();
    this.last = this.now();
    this.refresh();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }
}
