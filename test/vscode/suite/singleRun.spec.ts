/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openBatchFile, startServer, waitFor, type TestServer } from './helpers';

suite('Batch HTTP: running one request', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServer();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('batchHttp').update('showResponse', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  const file = (): string => `### one\nGET ${server.url}/one\n\n### two\nGET ${server.url}/two\n`;
  const responseEditors = (): vscode.TextEditor[] => vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'batch-http-response');

  test('Run opens the response beside the editor; running it again replaces the run', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('single-response.batch.http', file());
    await vscode.commands.executeCommand('batchHttp.runRequestAtCursor', editor.document.uri, 0);
    const shown = await waitFor(() => responseEditors()[0], 10_000, 'the response editor');
    assert.notEqual(shown.viewColumn, editor.viewColumn, 'beside the editor');
    assert.match(shown.document.getText(), /^HTTP\/1\.1 200/m);
    const before = api.runs().filter((r) => r.file === editor.document.uri.fsPath).length;
    await vscode.commands.executeCommand('batchHttp.runRequestAtCursor', editor.document.uri, 1);
    assert.equal(api.runs().filter((r) => r.file === editor.document.uri.fsPath).length, before, 'the single-request run replaced the previous one');
  });

  test('batchHttp.showResponse off: nothing opens', async () => {
    await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('batchHttp').update('showResponse', false, vscode.ConfigurationTarget.Global);
    const editor = await openBatchFile('single-noresponse.batch.http', file());
    await vscode.commands.executeCommand('batchHttp.runRequestAtCursor', editor.document.uri, 0);
    assert.equal(responseEditors().length, 0);
  });
});
