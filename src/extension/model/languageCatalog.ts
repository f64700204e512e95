// The fixed vocabulary of completion and hovers: methods, dynamic variables, common header
// names and values.

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'GRAPHQL'] as const;

export interface DynamicVariable {
  /** The name as matched in hovers (`$randomInt`). */
  name: string;
  label: string;
  insert: string;
  detail: string;
}

export const DYNAMIC_VARIABLES: readonly DynamicVariable[] = [
  { name: '$uuid', label: '$uuid', insert: '$uuid', detail: 'a new random UUID v4' },
  { name: '$guid', label: '$guid', insert: '$guid', detail: 'a new random UUID v4' },
  { name: '$random.uuid', label: '$random.uuid', insert: '$random.uuid', detail: 'a new random UUID v4' },
  { name: '$timestamp', label: '$timestamp', insert: '$timestamp', detail: 'Unix time in whole seconds (optionally moved: -1 d)' },
  { name: '$isoTimestamp', label: '$isoTimestamp', insert: '$isoTimestamp', detail: 'the current time as ISO 8601 in UTC' },
  { name: '$datetime', label: '$datetime iso8601', insert: '$datetime iso8601', detail: 'the current UTC time: rfc1123, iso8601 or a quoted format' },
  { name: '$localDatetime', label: '$localDatetime iso8601', insert: '$localDatetime iso8601', detail: 'the current local time: rfc1123, iso8601 or a quoted format' },
  { name: '$randomInt', label: '$randomInt 1 100', insert: '$randomInt 1 100', detail: 'an integer n with MIN <= n < MAX ([0, 1000) without bounds)' },
  { name: '$random.integer', label: '$random.integer(1, 100)', insert: '$random.integer(1, 100)', detail: 'an integer n with MIN <= n < MAX' },
  { name: '$random.float', label: '$random.float(0, 1)', insert: '$random.float(0, 1)', detail: 'a random number between MIN and MAX' },
  { name: '$random.alphabetic', label: '$random.alphabetic(10)', insert: '$random.alphabetic(10)', detail: 'N random letters' },
  { name: '$random.alphanumeric', label: '$random.alphanumeric(10)', insert: '$random.alphanumeric(10)', detail: 'N random letters and digits' },
  { name: '$random.hexadecimal', label: '$random.hexadecimal(16)', insert: '$random.hexadecimal(16)', detail: 'N random hex digits' },
  { name: '$random.email', label: '$random.email', insert: '$random.email', detail: 'a random e-mail address' },
  { name: '$index', label: '$index', insert: '$index', detail: 'the copy\'s 0-based index under @repeat/@foreach, else 0' },
  { name: '$processEnv', label: '$processEnv NAME', insert: '$processEnv ', detail: 'the environment variable NAME of the process (not read in Restricted Mode)' },
  { name: '$dotenv', label: '$dotenv NAME', insert: '$dotenv ', detail: 'NAME from the nearest .env file (a secret)' },
];

/** The dynamic variable an expression names (`$randomInt 1 9` gives `$randomInt`), or undefined. */
export function dynamicVariable(expr: string): DynamicVariable | undefined {
  const head = /^\$[\w.]+/.exec(expr)?.[0];
  if (!head) return undefined;
  return DYNAMIC_VARIABLES.find((d) => d.name === head);
}

export const HEADER_NAMES: readonly { name: string; detail: string }[] = [
  { name: 'Accept', detail: 'media types the client takes' },
  { name: 'Accept-Encoding', detail: 'content codings the client takes' },
  { name: 'Accept-Language', detail: 'preferred languages' },
  { name: 'Authorization', detail: 'credentials (a secret: masked in logs and reports)' },
  { name: 'Cache-Control', detail: 'caching directives' },
  { name: 'Connection', detail: 'keep-alive or close' },
  { name: 'Content-Type', detail: 'media type of the body' },
  { name: 'Cookie', detail: 'cookies to send (a secret)' },
  { name: 'Host', detail: 'the origin for relative targets' },
  { name: 'Idempotency-Key', detail: 'makes a POST or PATCH retryable' },
  { name: 'If-Match', detail: 'conditional on an entity tag' },
  { name: 'If-None-Match', detail: 'conditional on an entity tag' },
  { name: 'If-Modified-Since', detail: 'conditional on a date' },
  { name: 'Origin', detail: 'the requesting origin (CORS)' },
  { name: 'Prefer', detail: 'preferences for the server (RFC 7240)' },
  { name: 'Referer', detail: 'the referring page' },
  { name: 'User-Agent', detail: 'the client software' },
  { name: 'X-Api-Key', detail: 'an API key (a secret)' },
  { name: 'X-Request-Id', detail: 'a request id for tracing' },
  { name: 'X-Request-Type', detail: 'GraphQL: send the body as a GraphQL query' },
  { name: 'traceparent', detail: 'W3C Trace Context' },
];

/** Common values by lower-case header name. */
export const HEADER_VALUES: Readonly<Record<string, readonly string[]>> = {
  'accept': ['application/json', '*/*', 'text/html', 'application/xml', 'text/plain'],
  'accept-encoding': ['gzip, deflate, br', 'identity'],
  'authorization': ['Bearer {{token}}', 'Basic {{user}}:{{password}}'],
  'cache-control': ['no-cache', 'no-store', 'max-age=0'],
  'connection': ['keep-alive', 'close'],
  'content-type': ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=boundary', 'text/plain', 'application/xml', 'application/octet-stream'],
  'idempotency-key': ['{{$uuid}}'],
  'x-request-id': ['{{$uuid}}'],
  'x-request-type': ['GraphQL'],
  'prefer': ['respond-async', 'return=minimal', 'return=representation'],
};
