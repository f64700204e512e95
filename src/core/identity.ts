// The identity of a request (index, name, title, line, method, url) copied out of a larger
// record, in the order the reports print it.
import type { RequestIdentity } from './types';

/** The identity fields of a planned request or a result; `url` replaces the URL (a redacted one). */
export function requestIdentity(r: RequestIdentity, url: string = r.url): RequestIdentity {
  return { index: r.index, name: r.name, title: r.title, line: r.line, method: r.method, url };
}
