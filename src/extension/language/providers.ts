// Thin editor providers over the editor-free language model (model/completion.ts, hover.ts,
// definition.ts): they turn a document and a position into the model's inputs and its
// answers into editor objects.
import * as vscode from 'vscode';
import { userSettings } from '../config';
import { completions, type CompletionKind } from '../model/completion';
import { definitionsAt } from '../model/definition';
import { hoverAt } from '../model/hover';
import type { Cursor, LineReader } from '../model/langDocument';
import type { VariableScope } from '../model/variables';
import type { ParseCache } from '../parseCache';
import type { Session } from '../session';
import type { EnvironmentIndexes } from './environments';

/** Characters that open completion: `{{`, `@`, a path's `.`, a dynamic `$`, a value after a space or `:`. */
export const COMPLETION_TRIGGERS = ['{', '@', '.', '$', ' ', ':'];

/** The model's view of a document: parsed file, environment index, selected environment. */
export class LanguageScopes {
  constructor(
    private readonly parses: ParseCache,
    private readonly environments: EnvironmentIndexes,
    private readonly session: Session,
  ) {}

  async scope(document: vscode.TextDocument): Promise<VariableScope> {
    const index = await this.environments.get(document);
    return { doc: this.parses.get(document), index, selected: this.session.environment(userSettings(document.uri).environment) };
  }
}

function reader(document: vscode.TextDocument): LineReader {
  return (line) => (line >= 1 && line <= document.lineCount ? document.lineAt(line - 1).text : '');
}

function cursorOf(position: vscode.Position): Cursor {
  return { line: position.line + 1, character: position.character };
}

function kindOf(kind: CompletionKind): vscode.CompletionItemKind {
  switch (kind) {
    case 'directive':
      return vscode.CompletionItemKind.Keyword;
    case 'value':
      return vscode.CompletionItemKind.Value;
    case 'variable':
      return vscode.CompletionItemKind.Variable;
    case 'environment':
      return vscode.CompletionItemKind.Constant;
    case 'dynamic':
      return vscode.CompletionItemKind.Function;
    case 'reference':
      return vscode.CompletionItemKind.Reference;
    case 'header':
      return vscode.CompletionItemKind.Field;
    case 'method':
      return vscode.CompletionItemKind.Method;
  }
}

export class BatchCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly scopes: LanguageScopes) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const specs = completions(await this.scopes.scope(document), cursorOf(position), reader(document));
    return specs.map((s) => {
      const item = new vscode.CompletionItem(s.label, kindOf(s.kind));
      item.insertText = s.insertText;
      item.detail = s.detail;
      if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
      item.range = new vscode.Range(position.line, s.start, position.line, s.end);
      item.filterText = s.insertText;
      item.sortText = `${s.rank}`.padStart(3, '0') + s.label;
      return item;
    });
  }
}

export class BatchHoverProvider implements vscode.HoverProvider {
  constructor(private readonly scopes: LanguageScopes) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const spec = hoverAt(await this.scopes.scope(document), cursorOf(position), reader(document));
    if (!spec) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(spec.markdown), new vscode.Range(position.line, spec.start, position.line, spec.end));
  }
}

export class BatchDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly scopes: LanguageScopes) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
    const specs = definitionsAt(await this.scopes.scope(document), cursorOf(position), reader(document));
    return specs.map((d) => new vscode.Location(d.file === null ? document.uri : vscode.Uri.file(d.file), new vscode.Position(Math.max(0, d.line - 1), Math.max(0, d.column - 1))));
  }
}
