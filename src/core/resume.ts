// Resuming a batch from an earlier JSON report (`batch-http run --resume`): whether a result
// of that report belongs to a planned request (the request identity, docs/resume.md), and the
// result as the summary and the reporters need it when it is carried over unchanged.
import { Redactor, REDACTED, redactUserinfo } from './redact';
import type { JsonResult } from './report/json';
import type { ErrorCode, Outcome, PlannedRequest, RequestIdentity, RequestResult } from './types';

const OUTCOMES: readonly string[] = ['succeeded', 'failed', 'cancelled', 'skipped'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern of `text` where each `hole` (a regexp source) matches anything. */
function patternWithHoles(text: string, hole: RegExp): RegExp {
  let source = '';
  let at = 0;
  for (const m of text.matchAll(hole)) {
    source += `${escapeRegExp(text.slice(at, m.index))}.*?`;
    at = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(text.slice(at))}$`, 's');
}

const RESPONSE_REF = /\{\{[^{}]*\}\}/g;
const REDACTED_MARK = new RegExp(escapeRegExp(REDACTED), 'g');

/**
 * True when `reported` (a result's URL in a report: sent, userinfo and secrets redacted) is
 * the URL of `planned`: equal once the plan's URL is redacted the same way, or equal but for
 * the response values substituted at run time (`{{login.response...}}` in the plan) or a
 * secret the earlier run learned from a response (`***` in the report).
 */
export function sameUrl(planned: Pick<PlannedRequest, 'url' | 'hasResponseRefs'>, reported: string, redactor: Redactor): boolean {
  const shown = redactor.text(redactUserinfo(planned.url));
  if (shown === reported) return true;
  if (planned.hasResponseRefs && shown.includes('{{') && patternWithHoles(shown, RESPONSE_REF).test(reported)) return true;
  return reported.includes(REDACTED) && patternWithHoles(reported, REDACTED_MARK).test(shown);
}

function quoted(v: unknown): string {
  return v === null || v === undefined ? 'none' : `'${String(v)}'`;
}

/**
 * Why the reported result does not belong to the planned request (`"request 4 (line 12): url
 * was '…', now '…'"`), or null when its identity (index, name, title, line, method, url)
 * matches. The URLs in the message are redacted.
 */
export function identityMismatch(planned: PlannedRequest, reported: Partial<RequestIdentity>, redactor: Redactor): string | null {
  const where = `request ${planned.index} (line ${planned.line})`;
  for (const field of ['index', 'name', 'title', 'line', 'method'] as const) {
    if (reported[field] !== planned[field]) return `${where}: ${field} was ${quoted(reported[field])}, now ${quoted(planned[field])}`;
  }
  if (typeof reported.url !== 'string' || !sameUrl(planned, reported.url, redactor)) {
    return `${where}: url was ${quoted(reported.url)}, now ${quoted(redactor.text(redactUserinfo(planned.url)))}`;
  }
  return null;
}

/** The outcome of a report's result, or null when it has none the runner knows. */
export function reportedOutcome(result: { outcome?: unknown }): Outcome | null {
  return typeof result.outcome === 'string' && OUTCOMES.includes(result.outcome) ? (result.outcome as Outcome) : null;
}

/**
 * A result of an earlier report as a `RequestResult`, for the summary and the reporters that
 * show no bodies (pretty, JUnit, HTML): no body or response headers, no attempt log, and no
 * place on this run's timeline (it was not sent by this run: `startedAtMs` is null).
 */
export function carriedResult(r: JsonResult): RequestResult {
  return {
    index: r.index,
    name: r.name,
    title: r.title,
    line: r.line,
    method: r.method,
    url: r.url,
    outcome: reportedOutcome(r) ?? 'failed',
    status: typeof r.status === 'number' ? r.status : null,
    attempts: typeof r.attempts === 'number' ? r.attempts : 0,
    durationMs: typeof r.durationMs === 'number' ? r.durationMs : null,
    // An earlier report's timings as they were (the phases when it has them).
    timings: r.timings ? { ...r.timings } : null,
    trace: r.trace ?? null,
    error: r.error ? { code: r.error.code as ErrorCode, message: r.error.message } : null,
    responseHeaders: null,
    bodyBytes: typeof r.bodyBytes === 'number' ? r.bodyBytes : 0,
    body: null,
    truncated: r.truncated === true,
    queuedAtMs: 0,
    startedAtMs: null,
    endedAtMs: 0,
    attemptLog: [],
    // The earlier run's checks count in the whole batch's summary.
    assertions: Array.isArray(r.assertions) ? r.assertions.map((a) => ({ line: a.line, text: a.text, ok: a.ok, actual: a.actual })) : [],
  };
}
