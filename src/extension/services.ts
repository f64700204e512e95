// The extension's one context object: every part built once by `createServices` and handed
// around whole (a part takes a `Pick<Services, ...>` of what it uses). Each part that holds
// resources is a Disposable pushed to the extension context.
import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import { AssertionDecorations } from './assertionDecorations';
import { BatchCodeLensProvider } from './codeLens';
import { userSettings } from './config';
import type { CoreApi } from './core';
import { DiagnosticsController } from './diagnostics';
import { EnvironmentStatusBar } from './envStatusBar';
import { EnvironmentIndexes } from './language/environments';
import { channelLogger } from './log';
import { RunStore } from './model/runStore';
import { isRunnableDocument, ParseCache } from './parseCache';
import type { ReportView } from './report';
import { wireReportView } from './reportWiring';
import { ResponseDocuments } from './responseDocument';
import { ResultsTreeProvider, type ResultNode } from './resultsTree';
import { RunController } from './runController';
import { followRunLog } from './runLog';
import { Session } from './session';
import { BatchStatusBar } from './statusBar';

export interface Services {
  context: vscode.ExtensionContext;
  core: CoreApi;
  channel: vscode.LogOutputChannel;
  logger: Logger;
  /** The run model: the views subscribe to its `onDidChange`. */
  store: RunStore;
  parses: ParseCache;
  session: Session;
  diagnostics: DiagnosticsController;
  tree: ResultsTreeProvider;
  treeView: vscode.TreeView<ResultNode>;
  statusBar: BatchStatusBar;
  /** The environment files each document sees, indexed (completion, hovers, the warning, the environment item). */
  environments: EnvironmentIndexes;
  /** The selected environment's status bar item. */
  environmentStatusBar: EnvironmentStatusBar;
  lenses: BatchCodeLensProvider;
  responses: ResponseDocuments;
  report: ReportView;
  runs: RunController;
  /** After a run, each `??` line's result at the end of the line. */
  assertionMarks: AssertionDecorations;
}

export function createServices(context: vscode.ExtensionContext, core: CoreApi): Services {
  const add = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const channel = add(vscode.window.createOutputChannel('Batch HTTP', { log: true }));
  const store = add(new RunStore(userSettings().keepRuns, (err) => channel.error(`A view failed to update: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)));
  const parses = new ParseCache(core);
  const session = add(new Session(context.workspaceState));
  const tree = add(new ResultsTreeProvider(store));
  const treeView = add(vscode.window.createTreeView<ResultNode>('batchHttp.results', { treeDataProvider: tree, showCollapseAll: true }));
  const base = { context, core, channel, logger: channelLogger(channel), store, parses, session, tree, treeView };
  const diagnostics = add(new DiagnosticsController(parses));
  const runs = add(new RunController({ ...base, diagnostics }));
  const environments = add(new EnvironmentIndexes());
  // The trace log's Info/Debug lines of each run follow the store like the views.
  add(followRunLog(store, base.logger));
  return {
    ...base,
    diagnostics,
    runs,
    statusBar: add(new BatchStatusBar(store)),
    environments,
    environmentStatusBar: add(new EnvironmentStatusBar(session, environments, isRunnableDocument)),
    lenses: add(new BatchCodeLensProvider(parses, session, store)),
    responses: add(new ResponseDocuments(store)),
    report: wireReportView(base),
    assertionMarks: add(new AssertionDecorations(store)),
  };
}
