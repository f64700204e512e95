// What the extension needs from the core, as one object passed into the composition root.
// The binding to the real modules is in coreBinding.ts; tests and the host see only this.
import type { BatchPlan, Diagnostic, FileReader, RequestBlockInfo, RequestResult, RunReport, RunSummary } from '../core/types';
import type { PlanOptions } from '../core/parser';
import type { BatchHandle, RunOptions } from '../core/runner';
import type { WrittenBatchSettings, WrittenRequestSettings } from './model/settings';

/** The parts of `parseDocument`'s result the editor uses (CodeLens, diagnostics, selections). */
export interface ParsedBlockView extends RequestBlockInfo {
  repeat: number | null;
  foreach: unknown | null;
  http: boolean;
  settings: WrittenRequestSettings;
}

export interface ParsedDocumentView {
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
  /** `runBatch` with a handle whose `setConcurrency` changes the running batch (Set Concurrency). */
  startBatch(plan: BatchPlan, options: RunRequestOptions): BatchHandle;
  /** The JSON report; `secrets` are redacted (the plan's secrets). */
  toJsonReport(report: RunReport, secrets: readonly string[]): string;
  /** The JUnit XML report; `secrets` are redacted. */
  toJunit(report: RunReport, secrets: readonly string[]): string;
  /** The run summary of a list of results (for the live report). */
  summarize(results: readonly RequestResult[], durationMs: number): RunSummary;
}
