// planToJson: the JSON that `batch-http parse` prints (field names and order of the CLI spec).
import { requestIdentity } from '../identity';
import type { BatchPlan, Diagnostic, PlannedRequest, RequestBody } from '../types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A body as JSON fields: text when it is valid UTF-8, else null with its bytes in base64. */
export function bodyJson(body: RequestBody | null): { body: string | null; bodyBase64?: string } {
  if (body === null || typeof body === 'string') return { body };
  try {
    return { body: utf8.decode(body) };
  } catch {
    return { body: null, bodyBase64: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64') };
  }
}

function requestJson(r: PlannedRequest): Record<string, unknown> {
  return {
    ...requestIdentity(r),
    headers: r.headers,
    ...bodyJson(r.body),
    dependsOn: r.dependsOn,
    timeoutMs: r.timeoutMs,
    retries: r.retries,
    followRedirects: r.followRedirects,
    expectStatus: r.expectStatus,
  };
}

function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  const out: Record<string, unknown> = { severity: d.severity, line: d.line, column: d.column, message: d.message };
  if (d.file !== undefined) out.file = d.file;
  return out;
}

/** The plan as `batch-http parse` prints it (not redacted: it is what would be sent). */
export function planToJson(plan: BatchPlan): { version: 1; settings: Record<string, unknown>; requests: Record<string, unknown>[]; diagnostics: Record<string, unknown>[] } {
  const s = plan.settings;
  return {
    version: 1,
    settings: { ...(s.adaptive ? { concurrency: 'auto', maxConcurrency: s.concurrency } : { concurrency: s.concurrency }), perHost: s.perHost, timeoutMs: s.timeoutMs, deadlineMs: s.deadlineMs, retries: s.retries, rate: s.rate, bail: s.bail },
    requests: plan.requests.map(requestJson),
    diagnostics: plan.diagnostics.map(diagnosticJson),
  };
}
