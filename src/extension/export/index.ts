// The VS Code side of "Batch HTTP: Export for Load Testing…" (command
// `batchHttp.exportForLoadTesting`): the quick pick, the save dialog, the files, the editor.
import { dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import type { FileReader } from '../../core/types';
import { runExportFlow, type ExportUi } from './flow';

export { runExportFlow, ENGINE_ITEMS, type ExportUi, type ExportFlowRequest, type EngineItem, type TextQuestion } from './flow';

export interface ExportForLoadTestingOptions {
  /** The environment runs use (the picked one, else the setting), or null. */
  environment: string | null;
  /** The session's "Set Concurrency" choice, when made. */
  concurrency?: number;
  /** Where the details go (the Batch HTTP output channel). */
  channel?: { info(message: string): void };
}

function workspaceFileReader(): FileReader {
  return {
    async readFile(path) {
      try {
        return await vscode.workspace.fs.readFile(vscode.Uri.file(path));
      } catch (err) {
        if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') throw Object.assign(new Error(`no such file: ${path}`), { code: 'ENOENT' });
        throw err;
      }
    },
    async exists(path) {
      try {
        return (await vscode.workspace.fs.stat(vscode.Uri.file(path))).type === vscode.FileType.File;
      } catch {
        return false;
      }
    },
  };
}

async function batchDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  return vscode.window.activeTextEditor?.document;
}

function workspaceRootOf(document: vscode.TextDocument): string {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return dirname(document.uri.fsPath);
  const rel = relative(folder.uri.fsPath, document.uri.fsPath);
  return rel.startsWith('..') ? dirname(document.uri.fsPath) : folder.uri.fsPath;
}

function editorUi(channel: ExportForLoadTestingOptions['channel']): ExportUi {
  return {
    async pickEngine(items) {
      const picked = await vscode.window.showQuickPick(
        items.map((i) => ({ label: i.label, description: i.description, engine: i.engine })),
        { title: 'Batch HTTP: Export for Load Testing', placeHolder: 'Which load-testing engine?' },
      );
      return picked?.engine;
    },
    askText: (q) => Promise.resolve(vscode.window.showInputBox({ title: q.title, prompt: q.prompt, value: q.value, placeHolder: q.placeHolder, validateInput: q.validate, ignoreFocusOut: true })),
    async pickOutFile(defaultPath, engine) {
      const uri = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(defaultPath),
        title: 'Save the load test',
        filters: engine === 'artillery' ? { 'Artillery scenario': ['yml', 'yaml'] } : { 'k6 script': ['js'] },
      });
      return uri?.fsPath;
    },
    async writeFile(path, content) {
      await vscode.workspace.fs.writeFile(vscode.Uri.file(path), new TextEncoder().encode(content));
    },
    async open(path) {
      await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
    },
    error: (message) => void vscode.window.showErrorMessage(message),
    warn: (message) => void vscode.window.showWarningMessage(message),
    log: (line) => channel?.info(line),
  };
}

/**
 * Exports the .batch.http file at `uri` (or the active editor's) for Artillery or k6. The
 * editor's text is used, unsaved changes included. Returns the main file written, or undefined.
 */
export async function exportForLoadTesting(uri: vscode.Uri | undefined, options: ExportForLoadTestingOptions): Promise<vscode.Uri | undefined> {
  const document = await batchDocument(uri);
  if (!document) {
    void vscode.window.showInformationMessage('Batch HTTP: open a .batch.http file to export it.');
    return undefined;
  }
  if (document.isUntitled || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Batch HTTP: save the file first; the load test is written next to it.');
    return undefined;
  }
  const written = await runExportFlow(editorUi(options.channel), {
    text: document.getText(),
    filePath: document.uri.fsPath,
    workspaceRoot: workspaceRootOf(document),
    environment: options.environment,
    files: workspaceFileReader(),
    // Restricted Mode: the file must not read the process environment.
    processEnv: vscode.workspace.isTrusted ? { ...process.env } : null,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  return written === undefined ? undefined : vscode.Uri.file(written);
}
