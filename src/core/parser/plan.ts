// buildPlan: from the file's text to the expanded batch (environments, variables, bodies,
// @repeat/@foreach copies, dependency checks). Never throws for any file text.
import type { BatchPlan, Diagnostic, RequestBlockInfo } from '../types';
import { planBlock } from './copies';
import { sortDiagnostics, parseDocument } from './document';
import { loadDotenv, loadEnvFiles, selectEnvironment, type EnvFiles } from './env';
import { checkDependencies } from './graph';
import type { FileVariable, ParsedBlock } from './model';
import type { PlanOptions } from './options';
import { Planner } from './planner';
import { Resolver } from './resolver';
import { effectiveBatchSettings } from './settings';

export { MAX_REQUESTS, type PlanOptions } from './options';

/** Blocks planned between two yields to the event loop (keeps an editor responsive). */
const YIELD_EVERY = 2000;

/** The editor-facing summary of a block (no templates: keeps the plan small). */
function blockInfo(b: ParsedBlock): RequestBlockInfo {
  return { blockIndex: b.blockIndex, name: b.name, title: b.title, method: b.method, target: b.target, line: b.line, column: b.column, startLine: b.startLine, endLine: b.endLine };
}

/** The summaries of every block: those planned, then (after an internal error) the rest. */
function summaries(blocks: readonly (ParsedBlock | null)[], infos: RequestBlockInfo[], planned: number): RequestBlockInfo[] {
  for (let i = planned; i < blocks.length; i++) {
    const b = blocks[i];
    if (b) infos[i] = blockInfo(b);
  }
  return infos;
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
 * Plans a .batch.http file: reads environment files, `.env`, `@foreach` data and body
 * files through `options.files`, resolves variables and expands copies. Never throws for
 * any file text; throws `UnknownEnvironmentError` when `options.environment` names an
 * environment that no environment file defines.
 */
export async function buildPlan(source: string, options: PlanOptions): Promise<BatchPlan> {
  const text = typeof source === 'string' ? source : String(source ?? '');
  const doc = parseDocument(text);
  const envDiags: Diagnostic[] = [];
  let envFiles: EnvFiles = { public: null, private: null };
  try {
    envFiles = await loadEnvFiles(options.filePath, options.workspaceRoot, options.files, envDiags);
  } catch (err) {
    envDiags.push({ severity: 'error', line: 1, column: 1, message: `cannot read the environment files: ${(err as Error).message}` });
  }
  const env = selectEnvironment(envFiles, options.environment); // throws UnknownEnvironmentError
  const settings = effectiveBatchSettings(doc.batchSettings, options.overrides);
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
  const resolver = new Resolver(
    { run: options.vars ?? {}, env: env.values },
    { now: () => (clock ? clock.date() : new Date()), random: options.random ?? null, processEnv: options.processEnv, dotenv, index: 0 },
    planDiags,
  );
  const p = new Planner(options, resolver, settings);
  // Each parsed block is dropped once planned (only its summary stays): a large file's
  // templates then do not all stay alive next to the requests planned from them.
  const blocks = doc.blocks;
  const infos: RequestBlockInfo[] = new Array<RequestBlockInfo>(blocks.length);
  let planned = 0;
  for (const s of env.secrets) p.secrets.add(s);
  for (const v of Object.values(dotenv)) if (v !== '') p.secrets.add(v);
  try {
    let vi = 0;
    const vars = doc.variables;
    let visible = new Map<string, FileVariable>();
    for (; planned < blocks.length; planned++) {
      const block = blocks[planned]!;
      if (vi < vars.length && vars[vi]!.line < block.line) {
        visible = new Map(visible);
        while (vi < vars.length && vars[vi]!.line < block.line) {
          visible.set(vars[vi]!.name, vars[vi]!);
          vi++;
        }
      }
      resolver.fileVars = visible;
      await planBlock(p, block);
      infos[planned] = blockInfo(block);
      (blocks as (ParsedBlock | null)[])[planned] = null;
      if (block.blockIndex % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((r) => setImmediate(r));
    }
    checkDependencies(p.nodes, planDiags);
  } catch (err) {
    planDiags.push({ severity: 'error', line: 1, column: 1, message: `internal planner error: ${err instanceof Error ? err.message : String(err)}` });
  }
  return {
    file: options.filePath,
    settings,
    requests: p.requests,
    blocks: summaries(blocks, infos, planned),
    diagnostics: [...sortDiagnostics([...doc.diagnostics, ...planDiags, ...p.diags]), ...envDiags, ...p.fileDiags],
    secrets: [...p.secrets],
  };
}
