// Live progress of `batch-http run` on stderr: a line rewritten in place on a terminal,
// otherwise a line at most once a second. Never on stdout.
import type { RunEvent } from '../core/types';
import type { CliOutput } from './output';

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 1000;

export class Progress {
  private done = 0;
  private succeeded = 0;
  private failed = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private drawnDone = -1;
  private readonly startMs: number;

  constructor(
    private readonly out: CliOutput,
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.startMs = now();
  }

  /** The run's event listener. */
  readonly onEvent = (event: RunEvent): void => {
    if (event.type !== 'finished') return;
    this.done++;
    if (event.result.outcome === 'succeeded') this.succeeded++;
    else if (event.result.outcome === 'failed') this.failed++;
    const t = this.now();
    if (t - this.lastDraw >= (this.out.stderrIsTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) this.draw(t);
  };

  /** Final line (and the end of the live line on a terminal). */
  finish(): void {
    if (this.drawnDone !== this.done || this.out.stderrIsTTY) this.draw(this.now());
    if (this.out.stderrIsTTY && this.drawn) this.out.stderr('\n');
  }

  line(t: number): string {
    const elapsedS = (t - this.startMs) / 1000;
    const rate = elapsedS > 0 ? this.done / elapsedS : 0;
    const left = this.total - this.done;
    const eta = rate > 0 && left > 0 ? `, ETA ${(left / rate).toFixed(1)}s` : '';
    return `${this.done}/${this.total} done, ${this.succeeded} succeeded, ${this.failed} failed, ${rate.toFixed(1)} req/s, ${elapsedS.toFixed(1)}s elapsed${eta}`;
  }

  private draw(t: number): void {
    this.lastDraw = t;
    this.drawn = true;
    this.drawnDone = this.done;
    if (this.out.stderrIsTTY) this.out.stderr(`\r\x1b[K${this.line(t)}`);
    else this.out.stderr(`${this.line(t)}\n`);
  }
}
