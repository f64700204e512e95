// The syntax model of a .batch.http file, as `parseDocument` returns it. It keeps every raw
// template with its source position, so the planner, the editor (CodeLens, Problems) and an
// exporter (Artillery, k6) can all work from the same tree. Pure types, no runtime code.
import type { ConditionOp, FieldKind, PlannedCheck } from '../conditions/model';
import type { Diagnostic, RequestBlockInfo, RequestSettings, SettingsLayer } from '../types';

/**
 * A reference written as `{{...}}` inside a template. `expr` is the text between the braces
 * with surrounding white space removed; `raw` is the whole `{{...}}` as written.
 */
export interface TemplateRef {
  expr: string;
  raw: string;
  /** 1-based position of the first `{`. */
  line: number;
  column: number;
}

/** A compiled template: literal text and `{{...}}` references, in order. */
export type TemplatePart = string | TemplateRef;

/** A piece of source text with the position of its first character. */
export interface SourceText {
  /** The text as written (for a template, before substitution). */
  text: string;
  line: number;
  column: number;
  /** The text split into literals and `{{...}}` references. */
  parts: TemplatePart[];
}

/** A `# @key value` (or `// @key value`, `# @key = value`) line. */
export interface DirectiveInfo {
  /** Lower-case key without the `@`. */
  key: string;
  /** The value, trimmed; '' when none. */
  value: string;
  /** Position of the comment marker (`#` or `//`). */
  line: number;
  column: number;
  /** Position of the value's first character (the end of the key when there is no value). */
  valueColumn: number;
}

/** An `@name = value` line. The value is a template, resolved where it is used. */
export interface FileVariable {
  name: string;
  value: SourceText;
  line: number;
  column: number;
}

/** A `Name: value` header line. */
export interface HeaderInfo {
  name: SourceText;
  value: SourceText;
  line: number;
  column: number;
}

/** One line of a request body, after the body's blank-line trimming. */
export type BodyLine =
  | {
      kind: 'text';
      /** The line's text (no line terminator); a template. */
      text: SourceText;
    }
  | {
      /** `< path` (bytes as they are) or `<@ path` / `<@ENCODING path` (text, variables substituted). */
      kind: 'file';
      path: SourceText;
      /** True for `<@`: the file's text is a template. */
      substitute: boolean;
      /** The encoding of `<@ENCODING path`, or null (UTF-8). Node encoding names. */
      encoding: string | null;
      line: number;
      column: number;
    };

/** Request settings written as directives in one block (undefined: not written there). */
export interface RequestDirectiveSettings extends RequestSettings {
  name?: string;
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
  /** `@first K`. */
  first?: number;
}

/**
 * A condition as written (`?? FIELD [ARG] COND [EXPECTED]`, or the value of `@until`), with
 * the column of each word. Its strings are owned (own.ts): plans keep them as they are.
 *
 * It is also a planned check: when EXPECTED has no `{{`, planning has nothing to substitute
 * and the plan keeps this very object (a batch of many requests with the same `??` lines
 * then holds one object per line, not three).
 */
export interface ConditionInfo extends PlannedCheck {
  /** From FIELD to the end of the line, trimmed: how results and messages quote it. */
  text: string;
  line: number;
  /** Column of FIELD. */
  column: number;
  field: FieldKind;
  /** The header name, body path, duration phase (canonical spelling) or XPath; null when none. */
  arg: string | null;
  argColumn: number | null;
  op: ConditionOp;
  opColumn: number;
  /**
   * EXPECTED as written (a template, on the condition's own line: `expectedTemplate` splits
   * it); null for conditions that take none.
   */
  expected: string | null;
  /** Column of EXPECTED; null when there is none. */
  expectedColumn: number | null;
}

/** A `@depends-on` entry. */
export interface DependencyInfo {
  name: string;
  line: number;
  column: number;
}

/** A `@foreach PATH` directive. */
export interface ForeachInfo {
  path: SourceText;
  line: number;
  column: number;
}

/**
 * One request block (from its separator, or the file's start, to the next separator) that
 * has a request line. Extends the editor's `RequestBlockInfo` with everything needed to
 * plan or export it.
 */
export interface ParsedBlock extends RequestBlockInfo {
  /** The request line as written (trimmed). */
  requestLine: string;
  /** True when the method was written (false: a bare target, GET implied). */
  explicitMethod: boolean;
  /** `HTTP/1.1` etc. as written, or null. */
  httpVersion: string | null;
  /** The target with its query continuation lines appended: one template per source piece. */
  targetParts: SourceText[];
  /** Position of the target's first character. */
  targetColumn: number;
  headers: HeaderInfo[];
  /** The body lines, or null when the block has no body. */
  body: BodyLine[] | null;
  /** Request directives that apply to this block (those carried from the file header included), in source order. */
  directives: DirectiveInfo[];
  /** Settings read from those directives. */
  settings: RequestDirectiveSettings;
  /** `@repeat N`, or null. */
  repeat: number | null;
  foreach: ForeachInfo | null;
  dependsOn: DependencyInfo[];
  /** The `??` lines of the block, in file order. */
  assertions: ConditionInfo[];
  /** `@until`, or null. */
  until: ConditionInfo | null;
  /**
   * False for requests of other protocols (gRPC, WebSocket, MQTT... by method or by a
   * literal non-http(s) scheme): they are left out of the batch with a warning.
   */
  http: boolean;
}

/** Batch settings written in the file header (undefined: not written). */
export type BatchDirectiveSettings = SettingsLayer;

/** The result of `parseDocument`: the file's syntax, without reading any other file. */
export interface ParsedDocument {
  /** Request blocks in file order; `blockIndex` is the position in this array. */
  blocks: ParsedBlock[];
  /** Batch directives of the file header, in source order. */
  batchDirectives: DirectiveInfo[];
  batchSettings: BatchDirectiveSettings;
  /** Every `@name = value` line of the file, in source order. */
  variables: FileVariable[];
  /** Syntax diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /** Number of lines of the text. */
  lineCount: number;
}
