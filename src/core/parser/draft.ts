// A request block while it is read, and closing it into a `ParsedBlock` (request
// directives applied, the name checked for uniqueness).
import type { Diagnostic } from '../types';
import { checkConditionDirectives } from './assertions';
import { applyRequestDirective } from './directives';
import { buildBody, type RawBodyLine } from './body';
import type { ConditionInfo, DirectiveInfo, HeaderInfo, ParsedBlock } from './model';
import { quote } from './quote';

export type Phase = 'pre' | 'headers' | 'body' | 'after' | 'broken';

/** The request-line part of a block being read. */
export type DraftRequest = Omit<ParsedBlock, 'blockIndex' | 'endLine' | 'headers' | 'body' | 'directives' | 'settings' | 'repeat' | 'foreach' | 'dependsOn' | 'name' | 'assertions' | 'until'>;

/** A block being read. */
export interface Draft {
  startLine: number;
  title: string | null;
  /** True for the part of the file before the first `###` and the first request line. */
  isHeader: boolean;
  phase: Phase;
  directives: DirectiveInfo[];
  request: DraftRequest | null;
  headers: HeaderInfo[];
  body: RawBodyLine[];
  strayReported: boolean;
  /** True right after the request line and its continuation lines (before any other line). */
  continuing: boolean;
  /** `??` lines read so far. */
  assertions: ConditionInfo[];
}

export function newDraft(startLine: number, title: string | null, isHeader: boolean): Draft {
  return { startLine, title, isHeader, phase: 'pre', directives: [], request: null, headers: [], body: [], strayReported: false, continuing: false, assertions: [] };
}

/** Where a closed block goes: its index, the names used so far (name -> line), diagnostics. */
export interface BlockSink {
  nextIndex(): number;
  readonly names: Map<string, number>;
  readonly diags: Diagnostic[];
}

function warn(diags: Diagnostic[], line: number, column: number, message: string): void {
  diags.push({ severity: 'warning', line, column, message });
}

/**
 * Closes `draft` at `endLine` with `directives` (the carried ones of a file header first).
 * Returns null for a block without a request line (its directives are reported).
 */
export function closeDraft(draft: Draft, directives: DirectiveInfo[], endLine: number, sink: BlockSink): ParsedBlock | null {
  const diags = sink.diags;
  if (!draft.request) {
    if (!draft.isHeader) {
      for (const d of draft.directives) warn(diags, d.line, d.column, `@${d.key} has no request line after it in this block; it is ignored`);
    }
    return null;
  }
  const r = draft.request;
  const block: ParsedBlock = {
    blockIndex: sink.nextIndex(),
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
    // Also a copy of its size: a block with `??` lines keeps its list for the whole run.
    assertions: draft.assertions.length === 0 ? draft.assertions : draft.assertions.slice(),
    until: null,
  };
  applyDirectives(block, directives, diags);
  nameBlock(block, directives, sink);
  return block;
}

function applyDirectives(block: ParsedBlock, directives: DirectiveInfo[], diags: Diagnostic[]): void {
  if (directives.length > 0) {
    const seen = new Set<string>();
    for (const d of directives) {
      if (d.key !== 'depends-on' && seen.has(d.key)) warn(diags, d.line, d.column, `@${d.key} is given twice for this request; the last one is used`);
      seen.add(d.key);
      applyRequestDirective(d, block, diags);
    }
  }
  checkConditionDirectives(block, diags);
  if (block.repeat !== null && block.foreach) {
    diags.push({ severity: 'error', line: block.foreach.line, column: block.foreach.column, message: 'use either @repeat or @foreach on a request, not both' });
  }
}

function nameBlock(block: ParsedBlock, directives: DirectiveInfo[], sink: BlockSink): void {
  const name = block.settings.name;
  if (name === undefined) return;
  const prev = sink.names.get(name);
  if (prev !== undefined) {
    const d = directives.find((x) => x.key === 'name')!;
    sink.diags.push({ severity: 'error', line: d.line, column: d.valueColumn, message: `the name '${quote(name)}' is already used by the request on line ${prev}; names must be unique in a file` });
  } else sink.names.set(name, block.line);
  block.name = name;
}
