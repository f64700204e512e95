// A request block while the document parser reads it (a Draft), and the ParsedBlock it
// becomes when the block closes: its request directives applied, with their diagnostics.
import type { Diagnostic } from '../types';
import { buildBody, type RawBodyLine } from './body';
import { applyRequestDirective } from './directives';
import type { DirectiveInfo, HeaderInfo, ParsedBlock } from './model';

export type Phase = 'pre' | 'headers' | 'body' | 'after' | 'broken';

/** A block being read. */
export interface Draft {
  startLine: number;
  title: string | null;
  /** True for the part of the file before the first `###` and the first request line. */
  isHeader: boolean;
  phase: Phase;
  directives: DirectiveInfo[];
  request: Omit<ParsedBlock, 'blockIndex' | 'endLine' | 'headers' | 'body' | 'directives' | 'settings' | 'repeat' | 'foreach' | 'dependsOn' | 'name'> | null;
  headers: HeaderInfo[];
  body: RawBodyLine[];
  strayReported: boolean;
}

export function newDraft(startLine: number, title: string | null, isHeader: boolean): Draft {
  return { startLine, title, isHeader, phase: 'pre', directives: [], request: null, headers: [], body: [], strayReported: false };
}

/**
 * The block of a draft that has its request line, closed at `endLine`, with `directives`
 * (the draft's, after any carried from the file header) applied. `name` stays null: the
 * parser checks names across the file. Diagnostics go to `diags`.
 */
export function closeBlock(draft: Draft, directives: DirectiveInfo[], blockIndex: number, endLine: number, diags: Diagnostic[]): ParsedBlock {
  const r = draft.request!;
  const block: ParsedBlock = {
    blockIndex,
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
    body: buildBody(draft.body, diags),
    directives,
    settings: {},
    repeat: null,
    foreach: null,
    dependsOn: [],
  };
  if (directives.length > 0) {
    const seen = new Set<string>();
    for (const d of directives) {
      if (d.key !== 'depends-on' && seen.has(d.key)) diags.push({ severity: 'warning', line: d.line, column: d.column, message: `@${d.key} is given twice for this request; the last one is used` });
      seen.add(d.key);
      applyRequestDirective(d, block, diags);
    }
  }
  if (block.repeat !== null && block.foreach) {
    diags.push({ severity: 'error', line: block.foreach.line, column: block.foreach.column, message: 'use either @repeat or @foreach on a request, not both' });
  }
  return block;
}
