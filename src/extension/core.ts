// What the extension needs from the core, as one object passed into the composition root.
// The binding to the real modules is in coreBinding.ts; tests and the host see only this.
import type { ParsedDocument } from '../core/parser';
import type { PlanOptions } from '../core/parser';
import type { BatchPlan, FileReader, RequestResult, RunReport, RunSummary } from '../core/types';
import type { BatchHandle, RunOptions } from '../core/runner';

/** `parseDocument`'s result, kept per document version (ParseCache) and planned as is. */
export type ParsedDocumentView = ParsedDocument;

/** Options of a plan: the core parser's own (one definition, not a copy). */
export type PlanRequestOptions = PlanOptions;

/** Options of a run: the core runner's own. */
export type RunRequestOptions = RunOptions;

export interface CoreApi {
  parseDocument(text: string): ParsedDocumentView;
  /** The plan of a document already parsed (the editor's cached parse): the file is not parsed again. */
  planDocument(text: string, parsed: ParsedDocumentView, options: PlanRequestOptions): Promise<BatchPlan>;
  listEnvironments(filePath: string, workspaceRoot: string, files: FileReader): Promise<string[]>;
  /** True for the error `planDocument` throws when the selected environment is defined nowhere. */
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
