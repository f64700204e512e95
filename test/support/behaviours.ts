// The hostile server's behaviours as request blocks, with what the spec says a run must
// make of each: a success, or a failure with a given error code. Only the behaviours that
// must time out get a short @timeout; the others keep the file's (generous) one, so a busy
// machine cannot turn a slow success into a timeout.
import type { ErrorCode } from '../../src/core/types';
import type { HostileServer } from './hostile-server';

export interface Behaviour {
  name: string;
  /** Target URL for request `key` (a unique string per request). */
  url(server: HostileServer, key: string): string;
  /** Request directives (without the `# @` prefix) and headers for the block. */
  directives?: string[];
  headers?: [string, string][];
  /** null: the request must succeed; otherwise its result's error code. */
  code: ErrorCode | null;
  /** A connection-level failure that counts towards the origin's circuit breaker. */
  tripsCircuit: boolean;
  /** Needs the server started with { tls: true }. */
  tls?: boolean;
  /** Relative weight in the random mix. */
  weight: number;
}

const q = (key: string): string => `key=${encodeURIComponent(key)}`;

export const BEHAVIOURS: readonly Behaviour[] = [
  { name: 'ok', url: (s) => `${s.url}/ok`, code: null, tripsCircuit: false, weight: 20 },
  { name: 'refused', url: (s) => `${s.refusedUrl}/ok`, code: 'CONNECTION_REFUSED', tripsCircuit: true, weight: 5 },
  { name: 'dns', url: (s) => `${s.invalidHostUrl}/ok`, code: 'DNS_FAILURE', tripsCircuit: true, weight: 5 },
  { name: 'reset-before-headers', url: (s) => `${s.url}/reset-before-headers`, code: 'CONNECTION_RESET', tripsCircuit: true, weight: 5 },
  { name: 'reset-mid-body', url: (s) => `${s.url}/reset-mid-body`, code: 'CONNECTION_RESET', tripsCircuit: true, weight: 5 },
  { name: 'hang', url: (s) => `${s.url}/hang`, directives: ['timeout 1s'], code: 'TIMEOUT', tripsCircuit: true, weight: 3 },
  { name: 'stall-body', url: (s) => `${s.url}/stall-body`, directives: ['timeout 1s'], code: 'TIMEOUT', tripsCircuit: true, weight: 3 },
  { name: 'drip-slow', url: (s) => `${s.url}/drip?bytes=200&ms=20`, directives: ['timeout 1s'], code: 'TIMEOUT', tripsCircuit: true, weight: 2 },
  { name: 'drip', url: (s) => `${s.url}/drip?bytes=10&ms=2`, code: null, tripsCircuit: false, weight: 5 },
  { name: 'big-10mb', url: (s) => `${s.url}/big?mb=10`, directives: ['timeout 60s'], code: null, tripsCircuit: false, weight: 0.3 },
  { name: 'bad-status', url: (s) => `${s.url}/bad-status`, code: 'BAD_RESPONSE', tripsCircuit: false, weight: 5 },
  { name: 'bad-header', url: (s, k) => `${s.url}/bad-header?kind=${['nul', 'space-in-name', 'no-colon'][k.length % 3]}`, code: 'BAD_RESPONSE', tripsCircuit: false, weight: 5 },
  { name: 'close-every', url: (s) => `${s.url}/close-every?n=3`, code: null, tripsCircuit: false, weight: 10 },
  { name: 'retry-after-seconds', url: (s, k) => `${s.url}/retry-after?${q(k)}&s=1`, directives: ['retries 2'], code: null, tripsCircuit: false, weight: 3 },
  { name: 'retry-after-date', url: (s, k) => `${s.url}/retry-after?${q(k)}&s=1&form=date`, directives: ['retries 2'], code: null, tripsCircuit: false, weight: 3 },
  { name: 'flaky503', url: (s, k) => `${s.url}/flaky503?${q(k)}`, directives: ['retries 2'], code: null, tripsCircuit: false, weight: 5 },
  { name: 'redirect-loop', url: (s) => `${s.url}/redirect-loop`, code: 'TOO_MANY_REDIRECTS', tripsCircuit: false, weight: 3 },
  {
    name: 'redirect-other',
    url: (s, k) => `${s.url}/redirect-other?${q(k)}`,
    headers: [
      ['Authorization', 'Bearer cross-origin-secret'],
      ['Cookie', 'session=cross-origin-cookie'],
    ],
    code: null,
    tripsCircuit: false,
    weight: 5,
  },
  { name: 'tls-self-signed', url: (s) => `${s.tlsUrl}/ok`, code: 'TLS_ERROR', tripsCircuit: true, tls: true, weight: 3 },
];

export function behaviour(name: string): Behaviour {
  const b = BEHAVIOURS.find((x) => x.name === name);
  if (!b) throw new Error(`no behaviour ${name}`);
  return b;
}

export interface BlockSpec {
  url: string;
  method?: string;
  title?: string;
  directives?: readonly string[];
  headers?: readonly (readonly [string, string])[];
  body?: string;
}

/** One request block of a .batch.http file. */
export function requestBlock(spec: BlockSpec): string {
  const lines = [`### ${spec.title ?? ''}`.trimEnd()];
  for (const d of spec.directives ?? []) lines.push(`# @${d}`);
  lines.push(`${spec.method ?? 'GET'} ${spec.url}`);
  for (const [n, v] of spec.headers ?? []) lines.push(`${n}: ${v}`);
  if (spec.body !== undefined) lines.push('', spec.body);
  lines.push('');
  return lines.join('\n');
}

/** A whole file: batch directives in the header, then the blocks. */
export function batchFile(batchDirectives: readonly string[], blocks: readonly BlockSpec[]): string {
  const header = batchDirectives.map((d) => `# @${d}`).join('\n');
  return `${header}${header ? '\n\n' : ''}${blocks.map(requestBlock).join('\n')}`;
}
