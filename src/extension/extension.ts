// Composition root of the VS Code extension. Every registration goes into context.subscriptions.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Registrations are added by the extension issue.
}

export function deactivate(): void {}
