// Body lines: trimming, `< path` / `<@ path` / `<@ENCODING path` recognition.
import type { Diagnostic } from '../types';
import type { BodyLine } from './model';
import { indentOf } from './lines';
import { compileTemplate, unclosedColumn } from './template';
import { quote } from './quote';

export interface RawBodyLine {
  text: string;
  line: number;
}

/** Encodings accepted by `<@ENCODING path` (Node's names, case-insensitive). */
const ENCODINGS = new Map<string, string>([
  ['utf8', 'utf8'],
  ['utf-8', 'utf8'],
  ['utf16le', 'utf16le'],
  ['utf-16le', 'utf16le'],
  ['ucs2', 'utf16le'],
  ['ucs-2', 'utf16le'],
  ['latin1', 'latin1'],
  ['binary', 'latin1'],
  ['iso-8859-1', 'latin1'],
  ['ascii', 'ascii'],
  ['base64', 'base64'],
  ['base64url', 'base64url'],
  ['hex', 'hex'],
]);

const FILE_LINE = /^<\s+(\S.*)$/;
const TEMPLATE_FILE_LINE = /^<@([A-Za-z0-9_-]*)\s+(\S.*)$/;

/**
 * Turns the raw lines after the headers into body lines: leading and trailing blank lines
 * and the trailing white space of the body are dropped. Returns null for no body.
 */
export function buildBody(raw: RawBodyLine[], diags: Diagnostic[]): BodyLine[] | null {
  let first = 0;
  let last = raw.length - 1;
  while (first <= last && raw[first]!.text.trim() === '') first++;
  while (last >= first && raw[last]!.text.trim() === '') last--;
  if (first > last) return null;
  // Sized up front: a pushed-to array keeps spare room, and a large file has many bodies.
  const out = new Array<BodyLine>(last - first + 1);
  for (let i = first; i <= last; i++) {
    const { line } = raw[i]!;
    const text = i === last ? raw[i]!.text.trimEnd() : raw[i]!.text;
    const at = indentOf(text);
    if (text.charCodeAt(at) === 60 /* < */) {
      const t = text.slice(at);
      const plain = FILE_LINE.exec(t);
      const tmpl = plain ? null : TEMPLATE_FILE_LINE.exec(t);
      if (plain || tmpl) {
        const pathText = (plain ? plain[1]! : tmpl![2]!).trimEnd();
        const pathOffset = at + t.length - (plain ? plain[1]! : tmpl![2]!).length;
        const path = compileTemplate(pathText, line, pathOffset + 1);
        let encoding: string | null = null;
        if (tmpl && tmpl[1]) {
          encoding = ENCODINGS.get(tmpl[1].toLowerCase()) ?? null;
          if (!encoding) {
            diags.push({ severity: 'error', line, column: at + 3, message: `unknown encoding '${quote(tmpl[1]!)}'; use one of ${[...ENCODINGS.keys()].join(', ')}` });
          }
        }
        out[i - first] = { kind: 'file', path, substitute: tmpl !== null, encoding, line, column: at + 1 };
        continue;
      }
    }
    const st = compileTemplate(text, line, 1);
    const col = unclosedColumn(text, 1);
    if (col > 0) diags.push({ severity: 'error', line, column: col, message: "'{{' is not closed by '}}' on the same line" });
    out[i - first] = { kind: 'text', text: st };
  }
  return out;
}
