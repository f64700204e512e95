// One error class per failure, each with a stable code from the format spec (section 5).
// Results carry `{ code, message }`; the classes let callers test with `instanceof`.
import type { ErrorCode, ResultError } from '../types';

export abstract class RunError extends Error {
  abstract readonly code: ErrorCode;
  toResultError(): ResultError {
    return { code: this.code, message: this.message };
  }
}

export class TimeoutError extends RunError {
  override readonly name = 'TimeoutError';
  readonly code = 'TIMEOUT';
}
export class ConnectionRefusedError extends RunError {
  override readonly name = 'ConnectionRefusedError';
  readonly code = 'CONNECTION_REFUSED';
}
export class ConnectionResetError extends RunError {
  override readonly name = 'ConnectionResetError';
  readonly code = 'CONNECTION_RESET';
}
export class DnsFailureError extends RunError {
  override readonly name = 'DnsFailureError';
  readonly code = 'DNS_FAILURE';
}
export class TlsError extends RunError {
  override readonly name = 'TlsError';
  readonly code = 'TLS_ERROR';
}
export class BadResponseError extends RunError {
  override readonly name = 'BadResponseError';
  readonly code = 'BAD_RESPONSE';
}
export class UnexpectedStatusError extends RunError {
  override readonly name = 'UnexpectedStatusError';
  readonly code = 'UNEXPECTED_STATUS';
}
export class UnresolvedVariableError extends RunError {
  override readonly name = 'UnresolvedVariableError';
  readonly code = 'UNRESOLVED_VARIABLE';
}
export class DependencyFailedError extends RunError {
  override readonly name = 'DependencyFailedError';
  readonly code = 'DEPENDENCY_FAILED';
}
export class CancelledError extends RunError {
  override readonly name = 'CancelledError';
  readonly code = 'CANCELLED';
}
export class DeadlineExceededError extends RunError {
  override readonly name = 'DeadlineExceededError';
  readonly code = 'DEADLINE_EXCEEDED';
}
export class FileNotFoundError extends RunError {
  override readonly name = 'FileNotFoundError';
  readonly code = 'FILE_NOT_FOUND';
}
export class CircuitOpenError extends RunError {
  override readonly name = 'CircuitOpenError';
  readonly code = 'CIRCUIT_OPEN';
}
export class BailedError extends RunError {
  override readonly name = 'BailedError';
  readonly code = 'BAILED';
}
export class TooManyRedirectsError extends RunError {
  override readonly name = 'TooManyRedirectsError';
  readonly code = 'TOO_MANY_REDIRECTS';
}
export class InvalidUrlError extends RunError {
  override readonly name = 'InvalidUrlError';
  readonly code = 'INVALID_URL';
}

/**
 * A response arrived with an expected status and at least one `??` assertion failed. The
 * message names the first failing assertion (its line and text) and the value found
 * (`assertionFailureMessage`). Never retried: sending again would check the same thing.
 */
export class AssertionFailedError extends RunError {
  override readonly name = 'AssertionFailedError';
  readonly code = 'ASSERTION_FAILED';
}

/**
 * An `@until` request whose condition still did not hold when the next poll would start
 * after `@poll-timeout`. The message gives the number of polls and the last value found.
 */
export class PollTimeoutError extends RunError {
  override readonly name = 'PollTimeoutError';
  readonly code = 'POLL_TIMEOUT';
}

/**
 * A copy of a `@first K` group that was not needed: K copies had already succeeded. Its
 * outcome is `cancelled`, but it is not a failure (exit 0; `summary.notNeeded`).
 */
export class NotNeededError extends RunError {
  override readonly name = 'NotNeededError';
  readonly code = 'NOT_NEEDED';
}

/** The three ways a run stops early, each with its own code. */
export type StopCode = 'CANCELLED' | 'DEADLINE_EXCEEDED' | 'BAILED';

/** Where a stopped request was: not started yet, in flight, between attempts, or between polls. */
export type StopPhase = 'queued' | 'in-flight' | 'retry' | 'poll';

const STOP_WHEN: Record<StopPhase, string> = {
  queued: 'before the request started',
  'in-flight': 'while in flight',
  retry: 'while waiting to retry',
  poll: 'while waiting to poll again',
};

export function stopError(code: StopCode, phase: StopPhase): RunError {
  const when = STOP_WHEN[phase];
  switch (code) {
    case 'DEADLINE_EXCEEDED':
      return new DeadlineExceededError(`the batch deadline passed ${when}; raise @deadline or --deadline if the batch needs longer`);
    case 'BAILED':
      return new BailedError(`stopped ${when}: another request failed and the batch bails on the first failure`);
    default:
      return new CancelledError(`cancelled ${when}`);
  }
}

