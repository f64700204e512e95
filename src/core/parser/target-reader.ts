// The request line of a block: method, target and version, and whether it is HTTP at all.
import type { Diagnostic } from '../types';
import type { DraftRequest } from './draft';
import { checkClosed } from './header-reader';
import { NON_HTTP_METHODS, literalScheme, parseRequestLine } from './request-line';
import { compileTemplate } from './template';
import { quote } from './quote';
import type { SourceText, TemplatePart } from './model';

/** A target written with spaces: its references keep their positions, its literal spaces become `%20`. */
function spacedTemplate(raw: string, encoded: string, line: number, column: number): SourceText {
  const parts: TemplatePart[] = compileTemplate(raw, line, column).parts.map((p) => (typeof p === 'string' ? p.replace(/[ \t]/g, '%20') : p));
  return { text: encoded, line, column, parts };
}

/** Reads the request line at `at`; a string is the error message when it is none. */
export function readRequestLine(raw: string, at: number, ln: number, title: string | null, startLine: number, diags: Diagnostic[]): DraftRequest | string {
  const parsed = parseRequestLine(raw, at);
  if (typeof parsed === 'string') return parsed;
  if (parsed.spaced) {
    diags.push({ severity: 'warning', line: ln, column: parsed.target.offset + 1, message: 'the target has spaces; they are sent as %20 (write %20 in the URL to silence this)' });
  }
  const target = parsed.spaced === undefined ? compileTemplate(parsed.target.text, ln, parsed.target.offset + 1) : spacedTemplate(parsed.spaced, parsed.target.text, ln, parsed.target.offset + 1);
  checkClosed(parsed.spaced === undefined ? target : compileTemplate(parsed.spaced, ln, parsed.target.offset + 1), diags);
  const scheme = literalScheme(parsed.target.text);
  const http = !NON_HTTP_METHODS.has(parsed.method) && (scheme === null || scheme === 'http' || scheme === 'https');
  if (!http) {
    const why = NON_HTTP_METHODS.has(parsed.method) ? `method ${quote(parsed.method)}` : `scheme ${quote(scheme ?? '')}://`;
    diags.push({ severity: 'warning', line: ln, column: at + 1, message: `not an HTTP request (${why}); it is left out of the batch` });
  }
  return {
    title,
    method: parsed.method,
    target: parsed.target.text,
    line: ln,
    column: at + 1,
    startLine,
    requestLine: raw.trim(),
    explicitMethod: parsed.explicitMethod,
    httpVersion: parsed.httpVersion,
    targetParts: [target],
    targetColumn: parsed.target.offset + 1,
    http,
  };
}
