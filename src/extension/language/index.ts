// The language features of .batch.http files: completion, hovers, go to definition and the
// environment warning, over one `LanguageScopes` (parsed file, environment index, selected
// environment). Every registration is a Disposable for context.subscriptions.
import * as vscode from 'vscode';
import { isBatchDocument, LANGUAGE_ID } from '../parseCache';
import type { Services } from '../services';
import { EnvironmentWarnings } from './envWarnings';
import { BatchCompletionProvider, BatchDefinitionProvider, BatchHoverProvider, COMPLETION_TRIGGERS, LanguageScopes } from './providers';

export function registerLanguageFeatures(s: Pick<Services, 'parses' | 'session' | 'environments'>): vscode.Disposable[] {
  const scopes = new LanguageScopes(s.parses, s.environments, s.session);
  const selector = { language: LANGUAGE_ID };
  return [
    vscode.languages.registerCompletionItemProvider(selector, new BatchCompletionProvider(scopes), ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(selector, new BatchHoverProvider(scopes)),
    vscode.languages.registerDefinitionProvider(selector, new BatchDefinitionProvider(scopes)),
    new EnvironmentWarnings(scopes, isBatchDocument, s.session, s.environments),
  ];
}
