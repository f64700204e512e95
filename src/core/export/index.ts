// Exporting a batch to a load-testing engine (Artillery, k6): the public API for the CLI and
// the extension. Reads the file's syntax (not the expanded plan) and its environment, maps it
// to the engine-neutral plan, and renders the engine's files.
import { basename, dirname } from 'node:path';
import { parseDocument, planDocument, type ParsedDocument, type PlanOptions } from '../parser';
import { loadEnvFiles, selectEnvironment } from '../parser/env';
import type { Diagnostic, FileReader } from '../types';
import { toArtillery } from './artillery';
import { buildExportPlan } from './build';
import { toK6 } from './k6';
import { loadShape, validateLoadOptions, type LoadOptions } from './load';
import type { ExportPlan } from './model';
import type { ExportResult } from './output';
import type { ExportInput } from './source';

export type { ExportFile, ExportResult } from './output';
export { formatNote } from './output';
export type { ExportNote, ExportPlan } from './model';
export type { LoadOptions, LoadShape } from './load';
export { describeShape, loadShape, MAX_USERS, parseDurationText, parseUsersText } from './load';
export { buildExportPlan } from './build';
export { toArtillery } from './artillery';
export { toK6 } from './k6';

export type ExportEngine = 'artillery' | 'k6';

export const EXPORT_ENGINES: readonly ExportEngine[] = ['artillery', 'k6'];

/** Where the file is, its environment and run values, and the file reader: as for planning. */
type ExportSource = Pick<PlanOptions, 'filePath' | 'workspaceRoot' | 'environment' | 'vars' | 'files'>;

export interface ExportOptions extends LoadOptions, ExportSource {
  engine: ExportEngine;
  /** Override of `@concurrency` (the cap on virtual users). */
  concurrency?: number;
  /** Absolute path of the main file to write (sibling files go next to it). */
  outFile: string;
  /**
   * The process environment, used only to check the file as a run would (`$processEnv`);
   * null in an untrusted workspace. The export itself reads `$processEnv` at load-test time.
   */
  processEnv?: Record<string, string | undefined> | null;
  /** Cancels the export: checked between its steps and between blocks while planning; rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface ExportOutcome extends ExportResult {
  /**
   * The diagnostics a run would report (syntax, references, cycles, data and body files,
   * environment files). With an error among them, `files` is empty: fix the file first.
   */
  diagnostics: Diagnostic[];
  plan: ExportPlan;
}

/** The default output file for an engine: next to the batch file, named after it. */
export function defaultOutFile(filePath: string, engine: ExportEngine): string {
  const base = basename(filePath).replace(/\.batch\.http$|\.http$|\.rest$/i, '');
  return `${dirname(filePath)}/${base}.${engine === 'artillery' ? 'artillery.yml' : 'k6.js'}`;
}

/**
 * Reads what the mapping needs: the document's syntax, the selected environment (throws the
 * parser's `UnknownEnvironmentError` for an environment no file defines) and run values.
 */
export async function prepareExportInput(text: string, options: Omit<ExportOptions, 'engine' | 'outFile'>): Promise<{ input: ExportInput; diagnostics: Diagnostic[] }> {
  return prepareParsed(parseDocument(text), options);
}

async function prepareParsed(doc: ParsedDocument, options: Omit<ExportOptions, 'engine' | 'outFile'>): Promise<{ input: ExportInput; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  const envFiles = await loadEnvFiles(options.filePath, options.workspaceRoot, options.files, diagnostics);
  const selected = selectEnvironment(envFiles, options.environment ?? null);
  const secretValues = new Set(selected.secrets);
  const values: Record<string, string> = Object.fromEntries(selected.values);
  const secretNames = new Set([...selected.values].filter(([, v]) => secretValues.has(v)).map(([k]) => k));
  for (const [k, v] of Object.entries(options.vars ?? {})) {
    values[k] = v;
    secretNames.delete(k);
  }
  return {
    diagnostics,
    input: {
      document: doc,
      filePath: options.filePath,
      environmentName: options.environment ?? null,
      values,
      secretNames,
      files: options.files,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
  };
}

/**
 * Exports a batch file's text for a load-testing engine. Writes nothing: the caller writes
 * `files`. A wrong engine or load option throws a TypeError before anything is read.
 */
export async function exportBatch(text: string, options: ExportOptions): Promise<ExportOutcome> {
  if (!EXPORT_ENGINES.includes(options?.engine)) throw new TypeError(`exportBatch: engine must be one of ${EXPORT_ENGINES.join(', ')}, got ${JSON.stringify(options?.engine)}`);
  validateLoadOptions(options);
  // One parse and one read of each file (the environment files, bodies, data) for the check and the mapping.
  const doc = parseDocument(text);
  const files = readOnce(options.files);
  // Check the file exactly as a run would: a batch that cannot run is not exported.
  const checked = await planDocument(text, doc, {
    filePath: options.filePath,
    workspaceRoot: options.workspaceRoot,
    environment: options.environment ?? null,
    vars: options.vars ?? {},
    files,
    processEnv: options.processEnv ?? null,
    signal: options.signal,
  });
  const diagnostics = checked.diagnostics;
  const { input } = await prepareParsed(doc, { ...options, files });
  options.signal?.throwIfAborted();
  const plan = await buildExportPlan(input);
  options.signal?.throwIfAborted();
  if (diagnostics.some((d) => d.severity === 'error')) return { files: [], notes: plan.notes, diagnostics, plan };
  const shape = loadShape(options);
  const fileName = basename(options.outFile);
  const result =
    options.engine === 'artillery' ? toArtillery(plan, { fileName, shape }) : toK6(plan, { fileName, outDir: dirname(options.outFile), shape });
  return { ...result, diagnostics, plan };
}

/** A reader that reads each path once (the check and the mapping both read the environment files). */
function readOnce(files: FileReader): FileReader {
  const reads = new Map<string, Promise<Uint8Array>>();
  const found = new Map<string, Promise<boolean>>();
  return {
    readFile(path) {
      let p = reads.get(path);
      if (p === undefined) reads.set(path, (p = files.readFile(path)));
      return p;
    },
    exists(path) {
      let p = found.get(path);
      if (p === undefined) found.set(path, (p = files.exists(path)));
      return p;
    },
  };
}
