// The engine-neutral mapping model: one flow of steps in dependency order, with every
// template already classified (constant variable, secret, row field, capture, dynamic
// value). The Artillery and k6 emitters only render it. Pure types, no runtime code.
import type { ConditionOp, FieldKind } from '../conditions/model';

/** `{{$timestamp -1 d}}` style offset. */
export interface TimeOffset {
  amount: number;
  unit: 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'y';
}

export type DynamicValue =
  | { fn: 'uuid' }
  | { fn: 'timestamp'; offset: TimeOffset | null }
  | { fn: 'isoTimestamp' }
  | { fn: 'datetime'; format: string; local: boolean; offset: TimeOffset | null }
  | { fn: 'randomInt'; min: number; max: number };

export type ValuePart =
  | { kind: 'text'; text: string }
  /** A constant variable, listed in `ExportPlan.variables`. */
  | { kind: 'var'; name: string }
  /** A value read from the process environment of the load generator at run time. */
  | { kind: 'env'; envName: string }
  | { kind: 'dynamic'; id: string; value: DynamicValue }
  /** A field of the current `@foreach` row. */
  | { kind: 'field'; field: string }
  /** `{{$index}}`: the copy's 0-based index in its loop (0 outside loops). */
  | { kind: 'index' }
  /** A value captured from an earlier response. */
  | { kind: 'capture'; name: string };

export type Template = ValuePart[];

export interface Capture {
  /** Variable name the value is stored under (an identifier). */
  name: string;
  source: 'status' | 'header' | 'body' | 'json' | 'xpath';
  /** Header name (lower case), JSON path (`$.a.b[0]`), XPath, or '' for status and body. */
  path: string;
}

/** A `??` line: the grammar's parts, EXPECTED as a template (it may use variables and captures). */
export interface ExportAssertion {
  line: number;
  /** As written after `??`. */
  text: string;
  field: FieldKind;
  arg: string | null;
  op: ConditionOp;
  expected: Template | null;
}

export type ExportBody =
  | { kind: 'template'; template: Template }
  /** The whole body is one `< path` file: bytes as they are. */
  | { kind: 'file'; path: string; bytes: Uint8Array; text: string | null };

export type StepLoop =
  | { kind: 'repeat'; count: number }
  | { kind: 'foreach'; dataset: number };

export interface ExportStep {
  blockIndex: number;
  /** `@name`, or null. */
  name: string | null;
  /** Label for reports: title, name, or METHOD + target. */
  label: string;
  line: number;
  method: string;
  url: Template;
  headers: { name: string; value: Template }[];
  body: ExportBody | null;
  /** The request's timeout when it differs from the batch default, else null. */
  timeoutMs: number | null;
  followRedirects: boolean;
  /** `@expect-status` text, or null for the default (2xx and 3xx). */
  expectStatus: string | null;
  loop: StepLoop | null;
  /** Values later steps use from this step's response. */
  captures: Capture[];
  /** Names of the steps this one needs (dependencies and references). */
  dependsOn: string[];
  /** The `??` lines, in file order. */
  assertions: ExportAssertion[];
  /** `@until` polling, or null. */
  poll: ExportPoll | null;
}

/** `@until` with its `@poll-interval` and `@poll-timeout` (defaults applied). */
export interface ExportPoll {
  until: ExportAssertion;
  intervalMs: number;
  timeoutMs: number;
}

export interface Dataset {
  /** Identifier used for file names and variables. */
  id: string;
  /** The `@foreach` path as written. */
  sourcePath: string;
  fields: string[];
  rows: Record<string, string>[];
}

/** Something of the batch that the export does not (fully) carry over. */
export interface ExportNote {
  /** Line in the .batch.http file, or null for the whole file. */
  line: number | null;
  message: string;
}

export interface ExportPlan {
  sourceFile: string;
  environmentName: string | null;
  /** `@concurrency` (or its override) when given, else null: the cap on virtual users. */
  concurrency: number | null;
  /** The batch's default timeout per request attempt, ms. */
  timeoutMs: number;
  variables: { name: string; value: string }[];
  /** Environment variables the generated test reads (secrets, `$processEnv`, `$dotenv`, unknown names). */
  envNames: string[];
  datasets: Dataset[];
  steps: ExportStep[];
  notes: ExportNote[];
}
