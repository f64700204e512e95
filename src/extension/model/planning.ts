// The editor's planning path, without the editor: the cached parse of the document goes to
// the core's `planDocument` (no second parse), with the `batchHttp.*` settings as the
// planner's defaults and Set Concurrency as an override. The host (../planning.ts) supplies
// the file's location, the workspace trust and the settings.
import type { BatchPlan, FileReader } from '../../core/types';
import type { CoreApi, ParsedDocumentView } from '../core';
import { blockingErrors } from './blockErrors';
import { planLayers, type ExplicitChoice, type UserSettings } from './settings';

export interface EditorPlanInput {
  /** The document's text, of the version `parsed` was made from. */
  text: string;
  parsed: ParsedDocumentView;
  filePath: string;
  workspaceRoot: string;
  environment: string | null;
  settings: UserSettings;
  explicit: ExplicitChoice;
  files: FileReader;
  /** null in an untrusted workspace: `$processEnv` and `$dotenv` are not read. */
  processEnv: Record<string, string | undefined> | null;
  /** The blocks a run is for (undefined: the whole file): only errors that concern them refuse it. */
  chosen?: readonly number[];
}

export type PlanOutcome =
  | { ok: true; plan: BatchPlan; parsed: ParsedDocumentView; settings: UserSettings; environment: string | null }
  | { ok: false; reason: 'unknown-environment'; environment: string }
  | { ok: false; reason: 'errors'; plan: BatchPlan };

export async function planParsed(core: Pick<CoreApi, 'planDocument' | 'isUnknownEnvironment'>, input: EditorPlanInput): Promise<PlanOutcome> {
  const { parsed, settings, environment } = input;
  let plan: BatchPlan;
  try {
    plan = await core.planDocument(input.text, parsed, {
      filePath: input.filePath,
      workspaceRoot: input.workspaceRoot,
      environment,
      files: input.files,
      processEnv: input.processEnv,
      ...planLayers(settings, input.explicit),
    });
  } catch (err) {
    if (environment !== null && core.isUnknownEnvironment(err)) return { ok: false, reason: 'unknown-environment', environment };
    throw err;
  }
  if (blockingErrors(plan.diagnostics, parsed.blocks, input.chosen).length > 0) return { ok: false, reason: 'errors', plan };
  return { ok: true, plan, parsed, settings, environment };
}
