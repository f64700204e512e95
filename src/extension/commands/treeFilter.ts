// The Results view's "failed only" filter: the two view-title commands (one shows while the
// filter is off, the other while it is on) and the context key that switches them.
import * as vscode from 'vscode';
import type { ResultsTreeProvider } from '../resultsTree';

export const FAILED_ONLY_CONTEXT = 'batchHttp.failedOnly';

/** Handler of `batchHttp.showFailedOnly` (on: true) and `batchHttp.showAllRequests` (on: false). */
export async function setFailedOnly(tree: ResultsTreeProvider, treeView: Pick<vscode.TreeView<unknown>, 'message'> | undefined, on: boolean): Promise<void> {
  tree.setFailedOnly(on);
  if (treeView) treeView.message = on ? 'Showing failed, skipped and cancelled requests only.' : undefined;
  await vscode.commands.executeCommand('setContext', FAILED_ONLY_CONTEXT, on);
}
