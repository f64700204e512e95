// Runs a .batch.http text through the real parser and runner, recording everything the
// reliability properties look at: the plan, the report, the event stream, log lines,
// unhandled errors, memory peaks and the in-flight count seen from the events.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../../src/core/parser/index';
import { runBatch } from '../../src/core/runner/index';
import { createNodeFileReader } from '../../src/core/system';
import type { BatchPlan, Logger, RequestResult, RunEvent, RunReport } from '../../src/core/types';
import type { RunOptions } from '../../src/core/runner/index';

export interface CapturedLog {
  logger: Logger;
  lines: string[];
}

/** A logger with every level on that keeps each line as `LEVEL message`. */
export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return {
    lines,
    logger: { enabled: () => true, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

export interface Workspace {
  dir: string;
  file: string;
  write(name: string, content: string | Uint8Array): Promise<string>;
  dispose(): Promise<void>;
}

/** A temporary workspace holding `main.batch.http` with `text`, plus any other files. */
export async function workspace(text: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-rel-'));
  const file = join(dir, 'main.batch.http');
  await writeFile(file, text);
  return {
    dir,
    file,
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function planFor(ws: Workspace, extra: { environment?: string; processEnv?: Record<string, string> } = {}): Promise<BatchPlan> {
  const text = await import('node:fs/promises').then((fs) => fs.readFile(ws.file, 'utf8'));
  return buildPlan(text, {
    filePath: ws.file,
    workspaceRoot: ws.dir,
    environment: extra.environment ?? null,
    files: createNodeFileReader(),
    processEnv: extra.processEnv ?? {},
  });
}

export interface RunRecord {
  report: RunReport;
  events: RunEvent[];
  /** Events that arrived after runBatch resolved (checked after a short wait). */
  lateEvents: RunEvent[];
  /** Highest number of attempts in flight at once, from the results' attempt logs. */
  maxInFlight: number;
  /** Highest number of attempts in flight to one origin at once. */
  maxInFlightPerOrigin: number;
  unhandled: string[];
  wallMs: number;
  peakRssGrowth: number;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * The most attempts that overlapped in time, overall and to one origin, from each result's
 * attempt log (an attempt ending at the instant another starts does not overlap it).
 */
export function attemptOverlap(results: readonly RequestResult[]): { all: number; perOrigin: number } {
  const marks: [number, number, string][] = [];
  for (const r of results) {
    const o = origin(r.url);
    for (const a of r.attemptLog) {
      marks.push([a.startMs, 1, o], [a.endMs, -1, o]);
    }
  }
  marks.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let all = 0;
  let maxAll = 0;
  let maxOrigin = 0;
  const per = new Map<string, number>();
  for (const [, d, o] of marks) {
    all += d;
    const n = (per.get(o) ?? 0) + d;
    per.set(o, n);
    maxAll = Math.max(maxAll, all);
    maxOrigin = Math.max(maxOrigin, n);
  }
  return { all: maxAll, perOrigin: maxOrigin };
}

/** Runs the plan, watching events, unhandled errors and memory. */
export async function runWatched(plan: BatchPlan, options: RunOptions = {}): Promise<RunRecord> {
  const events: RunEvent[] = [];
  const unhandled: string[] = [];
  const onRejection = (reason: unknown): void => void unhandled.push(`unhandledRejection: ${String(reason)}`);
  const onException = (err: unknown): void => void unhandled.push(`uncaughtException: ${String(err)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  let done = false;
  const lateEvents: RunEvent[] = [];
  const onEvent = (e: RunEvent): void => {
    if (done) lateEvents.push(e);
    events.push(e);
    options.onEvent?.(e);
  };

  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const report = await runBatch(plan, { ...options, onEvent });
    const wallMs = performance.now() - t0;
    done = true;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    // Give stray callbacks a chance to show themselves.
    await new Promise((r) => setTimeout(r, 50));
    const overlap = attemptOverlap(report.results);
    return { report, events, lateEvents, maxInFlight: overlap.all, maxInFlightPerOrigin: overlap.perOrigin, unhandled, wallMs, peakRssGrowth: rssPeak - rssStart };
  } finally {
    clearInterval(sampler);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

/**
 * The invariants every run must keep, whatever the servers did: one result per request,
 * sorted, one `finished` event each, consistent outcomes, bounded attempts, no attempt
 * longer than its timeout plus `marginMs`, and the concurrency caps. Returns problems.
 */
export function invariantProblems(plan: BatchPlan, run: RunRecord, marginMs = 5000): string[] {
  const out: string[] = [];
  const { report, events } = run;
  const n = plan.requests.length;
  if (report.results.length !== n) out.push(`${report.results.length} results for ${n} requests`);
  report.results.forEach((r, i) => {
    if (r.index !== i) out.push(`results[${i}].index = ${r.index}`);
  });
  const finished = new Map<number, number>();
  for (const e of events) if (e.type === 'finished') finished.set(e.index, (finished.get(e.index) ?? 0) + 1);
  for (let i = 0; i < n; i++) {
    const c = finished.get(i) ?? 0;
    if (c !== 1) out.push(`request ${i} has ${c} 'finished' events`);
  }
  if (run.lateEvents.length) out.push(`${run.lateEvents.length} events after runBatch resolved`);
  if (run.unhandled.length) out.push(...run.unhandled);
  const s = report.summary;
  if (s.total !== n || s.succeeded + s.failed + s.cancelled + s.skipped !== n) out.push(`summary does not add up: ${JSON.stringify(s)}`);
  if (run.maxInFlight > plan.settings.concurrency) out.push(`${run.maxInFlight} in flight > concurrency ${plan.settings.concurrency}`);
  if (run.maxInFlightPerOrigin > plan.settings.perHost) out.push(`${run.maxInFlightPerOrigin} in flight to one origin > perHost ${plan.settings.perHost}`);
  for (const r of report.results) out.push(...resultProblems(plan, r, marginMs));
  return out;
}

function resultProblems(plan: BatchPlan, r: RequestResult, marginMs: number): string[] {
  const out: string[] = [];
  const req = plan.requests[r.index];
  const tag = `#${r.index}`;
  if (!req) return [`${tag}: no planned request`];
  if ((r.outcome === 'succeeded') !== (r.error === null)) out.push(`${tag}: outcome ${r.outcome} with error ${JSON.stringify(r.error)}`);
  if (r.attempts > req.retries + 1) out.push(`${tag}: ${r.attempts} attempts > retries ${req.retries} + 1`);
  if (r.attemptLog.length !== r.attempts) out.push(`${tag}: attemptLog has ${r.attemptLog.length} entries for ${r.attempts} attempts`);
  for (const a of r.attemptLog) {
    if (a.endMs - a.startMs > req.timeoutMs + marginMs) out.push(`${tag}: attempt ${a.attempt} took ${Math.round(a.endMs - a.startMs)} ms > timeout ${req.timeoutMs} ms`);
  }
  if (r.outcome === 'cancelled' && !['CANCELLED', 'DEADLINE_EXCEEDED', 'BAILED'].includes(r.error?.code ?? '')) {
    out.push(`${tag}: cancelled with code ${r.error?.code}`);
  }
  if (r.attempts === 0 && (r.durationMs !== null || r.timings !== null || r.bodyBytes !== 0 || r.body !== null)) {
    out.push(`${tag}: never sent but has timings or a body`);
  }
  if (r.body && r.body.length > r.bodyBytes) out.push(`${tag}: kept ${r.body.length} bytes of ${r.bodyBytes}`);
  return out;
}
