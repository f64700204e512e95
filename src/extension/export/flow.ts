// "Batch HTTP: Export for Load Testing…" without the editor: pick the engine, ask the virtual
// users and the duration, pick where to save, export, write the files, report what did not
// carry over, open the result. Escape at any question ends the flow with nothing written.
// The VS Code glue (index.ts) supplies the `ExportUi`; tests supply a fake one.
import { dirname, join } from 'node:path';
import { defaultOutFile, describeShape, exportBatch, formatNote, loadShape, MAX_USERS, parseDurationText, parseUsersText, type ExportEngine, type LoadOptions } from '../../core/export';
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

/** A one-line question (an input box): its answer is checked as it is typed. */
export interface TextQuestion {
  title: string;
  prompt: string;
  /** The default, filled in. */
  value: string;
  placeHolder: string;
  /** Why the text is not a valid answer, or undefined when it is. */
  validate(text: string): string | undefined;
}

/** Virtual users when the user keeps the default (as the CLI's `--users`). */
export const DEFAULT_USERS = 1;

const TITLE = 'Batch HTTP: Export for Load Testing';

export function usersQuestion(engineLabel: string): TextQuestion {
  return {
    title: `${TITLE} (${engineLabel}, 1/2)`,
    prompt: `How many virtual users? A whole number from 1 to ${MAX_USERS.toLocaleString('en-US')} (default ${DEFAULT_USERS}); @concurrency caps how many run at once.`,
    value: String(DEFAULT_USERS),
    placeHolder: `virtual users, such as ${DEFAULT_USERS} or 50`,
    validate: (text) => (parseUsersText(text) === null ? `Virtual users: a whole number from 1 to ${MAX_USERS.toLocaleString('en-US')}, not '${text.trim()}'` : undefined),
  };
}

export function durationQuestion(engineLabel: string): TextQuestion {
  return {
    title: `${TITLE} (${engineLabel}, 2/2)`,
    prompt: 'For how long? A duration such as 30s, 5m or 1h (a bare number is seconds). Empty (the default): each user runs the batch once.',
    value: '',
    placeHolder: 'empty: each user runs the batch once; or 30s, 5m, 1h',
    validate: (text) => (text.trim() === '' || parseDurationText(text) !== null ? undefined : `Duration: a positive time such as 30s, 5m or 1h, or empty, not '${text.trim()}'`),
  };
}

export interface ExportUi {
  pickEngine(items: readonly EngineItem[]): Promise<ExportEngine | undefined>;
  /** Asks a question in an input box; undefined when cancelled (Escape). */
  askText(question: TextQuestion): Promise<string | undefined>;
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
  const label = ENGINE_ITEMS.find((i) => i.engine === engine)!.label;
  const load = await askLoad(ui, label);
  if (!load) return undefined;
  const outFile = await ui.pickOutFile(defaultOutFile(req.filePath, engine), engine);
  if (!outFile) return undefined;
  let outcome;
  try {
    outcome = await exportBatch(req.text, {
      engine,
      ...load,
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
  ui.log(`Exported ${req.filePath} for ${label} (${describeShape(loadShape(load))}): ${outcome.files.map((f) => join(dir, f.name)).join(', ')}`);
  for (const n of outcome.notes) ui.log(`  not carried over: ${formatNote(n)}`);
  if (outcome.notes.length > 0) {
    ui.warn(`Batch HTTP: exported for ${label}; ${outcome.notes.length} thing${outcome.notes.length === 1 ? ' does' : 's do'} not carry over (listed at the top of the file).`);
  }
  await ui.open(outFile);
  return outFile;
}

/**
 * Asks the virtual users, then the duration. Undefined when either is cancelled, or when an
 * answer is not valid (an input box that did not check it): then the error is shown.
 */
async function askLoad(ui: ExportUi, engineLabel: string): Promise<LoadOptions | undefined> {
  const usersText = await ui.askText(usersQuestion(engineLabel));
  if (usersText === undefined) return undefined;
  const users = parseUsersText(usersText);
  if (users === null) return void ui.error(`Batch HTTP: ${usersQuestion(engineLabel).validate(usersText)}; nothing was exported.`);
  const durationText = await ui.askText(durationQuestion(engineLabel));
  if (durationText === undefined) return undefined;
  if (durationText.trim() === '') return { users };
  const durationS = parseDurationText(durationText);
  if (durationS === null) return void ui.error(`Batch HTTP: ${durationQuestion(engineLabel).validate(durationText)}; nothing was exported.`);
  return { users, durationS };
}
