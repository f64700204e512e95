// buildPlan: from the file's text to the expanded batch (environments, variables, bodies,
// @repeat/@foreach copies, dependency checks). Never throws for any file text.
import type { BatchPlan, Diagnostic, RequestBlockInfo } from '../types';
import { planBlock } from './block';
import { DocumentParser, sortDiagnostics } from './document';
import { loadDotenv, loadEnvFiles, selectEnvironment, type EnvFiles, type SelectedEnvironment } from './env';
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
  options.signal?.throwIfAborted();
  // Reads the file header first: every batch directive is known before the first block.
  const first = parser.nextBlock();
  const { env, dotenv, diags: envDiags } = await loadEnvironment(text, options); // throws UnknownEnvironmentError
  const settings = effectiveBatchSettings(parser.batchSettings, options.overrides, options.defaults);
  const planDiags: Diagnostic[] = [];
  const envSecrets = new Set<string>();
  const resolver = planResolver(options, env, dotenv, planDiags, envSecrets);
  const p = new Planner(options, resolver, settings);
  for (const s of env.secrets) p.secrets.add(s);
  for (const v of Object.values(dotenv)) if (v !== '') p.secrets.add(v);
  const infos = await planEveryBlock(first, parser, p, planDiags, options);
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

/** The selected environment and the `.env` values of `{{$dotenv}}`, with the diagnostics of reading them. */
async function loadEnvironment(text: string, options: PlanOptions): Promise<{ env: SelectedEnvironment; dotenv: Record<string, string>; diags: Diagnostic[] }> {
  const diags: Diagnostic[] = [];
  let envFiles: EnvFiles = { public: null, private: null };
  try {
    envFiles = await loadEnvFiles(options.filePath, options.workspaceRoot, options.files, diags);
  } catch (err) {
    diags.push({ severity: 'error', line: 1, column: 1, message: `cannot read the environment files: ${(err as Error).message}` });
  }
  // `.env` files as variables (section 13, item 9); like `$dotenv`, not read in an untrusted workspace.
  let dotenvLayers = NO_DOTENV_LAYERS;
  if (options.processEnv !== null) {
    try {
      dotenvLayers = await loadDotenvLayers(options.filePath, options.workspaceRoot, options.files, options.environment, diags);
    } catch {
      dotenvLayers = NO_DOTENV_LAYERS;
    }
  }
  const env = selectEnvironment(envFiles, options.environment, dotenvLayers); // throws UnknownEnvironmentError
  let dotenv: Record<string, string> = {};
  if (options.processEnv !== null && usesDotenv(text, env.values)) {
    try {
      dotenv = await loadDotenv(options.filePath, options.workspaceRoot, options.files, diags);
    } catch {
      dotenv = {};
    }
  }
  return { env, dotenv, diags };
}

/** The resolver of one plan: run and environment variables, dynamic variables with the plan's clock and random source. */
function planResolver(options: PlanOptions, env: SelectedEnvironment, dotenv: Record<string, string>, planDiags: Diagnostic[], envSecrets: Set<string>): Resolver {
  const clock = options.clock;
  return new Resolver(
    { run: options.vars ?? {}, env: env.values },
    { now: () => (clock ? clock.date() : new Date()), random: options.random ?? null, processEnv: options.processEnv, dotenv, index: 0, secrets: envSecrets },
    planDiags,
  );
}

/**
 * Plans `first` and every block after it, each with the file variables defined above its
 * request line, then checks the dependency graph. Returns the blocks' summaries.
 */
async function planEveryBlock(first: ParsedBlock | null, parser: BlockSource, p: Planner, planDiags: Diagnostic[], options: PlanOptions): Promise<RequestBlockInfo[]> {
  const signal = options.signal;
  const infos: RequestBlockInfo[] = [];
  const summarize = options.blockSummaries !== false;
  let block = first;
  try {
    const visible = new VisibleVariables(parser.variables);
    for (; block !== null; block = parser.nextBlock()) {
      signal?.throwIfAborted();
      p.resolver.fileVars = visible.above(block.line);
      const planning = planBlock(p, block);
      if (planning) await planning;
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
  return infos;
}

/**
 * The file variables visible from a line, for lines taken in increasing order. `vars` grows
 * as the parser reads on: it may already hold variables below the block's request line.
 * A new map is made only when a variable comes into view (plans keep the map they were given).
 */
class VisibleVariables {
  private next = 0;
  private visible = new Map<string, FileVariable>();

  constructor(private readonly vars: readonly FileVariable[]) {}

  above(line: number): Map<string, FileVariable> {
    const vars = this.vars;
    if (this.next < vars.length && vars[this.next]!.line < line) {
      this.visible = new Map(this.visible);
      while (this.next < vars.length && vars[this.next]!.line < line) {
        this.visible.set(vars[this.next]!.name, vars[this.next]!);
        this.next++;
      }
    }
    return this.visible;
  }
}
