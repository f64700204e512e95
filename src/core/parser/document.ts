// parseDocument: the syntax pass over a .batch.http file. Synchronous, pure, never throws:
// the editor runs it on every keystroke.
import type { Diagnostic } from '../types';
import { isAssertionLine, readAssertionLine, type ConditionMemo } from './assertions';
import { applyBatchDirective, directiveKind } from './directives';
import type { BatchDirectiveSettings, DirectiveInfo, FileVariable, ParsedBlock, ParsedDocument } from './model';
import { closesForeign, commentMarker, indentOf, matchDirective, matchForeignLine, matchVariable, eachLine } from './lines';
import { closeDraft, newDraft, type BlockSink, type Draft } from './draft';
import { HeaderTexts, checkClosed, readHeader, readQueryLine } from './header-reader';
import { readRequestLine } from './target-reader';
import { isStandaloneRequestLine } from './request-line';
import { closesFragment, matchToolLine } from './tool-lines';
import { compileTemplate } from './template';
import { quote } from './quote';

/** `Name: value`: an indented header, not a piece of a target over several lines. */
const HEADER_SHAPED = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:(?:[ \t]|$)/;

/** A GraphQL body (httpYac writes it without the blank line after the headers). */
const GRAPHQL_START = /^(?:query|mutation|subscription)(?:[\s({]|$)/;

/**
 * Reads a file one line at a time. `run` reads it all (`parseDocument`); `nextBlock` reads
 * just far enough to close the next request block, so a planner can take the blocks one by
 * one without the whole parsed document ever existing at once.
 */
export class DocumentParser {
  readonly diags: Diagnostic[] = [];
  /** Closed blocks not yet taken by `nextBlock` (with `run`: every block). */
  readonly blocks: ParsedBlock[] = [];
  readonly variables: FileVariable[] = [];
  readonly batchDirectives: DirectiveInfo[] = [];
  readonly batchSettings: BatchDirectiveSettings = {};
  /** Request directives of a file header that ended without a request line: they go to the first request. */
  private carried: DirectiveInfo[] = [];
  private skip: { kind: 'handler' | 'script' | 'response' | 'fragment'; line: number } | null = null;
  private draft: Draft;
  private readonly headerTexts = new HeaderTexts();
  private readonly conditions: ConditionMemo = new Map();
  private readonly sink: BlockSink;

  /** The number of blocks closed so far (the next block's index). */
  private blockCount = 0;
  /** Where the next line starts, and its number less one. */
  private from: number;
  private ln = 0;
  /** True once the text is read to its end (or reading it failed). */
  private done = false;

  /** The number of lines of the text (known once every line was read). */
  lineCount = 0;

  constructor(private readonly text: string) {
    this.draft = newDraft(1, null, true);
    this.sink = { nextIndex: () => this.blockCount++, names: new Map(), diags: this.diags };
    // A leading UTF-8 byte order mark is not part of the first line.
    this.from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  private diag(severity: Diagnostic['severity'], line: number, column: number, message: string, endColumn?: number): void {
    const d: Diagnostic = { severity, line, column, message };
    if (endColumn !== undefined) d.endColumn = endColumn;
    this.diags.push(d);
  }

  /** Reads every line. */
  run(): void {
    while (this.step());
  }

  /**
   * The next request block, or null at the end of the text. The file header's batch
   * directives are all read once the first block is returned (or null is). A parser bug
   * becomes an error diagnostic and ends the blocks, as with `parseDocument`.
   */
  nextBlock(): ParsedBlock | null {
    try {
      while (this.blocks.length === 0 && this.step());
    } catch (err) {
      this.done = true;
      this.internalError(err);
    }
    return this.blocks.shift() ?? null;
  }

  internalError(err: unknown): void {
    this.diags.push({ severity: 'error', line: 1, column: 1, message: `internal parser error: ${err instanceof Error ? err.message : String(err)}` });
  }

  /** Reads one line (split at `\n` or `\r\n`); false once every line was read. */
  private step(): boolean {
    if (this.done) return false;
    const text = this.text;
    const from = this.from;
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    this.line(text.slice(from, end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end), ++this.ln);
    if (nl >= 0) {
      this.from = nl + 1;
      return true;
    }
    this.done = true;
    this.lineCount = this.ln;
    if (this.skip) this.reportUnclosedSkip();
    this.finish(this.lineCount);
    for (const d of this.carried) this.diag('warning', d.line, d.column, `@${d.key} has no request after it; it is ignored`);
    return false;
  }

  private reportUnclosedSkip(): void {
    const s = this.skip!;
    if (s.kind === 'response') {
      this.skip = null;
      return;
    }
    if (s.kind === 'fragment') {
      this.diag('warning', s.line, 1, "this GraphQL fragment is not closed by a line starting with '}'; lines up to the next '###' were skipped");
      this.skip = null;
      return;
    }
    const end = s.kind === 'handler' ? "'%}'" : "a line ending with '}}'";
    this.diag('warning', s.line, 1, `this block of another tool is not closed by ${end}; lines up to the next '###' were skipped`);
    this.skip = null;
  }

  private line(raw: string, ln: number): void {
    const at = indentOf(raw);
    const isSeparator = raw.startsWith('###', at);
    if (this.skip) {
      if (isSeparator) this.reportUnclosedSkip();
      else {
        if (this.closesSkip(this.skip.kind, raw)) this.skip = null;
        return;
      }
    }
    if (isSeparator) {
      this.finish(ln - 1);
      const title = raw.slice(at + 3).trim();
      this.draft = newDraft(ln, title === '' ? null : title, false);
      return;
    }
    switch (this.draft.phase) {
      case 'pre':
        return this.preLine(raw, at, ln);
      case 'headers':
        return this.headerLine(raw, at, ln);
      case 'body':
        return this.bodyLine(raw, at, ln);
      case 'after':
        return this.afterLine(raw, at, ln);
      case 'broken':
        return;
    }
  }

  private closesSkip(kind: 'handler' | 'script' | 'response' | 'fragment', raw: string): boolean {
    if (kind === 'response') return false;
    if (kind === 'fragment') return closesFragment(raw);
    return closesForeign(kind, raw);
  }

  /** A kulala/JetBrains/httpYac line that is not a request (section 13, item 11): skipped with a warning. */
  private toolLine(raw: string, at: number, ln: number, importRun: boolean): boolean {
    const c = raw.charCodeAt(at);
    if (!importRun && c !== 72 /* H */) return false;
    const t = matchToolLine(raw, at, this.draft.request !== null);
    if (!t) return false;
    this.diag('warning', ln, at + 1, t.message);
    if (t.skips) this.skip = { kind: t.skips, line: ln };
    if (this.draft.phase !== 'pre') this.draft.phase = 'after';
    return true;
  }

  /**
   * A request line without `###` before it (httpYac): closes the block being read and
   * starts the next one. `moved` are comment lines just above it, read again as its own.
   */
  private startRequest(raw: string, at: number, ln: number, moved: { text: string; line: number }[] = []): void {
    this.finish(ln - 1 - moved.length);
    this.draft = newDraft(moved.length > 0 ? moved[0]!.line : ln, null, false);
    for (const m of moved) {
      const mat = indentOf(m.text);
      this.commentLine(m.text, mat, m.line, commentMarker(m.text, mat));
    }
    this.requestLine(raw, at, ln);
  }

  /** A line of another tool: skipped with a warning; true when it was one. */
  private foreign(raw: string, at: number, ln: number): boolean {
    if (isAssertionLine(raw, at)) {
      readAssertionLine(raw, at, ln, this.draft.request !== null, this.draft.assertions, this.diags, this.conditions);
      return true;
    }
    const f = matchForeignLine(raw, at);
    if (!f) return false;
    this.diag('warning', ln, at + 1, `skipped ${f.what}: scripts and handlers of other tools do not run here`);
    if (f.opens) this.skip = { kind: f.opens, line: ln };
    return true;
  }

  private commentLine(raw: string, at: number, ln: number, marker: number): void {
    const m = matchDirective(raw, at, marker);
    if (!m) return;
    const d: DirectiveInfo = { key: m.key, value: m.value, line: ln, column: at + 1, valueColumn: m.valueOffset + 1 };
    const draft = this.draft;
    if (draft.phase !== 'pre') {
      if (directiveKind(m.key) !== 'unknown') {
        this.diag('warning', ln, at + 1, `@${m.key} after the request line is ignored; put request directives above the request line`);
      } else this.unknownDirective(d);
      return;
    }
    const kind = directiveKind(m.key);
    if (kind === 'unknown') return this.unknownDirective(d);
    if (draft.isHeader) {
      if (kind === 'batch' || kind === 'both') {
        this.batchDirectives.push(d);
        applyBatchDirective(d, this.batchSettings, this.diags);
      } else this.carried.push(d);
      return;
    }
    if (kind === 'batch') {
      this.diag('warning', ln, at + 1, `@${m.key} is a batch directive and is read only in the file header (before the first request); it is ignored here`);
      return;
    }
    draft.directives.push(d);
  }

  private unknownDirective(d: DirectiveInfo): void {
    this.diag('warning', d.line, d.column, `unknown directive @${quote(d.key)}`);
  }

  private variableLine(raw: string, at: number, ln: number): void {
    const m = matchVariable(raw, at);
    if (!m) {
      this.diag('error', ln, at + 1, "a file variable is written '@name = value'");
      return;
    }
    const value = compileTemplate(m.value, ln, m.valueOffset + 1);
    checkClosed(value, this.diags);
    this.variables.push({ name: m.name, value, line: ln, column: at + 1 });
  }

  private preLine(raw: string, at: number, ln: number): void {
    if (at === raw.length) return;
    const marker = commentMarker(raw, at);
    if (marker) return this.commentLine(raw, at, ln, marker);
    if (raw.charCodeAt(at) === 64 /* @ */) return this.variableLine(raw, at, ln);
    if (this.foreign(raw, at, ln)) return;
    if (this.toolLine(raw, at, ln, true)) return;
    if (raw.charCodeAt(at) === 60 /* < */) {
      // A JetBrains pre-request script (`< {% ... %}` or `< ./script.js`): never run.
      const inline = raw.slice(at + 1).trimStart();
      this.diag('warning', ln, at + 1, 'skipped JetBrains pre-request script: scripts of other tools do not run here');
      if (inline.startsWith('{%') && inline.indexOf('%}', 2) < 0) this.skip = { kind: 'handler', line: ln };
      return;
    }
    this.requestLine(raw, at, ln);
  }

  private requestLine(raw: string, at: number, ln: number): void {
    const draft = this.draft;
    const request = readRequestLine(raw, at, ln, draft.title, draft.startLine, this.diags);
    if (typeof request === 'string') {
      this.diag('error', ln, at + 1, request);
      draft.phase = 'broken';
      return;
    }
    draft.request = request;
    draft.phase = 'headers';
    draft.continuing = true;
  }

  private headerLine(raw: string, at: number, ln: number): void {
    const draft = this.draft;
    if (at === raw.length) {
      draft.phase = 'body';
      return;
    }
    const c = raw.charCodeAt(at);
    const marker = commentMarker(raw, at);
    if (at > 0 && draft.headers.length === 0 && (c === 63 || c === 38 || (draft.continuing && !marker && !HEADER_SHAPED.test(raw.slice(at))))) {
      // `?`/`&` query lines, and (JetBrains) any indented line right after the request line.
      return readQueryLine(draft.request!, raw, at, ln, this.diags);
    }
    draft.continuing = false;
    if (marker) return this.commentLine(raw, at, ln, marker);
    if (c === 64) return this.variableLine(raw, at, ln);
    if (isStandaloneRequestLine(raw, at)) return this.startRequest(raw, at, ln);
    if (this.toolLine(raw, at, ln, false)) return;
    if (this.foreign(raw, at, ln)) {
      draft.phase = 'after';
      return;
    }
    if (c === 123 || c === 91 || c === 60 || GRAPHQL_START.test(raw.slice(at, at + 13))) {
      this.diag('warning', ln, at + 1, 'a blank line is missing between the headers and the body; this line starts the body');
      draft.phase = 'body';
      return this.bodyLine(raw, at, ln);
    }
    const header = readHeader(raw, at, ln, this.headerTexts, this.diags);
    if (header) draft.headers.push(header);
  }

  private bodyLine(raw: string, at: number, ln: number): void {
    if (at < raw.length) {
      if (this.foreign(raw, at, ln)) {
        this.draft.phase = 'after';
        return;
      }
      if (this.toolLine(raw, at, ln, false)) return;
      if (isStandaloneRequestLine(raw, at)) {
        const moved = this.commentsAbove();
        if (moved !== null) return this.startRequest(raw, at, ln, moved);
      }
    }
    this.draft.body.push({ text: raw, line: ln });
  }

  /**
   * For a request line in a body: the comment lines right above it (taken out of the body),
   * when a blank line (or the body's start) comes before them; null when the line is body text.
   */
  private commentsAbove(): { text: string; line: number }[] | null {
    const body = this.draft.body;
    let i = body.length;
    while (i > 0) {
      const t = body[i - 1]!.text;
      const a = indentOf(t);
      if (a === t.length || commentMarker(t, a) === 0) break;
      i--;
    }
    if (i > 0 && indentOf(body[i - 1]!.text) !== body[i - 1]!.text.length) return null;
    return body.splice(i);
  }

  private afterLine(raw: string, at: number, ln: number): void {
    if (at === raw.length || commentMarker(raw, at)) return;
    if (raw.charCodeAt(at) === 64) return this.variableLine(raw, at, ln);
    if (this.foreign(raw, at, ln)) return;
    if (isStandaloneRequestLine(raw, at)) return this.startRequest(raw, at, ln);
    if (this.toolLine(raw, at, ln, true)) return;
    if (!this.draft.strayReported) {
      this.draft.strayReported = true;
      this.diag('warning', ln, at + 1, "text after another tool's handler or script is ignored; start a new request with '###'");
    }
  }

  /** Closes the current block at `endLine`. */
  private finish(endLine: number): void {
    const draft = this.draft;
    if (!draft.request) {
      closeDraft(draft, draft.directives, endLine, this.sink);
      return;
    }
    const directives = this.carried.length ? [...this.carried, ...draft.directives] : draft.directives;
    this.carried = [];
    const block = closeDraft(draft, directives, endLine, this.sink);
    if (block) this.blocks.push(block);
  }
}

/** Orders diagnostics by position (stable). */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map((x) => x.d);
}

/**
 * Parses the text of a .batch.http file into blocks, batch directives, file variables and
 * syntax diagnostics. Reads no other file and never throws: any text gives a result whose
 * positions lie inside the text.
 */
export function parseDocument(text: string): ParsedDocument {
  const source = typeof text === 'string' ? text : String(text ?? '');
  const p = new DocumentParser(source);
  try {
    p.run();
  } catch (err) {
    // A bug must not take the editor down: report it as a diagnostic instead.
    p.internalError(err);
  }
  return {
    blocks: p.blocks,
    batchDirectives: p.batchDirectives,
    batchSettings: p.batchSettings,
    variables: p.variables,
    diagnostics: sortDiagnostics(p.diags),
    // After an internal error the lines were not all read: count them.
    lineCount: p.lineCount > 0 ? p.lineCount : eachLine(source, () => undefined),
  };
}
