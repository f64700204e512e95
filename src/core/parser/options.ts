// The options of buildPlan.
import type { FileReader, PlanDefaults, SettingsOverrides, TimeSource } from '../types';

export interface PlanOptions {
  /** Absolute path of the .batch.http file. */
  filePath: string;
  /** Environment files and `.env` are looked up from the file's directory up to here. */
  workspaceRoot: string;
  /** The selected environment, or null/undefined for none (`$shared` still applies). */
  environment?: string | null;
  /** Run values (`--var`): the highest precedence. */
  vars?: Record<string, string>;
  /** CLI options and the editor's Set Concurrency: they win over the file's directives. */
  overrides?: SettingsOverrides;
  /** The host's defaults (the editor's `batchHttp.*` settings): the file's directives win over them. */
  defaults?: PlanDefaults;
  files: FileReader;
  /** null in an untrusted workspace: `$processEnv` and `$dotenv` are not read. */
  processEnv: Record<string, string | undefined> | null;
  clock?: TimeSource;
  /**
   * Cancels the planning: checked before the environment files are read and between
   * blocks; the promise then rejects with the signal's reason (an `AbortError` DOMException
   * unless the caller gave another).
   */
  signal?: AbortSignal;
  /** A number in [0, 1) (for reproducible dynamic values in tests). */
  random?: () => number;
  /** The largest expanded batch (default `MAX_REQUESTS`); copies beyond it are an error. */
  maxRequests?: number;
  /**
   * False: `plan.blocks` is left empty. A host without CodeLens or selections (the CLI)
   * then does not hold a summary of every block while it plans (~130 bytes a block).
   */
  blockSummaries?: boolean;
  /**
   * Groups of at least this many copies are planned as the run asks for them (`plan.lazy`,
   * docs/scaling.md) when they can be: an unnamed `@repeat`, or an unnamed `@foreach` over
   * a CSV file, without `@first`, dependencies or response references. Absent: every copy
   * is planned up front into `plan.requests` (what the editor, `parse` and `export` use).
   */
  lazyFrom?: number;
}

/** The largest expanded batch: a guard against a typo such as `@repeat 100000` on many requests. */
export const MAX_REQUESTS = 1_000_000;
