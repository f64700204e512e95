// buildPlan: from the file's text to the expanded batch (environments, variables, bodies,
// @repeat/@foreach copies, dependency checks). Never throws for any file text.
import type { BatchPlan, Diagnostic, RequestBlockInfo } from '../types';
import { planBlock } from './block';
import { DocumentParser, sortDiagnostics } from './document';
import { loadDotenv, loadEnvFiles, selectEnvironment, type EnvFiles } from './env';
import { checkDependencies } from './graph';
import { NO_DOTENV_LAYERS, loadDotenvLayers } from './dotenv-env';
import type { BatchDirectiveSettings, FileVariable, ParsedBlock, ParsedDocument } from './model';
import type { PlanOptions } from './options';
import { Planner } from './planner';
import { Resolver } from './resolver';
import { effectiveBatchSettings } from './settings';
import { own } from './own';

export { MAX_REQUESTS, type PlanOptions } from './options';

/** Blocks planned between two yields to the event loop (keeps an editor responsive). */
const YIELD_EVERY = 2000;

/** The editor-facing summary of a block (no templates: keeps the plan small). */
function blockInfo(b: ParsedBlock): RequestBlockInfo {
  return { blockIndex: b.blockIndex, name: b.name, title: b.title, method: b.method, target: b.target, line: b.line, column: b.column, startLine: b.startLine, endLine: b.endLine };
}

/**
 * True when `{{$dotenv ...}}` may be used: in the file, in an environment value (values are
 * templates too), or in a `<@ path` template file (read later, so any `<@` counts).
 */
function usesDotenv(text: string, envValues: ReadonlyMap<string, string>): boolean {
  if (text.includes('$dotenv') || text.includes('<@')) return true;
  for (const v of envValues.values()) if (v.includes('$dotenv')) return true;
  return false;
}

/**
 * The syntax of a file as the planner takes it: the blocks one at a time, and what the
 * parser has read so far. Once the first block is taken (or null is), the batch settings
 * are final; `variables` holds at least every variable above the block last taken; `diags`
 * is complete once null was returned.
 */
interface BlockSource {
  readonly batchSettings: BatchDirectiveSettings;
  readonly variables: readonly FileVariable[];
  readonly diags: readonly Diagnostic[];
  nextBlock(): ParsedBlock | null;
}

/**
 * Plans a .batch.http file: reads environment files, `.env`, `@foreach` data and body
 * files through `options.files`, resolves variables and expands copies. Never throws for
 * any file text; throws `UnknownEnvironmentError` when `options.environment` names an
 * environment that no environment file defines.
 *
 * The blocks are parsed as they are planned: a large file's parsed templates then never all
 * exist at once (each block is dropped once planned; only its summary stays).
 */
export async function buildPlan(source: string, options: PlanOptions): Promise<BatchPlan> {
  const text = typeof source === 'string' ? source : String(source ?? '');
  return planBlocks(text, new DocumentParser(text), options);
}

/**
 * `buildPlan` for a file already parsed with `parseDocument(text)` (an editor that keeps
 * the parse of each version): the same plan, without parsing again. `doc` is not changed.
 */
export async function planDocument(text: string, doc: ParsedDocument, options: PlanOptions): Promise<BatchPlan> {
  let next = 0;
  const source: BlockSource = { batchSettings: doc.batchSettings, variables: doc.variables, diags: doc.diagnostics, nextBlock: () => doc.blocks[next++] ?? null };
  return planBlocks(typeof text === 'string' ? text : String(text ?? ''), source, options);
}

async function planBlocks(text: string, parser: BlockSource, options: PlanOptions): Promise<BatchPlan> {
  const signal = options.signal;
  signal?.throwIfAborted();
  // Reads the file header first: every batch directive is known before the first block.
  let block = parser.nextBlock();
  const envDiags: Diagnostic[] = [];
  let envFiles: EnvFiles = { public: null, private: null };
  try {
    envFiles = await loadEnvFiles(options.filePath, options.workspaceRoot, options.files, envDiags);
  } catch (err) {
    envDiags.push({ severity: 'error', line: 1, column: 1, message: `cannot read the environment files: ${(err as Error).message}` });
  }
  // `.env` files as variables (section 13, item 9); like `$dotenv`, not read in an untrusted workspace.
  let dotenvLayers = NO_DOTENV_LAYERS;
  if (options.processEnv !== null) {
    try {
      dotenvLayers = await loadDotenvLayers(options.filePath, options.workspaceRoot, options.files, options.environment, envDiags);
    } catch {
      dotenvLayers = NO_DOTENV_LAYERS;
    }
  }
  const env = selectEnvironment(envFiles, options.environment, dotenvLayers); // throws UnknownEnvironmentError
  const settings = effectiveBatchSettings(parser.batchSettings, options.overrides, options.defaults);
  const planDiags: Diagnostic[] = [];
  let dotenv: Record<string, string> = {};
  if (options.processEnv !== null && usesDotenv(text, env.values)) {
    try {
      dotenv = await loadDotenv(options.filePath, options.workspaceRoot, options.files, envDiags);
    } catch {
      dotenv = {};
    }
  }
  const clock = options.clock;
  const envSecrets = new Set<string>();
  const resolver = new Resolver(
    { run: options.vars ?? {}, env: env.values },
    { now: () => (clock ? clock.date() : new Date()), random: options.random ?? null, processEnv: options.processEnv, dotenv, index: 0, secrets: envSecrets },
    planDiags,
  );
  const p = new Planner(options, resolver, settings);
  const infos: RequestBlockInfo[] = [];
  const summarize = options.blockSummaries !== false;
  for (const s of env.secrets) p.secrets.add(s);
  for (const v of Object.values(dotenv)) if (v !== '') p.secrets.add(v);
  try {
    let vi = 0;
    // Grows as the parser reads on: it may already hold variables below the block's request line.
    const vars = parser.variables;
    let visible = new Map<string, FileVariable>();
    for (; block !== null; block = parser.nextBlock()) {
      signal?.throwIfAborted();
      if (vi < vars.length && vars[vi]!.line < block.line) {
        visible = new Map(visible);
        while (vi < vars.length && vars[vi]!.line < block.line) {
          visible.set(vars[vi]!.name, vars[vi]!);
          vi++;
        }
      }
      resolver.fileVars = visible;
      await planBlock(p, block);
      if (summarize) infos.push(blockInfo(block));
      if (block.blockIndex % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((r) => setImmediate(r));
    }
    checkDependencies(p.nodes, planDiags);
  } catch (err) {
    signal?.throwIfAborted();
    planDiags.push({ severity: 'error', line: 1, column: 1, message: `internal planner error: ${err instanceof Error ? err.message : String(err)}` });
    // The summaries of the block that failed and of those after it.
    for (; block !== null; block = parser.nextBlock()) if (summarize) infos.push(blockInfo(block));
  }
  for (const s of envSecrets) p.secrets.add(s);
  // Sorting once is the same as sorting the syntax diagnostics first (the sort is stable).
  const sorted = [...sortDiagnostics([...parser.diags, ...planDiags, ...p.diags]), ...envDiags, ...p.fileDiags];
  // Messages quote the file's text: copies, so that the plan does not keep the text alive (own.ts).
  const diagnostics = sorted.map((d) => ({ ...d, message: own(d.message) }));
  return {
    file: options.filePath,
    settings,
    requests: p.requests,
    blocks: infos,
    diagnostics,
    secrets: Array.from(p.secrets, own),
    // Only a plan with lazy groups has the field: every other plan keeps its shape.
    ...(p.lazy.length > 0 ? { lazy: p.lazy } : {}),
  };
}
