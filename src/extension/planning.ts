// Plans a document for a run or a cURL copy: the file's location, the environment, the
// trusted-workspace rule for $processEnv / $dotenv, and the settings merge.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createNodeFileReader } from '../core/system';
import { userSettings } from './config';
import type { CoreApi } from './core';
import { planParsed, type PlanOutcome } from './model/planning';
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

export type { PlanOutcome } from './model/planning';

/** Plans a document for a run or a cURL copy from its cached parse (model/planning.ts). */
export async function planEditorDocument(core: CoreApi, parses: ParseCache, session: Session, document: vscode.TextDocument, chosen?: readonly number[]): Promise<PlanOutcome> {
  const settings = userSettings(document.uri);
  return planParsed(core, {
    ...fileContext(document),
    text: document.getText(),
    parsed: parses.get(document),
    environment: session.environment(settings.environment),
    settings,
    explicit: session.explicit(),
    files: createNodeFileReader(),
    // Restricted Mode: the file must not read the process environment or .env files.
    processEnv: vscode.workspace.isTrusted ? { ...process.env } : null,
    chosen,
  });
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
