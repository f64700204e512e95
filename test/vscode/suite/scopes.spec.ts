/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openBatchFile, startServer, type TestServer } from './helpers';

suite('Batch HTTP: run scopes and settings', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServer();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('batchHttp').update('keepRuns', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('batchHttp').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  const file = (): string => `### one\nGET ${server.url}/one\n\n### many\n# @repeat 3\nGET ${server.url}/many/{{$index}}\n\n### three\nGET ${server.url}/three\n`;

  test('Run (CodeLens) runs one block, every copy of it', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('scope-lens.batch.http', file());
    await vscode.commands.executeCommand('batchHttp.runRequestAtCursor', editor.document.uri, 1);
    assert.deepEqual(api.runs()[0]?.entriesInOrder().map((e) => [e.label, e.state]), [
      ['many', 'succeeded'],
      ['many', 'succeeded'],
      ['many', 'succeeded'],
    ]);
  });

  test('Run Request at Cursor uses the cursor line', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('scope-cursor.batch.http', file());
    editor.selection = new vscode.Selection(8, 0, 8, 0); // the "three" request line
    await vscode.commands.executeCommand('batchHttp.runRequestAtCursor');
    assert.deepEqual(api.runs()[0]?.entriesInOrder().map((e) => e.label), ['three']);
  });

  test('Run Selected Requests runs the blocks the selection touches', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('scope-selection.batch.http', file());
    editor.selections = [new vscode.Selection(1, 0, 1, 3), new vscode.Selection(8, 0, 8, 2)];
    await vscode.commands.executeCommand('batchHttp.runSelected');
    assert.deepEqual(api.runs()[0]?.entriesInOrder().map((e) => e.label), ['one', 'three']);
  });

  test('keepRuns limits the kept runs; Clear Results removes finished ones', async () => {
    const api = await extensionApi();
    await vscode.workspace.getConfiguration('batchHttp').update('keepRuns', 2, vscode.ConfigurationTarget.Global);
    const editor = await openBatchFile('keep.batch.http', `GET ${server.url}/k\n`);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    assert.equal(api.runs().length, 2);
    await vscode.commands.executeCommand('batchHttp.clearResults');
    assert.equal(api.runs().length, 0);
  });

  test('the CodeLens setting turns the lenses off', async () => {
    const editor = await openBatchFile('nolens.batch.http', `GET ${server.url}/x\n`);
    await extensionApi();
    await vscode.workspace.getConfiguration('batchHttp').update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.equal(lenses.length, 0);
  });
});
