// The headers that shape where a copy goes: Authorization values and the GraphQL shape
// (copies.ts plans the copies with them; the target is joined in target-join.ts and the
// first copy's URL checked in copy-url.ts).
import { authorizationValue, graphqlHeaders, graphqlJson } from './foreign-request';
import type { Header, RequestBody } from '../types';
import type { Planner } from './planner';
import { own } from './own';

export { checkUrl } from './copy-url';
export { joinTarget, schemeHost } from './target-join';

/** The Authorization value as sent (Basic credentials in clear encoded), its secrets kept and warnings given. */
export function authorization(p: Planner, line: number, column: number, value: string): string {
  if (value.includes('{{')) return value;
  const a = authorizationValue(value);
  for (const s of a.secrets) if (s !== '') p.secrets.add(s);
  if (a.warning) p.once(`auth:${line}`, { severity: 'warning', line, column, message: a.warning });
  return a.value;
}

/** A GraphQL request as sent: POST, JSON content type, `{"query", "variables"}` body (copies share the results). */
export class GraphqlShape {
  private headersIn: Header[] | null = null;
  private headersOut: Header[] = [];
  private bodyIn: RequestBody | null | undefined = undefined;
  private bodyOut = '';

  headers(p: Planner, headers: Header[]): Header[] {
    if (headers === this.headersOut) return headers;
    if (headers !== this.headersIn) {
      this.headersIn = headers;
      this.headersOut = graphqlHeaders(headers, (n, v) => p.header(n, v));
    }
    return this.headersOut;
  }

  body(body: RequestBody | null): string {
    if (body !== this.bodyIn) {
      this.bodyIn = body;
      this.bodyOut = own(graphqlJson(body));
    }
    return this.bodyOut;
  }
}
