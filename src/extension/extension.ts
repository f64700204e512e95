// Composition root of the VS Code extension: builds the parts and registers each one as a
// Disposable in context.subscriptions. Logic lives in the modules it wires together.
import * as vscode from 'vscode';
import { BatchCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { userSettings } from './config';
import { updateContextKeys } from './contextKeys';
import type { CoreApi } from './core';
import { core as boundCore } from './coreBinding';
import { DiagnosticsController } from './diagnostics';
import { EnvironmentStatusBar } from './envStatusBar';
import { EnvironmentIndexes } from './language/environments';
import { EnvironmentWarnings } from './language/envWarnings';
import { BatchCompletionProvider, BatchDefinitionProvider, BatchHoverProvider, COMPLETION_TRIGGERS, LanguageScopes } from './language/providers';
import { channelLogger } from './log';
import type { RunRecord } from './model/runModel';
import { RunStore } from './model/runStore';
import { BlockOutline } from './outline';
import { isBatchDocument, isRunnableDocument, LANGUAGE_ID, ParseCache, RUNNABLE_SELECTOR } from './parseCache';
import { wireReportView } from './reportWiring';
import { RESPONSE_SCHEME, ResponseDocuments } from './responseDocument';
import { ResultsTreeProvider, type ResultNode } from './resultsTree';
import { RunController } from './runController';
import { combineObservers, runLogObserver } from './runLog';
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
  const logger = channelLogger(channel);
  const observer = combineObservers(wireReportView(context, { core, store, treeView }), runLogObserver(logger));
  const runs = add(new RunController({ core, store, tree, treeView, statusBar, diagnostics, parses, session, channel, logger, observer }));
  const lenses = add(new BatchCodeLensProvider(parses, session, runs));
  const environments = add(new EnvironmentIndexes());
  const scopes = new LanguageScopes(parses, environments, session);

  add(vscode.languages.registerCodeLensProvider(RUNNABLE_SELECTOR, lenses));
  add(vscode.languages.registerCompletionItemProvider({ language: LANGUAGE_ID }, new BatchCompletionProvider(scopes), ...COMPLETION_TRIGGERS));
  add(vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, new BatchHoverProvider(scopes)));
  add(vscode.languages.registerDefinitionProvider({ language: LANGUAGE_ID }, new BatchDefinitionProvider(scopes)));
  add(new EnvironmentWarnings(scopes, isBatchDocument, session, environments));
  add(new EnvironmentStatusBar(session, environments, isRunnableDocument));
  const outline = new BlockOutline(parses);
  add(vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, outline));
  add(vscode.languages.registerDocumentSymbolProvider({ language: LANGUAGE_ID }, outline, { label: 'Batch HTTP' }));
  add(vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses));
  for (const d of registerCommands({ core, store, runs, tree, treeView, responses, statusBar, parses, session, channel })) add(d);
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
