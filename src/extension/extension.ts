// Composition root of the VS Code extension: builds the parts and registers each one as a
// Disposable in context.subscriptions. Logic lives in the modules it wires together.
import * as vscode from 'vscode';
import { AssertionDecorations } from './assertionDecorations';
import { BatchCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { userSettings } from './config';
import { updateContextKeys } from './contextKeys';
import type { CoreApi } from './core';
import { core as boundCore } from './coreBinding';
import { DiagnosticsController } from './diagnostics';
import { channelLogger } from './log';
import type { RunRecord } from './model/runModel';
import { RunStore } from './model/runStore';
import { BlockOutline } from './outline';
import { LANGUAGE_ID, ParseCache } from './parseCache';
import { wireReportView, type RunObserver } from './reportWiring';
import { RESPONSE_SCHEME, ResponseDocuments } from './responseDocument';
import { ResultsTreeProvider, type ResultNode } from './resultsTree';
import { RunController } from './runController';
import { Session } from './session';
import { BatchStatusBar } from './statusBar';

/** What activate() returns: a read-only view for the extension-host tests. */
export interface BatchHttpApi {
  runs(): readonly RunRecord[];
  /** Resolves when no run is going. */
  idle(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext, core: CoreApi = boundCore): BatchHttpApi {
  const add = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const channel = add(vscode.window.createOutputChannel('Batch HTTP', { log: true }));
  const store = new RunStore(userSettings().keepRuns);
  const parses = new ParseCache(core);
  const session = add(new Session(context.workspaceState));
  const diagnostics = add(new DiagnosticsController(parses));
  const tree = add(new ResultsTreeProvider(store));
  const treeView = add(vscode.window.createTreeView<ResultNode>('batchHttp.results', { treeDataProvider: tree, showCollapseAll: true }));
  const statusBar = add(new BatchStatusBar());
  const responses = add(new ResponseDocuments(store));
  const reportObserver = wireReportView(context, { core, store, treeView });
  const marks = add(new AssertionDecorations());
  const observer: RunObserver = {
    started: (run, plan) => {
      marks.started(run);
      reportObserver.started(run, plan);
    },
    event: (run, event) => reportObserver.event(run, event),
    finished: (run) => {
      reportObserver.finished(run);
      marks.finished(run);
    },
  };
  const runs = add(new RunController({ core, store, tree, treeView, statusBar, diagnostics, parses, session, channel, logger: channelLogger(channel), observer }));
  const lenses = add(new BatchCodeLensProvider(parses, session, runs));

  add(vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, lenses));
  const outline = new BlockOutline(parses);
  add(vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, outline));
  add(vscode.languages.registerDocumentSymbolProvider({ language: LANGUAGE_ID }, outline, { label: 'Batch HTTP' }));
  add(vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses));
  for (const d of registerCommands({ core, store, runs, tree, responses, statusBar, parses, session, channel })) add(d);
  add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('batchHttp.keepRuns')) return;
      if (store.setKeep(userSettings().keepRuns).length > 0) tree.refreshAll();
    }),
  );
  updateContextKeys(store, false);
  return { runs: () => store.runs, idle: () => runs.idle() };
}

export function deactivate(): void {}
