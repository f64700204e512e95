// Before a request's first attempt: response values substituted, the URL checked, URL
// userinfo turned into a Basic Authorization header. Returns the error that ends the
// request unsent, or null when it may go.
import { asteriskOrigin, isAsteriskUrl } from '../asterisk';
import type { PlannedCheck } from '../conditions/model';
import { learnedUrlSecrets, type Redactor, secretHeaderValues, userinfoSecrets } from '../redact';
import { InvalidUrlError, RunError, UnresolvedVariableError } from './errors';
import type { Job } from './job';
import { type ResponseLookup, substituteResponseRefs } from './refs';

export function prepareRequest(job: Job, lookup: ResponseLookup, redactor: Redactor): RunError | null {
  if (job.request.hasResponseRefs) {
    try {
      substitute(job, lookup, redactor);
    } catch (err) {
      return err instanceof RunError ? err : new UnresolvedVariableError(String(err));
    }
  }
  let url: URL | null;
  try {
    // `OPTIONS *`: connects to its origin (the exchange writes the asterisk form).
    url = new URL(isAsteriskUrl(job.url) ? asteriskOrigin(job.url) : job.url);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    return new InvalidUrlError(`'${redactor.text(job.url)}' is not a valid http(s) URL`);
  }
  // Credentials in a query string or userinfo filled in from a response are secrets too.
  if (job.request.hasResponseRefs) redactor.add(learnedUrlSecrets(url));
  if (url.username || url.password) {
    if (!job.headers.some(([n]) => n.toLowerCase() === 'authorization')) {
      job.headers = [...job.headers, ['Authorization', userinfoSecrets(url).authorization]];
    }
    url.username = '';
    url.password = '';
  }
  // Jobs exist only for about the requests in flight (see `BatchRun.feed`), so keeping it is cheap.
  job.parsedUrl = url;
  return null;
}

/** The error of a request with variables nothing defines: it is never sent. */
export function unresolvedError(names: readonly string[]): RunError {
  const list = names.map((n) => `{{${n}}}`).join(', ');
  return new UnresolvedVariableError(`not sent: unresolved variable${names.length > 1 ? 's' : ''} ${list}; define them in the file, the environment or with --var`);
}

function substitute(job: Job, lookup: ResponseLookup, redactor: Redactor): void {
  job.url = substituteResponseRefs(job.url, lookup);
  job.headers = job.headers.map(([n, v]) => {
    const header: [string, string] = [substituteResponseRefs(n, lookup), substituteResponseRefs(v, lookup)];
    // A token taken from a response into a secret header is a secret wherever else it appears.
    if (header[1] !== v) redactor.add(secretHeaderValues(header[0], header[1]));
    return header;
  });
  if (typeof job.body === 'string') job.body = substituteResponseRefs(job.body, lookup);
  // EXPECTED of a `??` line or of `@until` may read another response too.
  if (job.checks.some(hasRef)) job.checks = job.checks.map((c) => withValues(c, lookup));
  if (job.until && hasRef(job.until)) job.until = withValues(job.until, lookup);
}

function hasRef(c: PlannedCheck): boolean {
  return c.expected !== null && c.expected.includes('{{');
}

/** The check with its response references substituted; written field by field (a parsed condition's parts may be getters). */
function withValues(c: PlannedCheck, lookup: ResponseLookup): PlannedCheck {
  return hasRef(c) ? { line: c.line, text: c.text, field: c.field, arg: c.arg, op: c.op, expected: substituteResponseRefs(c.expected!, lookup) } : c;
}
