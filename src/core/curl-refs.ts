// Response values for "Copy as cURL": a request's `{{NAME.response...}}` and
// `{{NAME.request...}}` references filled in from responses the caller has (a finished
// run's results), each on its own, so the ones that cannot be filled stay as written and
// are listed for a warning.
import { type ResponseLookup, type ResponseSource, substituteResponseRefs } from './runner/refs';
import type { PlannedRequest, RequestResult } from './types';

export type CurlRequest = Pick<PlannedRequest, 'method' | 'url' | 'headers' | 'body' | 'timeoutMs' | 'followRedirects'>;

const REF = /\{\{\s*[A-Za-z0-9_-]+\.(?:response|request)\.(?:(?!\}\}).)+?\s*\}\}/g;

/** The request with every reference `lookup` can answer filled in; `unresolved`: the rest, as written, each once. */
export function fillResponseRefs(request: CurlRequest, lookup: ResponseLookup): { request: CurlRequest; unresolved: string[] } {
  const unresolved = new Set<string>();
  const fill = (text: string): string =>
    text.includes('{{')
      ? text.replace(REF, (whole) => {
          try {
            return substituteResponseRefs(whole, lookup);
          } catch {
            unresolved.add(whole);
            return whole;
          }
        })
      : text;
  const filled: CurlRequest = {
    ...request,
    url: fill(request.url),
    headers: request.headers.map(([n, v]) => [fill(n), fill(v)]),
    body: typeof request.body === 'string' ? fill(request.body) : request.body,
  };
  return { request: filled, unresolved: [...unresolved] };
}

/** What a reference reads of a finished request: its result's status, headers, kept body, and what it sent. */
export function responseSourceOf(result: Pick<RequestResult, 'status' | 'responseHeaders' | 'body'>, sent?: Pick<PlannedRequest, 'headers' | 'body'>): ResponseSource {
  return {
    status: result.status,
    headers: result.responseHeaders,
    body: result.body,
    ...(sent ? { request: { headers: sent.headers, body: sent.body } } : {}),
  };
}

/** A request of a run: its plan and, once it ended, its result. */
export interface RunRequestView {
  readonly planned: Pick<PlannedRequest, 'name' | 'headers' | 'body'>;
  readonly result: Pick<RequestResult, 'status' | 'responseHeaders' | 'body' | 'outcome'> | null;
}

/**
 * A lookup over a run's requests: NAME answers with the last request of that name that got
 * a response (succeeded, or failed with a status); requests without a response do not.
 */
export function lookupFromRun(requests: Iterable<RunRequestView>): ResponseLookup {
  const byName = new Map<string, ResponseSource>();
  for (const r of requests) {
    const name = r.planned.name;
    if (name === null || !r.result || r.result.status === null) continue;
    byName.set(name, responseSourceOf(r.result, r.planned));
  }
  return (name) => byName.get(name);
}
