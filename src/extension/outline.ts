// Folding ranges and outline symbols from the parsed blocks (one per request block).
import * as vscode from 'vscode';
import { requestLabel } from './model/format';
import type { ParseCache } from './parseCache';

export class BlockOutline implements vscode.FoldingRangeProvider, vscode.DocumentSymbolProvider {
  constructor(private readonly parses: ParseCache) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return this.parses
      .get(document)
      .blocks.filter((b) => b.endLine > b.startLine)
      .map((b) => new vscode.FoldingRange(b.startLine - 1, Math.min(b.endLine, document.lineCount) - 1, vscode.FoldingRangeKind.Region));
  }

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return this.parses.get(document).blocks.map((b) => {
      const last = Math.min(b.endLine, document.lineCount) - 1;
      const range = new vscode.Range(b.startLine - 1, 0, last, document.lineAt(last).text.length);
      const line = document.lineAt(Math.min(b.line, document.lineCount) - 1);
      const selection = new vscode.Range(line.lineNumber, 0, line.lineNumber, line.text.length);
      const name = requestLabel({ title: b.title, name: b.name, method: b.method, url: b.target });
      return new vscode.DocumentSymbol(name, `${b.method} ${b.target}`, vscode.SymbolKind.Method, range.union(selection), selection);
    });
  }
}
