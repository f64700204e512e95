// What the extension needs from the core, as one object passed into the composition root.
// The binding to the real modules is in coreBinding.ts; tests and the host see only this.
import type { BatchPlan, Diagnostic, FileReader, RequestBlockInfo, RequestResult, RunReport, RunSummary } from '../core/types';
import type { PlanOptions } from '../core/parser';
import type { RunOptions } from '../core/runner';
import type { LangBlock, LangDocument } from './model/langDocument';
import type { WrittenBatchSettings, WrittenRequestSettings } from './model/settings';

/** The parts of `parseDocument`'s result the editor uses (CodeLens, diagnostics, selections, completion and hovers). */
export interface ParsedBlockView extends RequestBlockInfo, LangBlock {
  repeat: number | null;
  http: boolean;
  settings: WrittenRequestSettings;
}

export interface ParsedDocumentView extends LangDocument {
  blocks: readonly ParsedBlockView[];
  batchSettings: WrittenBatchSettings;
  diagnostics: readonly Diagnostic[];
}

/** Options of a plan: the core parser's own (one definition, not a copy). */
export type PlanRequestOptions = PlanOptions;

/** Options of a run: the core runner's own. */
export type RunRequestOptions = RunOptions;

export interface CoreApi {
  parseDocument(text: string): ParsedDocumentView;
  buildPlan(text: string, options: PlanRequestOptions): Promise<BatchPlan>;
  listEnvironments(filePath: string, workspaceRoot: string, files: FileReader): Promise<string[]>;
  /** True for the error `buildPlan` throws when the selected environment is defined nowhere. */
  isUnknownEnvironment(err: unknown): boolean;
  runBatch(plan: BatchPlan, options: RunRequestOptions): Promise<RunReport>;
  /** The JSON report; `secrets` are redacted (the plan's secrets). */
  toJsonReport(report: RunReport, secrets: readonly string[]): string;
  /** The JUnit XML report; `secrets` are redacted. */
  toJunit(report: RunReport, secrets: readonly string[]): string;
  /** The run summary of a list of results (for the live report). */
  summarize(results: readonly RequestResult[], durationMs: number): RunSummary;
}
