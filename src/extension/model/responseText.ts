// The read-only document shown for a request's response: the body, JSON pretty-printed.
import type { RequestResult } from '../../core/types';
import { formatBytes } from './format';

export interface RenderedResponse {
  text: string;
  /** File extension that picks the editor language: json, xml, html or txt. */
  extension: 'json' | 'xml' | 'html' | 'txt';
}

/**
 * The document for a request's response. The body is shown as received; the lines this
 * module writes itself (URL, error) go through `redact` (the run's secrets).
 */
export function renderResponse(state: string, result: RequestResult | null, redact: (text: string) => string = (t) => t): RenderedResponse {
  if (!result) return { text: `No response yet: the request is ${state}.\n`, extension: 'txt' };
  if (result.body === null || result.bodyBytes === 0) {
    const lines = [`${result.method} ${result.url}`, ''];
    if (result.status !== null) lines.push(`Status ${result.status}, empty body.`);
    if (result.error) lines.push(`${result.error.code}: ${result.error.message}`);
    if (result.status === null && !result.error) lines.push(`No response (${result.outcome}).`);
    return { text: redact(`${lines.join('\n')}\n`), extension: 'txt' };
  }
  const text = decode(result.body);
  if (text === null) {
    return { text: `Binary body: ${formatBytes(result.bodyBytes)} (${result.bodyBytes} bytes), not shown.\n`, extension: 'txt' };
  }
  const type = (headerValue(result.responseHeaders, 'content-type') ?? '').toLowerCase();
  const note = result.truncated ? `\n\n[truncated: the first ${formatBytes(result.body.byteLength)} of ${formatBytes(result.bodyBytes)} are shown]\n` : '';
  if (!result.truncated && (type.includes('json') || /^\s*[[{]/.test(text))) {
    try {
      return { text: `${JSON.stringify(JSON.parse(text), null, 2)}\n`, extension: 'json' };
    } catch {
      /* not JSON after all: shown as text */
    }
  }
  if (!result.truncated && type.includes('html')) return { text, extension: 'html' };
  if (!result.truncated && type.includes('xml')) return { text, extension: 'xml' };
  return { text: text + note, extension: 'txt' };
}

function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function headerValue(headers: Record<string, string> | null, name: string): string | undefined {
  if (!headers) return undefined;
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** A file-name-safe form of a label for the response document's path. */
export function safeFileName(label: string): string {
  const cleaned = label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned || 'response').slice(0, 60);
}

/** What `renderFullResponse` needs to hide secrets: the run's redactor. */
export interface ResponseRedactor {
  text(t: string): string;
  headerRecord(h: Record<string, string> | null): Record<string, string> | null;
}

/**
 * The response as REST Client users expect after running one request: the status line
 * (`HTTP/1.1 200 · 123 ms · 1.2 KB`), the response headers (secret ones masked), a blank
 * line, then the body as `renderResponse` shows it (JSON pretty-printed). Without a
 * response: the request line and what went wrong.
 */
export function renderFullResponse(state: string, result: RequestResult | null, redactor: ResponseRedactor): string {
  const body = renderResponse(state, result, (t) => redactor.text(t)).text;
  if (!result || result.status === null) return body;
  const head = [`HTTP/1.1 ${result.status} · ${Math.round(result.durationMs ?? 0)} ms · ${formatBytes(result.bodyBytes)}`];
  for (const [name, value] of Object.entries(redactor.headerRecord(result.responseHeaders) ?? {})) head.push(`${name}: ${value}`);
  if (result.error) head.push('', `${result.error.code}: ${redactor.text(result.error.message)}`);
  const shownBody = result.body === null || result.bodyBytes === 0 ? '' : body;
  return `${head.join('\n')}\n\n${shownBody}`;
}
