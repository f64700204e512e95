// The command table: every `batchHttp.*` command id and its handler, registered in one loop
// by activate() and checked against package.json by test/extension/manifest.test.ts. No
// runtime `vscode` import here (the test loads this module without the editor): the handlers
// call the actions (commands.ts), which the host builds from the services.
import type * as vscode from 'vscode';
import type { CommandActions } from './commands';
import type { RequestEntry, RunRecord } from './model/runModel';

export type CommandId =
  | 'batchHttp.runBatch'
  | 'batchHttp.runRequestAtCursor'
  | 'batchHttp.runSelected'
  | 'batchHttp.cancel'
  | 'batchHttp.rerunFailed'
  | 'batchHttp.rerunRequest'
  | 'batchHttp.selectEnvironment'
  | 'batchHttp.setConcurrency'
  | 'batchHttp.showTraceLog'
  | 'batchHttp.exportForLoadTesting'
  | 'batchHttp.exportResults'
  | 'batchHttp.showFailedOnly'
  | 'batchHttp.showAllRequests'
  | 'batchHttp.copyAsCurl'
  | 'batchHttp.clearResults'
  | 'batchHttp.goToRequest'
  | 'batchHttp.openResponse'
  | 'batchHttp.openReport';

/** A command's handler: the actions, then the command's own arguments (as VS Code passes them). */
export type CommandHandler = (actions: CommandActions, ...args: never[]) => unknown;

export const COMMANDS: Readonly<Record<CommandId, CommandHandler>> = {
  'batchHttp.runBatch': (a, uri?: vscode.Uri) => a.runBatch(uri),
  'batchHttp.runRequestAtCursor': (a, uri?: vscode.Uri, blockIndex?: number) => a.runRequestAtCursor(uri, blockIndex),
  'batchHttp.runSelected': (a, uri?: vscode.Uri) => a.runSelected(uri),
  'batchHttp.cancel': (a) => a.cancel(),
  'batchHttp.rerunFailed': (a, node?: RunRecord) => a.rerunFailed(node),
  'batchHttp.rerunRequest': (a, entry?: RequestEntry) => a.rerunRequest(entry),
  'batchHttp.selectEnvironment': (a, uri?: vscode.Uri) => a.selectEnvironment(uri),
  'batchHttp.setConcurrency': (a) => a.setConcurrency(),
  'batchHttp.showTraceLog': (a) => a.showTraceLog(),
  'batchHttp.exportForLoadTesting': (a, uri?: vscode.Uri) => a.exportForLoadTesting(uri),
  'batchHttp.exportResults': (a, node?: RunRecord) => a.exportResults(node),
  'batchHttp.showFailedOnly': (a) => a.showFailedOnly(true),
  'batchHttp.showAllRequests': (a) => a.showFailedOnly(false),
  'batchHttp.copyAsCurl': (a, arg?: RequestEntry | vscode.Uri) => a.copyAsCurl(arg),
  'batchHttp.clearResults': (a) => a.clearResults(),
  'batchHttp.goToRequest': (a, entry?: RequestEntry) => a.goToRequest(entry),
  'batchHttp.openResponse': (a, first?: string | RequestEntry, index?: number) => a.openResponse(first, index),
  'batchHttp.openReport': (a, arg?: unknown) => a.openReport(arg),
};

/** Every command id, as the table holds them. */
export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];
