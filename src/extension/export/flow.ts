// "Batch HTTP: Export for Load Testing…" without the editor: pick the engine, pick where to
// save, export, write the files, report what did not carry over, open the result. The VS Code
// glue (index.ts) supplies the `ExportUi`; tests supply a fake one.
import { dirname, join } from 'node:path';
import { defaultOutFile, exportBatch, formatNote, type ExportEngine } from '../../core/export';
import { UnknownEnvironmentError } from '../../core/parser';
import type { FileReader } from '../../core/types';

export interface EngineItem {
  engine: ExportEngine;
  label: string;
  description: string;
}

export const ENGINE_ITEMS: readonly EngineItem[] = [
  { engine: 'artillery', label: 'Artillery', description: 'YAML scenario; run locally or with artillery run-lambda / run-fargate' },
  { engine: 'k6', label: 'k6', description: 'JavaScript module; run with k6 run, k6 cloud run or the k6 operator' },
];

export interface ExportUi {
  pickEngine(items: readonly EngineItem[]): Promise<ExportEngine | undefined>;
  /** Asks where to save the main file; undefined when cancelled. */
  pickOutFile(defaultPath: string, engine: ExportEngine): Promise<string | undefined>;
  writeFile(path: string, content: string): Promise<void>;
  open(path: string): Promise<void>;
  error(message: string): void;
  /** A short summary for the user (a notification). */
  warn(message: string): void;
  /** One line of detail (the output channel). */
  log(line: string): void;
}

export interface ExportFlowRequest {
  text: string;
  filePath: string;
  workspaceRoot: string;
  /** The environment runs use, or null. */
  environment: string | null;
  /** The session's concurrency choice, when made (the cap on virtual users). */
  concurrency?: number;
  files: FileReader;
  /** The process environment, or null in an untrusted workspace (the file is checked as a run would). */
  processEnv: Record<string, string | undefined> | null;
}

/** Runs the export flow; returns the path of the main file written, or undefined. */
export async function runExportFlow(ui: ExportUi, req: ExportFlowRequest): Promise<string | undefined> {
  const engine = await ui.pickEngine(ENGINE_ITEMS);
  if (!engine) return undefined;
  const outFile = await ui.pickOutFile(defaultOutFile(req.filePath, engine), engine);
  if (!outFile) return undefined;
  let outcome;
  try {
    outcome = await exportBatch(req.text, {
      engine,
      filePath: req.filePath,
      workspaceRoot: req.workspaceRoot,
      environment: req.environment,
      outFile,
      files: req.files,
      processEnv: req.processEnv,
      ...(req.concurrency === undefined ? {} : { concurrency: req.concurrency }),
    });
  } catch (err) {
    if (err instanceof UnknownEnvironmentError) {
      ui.error(`Batch HTTP: ${err.message}. Pick another environment and export again.`);
      return undefined;
    }
    throw err;
  }
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    ui.error(`Batch HTTP: the file has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: line ${first.line}: ${first.message}); fix ${errors.length === 1 ? 'it' : 'them'} before exporting.`);
    return undefined;
  }
  const dir = dirname(outFile);
  for (const f of outcome.files) await ui.writeFile(join(dir, f.name), f.content);
  const label = ENGINE_ITEMS.find((i) => i.engine === engine)!.label;
  ui.log(`Exported ${req.filePath} for ${label}: ${outcome.files.map((f) => join(dir, f.name)).join(', ')}`);
  for (const n of outcome.notes) ui.log(`  not carried over: ${formatNote(n)}`);
  if (outcome.notes.length > 0) {
    ui.warn(`Batch HTTP: exported for ${label}; ${outcome.notes.length} thing${outcome.notes.length === 1 ? ' does' : 's do'} not carry over (listed at the top of the file).`);
  }
  await ui.open(outFile);
  return outFile;
}
