// What the exporter reads from the parser's syntax tree. These are structural copies of the
// subset of `ParsedDocument` (src/core/parser/model.ts) the mapping needs, so the exporter
// depends only on the shape it uses: the parser's document is assignable to `SourceDocument`.
import type { ConditionOp, FieldKind } from '../conditions/model';
import type { FileReader, RequestBlockInfo, SettingsLayer } from '../types';
import type { RequestDirectiveSettings } from '../parser/model';

export interface SourceRef {
  /** Text between the braces, trimmed. */
  expr: string;
  /** The whole `{{...}}` as written. */
  raw: string;
  line: number;
  column: number;
}

export type SourcePart = string | SourceRef;

export interface SourceText {
  text: string;
  line: number;
  column: number;
  parts: SourcePart[];
}

export interface SourceDirective {
  key: string;
  value: string;
  line: number;
  column: number;
}

export interface SourceVariable {
  name: string;
  value: SourceText;
  line: number;
}

export type SourceBodyLine =
  | { kind: 'text'; text: SourceText }
  | { kind: 'file'; path: SourceText; substitute: boolean; encoding: string | null; line: number };

export interface SourceBlock extends Pick<RequestBlockInfo, 'blockIndex' | 'name' | 'title' | 'method' | 'line'> {
  targetParts: SourceText[];
  headers: { name: SourceText; value: SourceText; line: number }[];
  body: SourceBodyLine[] | null;
  directives: SourceDirective[];
  settings: RequestDirectiveSettings;
  repeat: number | null;
  foreach: { path: SourceText; line: number } | null;
  dependsOn: { name: string; line: number }[];
  http: boolean;
  /** The `??` lines (absent: none). */
  assertions?: SourceCondition[];
  /** `@until` (absent or null: none). */
  until?: SourceCondition | null;
}

/** A condition of the grammar shared by `??` and `@until`. */
export interface SourceCondition {
  line: number;
  text: string;
  field: FieldKind;
  arg: string | null;
  op: ConditionOp;
  /** EXPECTED as written, on the condition's line; null when none. */
  expected: string | null;
  expectedColumn: number | null;
}

export interface SourceDocument {
  blocks: SourceBlock[];
  batchDirectives: SourceDirective[];
  batchSettings: SettingsLayer;
  variables: SourceVariable[];
}

/** Everything the mapping needs besides the document: values, files, choices. */
export interface ExportInput {
  document: SourceDocument;
  /** Absolute path of the .batch.http file (bodies and `@foreach` paths are relative to its directory). */
  filePath: string;
  /** Name of the selected environment, or null. */
  environmentName: string | null;
  /**
   * Values of the selected environment (with `$shared` merged in, precedence applied) and
   * the run values (`--var`), which win. Name to value.
   */
  values: Record<string, string>;
  /**
   * Names among `values` whose value is secret (from `http-client.private.env.json` or
   * `.env`): the export never writes them; the generated test reads them from the
   * environment at run time.
   */
  secretNames: ReadonlySet<string>;
  files: FileReader;
  /** CLI `--concurrency` or editor override of `@concurrency`; undefined when not given. */
  concurrency?: number;
}
