// Builds BatchPlan objects directly for engine tests (no parser involved).
import type { BatchPlan, BatchSettings, PlannedRequest } from '../../src/core/types';

export type RequestSpec = Partial<PlannedRequest> & { url: string };

export function makeRequest(spec: RequestSpec, index: number): PlannedRequest {
  return {
    name: null,
    title: null,
    line: index * 3 + 1,
    column: 1,
    blockIndex: index,
    copyIndex: null,
    method: 'GET',
    headers: [],
    body: null,
    dependsOn: [],
    hasResponseRefs: spec.url.includes('.response.') || (spec.headers ?? []).some(([, v]) => v.includes('.response.')),
    unresolved: [],
    timeoutMs: 5000,
    connectionTimeoutMs: null,
    retries: 0,
    followRedirects: true,
    expectStatus: null,
    idempotent: false,
    ...spec,
    index,
  };
}

export function makePlan(requests: RequestSpec[], settings: Partial<BatchSettings> = {}, secrets: string[] = []): BatchPlan {
  const concurrency = settings.concurrency ?? 8;
  return {
    file: 'test.batch.http',
    settings: {
      concurrency,
      perHost: settings.perHost ?? concurrency,
      timeoutMs: settings.timeoutMs ?? 5000,
      deadlineMs: settings.deadlineMs ?? null,
      retries: settings.retries ?? 0,
      rate: settings.rate ?? null,
      bail: settings.bail ?? false,
      ...(settings.traceparent && { traceparent: true }),
      ...(settings.http2 !== undefined ? { http2: settings.http2 } : null),
      ...(settings.cookieJar !== undefined ? { cookieJar: settings.cookieJar } : null),
      ...(settings.adaptive ? { adaptive: true } : {}),
    },
    requests: requests.map((r, i) => makeRequest(r, i)),
    blocks: [],
    diagnostics: [],
    secrets,
  };
}
