// The parsed file as the language features (completion, hover, go to definition, the
// environment warning) read it, and where the cursor stands in it. Positions: `line` is
// 1-based like the parser's, `character` 0-based like the editor's.
import type { DependencyInfo, DirectiveInfo, FileVariable, HeaderInfo, SourceText, BodyLine, ForeachInfo } from '../../core/parser/model';

export interface LangBlock {
  blockIndex: number;
  name: string | null;
  title: string | null;
  method: string;
  line: number;
  column: number;
  startLine: number;
  endLine: number;
  targetParts: readonly SourceText[];
  headers: readonly HeaderInfo[];
  body: readonly BodyLine[] | null;
  directives: readonly DirectiveInfo[];
  dependsOn: readonly DependencyInfo[];
  foreach: ForeachInfo | null;
}

/** What the parser's `parseDocument` gives (a structural subset of `ParsedDocument`). */
export interface LangDocument {
  blocks: readonly LangBlock[];
  variables: readonly FileVariable[];
  batchDirectives: readonly DirectiveInfo[];
}

/** The text of a 1-based line ('' past the end). */
export type LineReader = (line: number) => string;

export interface Cursor {
  line: number;
  character: number;
}

/** The block whose lines hold `line`, or undefined. */
export function blockAt(doc: LangDocument, line: number): LangBlock | undefined {
  let lo = 0;
  let hi = doc.blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = doc.blocks[mid]!;
    if (line < b.startLine) hi = mid - 1;
    else if (line > b.endLine) lo = mid + 1;
    else return b;
  }
  return undefined;
}

const SEPARATOR = /^\s*###/;

/** True when `line` lies in the file header (before the first `###` and the first request line). */
export function inFileHeader(doc: LangDocument, line: number, lineAt: LineReader): boolean {
  const first = doc.blocks[0];
  if (first && line >= first.line) return false;
  for (let n = 1; n < line; n++) if (SEPARATOR.test(lineAt(n))) return false;
  return !SEPARATOR.test(lineAt(line));
}

/** A `{{...}}` on a line: its expression (trimmed) and 0-based span of the whole reference. */
export interface RefSpan {
  expr: string;
  start: number;
  end: number;
}

/** The `{{...}}` reference of `text` that holds `character`, or undefined. */
export function refAt(text: string, character: number): RefSpan | undefined {
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0 || open > character) return undefined;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return undefined;
    if (character <= close + 1) {
      let expr = text.slice(open + 2, close).trim();
      if (expr.startsWith('%')) expr = expr.slice(1).trim();
      return { expr, start: open, end: close + 2 };
    }
    from = close + 2;
  }
}

/** The directive written on a line (`# @key value`), with 0-based spans of the key (with `@`) and value. */
export interface DirectiveSpan {
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
}

const DIRECTIVE_LINE = /^(\s*(?:#+|\/\/)\s*)@([A-Za-z][\w-]*)(?:(\s*=\s*|\s+)(.*))?$/;

export function directiveOnLine(text: string): DirectiveSpan | undefined {
  const m = DIRECTIVE_LINE.exec(text);
  if (!m) return undefined;
  const keyStart = m[1]!.length;
  const keyEnd = keyStart + 1 + m[2]!.length;
  return { key: m[2]!.toLowerCase(), value: (m[4] ?? '').trim(), keyStart, keyEnd, valueStart: keyEnd + (m[3]?.length ?? 0) };
}

/** Where the cursor is, for completion. `start` is the 0-based column the completed text starts at. */
export type CompletionContext =
  | { kind: 'variable'; prefix: string; start: number; closed: boolean; block: LangBlock | undefined }
  | { kind: 'directive'; prefix: string; start: number; inHeader: boolean }
  | { kind: 'directiveValue'; key: string; prefix: string; start: number; block: LangBlock | undefined }
  | { kind: 'method'; prefix: string; start: number }
  | { kind: 'headerName'; prefix: string; start: number }
  | { kind: 'headerValue'; header: string; prefix: string; start: number }
  | { kind: 'none' };

const NONE: CompletionContext = { kind: 'none' };

/** Reads the cursor's context from the line text and the parsed blocks. */
export function completionContext(doc: LangDocument, cursor: Cursor, lineAt: LineReader): CompletionContext {
  const text = lineAt(cursor.line);
  const before = text.slice(0, cursor.character);
  const open = before.lastIndexOf('{{');
  if (open >= 0 && before.indexOf('}}', open) < 0) {
    const raw = before.slice(open + 2);
    const lead = raw.length - raw.trimStart().length;
    return { kind: 'variable', prefix: raw.trimStart(), start: open + 2 + lead, closed: text.slice(cursor.character).trimStart().startsWith('}}'), block: blockAt(doc, cursor.line) };
  }
  const key = /^(\s*(?:#+|\/\/)\s*@)([\w-]*)$/.exec(before);
  if (key) return { kind: 'directive', prefix: key[2]!, start: key[1]!.length, inHeader: inFileHeader(doc, cursor.line, lineAt) };
  const value = /^\s*(?:#+|\/\/)\s*@([A-Za-z][\w-]*)(?:\s*=\s*|\s+)(.*)$/.exec(before);
  if (value) return { kind: 'directiveValue', key: value[1]!.toLowerCase(), prefix: value[2]!, start: before.length - value[2]!.length, block: blockAt(doc, cursor.line) };
  if (/^\s*(?:#|\/\/)/.test(before)) return NONE;
  const block = blockAt(doc, cursor.line);
  const word = /^([A-Za-z]*)$/.exec(before);
  if (!block || cursor.line <= block.line) {
    return word && (!block || cursor.line <= block.line) ? { kind: 'method', prefix: word[1]!, start: 0 } : NONE;
  }
  // After the request line: headers up to the first blank line, then the body.
  for (let n = block.line + 1; n < cursor.line; n++) if (lineAt(n).trim() === '') return NONE;
  if (/^\s/.test(text) || /^[?&<{[]/.test(text)) return NONE;
  const colon = before.indexOf(':');
  if (colon < 0) return /^[\w-]*$/.test(before) ? { kind: 'headerName', prefix: before, start: 0 } : NONE;
  const rest = before.slice(colon + 1);
  const lead = rest.length - rest.trimStart().length;
  return { kind: 'headerValue', header: before.slice(0, colon).trim(), prefix: rest.trimStart(), start: colon + 1 + lead };
}
