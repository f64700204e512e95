// The `when`-clause context keys the package.json menus use.
import * as vscode from 'vscode';
import type { RunStore } from './model/runStore';

export function updateContextKeys(store: RunStore, running: boolean): void {
  const latest = store.latestFinished();
  void vscode.commands.executeCommand('setContext', 'batchHttp.running', running);
  void vscode.commands.executeCommand('setContext', 'batchHttp.hasRuns', store.runs.length > 0);
  void vscode.commands.executeCommand('setContext', 'batchHttp.hasFailed', latest !== undefined && latest.unsuccessfulIndices().length > 0);
}
