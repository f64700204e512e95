// Composition root of the VS Code extension: builds the parts (services.ts), registers the
// providers, the language features and the command table, each registration a Disposable in
// context.subscriptions. Logic lives in the modules it wires together.
import * as vscode from 'vscode';
import { COMMAND_IDS, COMMANDS } from './commandTable';
import { CommandActions } from './commands';
import { userSettings } from './config';
import { updateContextKeys } from './contextKeys';
import type { CoreApi } from './core';
import { core as boundCore } from './coreBinding';
import { registerLanguageFeatures } from './language';
import type { RunRecord } from './model/runModel';
import { BlockOutline } from './outline';
import { LANGUAGE_ID, RUNNABLE_SELECTOR } from './parseCache';
import { RESPONSE_SCHEME } from './responseDocument';
import { createServices, type Services } from './services';

/** What activate() returns: a read-only view for the extension-host tests. */
export interface BatchHttpApi {
  runs(): readonly RunRecord[];
  /** Resolves when no run is going. */
  idle(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext, core: CoreApi = boundCore): BatchHttpApi {
  const s = createServices(context, core);
  const outline = new BlockOutline(s.parses);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(RUNNABLE_SELECTOR, s.lenses),
    vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, outline),
    vscode.languages.registerDocumentSymbolProvider({ language: LANGUAGE_ID }, outline, { label: 'Batch HTTP' }),
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, s.responses),
    ...registerLanguageFeatures(s),
    ...registerCommandTable(s),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('batchHttp.keepRuns')) s.store.setKeep(userSettings().keepRuns);
    }),
    contextKeysFollowRuns(s),
  );
  return { runs: () => s.store.runs, idle: () => s.runs.idle() };
}

function registerCommandTable(s: Services): vscode.Disposable[] {
  const actions = new CommandActions(s);
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => COMMANDS[id](actions, ...(args as never[]))));
}

/** The `when`-clause keys follow the run list and the run starts and ends. */
function contextKeysFollowRuns(s: Services): vscode.Disposable {
  updateContextKeys(s.store, false);
  const subscription = s.store.onDidChange((change) => {
    if (change.kind !== 'event' && change.kind !== 'preparing') updateContextKeys(s.store, s.runs.running);
  });
  return new vscode.Disposable(() => subscription.dispose());
}

export function deactivate(): void {}
