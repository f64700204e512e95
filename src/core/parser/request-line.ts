// The request line: `METHOD TARGET [HTTP/VERSION]` or a bare `TARGET`.
import { quote } from './quote';

export interface Token {
  text: string;
  /** 0-based offset in the line. */
  offset: number;
}

/** Splits at white space outside `{{...}}`, so `{{$randomInt 1 9}}` stays one token. */
export function splitOutsideBraces(line: string, from: number): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 123 && line.charCodeAt(i + 1) === 123) {
      if (start < 0) start = i;
      depth++;
      i++;
      continue;
    }
    if (c === 125 && line.charCodeAt(i + 1) === 125 && depth > 0) {
      depth--;
      i++;
      continue;
    }
    const space = c === 32 || c === 9;
    if (space && depth === 0) {
      if (start >= 0) tokens.push({ text: line.slice(start, i), offset: start });
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) tokens.push({ text: line.slice(start), offset: start });
  return tokens;
}

export interface RequestLine {
  method: string;
  explicitMethod: boolean;
  target: Token;
  httpVersion: string | null;
  /** The target as written when it had spaces outside `{{...}}` (`target` has them as `%20`). */
  spaced?: string;
}

/**
 * A request line that starts a new request even without `###` (httpYac): a standard method,
 * white space, and a target that starts with `http://`, `https://`, `/` or `{{`.
 */
const STANDALONE = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+(?:https?:\/\/|\/|\{\{)/;

export function isStandaloneRequestLine(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  // Fast exit: every standard method starts with one of C D G H O P T.
  if (c !== 67 && c !== 68 && c !== 71 && c !== 72 && c !== 79 && c !== 80 && c !== 84) return false;
  return STANDALONE.test(at === 0 ? line : line.slice(at));
}

/** The target of several tokens (spaces in a URL), each run of white space written as `%20`. */
function joinSpaced(line: string, tokens: Token[]): Token & { raw: string } {
  let text = tokens[0]!.text;
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const gap = line.slice(prev.offset + prev.text.length, tokens[i]!.offset);
    text += gap.replace(/[ \t]/g, '%20') + tokens[i]!.text;
  }
  const last = tokens[tokens.length - 1]!;
  return { text, offset: tokens[0]!.offset, raw: line.slice(tokens[0]!.offset, last.offset + last.text.length) };
}

const METHOD = /^[A-Z]+$/;
export const VERSION = /^HTTP\/\d+(?:\.\d+)?$/i;

/** Methods worth the hint that they must be upper-case. */
const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'GRAPHQL', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH', 'PURGE', 'QUERY']);

/** Methods of other protocols (httpYac and JetBrains): their requests are not HTTP. */
export const NON_HTTP_METHODS = new Set(['GRPC', 'WS', 'WSS', 'WEBSOCKET', 'SSE', 'EVENTSOURCE', 'MQTT', 'AMQP', 'KAFKA', 'RABBITMQ']);

/** Parses a request line; returns an error message when it is not one. */
export function parseRequestLine(line: string, from: number): RequestLine | string {
  const tokens = splitOutsideBraces(line, from);
  const [first, second, third] = tokens;
  if (!first) return 'empty request line';
  if (tokens.length === 1) {
    if (METHOD.test(first.text) && !first.text.includes('/')) return `the request line '${quote(first.text)}' has no target; write 'METHOD URL', such as 'GET https://example.com/'`;
    return { method: 'GET', explicitMethod: false, target: first, httpVersion: null };
  }
  if (tokens.length === 2 && VERSION.test(second!.text)) {
    return { method: 'GET', explicitMethod: false, target: first, httpVersion: second!.text };
  }
  if (!METHOD.test(first.text)) {
    if (/^[A-Za-z]+$/.test(first.text)) {
      const upper = first.text.toUpperCase();
      if (KNOWN_METHODS.has(upper) || NON_HTTP_METHODS.has(upper)) return `the method '${quote(first.text)}' must be upper-case ('${quote(upper)}')`;
      return `'${quote(first.text)}' is not an HTTP method and this line is not a request line, nor a line of httpYac, REST Client, JetBrains or kulala that is skipped here; write 'METHOD URL', such as 'GET https://example.com/', or make it a comment with '#'`;
    }
    return `'${quote(line.trim())}' is not a request line; write 'METHOD URL [HTTP/VERSION]', such as 'GET https://example.com/'`;
  }
  if (tokens.length > 3 || (third && !VERSION.test(third.text))) {
    // Spaces in the target (JetBrains and REST Client send them as %20); a last token that
    // is a version stays the version.
    const last = tokens[tokens.length - 1]!;
    const versioned = VERSION.test(last.text);
    const target = joinSpaced(line, tokens.slice(1, versioned ? -1 : undefined));
    return { method: first.text, explicitMethod: true, target: { text: target.text, offset: target.offset }, httpVersion: versioned ? last.text : null, spaced: target.raw };
  }
  return { method: first.text, explicitMethod: true, target: second!, httpVersion: third ? third.text : null };
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A letter, a digit, `+`, `-` or `.`: the characters of a scheme after its first. */
function isSchemeChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/**
 * The scheme of a literal absolute target (`ws` for `ws://x`), or null: a letter, then
 * letters, digits, `+`, `-` or `.`, then `://`. Read character by character: every request
 * line and every planned URL goes through here.
 */
export function literalScheme(target: string): string | null {
  if (!isLetter(target.charCodeAt(0))) return null;
  let end = 1;
  while (isSchemeChar(target.charCodeAt(end))) end++;
  if (target.charCodeAt(end) !== 58 || target.charCodeAt(end + 1) !== 47 || target.charCodeAt(end + 2) !== 47) return null;
  return target.slice(0, end).toLowerCase();
}
