// A planned request as a cURL command line (POSIX shell quoting), for "Copy Request as cURL".
//
// Values are kept exactly as they would be sent, secrets included: the user asked for a
// command that reproduces the request, and it goes to their clipboard, never to a log or a
// report. Response references (`{{NAME.response...}}`) that are not known before the run
// stay as their text.
import { asteriskOrigin, isAsteriskUrl } from './asterisk';
import type { PlannedRequest } from './types';

export interface CurlOptions {
  /** Add `--insecure` (the run does not verify TLS certificates). */
  insecure?: boolean;
  /** Put each option on its own line with a trailing ` \`. Default true. */
  multiline?: boolean;
}

/** The curl command that sends `request` as the runner would. */
export function toCurl(request: Pick<PlannedRequest, 'method' | 'url' | 'headers' | 'body' | 'timeoutMs' | 'followRedirects'>, options: CurlOptions = {}): string {
  const method = request.method.toUpperCase();
  // `OPTIONS *` (planned as `ORIGIN*`): curl sends the asterisk form with --request-target.
  const asterisk = method === 'OPTIONS' && isAsteriskUrl(request.url);
  const args: string[] = asterisk ? ['curl', shellQuote(asteriskOrigin(request.url)), '--request-target', "'*'"] : ['curl', shellQuote(request.url)];
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || request.body !== null) args.push('-X', shellQuote(method));
  for (const [name, value] of request.headers) {
    // `-H 'Name:'` would remove the header; curl sends an empty value for `Name;`.
    args.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  if (request.body !== null) {
    const text = typeof request.body === 'string' ? request.body : decodeUtf8(request.body);
    if (text !== null) args.push('--data-raw', shellQuote(text));
    else args.push('--data-binary', ansiCQuote(request.body as Uint8Array));
  }
  if (request.followRedirects) args.push('--location', '--max-redirs', '10');
  if (request.timeoutMs > 0) args.push('--max-time', formatSeconds(request.timeoutMs));
  if (options.insecure) args.push('--insecure');
  if (options.multiline === false) return args.join(' ');
  return joinMultiline(args);
}

/** Single-quotes a word for a POSIX shell (`'` becomes `'\''`); plain words stay bare. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `$'...'` with `\xHH` escapes: bytes that are not text, for bash and zsh. */
function ansiCQuote(bytes: Uint8Array): string {
  let out = "$'";
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // NUL and other control bytes (other than tab and line breaks) do not survive a shell word.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return null;
    }
    return text;
  } catch {
    return null;
  }
}

function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

function joinMultiline(args: string[]): string {
  // One option per line, each with its value: `-H 'Accept: */*'`.
  const flags = new Set(['--head', '--location', '--insecure']);
  const lines: string[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a.startsWith('-') && !flags.has(a) && i + 1 < args.length) {
      lines.push(`${a} ${args[i + 1]}`);
      i += 2;
    } else {
      lines.push(a);
      i += 1;
    }
  }
  // `curl URL` stays on the first line.
  const [first, second, ...rest] = lines;
  return [`${first} ${second}`, ...rest].join(' \\\n  ');
}
