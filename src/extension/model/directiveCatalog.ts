// What each directive does, where it stands and the values it takes: the text of directive
// completion and hovers (format spec sections 4 to 13).

/** `batch`: file header only; `request`: request blocks only; `both`: either. */
export type DirectiveWhere = 'batch' | 'request' | 'both';

export interface DirectiveValue {
  text: string;
  detail: string;
}

export interface DirectiveDoc {
  key: string;
  where: DirectiveWhere;
  /** The value's form, as in the spec (`DURATION`, `N`...); '' for a flag. */
  form: string;
  /** One or two sentences, plain text. */
  summary: string;
  /** Example values offered by completion after the key. */
  values: DirectiveValue[];
}

const DURATIONS: DirectiveValue[] = [
  { text: '500ms', detail: 'milliseconds' },
  { text: '5s', detail: 'seconds' },
  { text: '2m', detail: 'minutes' },
];

function durations(first: string, detail: string): DirectiveValue[] {
  return [{ text: first, detail }, ...DURATIONS.filter((d) => d.text !== first)];
}

export const DIRECTIVES: readonly DirectiveDoc[] = [
  { key: 'concurrency', where: 'batch', form: 'N | auto [MAX]', summary: 'At most N requests in flight at once (default 8). `auto` lets the runner find the concurrency the server sustains, up to MAX (default 256).', values: [{ text: '8', detail: 'the default' }, { text: '16', detail: 'requests in flight' }, { text: 'auto', detail: 'adaptive, up to 256' }, { text: 'auto 64', detail: 'adaptive, up to 64' }] },
  { key: 'per-host', where: 'batch', form: 'N', summary: 'At most N requests in flight to one origin (default: the concurrency).', values: [{ text: '4', detail: 'per origin' }] },
  { key: 'timeout', where: 'both', form: 'DURATION', summary: 'Timeout of each attempt: in the file header the default of every request, in a block that request\'s. A bare number is milliseconds (default 30s).', values: durations('30s', 'the default') },
  { key: 'deadline', where: 'batch', form: 'DURATION', summary: 'The whole batch is cancelled after this long; requests not finished end with DEADLINE_EXCEEDED.', values: durations('2m', 'whole batch') },
  { key: 'retries', where: 'both', form: 'N', summary: 'Retries of a retryable failure (connection errors, timeouts, 408, 429, 500, 502, 503, 504); default 2. POST and PATCH are retried only with @idempotent or an Idempotency-Key header.', values: [{ text: '0', detail: 'never retry' }, { text: '2', detail: 'the default' }, { text: '5', detail: 'retries' }] },
  { key: 'rate', where: 'batch', form: 'N/s | N/m', summary: 'At most N request starts per second (or minute), evenly spaced; every attempt takes a token.', values: [{ text: '10/s', detail: 'per second' }, { text: '600/m', detail: 'per minute' }] },
  { key: 'bail', where: 'batch', form: '', summary: 'Stop starting new requests after the first failure; the rest end as cancelled with BAILED.', values: [] },
  { key: 'circuit-breaker', where: 'batch', form: 'N | off', summary: 'After N failures in a row to connect to one origin (default 5), further requests to it fail at once with CIRCUIT_OPEN for 10 s, then one probes it. `off` turns the breaker off.', values: [{ text: '5', detail: 'the default' }, { text: '10', detail: 'failures to connect in a row' }, { text: 'off', detail: 'never fail fast' }] },
  { key: 'traceparent', where: 'batch', form: '', summary: 'Adds a W3C Trace Context header (traceparent) to every attempt: one trace id for the run, a new span id per attempt.', values: [] },
  { key: 'http2', where: 'batch', form: '', summary: 'Offers HTTP/2 over TLS (ALPN); servers that do not take it are spoken to in HTTP/1.1.', values: [] },
  { key: 'no-cookie-jar', where: 'both', form: '', summary: 'In the file header: no cookie jar for the batch. In a block: this request neither sends nor stores cookies.', values: [] },
  { key: 'name', where: 'request', form: 'NAME', summary: 'The request\'s name (letters, digits, _ and -), unique in the file: used by @depends-on, response references ({{NAME.response.body.$.id}}) and in results.', values: [] },
  { key: 'connection-timeout', where: 'request', form: 'DURATION', summary: 'This request\'s limit for establishing a connection, within the attempt\'s timeout.', values: durations('2s', 'to connect') },
  { key: 'no-redirect', where: 'request', form: '', summary: 'Do not follow redirects (by default up to 10 are followed).', values: [] },
  { key: 'repeat', where: 'request', form: 'N', summary: 'Send N copies of this request (1 to 100000); each gets fresh dynamic variables and {{$index}} (0-based).', values: [{ text: '10', detail: 'copies' }, { text: '100', detail: 'copies' }] },
  { key: 'foreach', where: 'request', form: 'PATH', summary: 'Send one copy per record of a CSV file with a header row, or of a JSON array of objects; the record\'s fields are variables of its copy.', values: [{ text: './data.csv', detail: 'CSV with a header row' }, { text: './data.json', detail: 'JSON array of objects' }] },
  { key: 'depends-on', where: 'request', form: 'NAME', summary: 'Start only after request NAME has succeeded; if it fails, this request is skipped with DEPENDENCY_FAILED.', values: [] },
  { key: 'expect-status', where: 'request', form: 'CODES', summary: 'Success means one of these statuses (default: any 2xx or 3xx).', values: [{ text: '200', detail: 'exactly 200' }, { text: '2xx', detail: 'any 2xx' }, { text: '200,404', detail: 'either' }] },
  { key: 'idempotent', where: 'request', form: '', summary: 'Allow retries for a POST or PATCH.', values: [] },
  { key: 'until', where: 'request', form: 'FIELD [ARGUMENT] CONDITION [EXPECTED]', summary: 'Poll: send the request again until the condition holds on its response (the grammar of ?? assertions). Gives up with POLL_TIMEOUT after @poll-timeout.', values: [{ text: 'status == 200', detail: 'until the status is 200' }, { text: 'body $.state == done', detail: 'until a JSON field has a value' }, { text: 'header location exists', detail: 'until a header is present' }] },
  { key: 'poll-interval', where: 'request', form: 'DURATION', summary: 'Wait between two polls of @until (default 1s; a Retry-After header wins, capped at 60 s).', values: durations('1s', 'the default') },
  { key: 'poll-timeout', where: 'request', form: 'DURATION', summary: 'Give up polling this long after the first poll started (default 5m): the request fails with POLL_TIMEOUT.', values: durations('5m', 'the default') },
  { key: 'first', where: 'request', form: 'K', summary: 'With @repeat or @foreach: the group succeeds as soon as K copies have succeeded; the others end as NOT_NEEDED.', values: [{ text: '1', detail: 'hedged request: the first success wins' }] },
];

const BY_KEY = new Map(DIRECTIVES.map((d) => [d.key, d]));

export function directiveDoc(key: string): DirectiveDoc | undefined {
  return BY_KEY.get(key.toLowerCase());
}

/** The directives that may stand in the file header (`header`) or in a request block. */
export function directivesFor(inHeader: boolean): DirectiveDoc[] {
  return DIRECTIVES.filter((d) => inHeader || d.where !== 'batch');
}

/** Markdown of a directive's hover: usage line, what it does, where it stands. */
export function directiveMarkdown(d: DirectiveDoc): string {
  const usage = d.form ? `@${d.key} ${d.form}` : `@${d.key}`;
  const where = d.where === 'batch' ? 'Batch directive (file header).' : d.where === 'request' ? 'Request directive (in a request block, before the request line).' : 'In the file header: the batch default. In a request block: that request only.';
  const examples = d.values.length > 0 ? `\n\nExamples: ${d.values.map((v) => `\`@${d.key} ${v.text}\``).join(', ')}` : '';
  return `\`\`\`\n# ${usage}\n\`\`\`\n${d.summary}\n\n${where}${examples}`;
}
