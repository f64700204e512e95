// Plans a document for a run or a cURL copy: the file's location, the environment, the
// trusted-workspace rule for $processEnv / $dotenv, and the settings merge.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createNodeFileReader } from '../core/system';
import type { BatchPlan } from '../core/types';
import { userSettings } from './config';
import type { CoreApi, ParsedDocumentView } from './core';
import { blockingErrors } from './model/blockErrors';
import { applyUserSettings, type UserSettings } from './model/settings';
import type { ParseCache } from './parseCache';
import type { Session } from './session';

export interface FileContext {
  filePath: string;
  workspaceRoot: string;
}

export function fileContext(document: vscode.TextDocument): FileContext {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (document.isUntitled || document.uri.scheme !== 'file') {
    const root = folder?.uri.fsPath ?? process.cwd();
    return { filePath: path.join(root, `${path.basename(document.uri.path) || 'untitled'}.batch.http`), workspaceRoot: root };
  }
  const filePath = document.uri.fsPath;
  const root = folder?.uri.fsPath;
  const inside = root !== undefined && !path.relative(root, filePath).startsWith('..');
  return { filePath, workspaceRoot: inside ? root : path.dirname(filePath) };
}

export type PlanOutcome =
  | { ok: true; plan: BatchPlan; parsed: ParsedDocumentView; settings: UserSettings; environment: string | null }
  | { ok: false; reason: 'unknown-environment'; environment: string }
  | { ok: false; reason: 'errors'; plan: BatchPlan };

/**
 * Plans the document for a run of the `chosen` blocks (undefined: the whole file): only the
 * errors that concern those blocks refuse the run (model/blockErrors.ts).
 */
export async function planDocument(core: CoreApi, parses: ParseCache, session: Session, document: vscode.TextDocument, chosen?: readonly number[]): Promise<PlanOutcome> {
  const ctx = fileContext(document);
  const settings = userSettings(document.uri);
  const environment = session.environment(settings.environment);
  const parsed = parses.get(document);
  let plan: BatchPlan;
  try {
    plan = await core.buildPlan(document.getText(), {
      filePath: ctx.filePath,
      workspaceRoot: ctx.workspaceRoot,
      environment,
      files: createNodeFileReader(),
      // Restricted Mode: the file must not read the process environment or .env files.
      processEnv: vscode.workspace.isTrusted ? { ...process.env } : null,
    });
  } catch (err) {
    if (environment !== null && core.isUnknownEnvironment(err)) return { ok: false, reason: 'unknown-environment', environment };
    throw err;
  }
  if (blockingErrors(plan.diagnostics, parsed.blocks, chosen).length > 0) return { ok: false, reason: 'errors', plan };
  const written = { batch: parsed.batchSettings, blocks: parsed.blocks.map((b) => b.settings) };
  return { ok: true, plan: applyUserSettings(plan, written, settings, session.explicit()), parsed, settings, environment };
}

/** HTTP(S)_PROXY / NO_PROXY for the runner: the process's, else VS Code's `http.proxy` setting. */
export function proxyEnvironment(): Record<string, string | undefined> {
  const keys = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
  const env: Record<string, string | undefined> = {};
  for (const k of keys) if (process.env[k]) env[k] = process.env[k];
  const configured = vscode.workspace.getConfiguration('http').get<string>('proxy');
  if (configured && !env.HTTP_PROXY && !env.http_proxy && !env.HTTPS_PROXY && !env.https_proxy) {
    env.HTTP_PROXY = configured;
    env.HTTPS_PROXY = configured;
  }
  return env;
}
