// `batch-http run FILE --resume REPORT.json`: reads the earlier JSON report one result at a
// time, checks that each belongs to the request of the same index in FILE's plan (docs/resume.md),
// hands the succeeded ones on to be carried into the new report, and returns the indices
// that still have to run.
import { Redactor } from '../core/redact';
import { redactJsonResult, type JsonResult } from '../core/report';
import { carriedResult, identityMismatch, reportedOutcome } from '../core/resume';
import { selectRequests } from '../core/runner/deps';
import type { BatchPlan, RequestResult } from '../core/types';
import { readJsonReport, ReportFormatError } from './report-reader';

/** Where carried results go: the raw bytes for the JSON report, the result for the rest. */
export type CarrySink = (index: number, raw: Buffer, result: RequestResult) => void;

export interface Resumed {
  /** Indices of the requests that did not succeed, ascending: the ones to run. */
  rerun: number[];
  /** How many requests this run sends: `rerun` and the succeeded requests they depend on. */
  runCount: number;
  /** How many results were carried over. */
  carried: number;
  /** `startedAt` of the earlier report. */
  startedAt: string | null;
}

/** The earlier report cannot be used; the message says why (exit 2, nothing sent). */
export class ResumeRefusal extends Error {}

/** A result redacted with the plan's secrets: the same bytes unless one of them shows in clear. */
function redactedRaw(raw: Buffer, result: JsonResult, redactor: Redactor | null): Buffer {
  if (!redactor) return raw;
  const again = redactJsonResult(result, redactor);
  const same =
    again.url === result.url &&
    again.body === result.body &&
    again.error?.message === result.error?.message &&
    JSON.stringify(again.responseHeaders) === JSON.stringify(result.responseHeaders);
  if (same) return raw;
  // The report's own indentation for a result (see jsonResultText); every field kept.
  return Buffer.from(JSON.stringify({ ...result, ...again }, null, 2).replace(/\n/g, '\n    '));
}

export function parseResult(raw: Buffer): JsonResult {
  try {
    return JSON.parse(raw.toString('utf8')) as JsonResult;
  } catch (err) {
    throw new ReportFormatError(`a result is not valid JSON (${(err as Error).message})`);
  }
}

/** Checks a result of the earlier report against the plan: throws `ResumeRefusal` when it is not of this file. */
export type IdentityCheck = (index: number, result: JsonResult) => void;

/** The check of a plan without lazy groups: each result against the planned request of its index. */
function plannedCheck(plan: BatchPlan, shownPath: string): IdentityCheck {
  const redactor = new Redactor(plan.secrets);
  return (index, result) => {
    const mismatch = identityMismatch(plan.requests[index]!, result, redactor);
    if (mismatch) throw new ResumeRefusal(changed(shownPath, plan.file, mismatch));
  };
}

/**
 * Pass one: checks every result (`check`) and that there is one for each of the `total`
 * requests; the indices that succeeded, and the report's head.
 */
export function checkReport(reportPath: string, shownPath: string, plan: BatchPlan, total: number, check: IdentityCheck): { succeeded: Uint8Array; head: Record<string, unknown> } {
  const seen = new Uint8Array(total);
  const succeeded = new Uint8Array(total);
  let count = 0;
  const head = readReport(reportPath, shownPath, (raw) => {
    count++;
    const result = parseResult(raw);
    const index = result.index;
    if (!Number.isInteger(index) || index < 0) throw new ReportFormatError(`a result has no valid index (${JSON.stringify(index)})`);
    if (index >= total) return; // more results than requests: refused below
    if (seen[index]) throw new ReportFormatError(`two results have index ${index}`);
    seen[index] = 1;
    check(index, result);
    if (reportedOutcome(result) === 'succeeded') succeeded[index] = 1;
  });
  if (head.version !== 1) throw new ResumeRefusal(`${shownPath} is not a batch-http JSON report (its "version" is not 1)`);
  if (count !== total || seen.includes(0)) {
    throw new ResumeRefusal(changed(shownPath, plan.file, `the report has ${count} results, the file now plans ${total} requests`));
  }
  return { succeeded, head };
}

export function readReport(reportPath: string, shownPath: string, onResult: (raw: Buffer) => void): Record<string, unknown> {
  try {
    return readJsonReport(reportPath, onResult);
  } catch (err) {
    if (err instanceof ResumeRefusal) throw err;
    if (err instanceof ReportFormatError) throw new ResumeRefusal(`${shownPath} is not a complete batch-http JSON report: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new ResumeRefusal(`cannot read ${shownPath}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/**
 * Reads `reportPath` against `plan`, in two passes that hold one result at a time: the first
 * checks that the report is complete and of this file (else `ResumeRefusal`); the second hands
 * every succeeded result to `carry`, in file order, except a dependency of a request that
 * runs again (it is sent again: its response values are needed, and the report holds at most
 * a cut, redacted body).
 */
export function loadResume(reportPath: string, shownPath: string, plan: BatchPlan, carry: CarrySink): Resumed {
  const { succeeded, head } = checkReport(reportPath, shownPath, plan, plan.requests.length, plannedCheck(plan, shownPath));
  return carryOver(reportPath, shownPath, plan, succeeded, head, carry);
}

/**
 * Pass two: hands every succeeded result to `carry`, in file order, except a dependency of
 * a request that runs again; the indices to run.
 */
export function carryOver(reportPath: string, shownPath: string, plan: BatchPlan, succeeded: Uint8Array, head: Record<string, unknown>, carry: CarrySink): Resumed {
  const rerun: number[] = [];
  for (let i = 0; i < succeeded.length; i++) if (!succeeded[i]) rerun.push(i);
  const toRun = new Uint8Array(succeeded.length);
  // The copies of lazy groups have no dependency and nothing depends on them (docs/scaling.md).
  const selected = rerun.length > 0 ? selectRequests(plan.requests, rerun) : [];
  for (const r of selected) toRun[r.index] = 1;
  let runCount = selected.length;
  for (const g of plan.lazy ?? []) for (const i of rerun) if (i >= g.firstIndex && i < g.firstIndex + g.count) runCount++;
  const secrets = plan.secrets.length > 0 ? new Redactor(plan.secrets) : null;
  let carried = 0;
  readReport(reportPath, shownPath, (raw) => {
    const result = parseResult(raw);
    const index = result.index;
    // The file may have changed since the first pass: checked again, cheaply.
    if (index >= succeeded.length || !succeeded[index] || reportedOutcome(result) !== 'succeeded') {
      if (index < succeeded.length && succeeded[index]) throw new ResumeRefusal(`${shownPath} changed while it was read`);
      return;
    }
    if (toRun[index]) return;
    carried++;
    carry(index, redactedRaw(raw, result, secrets), carriedResult(result));
  });
  return { rerun, runCount, carried, startedAt: typeof head.startedAt === 'string' ? head.startedAt : null };
}

export function changed(report: string, file: string, why: string): string {
  return `${report} is not a report of ${file} as it is now (${why}); nothing was sent. Run without --resume to run the whole batch.`;
}
