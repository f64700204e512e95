// Header lines (`Name: value`) and query continuation lines of the header section.
import type { Diagnostic } from '../types';
import type { DraftRequest } from './draft';
import type { HeaderInfo, SourceText } from './model';
import { VERSION, splitOutsideBraces } from './request-line';
import { compileTemplate, unclosedColumn } from './template';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';

/** Reports an unclosed `{{` in a template. */
export function checkClosed(t: SourceText, diags: Diagnostic[]): void {
  const col = unclosedColumn(t.text, t.column);
  if (col > 0) diags.push({ severity: 'error', line: t.line, column: col, message: "'{{' is not closed by '}}' on the same line" });
}

/** Distinct header names, and values of one name, stored once per file (an id per request is not). */
const MAX_SHARED = 64;

/** A header name as stored, and its values while there are few of them. */
interface SharedHeader {
  name: string;
  values: Map<string, string> | null;
}

/** The stored copy of a header value (the value itself for a name with too many values). */
function sharedValue(h: SharedHeader | null, value: string): string {
  if (h === null || h.values === null) return value;
  const stored = h.values.get(value);
  if (stored !== undefined) return stored;
  if (h.values.size >= MAX_SHARED) h.values = null;
  else h.values.set(value, value);
  return value;
}

/**
 * One copy of each header name and of its first values: a large file repeats
 * `Accept: application/json`... in every block.
 */
export class HeaderTexts {
  private readonly texts = new Map<string, SharedHeader>();

  /** The stored copy of a header name (null once the file has too many names to share). */
  name(name: string): SharedHeader | null {
    let h = this.texts.get(name);
    if (h === undefined) {
      if (this.texts.size >= MAX_SHARED) return null;
      this.texts.set(name, (h = { name, values: new Map() }));
    }
    return h;
  }
}

/** Reads a `Name: value` line at `at`; null (with an error) when it is none. */
export function readHeader(raw: string, at: number, ln: number, texts: HeaderTexts, diags: Diagnostic[]): HeaderInfo | null {
  const error = (message: string): null => {
    diags.push({ severity: 'error', line: ln, column: at + 1, message });
    return null;
  };
  const colon = raw.indexOf(':', at);
  if (colon < 0) return error(`expected a header 'Name: value' (or a blank line before the body), not '${quote(raw.slice(at).trimEnd())}'`);
  const nameText = raw.slice(at, colon).trimEnd();
  if (nameText === '') return error("a header needs a name before ':'");
  if (!nameText.includes('{{') && !TOKEN_PATTERN.test(nameText)) {
    return error(`'${quote(nameText)}' is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~, no spaces)`);
  }
  const rest = raw.slice(colon + 1);
  const valueText = rest.trim();
  const valueOffset = colon + 1 + (rest.length - rest.trimStart().length);
  const shared = texts.name(nameText);
  const name = compileTemplate(shared ? shared.name : nameText, ln, at + 1);
  const value = compileTemplate(sharedValue(shared, valueText), ln, valueOffset + 1);
  checkClosed(name, diags);
  checkClosed(value, diags);
  return { name, value, line: ln, column: at + 1 };
}

/**
 * A query continuation line: appended to the target. Like the request line, it is split
 * at white space outside `{{...}}`; the last continuation line may end with the HTTP
 * version (JetBrains writes `    &b=2 HTTP/1.1`).
 */
export function readQueryLine(req: DraftRequest, raw: string, at: number, ln: number, diags: Diagnostic[]): void {
  const [piece, version, extra] = splitOutsideBraces(raw, at);
  if (extra || (version && (!VERSION.test(version.text) || req.httpVersion !== null))) {
    const bad = extra && VERSION.test(version!.text) ? extra : version!;
    diags.push({ severity: 'error', line: ln, column: bad.offset + 1, message: `unexpected '${quote(bad.text)}' in the query continuation; encode spaces in the URL as %20` });
    return;
  }
  if (version) req.httpVersion = version.text;
  const t = compileTemplate(piece!.text, ln, piece!.offset + 1);
  checkClosed(t, diags);
  req.targetParts.push(t);
  req.target += piece!.text;
}
