// Live progress of `batch-http run` on stderr: on a terminal a bar and a line rewritten in
// place, otherwise a line at most once a second. Never on stdout. The ETA comes from the
// recent rate (the last RATE_WINDOW_MS), so a run that slows down (a rate limit, a server
// that tires) shows the time it will really take, not the average's.
import type { RunEvent } from '../core/types';
import type { CliOutput } from './output';

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 1000;
/** The span the recent rate is measured over. */
export const RATE_WINDOW_MS = 10_000;
/** At most one rate sample this often: the window holds about 40 samples. */
const SAMPLE_MS = 250;
const BAR_WIDTH = 20;

/** Done counts over time, kept for the last RATE_WINDOW_MS (and one sample before it). */
class RateWindow {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];
  private head = 0;

  add(t: number, done: number): void {
    const last = this.times.length - 1;
    if (last >= this.head && t - this.times[last]! < SAMPLE_MS) return;
    this.times.push(t);
    this.counts.push(done);
    this.prune(t);
    if (this.head > 64) {
      this.times.splice(0, this.head);
      this.counts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Keeps the newest sample at or before the window's start; the ones before it are dropped. */
  private prune(t: number): void {
    while (this.head + 1 < this.times.length && this.times[this.head + 1]! <= t - RATE_WINDOW_MS) this.head++;
  }

  /** Requests per second between the window's oldest sample and (t, done); null before a second of data. */
  rate(t: number, done: number): number | null {
    this.prune(t);
    if (this.head >= this.times.length) return null;
    const span = t - this.times[this.head]!;
    if (span < 1000) return null;
    return ((done - this.counts[this.head]!) * 1000) / span;
  }
}

/** `9.1s`, `1m23s`, `2h05m`. */
export function formatEta(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `[########            ]  40%` */
export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const part = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.floor(part * width);
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.floor(part * 100)).padStart(3)}%`;
}

export class Progress {
  private done = 0;
  private succeeded = 0;
  private failed = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private drawnDone = -1;
  private readonly startMs: number;
  private readonly window = new RateWindow();

  constructor(
    private readonly out: CliOutput,
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.startMs = now();
    this.window.add(this.startMs, 0);
  }

  /** The run's event listener. */
  readonly onEvent = (event: RunEvent): void => {
    if (event.type !== 'finished') return;
    this.done++;
    if (event.result.outcome === 'succeeded') this.succeeded++;
    else if (event.result.outcome === 'failed') this.failed++;
    const t = this.now();
    this.window.add(t, this.done);
    if (t - this.lastDraw >= (this.out.stderrIsTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) this.draw(t);
  };

  /** Final line (and the end of the live line on a terminal). */
  finish(): void {
    if (this.drawnDone !== this.done || this.out.stderrIsTTY) this.draw(this.now());
    if (this.out.stderrIsTTY && this.drawn) this.out.stderr('\n');
  }

  /** Seconds left at the recent rate (the average rate in the first second), or null. */
  etaSeconds(t: number): number | null {
    const left = this.total - this.done;
    if (left <= 0) return null;
    const elapsedS = (t - this.startMs) / 1000;
    const rate = this.window.rate(t, this.done) ?? (elapsedS > 0 ? this.done / elapsedS : 0);
    return rate > 0 ? left / rate : null;
  }

  line(t: number): string {
    const elapsedS = (t - this.startMs) / 1000;
    const rate = elapsedS > 0 ? this.done / elapsedS : 0;
    const eta = this.etaSeconds(t);
    return (
      `${this.done}/${this.total} done, ${this.succeeded} succeeded, ${this.failed} failed, ` +
      `${rate.toFixed(1)} req/s, ${elapsedS.toFixed(1)}s elapsed${eta === null ? '' : `, ETA ${formatEta(eta)}`}`
    );
  }

  private draw(t: number): void {
    this.lastDraw = t;
    this.drawn = true;
    this.drawnDone = this.done;
    if (!this.out.stderrIsTTY) {
      this.out.stderr(`${this.line(t)}\n`);
      return;
    }
    let text = `${progressBar(this.done, this.total)} ${this.line(t)}`;
    // A line wider than the terminal wraps, and `\r` would then rewrite only its last row.
    const columns = this.out.stderrColumns;
    if (columns && text.length > columns - 1) text = text.slice(0, Math.max(0, columns - 1));
    this.out.stderr(`\r\x1b[K${text}`);
  }
}
