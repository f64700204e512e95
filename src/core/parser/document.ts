// parseDocument: the syntax pass over a .batch.http file. Synchronous, pure, never throws:
// the editor runs it on every keystroke.
import type { Diagnostic } from '../types';
import { checkConditionDirectives, isAssertionLine, readAssertionLine } from './assertions';
import { applyBatchDirective, applyRequestDirective, directiveKind } from './directives';
import { buildBody, type RawBodyLine } from './body';
import type { BatchDirectiveSettings, ConditionInfo, DirectiveInfo, FileVariable, HeaderInfo, ParsedBlock, ParsedDocument, SourceText } from './model';
import { closesForeign, commentMarker, indentOf, matchDirective, matchForeignLine, matchVariable, eachLine } from './lines';
import { NON_HTTP_METHODS, VERSION, literalScheme, parseRequestLine, splitOutsideBraces } from './request-line';
import { compileTemplate, unclosedColumn } from './template';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';

type Phase = 'pre' | 'headers' | 'body' | 'after' | 'broken';

/** A block being read. */
interface Draft {
  startLine: number;
  title: string | null;
  /** True for the part of the file before the first `###` and the first request line. */
  isHeader: boolean;
  phase: Phase;
  directives: DirectiveInfo[];
  request: Omit<ParsedBlock, 'blockIndex' | 'endLine' | 'headers' | 'body' | 'directives' | 'settings' | 'repeat' | 'foreach' | 'dependsOn' | 'name' | 'assertions' | 'until'> | null;
  headers: HeaderInfo[];
  body: RawBodyLine[];
  strayReported: boolean;
  /** `??` lines read so far. */
  assertions: ConditionInfo[];
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
  private skip: { kind: 'handler' | 'script'; line: number } | null = null;
  private draft: Draft;
  private readonly names = new Map<string, number>();
  /** One copy of each header name and of its first values: a large file repeats `Accept: application/json`... */
  private readonly headerTexts = new Map<string, SharedHeader>();

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
    this.draft = this.newDraft(1, null, true);
    // A leading UTF-8 byte order mark is not part of the first line.
    this.from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  private newDraft(startLine: number, title: string | null, isHeader: boolean): Draft {
    return { startLine, title, isHeader, phase: 'pre', directives: [], request: null, headers: [], body: [], strayReported: false, assertions: [] };
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
        if (closesForeign(this.skip.kind, raw)) this.skip = null;
        return;
      }
    }
    if (isSeparator) {
      this.finish(ln - 1);
      const title = raw.slice(at + 3).trim();
      this.draft = this.newDraft(ln, title === '' ? null : title, false);
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

  /** A line of another tool: skipped with a warning; true when it was one. */
  private foreign(raw: string, at: number, ln: number): boolean {
    if (isAssertionLine(raw, at)) {
      readAssertionLine(raw, at, ln, this.draft.request !== null, this.draft.assertions, this.diags);
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
    this.checkClosed(value);
    this.variables.push({ name: m.name, value, line: ln, column: at + 1 });
  }

  private checkClosed(t: SourceText): void {
    const col = unclosedColumn(t.text, t.column);
    if (col > 0) this.diag('error', t.line, col, "'{{' is not closed by '}}' on the same line");
  }

  private preLine(raw: string, at: number, ln: number): void {
    if (at === raw.length) return;
    const marker = commentMarker(raw, at);
    if (marker) return this.commentLine(raw, at, ln, marker);
    if (raw.charCodeAt(at) === 64 /* @ */) return this.variableLine(raw, at, ln);
    if (this.foreign(raw, at, ln)) return;
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
    const parsed = parseRequestLine(raw, at);
    if (typeof parsed === 'string') {
      this.diag('error', ln, at + 1, parsed);
      draft.phase = 'broken';
      return;
    }
    const target = compileTemplate(parsed.target.text, ln, parsed.target.offset + 1);
    this.checkClosed(target);
    const scheme = literalScheme(parsed.target.text);
    const http = !NON_HTTP_METHODS.has(parsed.method) && (scheme === null || scheme === 'http' || scheme === 'https');
    if (!http) {
      const why = NON_HTTP_METHODS.has(parsed.method) ? `method ${quote(parsed.method)}` : `scheme ${quote(scheme ?? '')}://`;
      this.diag('warning', ln, at + 1, `not an HTTP request (${why}); it is left out of the batch`);
    }
    draft.request = {
      title: draft.title,
      method: parsed.method,
      target: parsed.target.text,
      line: ln,
      column: at + 1,
      startLine: draft.startLine,
      requestLine: raw.trim(),
      explicitMethod: parsed.explicitMethod,
      httpVersion: parsed.httpVersion,
      targetParts: [target],
      targetColumn: parsed.target.offset + 1,
      http,
    };
    draft.phase = 'headers';
  }

  private headerLine(raw: string, at: number, ln: number): void {
    const draft = this.draft;
    if (at === raw.length) {
      draft.phase = 'body';
      return;
    }
    const c = raw.charCodeAt(at);
    if (at > 0 && (c === 63 || c === 38) && draft.headers.length === 0) return this.queryLine(raw, at, ln);
    const marker = commentMarker(raw, at);
    if (marker) return this.commentLine(raw, at, ln, marker);
    if (c === 64) return this.variableLine(raw, at, ln);
    if (this.foreign(raw, at, ln)) {
      draft.phase = 'after';
      return;
    }
    if (c === 123 || c === 91 || c === 60) {
      this.diag('warning', ln, at + 1, 'a blank line is missing between the headers and the body; this line starts the body');
      draft.phase = 'body';
      return this.bodyLine(raw, at, ln);
    }
    const colon = raw.indexOf(':', at);
    if (colon < 0) {
      this.diag('error', ln, at + 1, `expected a header 'Name: value' (or a blank line before the body), not '${quote(raw.slice(at).trimEnd())}'`);
      return;
    }
    const nameText = raw.slice(at, colon).trimEnd();
    if (nameText === '') {
      this.diag('error', ln, at + 1, "a header needs a name before ':'");
      return;
    }
    if (!nameText.includes('{{') && !TOKEN_PATTERN.test(nameText)) {
      this.diag('error', ln, at + 1, `'${quote(nameText)}' is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~, no spaces)`);
      return;
    }
    const rest = raw.slice(colon + 1);
    const valueText = rest.trim();
    const valueOffset = colon + 1 + (rest.length - rest.trimStart().length);
    const shared = this.sharedName(nameText);
    const name = compileTemplate(shared ? shared.name : nameText, ln, at + 1);
    const value = compileTemplate(sharedValue(shared, valueText), ln, valueOffset + 1);
    this.checkClosed(name);
    this.checkClosed(value);
    draft.headers.push({ name, value, line: ln, column: at + 1 });
  }

  /** The stored copy of a header name (null once the file has too many names to share). */
  private sharedName(name: string): SharedHeader | null {
    let h = this.headerTexts.get(name);
    if (h === undefined) {
      if (this.headerTexts.size >= MAX_SHARED) return null;
      this.headerTexts.set(name, (h = { name, values: new Map() }));
    }
    return h;
  }

  /**
   * A query continuation line: appended to the target. Like the request line, it is split
   * at white space outside `{{...}}`; the last continuation line may end with the HTTP
   * version (JetBrains writes `    &b=2 HTTP/1.1`).
   */
  private queryLine(raw: string, at: number, ln: number): void {
    const req = this.draft.request!;
    const [piece, version, extra] = splitOutsideBraces(raw, at);
    if (extra || (version && (!VERSION.test(version.text) || req.httpVersion !== null))) {
      const bad = extra && VERSION.test(version!.text) ? extra : version!;
      this.diag('error', ln, bad.offset + 1, `unexpected '${quote(bad.text)}' in the query continuation; encode spaces in the URL as %20`);
      return;
    }
    if (version) req.httpVersion = version.text;
    const t = compileTemplate(piece!.text, ln, piece!.offset + 1);
    this.checkClosed(t);
    req.targetParts.push(t);
    req.target += piece!.text;
  }

  private bodyLine(raw: string, at: number, ln: number): void {
    if (at < raw.length && this.foreign(raw, at, ln)) {
      this.draft.phase = 'after';
      return;
    }
    this.draft.body.push({ text: raw, line: ln });
  }

  private afterLine(raw: string, at: number, ln: number): void {
    if (at === raw.length || commentMarker(raw, at)) return;
    if (raw.charCodeAt(at) === 64) return this.variableLine(raw, at, ln);
    if (this.foreign(raw, at, ln)) return;
    if (!this.draft.strayReported) {
      this.draft.strayReported = true;
      this.diag('warning', ln, at + 1, "text after another tool's handler or script is ignored; start a new request with '###'");
    }
  }

  /** Closes the current block at `endLine`. */
  private finish(endLine: number): void {
    const draft = this.draft;
    if (!draft.request) {
      if (!draft.isHeader) {
        for (const d of draft.directives) this.diag('warning', d.line, d.column, `@${d.key} has no request line after it in this block; it is ignored`);
      }
      return;
    }
    const directives = this.carried.length ? [...this.carried, ...draft.directives] : draft.directives;
    this.carried = [];
    const r = draft.request;
    const block: ParsedBlock = {
      blockIndex: this.blockCount++,
      name: null,
      title: r.title,
      method: r.method,
      target: r.target,
      line: r.line,
      column: r.column,
      startLine: r.startLine,
      endLine: Math.max(endLine, r.line),
      requestLine: r.requestLine,
      explicitMethod: r.explicitMethod,
      httpVersion: r.httpVersion,
      targetParts: r.targetParts,
      targetColumn: r.targetColumn,
      http: r.http,
      // A copy of exactly its size: the pushed-to list keeps spare room for 16 headers.
      headers: draft.headers.slice(),
      body: buildBody(draft.body, this.diags),
      directives,
      settings: {},
      repeat: null,
      foreach: null,
      dependsOn: [],
      assertions: draft.assertions,
      until: null,
    };
    if (directives.length > 0) {
      const seen = new Set<string>();
      for (const d of directives) {
        if (d.key !== 'depends-on' && seen.has(d.key)) this.diag('warning', d.line, d.column, `@${d.key} is given twice for this request; the last one is used`);
        seen.add(d.key);
        applyRequestDirective(d, block, this.diags);
      }
    }
    checkConditionDirectives(block, this.diags);
    if (block.repeat !== null && block.foreach) {
      this.diag('error', block.foreach.line, block.foreach.column, 'use either @repeat or @foreach on a request, not both');
    }
    const name = block.settings.name;
    if (name !== undefined) {
      const prev = this.names.get(name);
      if (prev !== undefined) {
        const d = directives.find((x) => x.key === 'name')!;
        this.diag('error', d.line, d.valueColumn, `the name '${quote(name)}' is already used by the request on line ${prev}; names must be unique in a file`);
      } else this.names.set(name, block.line);
      block.name = name;
    }
    this.blocks.push(block);
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