/** undici and Node codes of a request that cannot be sent as written: the request's fault. */
const REQUEST_SIDE: Record<string, string> = {
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "its Content-Length header does not match the length of its body; remove the header (it is set from the body)",
  UND_ERR_INVALID_ARG: "fix the request's headers",
  UND_ERR_NOT_SUPPORTED: "fix the request's headers",
  ERR_INVALID_CHAR: 'a header name or value holds a character HTTP does not allow; fix the header',
  ERR_INVALID_HTTP_TOKEN: 'a header name or the method is not a valid HTTP token; fix it',
  ERR_HTTP_INVALID_HEADER_VALUE: 'a header value is not allowed; fix the header',
};

/**
 * A failure caused by the request itself (a Content-Length that disagrees with the body,
 * an invalid header): not the origin's fault, so never retried and never counted by the
 * circuit breaker. Reported as BAD_RESPONSE (no usable response) with what to fix; null
 * when `err` is not request-side.
 */
export function classifyRequestSideError(err: unknown): RunError | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const fix = REQUEST_SIDE[code];
  if (fix === undefined) return null;
  const detail = typeof e?.message === 'string' && e.message ? e.message : code;
  return new BadResponseError(`the request could not be sent as written (${detail}): ${fix}`);
}

/**
 * undici's HTTP/1 client refuses a response that comes with no request, an upgrade nobody
 * asked for and a `100 Continue` as `bad response` / `bad upgrade`. Interim 1xx responses
 * are dropped before undici sees them on the run's own connections (src/core/wire), so
 * here a 100 can come only through a proxy.
 */
function isProtocolViolation(code: string, detail: string): boolean {
  return code === 'UND_ERR_SOCKET' && /^bad (response|upgrade)$/.test(detail);
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/**
 * Maps an error raised by undici or by the socket layer to the spec's code. The host part
 * of the message says which origin failed; callers add what to do.
 */
export function classifyNetworkError(err: unknown, origin: string): RunError {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const causeCode = typeof (e?.cause as { code?: unknown } | undefined)?.code === 'string' ? (e!.cause as { code: string }).code : '';
  const detail = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const requestSide = classifyRequestSideError(err);
  if (requestSide) return requestSide;
  if (isProtocolViolation(code, detail)) {
    return new BadResponseError(`${origin} broke the HTTP protocol (${detail}: data with no request, an upgrade nobody asked for, or through a proxy an interim 100 Continue); it is not retried`);
  }
  const c = code === 'UND_ERR_SOCKET' && causeCode ? causeCode : code;
  if (c === 'ECONNREFUSED') return new ConnectionRefusedError(`connection refused by ${origin}: is the server running?`);
  if (c === 'ENOTFOUND' || c === 'EAI_AGAIN' || c === 'EAI_NONAME' || c === 'EAI_FAIL') {
    return new DnsFailureError(`cannot resolve the host of ${origin} (${c}): check the host name`);
  }
  if (c === 'UND_ERR_CONNECT_TIMEOUT') return new TimeoutError(`connecting to ${origin} timed out`);
  if (c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'ETIMEDOUT') {
    return new TimeoutError(`${origin} did not answer in time (${detail})`);
  }
  if (TLS_CODE.test(c) || TLS_CODE.test(causeCode)) {
    return new TlsError(`TLS handshake with ${origin} failed: ${detail} (use --insecure only for a server you trust)`);
  }
  if (c === 'ECONNRESET' || c === 'EPIPE' || c === 'UND_ERR_SOCKET' || c === 'ECONNABORTED' || c === 'UND_ERR_CLOSED' || c === 'UND_ERR_DESTROYED') {
    return new ConnectionResetError(`the connection to ${origin} was closed unexpectedly: ${detail}`);
  }
  if (c === 'HPE_INVALID_CONSTANT' || c.startsWith('HPE_') || (e as { name?: unknown })?.name === 'HTTPParserError' || c === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || c === 'UND_ERR_HEADERS_OVERFLOW' || c === 'UND_ERR_INFO') {
    return new BadResponseError(`${origin} sent a malformed HTTP response: ${detail}`);
  }
  if (c === 'EHOSTUNREACH' || c === 'ENETUNREACH' || c === 'EADDRNOTAVAIL') {
    return new ConnectionRefusedError(`${origin} is unreachable (${c})`);
  }
  return new ConnectionResetError(`the request to ${origin} failed: ${detail}`);
}

/**
 * Codes of connection-level failures: they count for the circuit breaker. A request-side
 * failure (classifyRequestSideError) is BAD_RESPONSE, so it never counts.
 */
export function isConnectionLevel(code: ErrorCode): boolean {
  return code === 'CONNECTION_REFUSED' || code === 'CONNECTION_RESET' || code === 'DNS_FAILURE' || code === 'TLS_ERROR' || code === 'TIMEOUT';
}
