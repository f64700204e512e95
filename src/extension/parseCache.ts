// parseDocument once per document version, shared by CodeLens, diagnostics and commands.
import type * as vscode from 'vscode';
import type { CoreApi, ParsedDocumentView } from './core';
import { isRunnableFile } from './model/plainHttp';

export class ParseCache {
  private readonly cache = new Map<string, { version: number; parsed: ParsedDocumentView }>();

  constructor(private readonly core: CoreApi) {}

  get(document: vscode.TextDocument): ParsedDocumentView {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.parsed;
    const parsed = this.core.parseDocument(document.getText());
    this.cache.set(key, { version: document.version, parsed });
    return parsed;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }
}

export const LANGUAGE_ID = 'batch-http';

/** The documents CodeLenses and run commands serve: the language, and plain .http / .rest files. */
export const RUNNABLE_SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }, { pattern: '**/*.{http,rest}' }];

export function isBatchDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

/** A document the run commands take: a .batch.http file, or a plain .http / .rest file. */
export function isRunnableDocument(document: vscode.TextDocument): boolean {
  return isRunnableFile(document.fileName, document.languageId);
}
