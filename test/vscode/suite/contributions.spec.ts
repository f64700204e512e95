/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openBatchFile, waitFor } from './helpers';

const COMMANDS = [
  'batchHttp.runBatch', 'batchHttp.runRequestAtCursor', 'batchHttp.runSelected', 'batchHttp.cancel', 'batchHttp.rerunFailed',
  'batchHttp.selectEnvironment', 'batchHttp.setConcurrency', 'batchHttp.showTraceLog', 'batchHttp.exportResults',
  'batchHttp.copyAsCurl', 'batchHttp.clearResults', 'batchHttp.rerunRequest', 'batchHttp.goToRequest', 'batchHttp.openResponse', 'batchHttp.openReport',
  'batchHttp.exportForLoadTesting',
];

suite('Batch HTTP: contributions', () => {
  test('a .batch.http file gets the batch-http language and activates the extension', async () => {
    const editor = await openBatchFile('lang.batch.http', 'GET http://127.0.0.1:1/\n');
    assert.equal(editor.document.languageId, 'batch-http');
    await extensionApi();
    assert.equal(vscode.extensions.getExtension('batch-http.batch-http')?.isActive, true);
  });

  test('every command is registered', async () => {
    await extensionApi();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of COMMANDS) assert.ok(all.has(id), `${id} is registered`);
  });

  test('CodeLenses come from the parsed file and follow edits', async () => {
    const editor = await openBatchFile('lens.batch.http', '# @concurrency 3\n### one\nGET http://127.0.0.1:1/a\n\n### two\nGET http://127.0.0.1:1/b\n');
    await extensionApi();
    const titles = async (): Promise<string[]> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return lenses.map((l) => l.command?.title ?? '');
    };
    assert.deepEqual(await titles(), ['Run batch (2 requests, concurrency 3)', 'Run', 'Run']);
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '\n### three\nGET http://127.0.0.1:1/c\n'));
    assert.deepEqual(await titles(), ['Run batch (3 requests, concurrency 3)', 'Run', 'Run', 'Run']);
  });

  test('parser errors show in the Problems panel while typing', async () => {
    const editor = await openBatchFile('diag.batch.http', 'GET http://127.0.0.1:1/{{host\n');
    await extensionApi();
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(editor.document.uri);
      return d.length > 0 && d;
    }, 5_000, 'diagnostics');
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0]?.source, 'Batch HTTP');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, 1, 0), 'GET http://127.0.0.1:1/ok\n'));
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).length === 0, 5_000, 'diagnostics to clear');
  });
});

suite('Batch HTTP: outline', () => {
  test('each request block is a symbol and a folding range', async () => {
    const editor = await openBatchFile('outline.batch.http', '### one\nGET http://127.0.0.1:1/a\n\n### two\n# @name second\nPOST http://127.0.0.1:1/b\n\n{"x": 1}\n');
    await extensionApi();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['one', 'two']);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
    assert.ok(folds.some((f) => f.start === 3 && f.end >= 6), `folds: ${JSON.stringify(folds)}`);
  });
});
